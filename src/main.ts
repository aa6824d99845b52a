#!/usr/bin/env node
/**
 * The composition root: the only module that reads process.env, opens the database and builds the
 * SDK clients. Everything else receives what it needs.
 */
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli } from './cli/program.js';
import type { Runtime } from './cli/runtime.js';
import type { Config } from './config/schema.js';
import type { FetchSchedulePolicy } from './domain/fetch-schedule.js';
import { createArticleReader } from './ingest/article-reader.js';
import { createFeedReader } from './ingest/feed-reader.js';
import { createHttpFetcher, type HttpFetcher } from './ingest/http-fetcher.js';
import { createPoller } from './scheduler/poll-feeds.js';
import { systemClock } from './shared/clock.js';
import { createLogger } from './shared/logger.js';
import { backupDatabase } from './storage/backup.js';
import { openDatabase } from './storage/database.js';
import { createFeedStore } from './storage/feed-store.js';
import { createItemStore } from './storage/item-store.js';

function schedulePolicy(config: Config): FetchSchedulePolicy {
  const { interval, minInterval, maxInterval, maxBackoff } = config.ingest;
  return { interval, minInterval, maxInterval, maxBackoff, backoffBase: minInterval };
}

function createFetcher(config: Config): HttpFetcher {
  const ingest = config.ingest;
  return createHttpFetcher({
    userAgent: ingest.userAgent,
    timeoutMs: ingest.timeout,
    connectTimeoutMs: ingest.connectTimeout,
    maxBytes: ingest.maxBytes,
    maxRedirects: ingest.maxRedirects,
    concurrency: ingest.concurrency,
    perHostConcurrency: ingest.perHostConcurrency,
    perHostIntervalMs: ingest.perHostInterval,
    allowPrivateNetworks: ingest.allowPrivateNetworks,
  });
}

/** Builds the object graph for one command. The database opens on first use, so `feeds check` never creates one. */
export function openRuntime(config: Config, options: { logLevel?: string } = {}): Runtime {
  const log = createLogger({ level: options.logLevel ?? config.log.level });
  const clock = systemClock;
  const fetcher = createFetcher(config);
  const reader = createFeedReader({ fetcher, clock });
  let db: ReturnType<typeof openDatabase> | null = null;
  const database = () => {
    db ??= openDatabase(config.database.path);
    return db;
  };
  let stores: {
    feeds: ReturnType<typeof createFeedStore>;
    items: ReturnType<typeof createItemStore>;
  } | null = null;
  const store = () => {
    stores ??= { feeds: createFeedStore(database()), items: createItemStore(database()) };
    return stores;
  };
  const policy = {
    ...schedulePolicy(config),
    maxItemAgeDays: config.ingest.maxItemAgeDays,
    articleConcurrency: config.ingest.articleConcurrency,
  };
  let poller: ReturnType<typeof createPoller> | null = null;
  const runtime: Runtime = {
    config,
    log,
    reader,
    get feeds() {
      return store().feeds;
    },
    get items() {
      return store().items;
    },
    get poller() {
      poller ??= createPoller({
        ...store(),
        reader,
        articles: createArticleReader(fetcher),
        clock,
        log,
        policy,
      });
      return poller;
    },
    backup: (file) => backupDatabase(database(), file),
    async close() {
      await fetcher.close();
      db?.close();
    },
  };
  return runtime;
}

async function main(): Promise<void> {
  // `.env` next to the working directory, as the README promises; real environment variables win.
  if (existsSync('.env')) process.loadEnvFile('.env');
  process.exitCode = await runCli(process.argv.slice(2), {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    openRuntime,
    stopSignal: () =>
      new Promise((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      }),
  });
}

const entry = process.argv[1];
if (entry !== undefined && realpathSync(entry) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `parley: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 70;
  });
}
