import { afterEach } from 'vitest';
import {
  createHttpFetcher,
  type HttpFetcherDeps,
  type HttpFetcherOptions,
} from '../../../src/ingest/http-fetcher.js';
import { type AppError, isAppError } from '../../../src/shared/errors.js';
import { type FeedRoute, type FeedServer, startFeedServer } from '../../fakes/feed-server.js';

export const baseOptions: HttpFetcherOptions = {
  userAgent: 'ParleyTest/0.1 (+https://example.org/parley)',
  timeoutMs: 5_000,
  connectTimeoutMs: 2_000,
  maxBytes: 1024 * 1024,
  maxRedirects: 5,
  concurrency: 16,
  perHostConcurrency: 2,
  perHostIntervalMs: 0,
  allowPrivateNetworks: true,
};

/** Servers and fetchers made through these helpers are closed after each test. */
export function useFixtures() {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });
  return {
    async server(routes: Record<string, FeedRoute> = {}, host?: string): Promise<FeedServer> {
      const server = await startFeedServer(host === undefined ? { routes } : { routes, host });
      cleanups.push(() => server.close());
      return server;
    },
    fetcher(options: Partial<HttpFetcherOptions> = {}, deps: HttpFetcherDeps = {}) {
      const fetcher = createHttpFetcher({ ...baseOptions, ...options }, deps);
      cleanups.push(() => fetcher.close());
      return fetcher;
    },
  };
}

/** The AppError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected the fetch to fail, but it succeeded');
}
