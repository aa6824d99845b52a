import { App, type SocketModeReceiverOptions } from '@slack/bolt';
import type { FetchFunction, WebClientOptions } from '@slack/web-api';
import type { ChatService } from '../../domain/ports.js';
import { type Clock, systemClock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { createBoltLogger } from './bolt-logger.js';
import { onDigestCommand, onHomeOpened, onShare } from './slack-listeners.js';
import { createSlackReceiver } from './slack-receiver.js';

export type SlackAppOptions = {
  botToken: string;
  /** https://slack.com/api/, or a fake; a missing trailing '/' is added. */
  apiUrl: string;
  mode: 'socket' | 'http';
  appToken: string | null;
  signingSecret: string | null;
  /** The HTTP receiver's port (HTTP mode only); 0 picks a free one. */
  port: number;
  /** The HTTP receiver's interface (HTTP mode only); default 0.0.0.0, every interface. */
  host?: string;
  service: ChatService;
  log: Logger;
  /** For the request timestamp window. */
  clock?: Clock;
  /** Web API calls and response_url posts; default 10 s. */
  timeoutMs?: number;
  /** The outbound proxy's fetch, for Web API calls and response_url posts; absent, the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** The outbound proxy's dispatcher, for the Socket Mode WebSocket. */
  dispatcher?: SocketModeReceiverOptions['dispatcher'];
};

/** respond() posts with the app's fetch and no timeout of its own (@slack/bolt 5.1.0 context/create-respond.js). */
function fetchWithTimeout(timeoutMs: number, fetch: FetchFunction = globalThis.fetch): FetchFunction {
  return (url, init) =>
    fetch(url, init?.signal === undefined ? { ...init, signal: AbortSignal.timeout(timeoutMs) } : init);
}

/**
 * The Bolt app for `/digest`, its share button and the App Home tab. Initialisation is deferred:
 * `await app.init()` (auth.test) before `app.start()`, as startSlackFrontEnd does.
 */
export function createSlackApp(options: SlackAppOptions): App {
  const timeout = options.timeoutMs ?? 10_000;
  const slackApiUrl = options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`;
  const boltLogger = createBoltLogger(options.log);
  // Replies are not retried by the client: a lost response would post twice (platform-facts §2.5).
  const clientOptions: WebClientOptions = {
    slackApiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout,
    fetch: fetchWithTimeout(timeout, options.fetch),
  };
  const receiver = createSlackReceiver({
    mode: options.mode,
    appToken: options.appToken,
    signingSecret: options.signingSecret,
    port: options.port,
    clock: options.clock ?? systemClock,
    log: options.log,
    boltLogger,
    // The Socket Mode client retries apps.connections.open itself (reconnectRetries in slack-receiver.ts).
    clientOptions: { slackApiUrl, timeout, ...(options.fetch === undefined ? {} : { fetch: options.fetch }) },
    ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
  });
  const app = new App({
    token: options.botToken,
    receiver,
    logger: boltLogger,
    clientOptions,
    convoStore: false,
    deferInitialization: true,
  });
  const deps = { service: options.service, log: options.log };
  onDigestCommand(app, deps);
  onShare(app, deps);
  onHomeOpened(app, deps);
  app.error(async (error) => {
    options.log.error({ err: error, code: error.code }, 'slack listener failed');
  });
  return app;
}
