import type { IncomingMessage } from 'node:http';
import {
  type Logger as BoltLogger,
  HTTPReceiver,
  type Receiver,
  SocketModeReceiver,
  type SocketModeReceiverOptions,
} from '@slack/bolt';
import { WebAPIPlatformError, type WebClientOptions } from '@slack/web-api';
import type { Clock } from '../../shared/clock.js';
import { AppError, describeError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';

export type ReceiverOptions = {
  mode: 'socket' | 'http';
  appToken: string | null;
  signingSecret: string | null;
  port: number;
  clock: Clock;
  log: Logger;
  boltLogger: BoltLogger;
  /** For the Socket Mode client's own WebClient (apps.connections.open). */
  clientOptions: WebClientOptions;
  /** The Socket Mode WebSocket's dispatcher: the outbound proxy's; absent, the SDK's own direct one. */
  dispatcher?: SocketModeReceiverOptions['dispatcher'];
};

// Slack: "If the difference between the current time and the value of the X-Slack-Request-Timestamp header
// is more than five minutes, the request may be a replay attack":
// https://api.slack.com/authentication/verifying-requests-from-slack
const maxSkewSeconds = 5 * 60;

/**
 * Bolt refuses timestamps more than five minutes old but not ones in the future
 * (@slack/bolt 5.1.0 receivers/verify-request.js; platform-facts §2.3), so a captured request signed
 * with a future timestamp could be replayed for as long as that timestamp is ahead.
 */
export function isFromTheFuture(req: IncomingMessage, now: number): boolean {
  const raw = req.headers['x-slack-request-timestamp'];
  const seconds = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(seconds) && seconds - Math.floor(now / 1000) > maxSkewSeconds;
}

/** At most this many signatures are remembered; past it the oldest go first. */
const rememberedSignatures = 10_000;

/**
 * The signature as Bolt checks it: Bolt reads `v0=<hash>` with split('=') and ignores whatever follows a
 * second `=` (@slack/bolt 5.1.0 receivers/verify-request.js), so `v0=<hash>=x` passes its check too and
 * must count as the same signature.
 */
function signatureOf(req: IncomingMessage): string | null {
  const raw = req.headers['x-slack-signature'];
  const signature = Array.isArray(raw) ? raw[0] : raw;
  if (signature === undefined || signature === '') return null;
  return signature.split('=').slice(0, 2).join('=');
}

export type ReplayGuard = {
  /** True when this signature was already taken; else it is taken now. */
  replayed(req: IncomingMessage): boolean;
  /** Bolt acted on nothing (a bad signature, a path it does not serve): the signature is not kept. */
  refused(req: IncomingMessage): void;
};

/**
 * Whether this signature was already taken within the five minutes its timestamp is accepted: the same
 * signed request sent again (replayed by someone who captured it) is refused. Slack never sends a slash
 * command or an action twice, and a retried event comes signed anew. Signatures Bolt refuses are
 * forgotten, so that requests with made-up signatures cannot push a real one out of memory.
 */
export function createReplayGuard(now: () => number): ReplayGuard {
  const seen = new Map<string, number>();
  return {
    replayed: (req) => {
      const signature = signatureOf(req);
      if (signature === null) return false;
      const at = now();
      for (const [key, expires] of seen) {
        if (expires > at && seen.size < rememberedSignatures) break;
        seen.delete(key);
      }
      if (seen.has(signature)) return true;
      seen.set(signature, at + 2 * maxSkewSeconds * 1000);
      return false;
    },
    refused: (req) => {
      const signature = signatureOf(req);
      if (signature !== null) seen.delete(signature);
    },
  };
}

/** Where Slack sends commands, actions and events: the only requests Bolt verifies and acts on. */
const eventsPath = '/slack/events';

/** A request Bolt verifies, routed as Bolt routes it (HTTPReceiver unboundRequestListener). */
function isSignedRequest(req: IncomingMessage): boolean {
  return req.method === 'POST' && (req.url ?? '/').split('?')[0] === eventsPath;
}

function httpReceiver(options: ReceiverOptions): HTTPReceiver {
  if (options.signingSecret === null || options.signingSecret === '')
    throw new AppError(
      'config_invalid',
      'Slack HTTP mode needs SLACK_SIGNING_SECRET (Basic Information → App Credentials → Signing Secret)',
    );
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: eventsPath,
    port: options.port,
    logger: options.boltLogger,
    // Answer as soon as the listener acks, not when it finishes (that is for FaaS): platform-facts §2.2.
    processBeforeResponse: false,
  });
  const verified = receiver.requestListener;
  const guard = createReplayGuard(() => options.clock.now());
  receiver.requestListener = (req, res) => {
    if (isFromTheFuture(req, options.clock.now())) {
      options.log.warn({ path: req.url }, 'slack request refused: timestamp more than 5 minutes ahead');
      res.writeHead(401).end();
      return;
    }
    // Bolt verifies and acts on POSTs to its endpoint only, and answers any other request 404 untouched:
    // their signatures are not remembered (made-up ones sent there pushed a real one out of memory).
    if (!isSignedRequest(req)) {
      verified(req, res);
      return;
    }
    if (guard.replayed(req)) {
      options.log.warn({ path: req.url }, 'slack request refused: the same signed request was taken before');
      res.writeHead(401).end();
      return;
    }
    // Bolt acted on nothing: a signature it refused (401), a body past its limit (413), a connection closed
    // before it answered. Made-up signatures must not stay and push a real one out of memory. (A 404 on
    // the endpoint is a listener that did not ack in time, and may still act: its signature stays.)
    res.once('close', () => {
      if (!res.headersSent || res.statusCode === 401 || res.statusCode === 413) guard.refused(req);
    });
    verified(req, res);
  };
  return receiver;
}

/**
 * How apps.connections.open is retried while Slack or the network is down. The Socket Mode client's own
 * policy (@slack/socket-mode 3.1: 100 retries, factor 1.3, no cap) waits ever longer: 12 minutes between
 * tries after a 50-minute outage, 44 after three hours, so `/digest` kept failing (dispatch_failed) that
 * long after Slack was back. Its first tries stay as quick; then once a minute (apps.connections.open is
 * Tier 1, "1+ per minute": https://api.slack.com/methods/apps.connections.open), for as long as it takes,
 * as before (100 uncapped retries never ran out).
 */
const reconnectRetries = { retries: 100, factor: 1.3, maxTimeout: 60_000, forever: true };

function socketReceiver(options: ReceiverOptions): SocketModeReceiver {
  if (options.appToken === null || !options.appToken.startsWith('xapp-'))
    throw new AppError(
      'config_invalid',
      'Slack Socket Mode needs SLACK_APP_TOKEN: an app-level token (xapp-…) with the connections:write scope ' +
        '(Basic Information → App-Level Tokens); or set slack.mode: http with SLACK_SIGNING_SECRET',
    );
  const receiver = new SocketModeReceiver({
    appToken: options.appToken,
    ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    logger: options.boltLogger,
    installerOptions: { clientOptions: { ...options.clientOptions, retryConfig: reconnectRetries } },
  });
  surviveRefusedReconnects(receiver.client, options.log);
  reconnectPromptlyAfterRefresh(receiver.client, options.log);
  return receiver;
}

/**
 * A reconnect that Slack refuses for good (apps.connections.open: invalid_auth, account_inactive,
 * team_disabled …, e.g. the app-level token was revoked or regenerated) rejects the client's start(),
 * which @slack/socket-mode 3.1 calls from its reconnect timer without a catch (delayReconnectAttempt):
 * an unhandled rejection, which ended the whole process, Telegram and scheduled digests with it. After
 * the first connection (whose failure startSlackFrontEnd reports), such a failure is logged instead, and
 * the socket stays closed as the SDK means it to: `/digest` is not answered until a token Slack takes is
 * set and Parley restarted. Scheduled digests go through the Web API with the bot token, unaffected.
 */
function surviveRefusedReconnects(client: unknown, log: Logger): void {
  const socket = client as SocketClient;
  const start = socket.start.bind(socket);
  let connected = false;
  socket.start = async () => {
    if (!connected) {
      const result = await start();
      connected = true;
      return result;
    }
    try {
      return await start();
    } catch (error) {
      if (error instanceof WebAPIPlatformError)
        log.error(
          { reason: error.data.error },
          'slack socket: Slack refused SLACK_APP_TOKEN on reconnect (apps.connections.open); /digest, Share and the Home tab get no answer until a valid app-level token is set and Parley restarted',
        );
      else log.warn({ err: describeError(error) }, 'slack socket: reconnect ended');
      return undefined;
    }
  };
}

/** The Socket Mode client as this module drives it: its events, and two fields it keeps private. */
type SocketClient = {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  emit(event: string): boolean;
  start(): Promise<unknown>;
  reconnectionTimer?: ReturnType<typeof setTimeout> | undefined;
  numOfConsecutiveReconnectionFailures?: number;
};

/** The reason of Slack's `{"type":"disconnect"}` frame (refresh_requested, warning, link_disabled), or null. */
function disconnectReason(data: unknown, isBinary: unknown): string | null {
  if (isBinary === true) return null;
  const text =
    typeof data === 'string' ? data : data instanceof ArrayBuffer ? new TextDecoder().decode(data) : '';
  if (!text.includes('"disconnect"')) return null;
  try {
    const frame = JSON.parse(text) as { type?: unknown; reason?: unknown };
    return frame.type === 'disconnect' ? String(frame.reason ?? '') : null;
  } catch {
    return null;
  }
}

// Reasons after which Slack expects a new connection at once: the routine refresh, and the warning
// that a refresh comes within seconds. Not link_disabled (the app's Socket Mode was turned off).
const promptReasons = new Set(['refresh_requested', 'warning']);
// At most one prompt reconnect in this time: a Slack that asks again right after each hello meets
// the SDK's back-off again (its timer grows with each failure).
const minPromptGapMs = 60_000;

/**
 * Slack asks a Socket Mode app to reconnect every few hours (`{"type":"disconnect","reason":
 * "refresh_requested"}`). @slack/socket-mode 3.1 closes the socket and then waits its client ping
 * timeout (5 s) before it opens a new one, as after a failure: a `/digest` typed in those seconds
 * failed with dispatch_failed. After such a refresh the wait is skipped (the SDK's timer is cancelled
 * and the client started at once), at most once a minute; after a failure, or any other disconnect,
 * its back-off stands. If the prompt start fails, the SDK's own reconnection takes over (a 'close'); one
 * Slack refuses for good is logged by surviveRefusedReconnects.
 * The timer is the SDK's private field: if a later version renames it, this does nothing (the 5 s wait
 * comes back, and the Socket Mode integration test, which times the refresh, fails).
 */
export function reconnectPromptlyAfterRefresh(
  client: unknown,
  log: Logger,
  now = () => performance.now(),
): void {
  const socket = client as SocketClient;
  let asked = false;
  let lastPrompt = Number.NEGATIVE_INFINITY;
  socket.on('ws_message', (data, isBinary) => {
    const reason = disconnectReason(data, isBinary);
    if (reason !== null) asked = promptReasons.has(reason);
  });
  // Registered after the SDK's own close listener, so its timer is already set when this runs.
  socket.on('close', () => {
    if (!asked) return;
    asked = false;
    const timer = socket.reconnectionTimer;
    if (timer === undefined || now() - lastPrompt < minPromptGapMs) return;
    lastPrompt = now();
    clearTimeout(timer);
    socket.reconnectionTimer = undefined;
    socket.numOfConsecutiveReconnectionFailures = 0;
    log.info({}, 'slack socket refresh: reconnecting now');
    socket.emit('reconnecting');
    socket.start().catch((error: unknown) => {
      log.warn({ error: String(error) }, 'slack socket refresh: reconnect failed, the SDK retries');
      socket.emit('close');
    });
  });
}

/** Socket Mode (an outgoing WebSocket, no public URL) or the HTTP receiver with signature checks. */
export function createSlackReceiver(options: ReceiverOptions): Receiver {
  return options.mode === 'http' ? httpReceiver(options) : socketReceiver(options);
}
