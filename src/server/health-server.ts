import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics.js';

export type HealthReport = {
  /** Throws when the database cannot answer. */
  database(): { items: number };
  lastPollAt(): number | null;
  failingFeeds(): number;
  outbox(): { pending: number; sending: number; failed: number; oldestPendingAt: number | null };
  /** Now, from the injected clock. */
  now(): number;
};

/** A digest part waiting longer than this means the pump is stuck or a platform is down. */
const stuckAfterMs = 60 * 60_000;

export type HealthServer = { port: number; close(): Promise<void> };

function healthBody(report: HealthReport): { status: number; body: Record<string, unknown> } {
  try {
    const { items } = report.database();
    const lastPoll = report.lastPollAt();
    const outbox = report.outbox();
    const waitingMs = outbox.oldestPendingAt === null ? 0 : report.now() - outbox.oldestPendingAt;
    return {
      status: 200,
      body: {
        status: waitingMs > stuckAfterMs ? 'degraded' : 'ok',
        database: 'ok',
        items,
        lastPollAt: lastPoll === null ? null : new Date(lastPoll).toISOString(),
        failingFeeds: report.failingFeeds(),
        outbox: {
          pending: outbox.pending,
          sending: outbox.sending,
          failed: outbox.failed,
          oldestPendingAt:
            outbox.oldestPendingAt === null ? null : new Date(outbox.oldestPendingAt).toISOString(),
        },
      },
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 503, body: { status: 'unavailable', database: message } };
  }
}

/** `/healthz` (JSON, 503 when the database is unusable) and `/metrics` (Prometheus text format). */
export async function startHealthServer(options: {
  host: string;
  port: number;
  report: HealthReport;
  metrics: Metrics;
}): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/healthz') {
      const { status, body } = healthBody(options.report);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    } else if (path === '/metrics') {
      options.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': options.metrics.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
