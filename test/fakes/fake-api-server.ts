/**
 * Plumbing shared by the fake Telegram Bot API and the fake Slack Web API: a loopback HTTP server that
 * can leave requests hanging and close everything at once, request bodies in JSON or form encoding,
 * sliding-window rate limits with a small tolerance, and a seeded random source for fault injection.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Loopback = { origin: string; close(): Promise<void> };

/** Starts `handle` on 127.0.0.1 at a free port (or `port`); close() also ends requests left hanging on purpose. */
export async function startLoopback(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  port = 0,
): Promise<Loopback> {
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  // A client that waits out a retry_after of a few seconds must not find its kept-alive socket closed
  // under it (Node's default is 5 s): that would turn a clean send into an unknown outcome.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The request's parameters from a JSON or an application/x-www-form-urlencoded body. */
export async function readParams(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** Counts events in the last `windowMs`; events older than the window minus `slackMs` no longer count. */
export type SlidingWindow = {
  count(now: number): number;
  add(now: number): void;
  /** Whole seconds until one more event fits (at least 1). */
  retryAfter(now: number): number;
};

export function createSlidingWindow(windowMs: number, slackMs: number): SlidingWindow {
  let times: number[] = [];
  let head = 0;
  const prune = (now: number) => {
    while (head < times.length && (times[head] ?? 0) <= now - windowMs + slackMs) head += 1;
    if (head > 1024 && head * 2 > times.length) {
      times = times.slice(head);
      head = 0;
    }
  };
  return {
    count(now) {
      prune(now);
      return times.length - head;
    },
    add(now) {
      times.push(now);
    },
    retryAfter(now) {
      prune(now);
      const oldest = times[head] ?? now;
      return Math.max(1, Math.ceil((oldest + windowMs - slackMs - now) / 1000));
    },
  };
}

/** Failures queued per chat or channel: each send takes the next one, `times` over. */
export function createFailureQueue<F>(): {
  push(key: string, failure: F, times: number): void;
  take(key: string): F | null;
} {
  const queues = new Map<string, { failure: F; left: number }[]>();
  return {
    push(key, failure, times) {
      const queue = queues.get(key) ?? [];
      queue.push({ failure, left: times });
      queues.set(key, queue);
    },
    take(key) {
      const queue = queues.get(key);
      const first = queue?.[0];
      if (queue === undefined || first === undefined) return null;
      first.left -= 1;
      if (first.left <= 0) queue.shift();
      return first.failure;
    },
  };
}
