import { type ChatPostMessageArguments, type Logger, LogLevel, WebClient } from '@slack/web-api';
import type { ChatAddress } from '../../domain/chat.js';
import type { OutgoingMessage, SentMessage } from '../../domain/delivery.js';
import type { MessageSender } from '../../domain/ports.js';
import { translateSlackError } from './slack-errors.js';

export type SlackSenderOptions = {
  token: string;
  /** https://slack.com/api/, or a fake; a missing trailing '/' is added. */
  apiUrl: string;
  timeoutMs: number;
  /** A WHATWG fetch for the Web API calls instead of the global one: the outbound proxy's. */
  fetch?: typeof globalThis.fetch;
};

type Blocks = Extract<ChatPostMessageArguments, { blocks: unknown }>['blocks'];

const ignore = () => undefined;
/**
 * Failures reach the pump's structured log once, translated, with Slack's response_metadata messages in
 * their details; the client's own console lines would only double them outside pino.
 */
const silentLogger: Logger = {
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
  setLevel: ignore,
  getLevel: () => LogLevel.ERROR,
  setName: ignore,
};

/**
 * A WebClient that never retries by itself: its default policy resends after a lost response (10 retries
 * over about 30 minutes) and so posts duplicates, and on 429 it sleeps with the whole request queue paused
 * (platform-facts §2.5, §6). Retrying is the caller's decision.
 */
export function singleTryClient(options: SlackSenderOptions): WebClient {
  // The request URL is `${slackApiUrl}${method}` (WebClient.js deriveRequestUrl).
  const slackApiUrl = options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`;
  return new WebClient(options.token, {
    slackApiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // The default is 0, meaning no timeout at all.
    timeout: options.timeoutMs,
    logger: silentLogger,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}

/** Posts one digest part with a single-try client: retrying is the outbox's decision. */
export function createSlackSender(options: SlackSenderOptions): MessageSender {
  const client = singleTryClient(options);
  return {
    platform: 'slack',
    async send(address: ChatAddress, message: OutgoingMessage): Promise<SentMessage> {
      if (address.platform !== 'slack' || message.platform !== 'slack')
        throw new Error(`Slack sender got a ${message.platform} message for ${address.platform}`);
      try {
        // Spec: https://docs.slack.dev/reference/methods/chat.postMessage
        const result = await client.chat.postMessage({
          channel: address.chatId,
          text: message.text,
          blocks: message.blocks as Blocks,
          unfurl_links: false,
          unfurl_media: false,
          ...(address.threadId === null ? {} : { thread_ts: address.threadId }),
        });
        // ok:true always carries ts; an empty id still records the part as sent rather than resending it.
        return { remoteId: result.ts ?? '' };
      } catch (error) {
        throw translateSlackError(error);
      }
    },
  };
}
