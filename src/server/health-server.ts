import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Feed } from '../domain/feed.js';
import { AppError } from '../shared/errors.js';
import { listenProblem } from '../shared/listen-problem.js';
import { slowClientLimits } from '../shared/slow-clients.js';
import type { Metrics } from './metrics.js';

export type HealthReport = {
  /** Throws when the database cannot answer. */
  database(): { items: number };
  /** When the last poll cycle ended, or null before the first has. */
  lastPollAt(): number | null;
  /** When polling started: the first cycle is judged from there. */
  startedAt: number;
  /** ingest.interval: how often a feed is read when all is well. */
  pollIntervalMs: number;
  /** ingest.timeout: the deadline of one fetch, redirects included. */
  fetchTimeoutMs: number;
  /** The feed read in flight that started first (the poller's oldestRead), or null when none is. */
  oldestRead(): { feed: Pick<Feed, 'id' | 'url'>; since: number } | null;
  /** Enabled feeds, and how many of them are failing; one read of the feed list. */
  feeds(): { enabled: number; failing: number };
  outbox(): { pending: number; sending: number; failed: number; oldestPendingAt: number | null };
  /** Now, from the injected clock. */
  now(): number;
};

/** A digest part waiting longer than this means the pump is stuck or a platform is down. */
const stuckAfterMs = 60 * 60_000;

/**
 * No poll cycle ended for this long means the poller is stuck (a cycle starts every minute, and even
 * one with every feed timing out ends within minutes): three polling intervals, at least 15 minutes.
 */
export function pollStaleAfterMs(pollIntervalMs: number): number {
  return Math.max(3 * pollIntervalMs, 15 * 60_000);
}

function pollProblem(report: HealthReport, lastPoll: number | null): string[] {
  const staleMs = pollStaleAfterMs(report.pollIntervalMs);
  if (report.now() - (lastPoll ?? report.startedAt) <= staleMs) return [];
  const minutes = Math.round(staleMs / 60_000);
  return [`no poll cycle has ended for over ${minutes} minutes`];
}

/**
 * A feed read in flight for this long hangs. Its own requests end within four ingest.timeouts (the feed,
 * its article pages' budget of two, the last page begun), but it may first queue behind the concurrency
 * limits and then wait for the analysis: so the cycles' stale limit, or those four timeouts if longer.
 */
export function readStaleAfterMs(pollIntervalMs: number, fetchTimeoutMs: number): number {
  return Math.max(pollStaleAfterMs(pollIntervalMs), 4 * fetchTimeoutMs);
}

/** The feed's id and host only: its URL's path or query may carry a key. */
function feedLabel(feed: Pick<Feed, 'id' | 'url'>): string {
  const host = URL.canParse(feed.url) ? new URL(feed.url).host : 'an invalid URL';
  return `feed ${feed.id} (${host})`;
}

/**
 * Cycles overlap and skip the feeds still being read, so while one read hangs the later cycles still end
 * (and set lastPollAt): only the age of the oldest read in flight shows it.
 */
function readProblem(report: HealthReport): string[] {
  const read = report.oldestRead();
  const staleMs = readStaleAfterMs(report.pollIntervalMs, report.fetchTimeoutMs);
  if (read === null || report.now() - read.since <= staleMs) return [];
  const minutes = Math.round(staleMs / 60_000);
  return [`${feedLabel(read.feed)} has been read for over ${minutes} minutes`];
}

export type HealthServer = { port: number; close(): Promise<void> };

function healthBody(report: HealthReport): { status: number; body: Record<string, unknown> } {
  try {
    const { items } = report.database();
    const lastPoll = report.lastPollAt();
    const outbox = report.outbox();
    const waitingMs = outbox.oldestPendingAt === null ? 0 : report.now() - outbox.oldestPendingAt;
    const { failing: failingFeeds, enabled: enabledFeeds } = report.feeds();
    // Still 200: a restart fixes neither an unreachable network nor a platform that is down, and a poller
    // that stopped ending its cycles wants an operator to see why (a hanging fetch, a locked database).
    const problems = [
      ...(waitingMs > stuckAfterMs ? ['a digest part has waited over an hour to be sent'] : []),
      ...(enabledFeeds > 0 && failingFeeds === enabledFeeds ? ['every enabled feed is failing'] : []),
      ...pollProblem(report, lastPoll),
      ...readProblem(report),
    ];
    return {
      status: 200,
      body: {
        status: problems.length > 0 ? 'degraded' : 'ok',
        ...(problems.length > 0 ? { problems } : {}),
        database: 'ok',
        items,
        lastPollAt: lastPoll === null ? null : new Date(lastPoll).toISOString(),
        failingFeeds,
        enabledFeeds,
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
  // A scraper or prober that sends half a request must not hold a socket (see slowClientLimits).
  const server: Server = createServer(slowClientLimits(), (req, res) => {
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
    server.once('error', (error: NodeJS.ErrnoException) => {
      const problem = listenProblem(error.code, {
        ...{ hostKey: 'server.host', host: options.host, portKey: 'server.port', port: options.port },
        inUse:
          'is Parley already running? Stop it, or set another server.port (0 turns the health server off)',
      });
      reject(problem === null ? error : new AppError('config_invalid', problem, { cause: error }));
    });
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
