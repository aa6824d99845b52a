import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { isAppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { createRecentIds } from '../../shared/recent-ids.js';
import { readRequestBody } from '../../shared/request-body.js';
import { slowClientLimits } from '../../shared/slow-clients.js';

/** What handling one update came to: 'retry' (not handled: answered 500, so that Telegram sends it again). */
export type UpdateOutcome = 'done' | 'retry';

export type WebhookServerOptions = {
  path: string;
  secret: string;
  log: Logger;
  /** Handles one update; never rejects. */
  handle(update: { update_id: number }): Promise<UpdateOutcome>;
  /** Default 1 MiB: an update is a message, a few KB (https://core.telegram.org/bots/api#update). */
  maxBodyBytes?: number;
  /** A handler still running is answered after this long (default 10 s) and goes on. */
  answerAfterMs?: number;
  /** How long stop() waits for handlers in progress (default 5 s). */
  stopGraceMs?: number;
  /** Slow-client limits (tests shorten them): see slowClientLimits. */
  limits?: { headersMs?: number; requestMs?: number };
};

export type WebhookServer = { server: Server; stop(): Promise<void> };

// Telegram resends an update it got no 2xx for; its ids rise by one, so this covers far more than the
// updates that can be in flight at once (max_connections, at most 100: platform-facts §1.2).
const rememberedUpdates = 1_000;

/** The header Telegram sends with every update, checked in constant time (sha256 evens the lengths). */
function hasSecret(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string') return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(header), digest(secret));
}

/** The update in a body, or null when it is no JSON object with an integer update_id. */
function parseUpdate(body: Buffer): { update_id: number } | null {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (typeof value !== 'object' || value === null) return null;
    const id = (value as { update_id?: unknown }).update_id;
    return Number.isSafeInteger(id) ? (value as { update_id: number }) : null;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), ms).unref());

/**
 * The node:http server behind Telegram's webhook. Only POSTs to `path` with the secret header get
 * further (405 with Allow for another method there, 404 elsewhere, 401 without the secret, all before
 * any call to Telegram); a body over maxBodyBytes is refused with 413 without being held, one that is no
 * update with 400 (a 500 would make Telegram send it again and again). An update_id already taken is
 * acknowledged and not handled again: Telegram resends an update whose answer was slow or lost
 * (platform-facts §1.5). stop() cuts the connections that carry no update at once, and waits for the
 * handlers in progress up to stopGraceMs.
 * Spec: https://core.telegram.org/bots/api#setwebhook
 */
export function createWebhookServer(options: WebhookServerOptions): WebhookServer {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const seen = createRecentIds(rememberedUpdates);
  const handling = new Set<Promise<unknown>>();
  const busy = new Set<Socket>();
  const sockets = new Set<Socket>();
  let stopping = false;

  const end = (res: ServerResponse, status: number, headers: Record<string, string> = {}) => {
    if (res.headersSent) return;
    res.writeHead(status, stopping ? { ...headers, connection: 'close' } : headers).end();
  };

  async function answer(update: { update_id: number }, res: ServerResponse): Promise<void> {
    if (!seen.add(update.update_id)) {
      options.log.debug({ update_id: update.update_id }, 'telegram update sent again: already taken');
      end(res, 200);
      return;
    }
    const task = options.handle(update).catch((error: unknown) => {
      options.log.error({ err: error, update_id: update.update_id }, 'telegram webhook update failed');
      return 'retry' as const;
    });
    handling.add(task);
    void task.finally(() => handling.delete(task));
    const outcome = await Promise.race([task, sleep(options.answerAfterMs ?? 10_000)]);
    if (outcome === 'retry') seen.forget(update.update_id);
    // A handler still running is answered anyway: otherwise Telegram sends the update again
    // (grammY guide/deployment-types.md "Ending Webhook Requests in Time").
    end(res, outcome === 'retry' ? 500 : 200);
  }

  async function take(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Buffer;
    try {
      body = await readRequestBody(req, maxBodyBytes);
    } catch (error) {
      if (!isAppError(error, 'too_large')) throw error;
      options.log.warn({ max_bytes: maxBodyBytes }, 'telegram webhook request refused: body too large');
      // The rest of the body is not read: the connection goes with the answer.
      res.writeHead(413, { connection: 'close' }).end();
      return;
    }
    const update = parseUpdate(body);
    if (update === null) {
      options.log.warn({ bytes: body.byteLength }, 'telegram webhook request refused: no update in the body');
      end(res, 400);
      return;
    }
    await answer(update, res);
  }

  const server = createServer(slowClientLimits(options.limits), (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== options.path) return end(res, 404);
    if (req.method !== 'POST') return end(res, 405, { allow: 'POST' });
    if (!hasSecret(req.headers['x-telegram-bot-api-secret-token'], options.secret)) return end(res, 401);
    busy.add(req.socket);
    take(req, res)
      .catch((error: unknown) => {
        options.log.error({ err: error }, 'telegram webhook request failed');
        end(res, 500);
      })
      .finally(() => busy.delete(req.socket));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function stop(): Promise<void> {
    if (!server.listening) return;
    stopping = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Idle keep-alive connections and half-sent requests carry no update to finish.
    for (const socket of sockets) if (!busy.has(socket)) socket.destroy();
    const graceMs = options.stopGraceMs ?? 5_000;
    await Promise.race([Promise.allSettled([...handling]), sleep(graceMs)]);
    // Let the answers just written leave before the connections are cut.
    await new Promise((resolve) => setImmediate(resolve));
    server.closeAllConnections();
    await closed;
  }

  return { server, stop };
}
