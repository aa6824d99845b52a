import { Api } from 'grammy';
import type { ChatAddress } from '../../domain/chat.js';
import type { OutgoingMessage, SentMessage } from '../../domain/delivery.js';
import type { MessageSender } from '../../domain/ports.js';
import { AppError } from '../../shared/errors.js';
import { clientFetch } from './client-fetch.js';
import { translateTelegramError } from './telegram-errors.js';

export type TelegramSenderOptions = {
  token: string;
  /** https://api.telegram.org, or a local Bot API server / fake; a trailing '/' is removed. */
  apiRoot: string;
  timeoutMs: number;
  /** A WHATWG fetch to send with instead of grammY's node-fetch: the outbound proxy's. */
  fetch?: typeof globalThis.fetch;
};

function threadIdOf(address: ChatAddress): number | undefined {
  if (address.threadId === null) return undefined;
  const id = Number(address.threadId);
  if (!Number.isSafeInteger(id))
    throw new AppError('message_rejected', `not a Telegram topic id: ${address.threadId}`, {
      retryable: false,
      details: { reason: 'invalid message_thread_id' },
    });
  return id;
}

/**
 * Sends one digest part with grammY's bare `Api` client: no Bot, no auto-retry plugin. A resend after an
 * unknown outcome duplicates the message (Telegram has no idempotency key), so retrying is the outbox's
 * decision, never the SDK's (platform-facts §1.5, §6).
 */
export function createTelegramSender(options: TelegramSenderOptions): MessageSender {
  // grammY throws on a trailing '/' (client.js), and builds `${apiRoot}/bot${token}/${method}`.
  const apiRoot = options.apiRoot.replace(/\/+$/, '');
  // grammY aborts the request after timeoutSeconds (fractions work: it waits 1000 * seconds ms).
  const api = new Api(options.token, {
    apiRoot,
    timeoutSeconds: options.timeoutMs / 1000,
    ...clientFetch(options.fetch),
  });
  return {
    platform: 'telegram',
    async send(address: ChatAddress, message: OutgoingMessage): Promise<SentMessage> {
      if (address.platform !== 'telegram' || message.platform !== 'telegram')
        throw new Error(`Telegram sender got a ${message.platform} message for ${address.platform}`);
      const threadId = threadIdOf(address);
      try {
        // Spec: https://core.telegram.org/bots/api#sendmessage
        const sent = await api.sendMessage(address.chatId, message.html, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          ...(threadId === undefined ? {} : { message_thread_id: threadId }),
        });
        return { remoteId: String(sent.message_id) };
      } catch (error) {
        throw translateTelegramError(error);
      }
    },
  };
}
