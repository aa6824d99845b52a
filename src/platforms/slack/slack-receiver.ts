import type { IncomingMessage } from 'node:http';
import { type Logger as BoltLogger, HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
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

function httpReceiver(options: ReceiverOptions): HTTPReceiver {
  if (options.signingSecret === null || options.signingSecret === '')
    throw new AppError(
      'config_invalid',
      'Slack HTTP mode needs SLACK_SIGNING_SECRET (Basic Information → App Credentials → Signing Secret)',
    );
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: '/slack/events',
    port: options.port,
    logger: options.boltLogger,
    // Answer as soon as the listener acks, not when it finishes (that is for FaaS): platform-facts §2.2.
    processBeforeResponse: false,
  });
  const verified = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    if (isFromTheFuture(req, options.clock.now())) {
      options.log.warn({ path: req.url }, 'slack request refused: timestamp more than 5 minutes ahead');
      res.writeHead(401).end();
      return;
    }
    verified(req, res);
  };
  return receiver;
}

function socketReceiver(options: ReceiverOptions): SocketModeReceiver {
  if (options.appToken === null || !options.appToken.startsWith('xapp-'))
    throw new AppError(
      'config_invalid',
      'Slack Socket Mode needs SLACK_APP_TOKEN: an app-level token (xapp-…) with the connections:write scope ' +
        '(Basic Information → App-Level Tokens); or set slack.mode: http with SLACK_SIGNING_SECRET',
    );
  return new SocketModeReceiver({
    appToken: options.appToken,
    logger: options.boltLogger,
    // A fresh object: the Socket Mode client writes its own reconnect retry policy into it.
    installerOptions: { clientOptions: { ...options.clientOptions } },
  });
}

/** Socket Mode (an outgoing WebSocket, no public URL) or the HTTP receiver with signature checks. */
export function createSlackReceiver(options: ReceiverOptions): Receiver {
  return options.mode === 'http' ? httpReceiver(options) : socketReceiver(options);
}
