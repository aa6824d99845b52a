import type { Server as HttpServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import type { App } from '@slack/bolt';
import { WebAPIPlatformError } from '@slack/web-api';
import { AppError } from '../../shared/errors.js';
import { listenProblem } from '../../shared/listen-problem.js';
import { slowClientLimits } from '../../shared/slow-clients.js';
import { createSlackApp, type SlackAppOptions } from './slack-app.js';
import { translateSlackError } from './slack-errors.js';

export type SlackFrontEnd = {
  app: App;
  /** The HTTP receiver's port (useful with port 0); null in Socket Mode. */
  port: number | null;
  /** The interface the HTTP receiver listens on (slack.host); null in Socket Mode. */
  host: string | null;
  stop(): Promise<void>;
};

function addressOf(started: unknown): AddressInfo | null {
  const address = (started as Partial<Server> | undefined)?.address?.();
  return typeof address === 'object' && address !== null ? address : null;
}

/** The receiver's node:http (or https) server, as Bolt's start() returns it in HTTP mode. */
function httpServer(started: unknown): HttpServer | null {
  const server = started as Partial<HttpServer> | undefined;
  return typeof server?.closeAllConnections === 'function' ? (server as HttpServer) : null;
}

/** What failed at start, for the operator: which token or setting to fix. */
function startError(error: unknown, options: SlackAppOptions): unknown {
  if (options.mode === 'socket' && error instanceof WebAPIPlatformError)
    return new AppError(
      'config_invalid',
      `Slack refused SLACK_APP_TOKEN (apps.connections.open): ${error.data.error}`,
      {
        cause: error,
        retryable: false,
        details: { reason: error.data.error, platform: 'slack' },
      },
    );
  const host = options.host ?? '0.0.0.0';
  const where = { hostKey: 'slack.host', host, portKey: 'slack.port', port: options.port };
  const problem = listenProblem((error as NodeJS.ErrnoException | null)?.code, where);
  if (problem !== null) return new AppError('config_invalid', problem, { cause: error });
  try {
    return translateSlackError(error);
  } catch {
    return error;
  }
}

/**
 * Checks the bot token (auth.test), then listens: connects the Socket Mode WebSocket, or opens the HTTP
 * receiver on `port`. A refused token or an unreachable Slack fails here as an AppError (config_invalid,
 * unreachable, …), before any command is taken.
 */
export async function startSlackFrontEnd(options: SlackAppOptions): Promise<SlackFrontEnd> {
  const app = createSlackApp(options);
  let started: unknown;
  try {
    await app.init();
    // HTTPReceiver.start(listenOptions, serverOptions) hands serverOptions to createServer
    // (@slack/bolt 5.1.0 receivers/HTTPReceiver.js), where the slow-client limits must be given.
    started =
      options.mode === 'http'
        ? await app.start({ port: options.port, host: options.host ?? '0.0.0.0' }, slowClientLimits())
        : await app.start();
  } catch (error) {
    throw startError(error, options);
  }
  const address = options.mode === 'http' ? addressOf(started) : null;
  const port = address?.port ?? null;
  const host = address?.address ?? null;
  options.log.info({ mode: options.mode, ...(address === null ? {} : { host, port }) }, 'slack app started');
  // Bolt's HTTP receiver: a half-sent request must not hold a shutdown.
  const server = options.mode === 'http' ? httpServer(started) : null;
  let stopped = false;
  return {
    app,
    port,
    host,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Bolt's stop() waits for every connection to end: those still open after a grace are cut.
      const cut = server === null ? undefined : setTimeout(() => server.closeAllConnections(), 1_000);
      cut?.unref();
      server?.closeIdleConnections();
      await app.stop();
      clearTimeout(cut);
    },
  };
}
