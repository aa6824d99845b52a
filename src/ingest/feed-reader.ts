import type { NormalisedItem } from '../domain/item.js';
import type { FeedReader, FeedReadRequest, FeedReadResult } from '../domain/ports.js';
import type { Clock } from '../shared/clock.js';
import { AppError, isAppError } from '../shared/errors.js';
import { decodeFeedBytes } from './charset.js';
import { parseFeed } from './feed-parser.js';
import type { HttpFetcher } from './http-fetcher.js';
import { normaliseLanguageTag } from './language.js';
import { normaliseItems } from './normalise.js';

export type FeedReaderDeps = { fetcher: HttpFetcher; clock: Clock; maxItems?: number };

/**
 * The most items one read passes on. News feeds list 10–200; within the byte cap a feed could list
 * hundreds of thousands of tiny items, each to be analysed and stored in one poll.
 */
export const defaultMaxItemsPerRead = 1_000;

/** The `max` newest items (undated ones carry the time they were read), in the feed's order. */
export function newestItems(items: NormalisedItem[], max: number): NormalisedItem[] {
  if (items.length <= max) return items;
  const kept = new Set(
    items
      .map((item, index) => ({ at: item.publishedAt, index }))
      .sort((a, b) => b.at - a.at || a.index - b.index)
      .slice(0, max)
      .map(({ index }) => index),
  );
  return items.filter((_, index) => kept.has(index));
}

/**
 * Fetch → decode → parse → normalise for one feed. Conditional GET state goes in and comes out;
 * storing and scheduling are the caller's business.
 */
export function createFeedReader({
  fetcher,
  clock,
  maxItems = defaultMaxItemsPerRead,
}: FeedReaderDeps): FeedReader {
  return {
    async read(request: FeedReadRequest): Promise<FeedReadResult> {
      const response = await fetcher.fetch({
        url: request.url,
        etag: request.etag,
        lastModified: request.lastModified,
      });
      if (response.kind === 'not-modified') {
        const cache = { maxAgeSeconds: response.maxAgeSeconds, ttlMinutes: null };
        return { kind: 'not-modified', status: 304, finalUrl: response.finalUrl, cache };
      }
      const decoded = decodeFeedBytes(response.body, response.contentType);
      const parsed = await parseFeed(decoded.text).catch((error: unknown) => {
        // The server answered (200) with something that is not a feed: the status says so in `feeds`.
        if (isAppError(error) && error.details['status'] === undefined)
          throw new AppError(error.code, error.message, {
            retryable: error.retryable,
            details: { ...error.details, status: response.status },
            cause: error.cause,
          });
        throw error;
      });
      const feedLanguage = normaliseLanguageTag(request.language) ?? normaliseLanguageTag(parsed.language);
      const baseUrl = response.finalUrl;
      const all = normaliseItems(parsed.items, { baseUrl, feedLanguage, now: clock.now() });
      const items = newestItems(all, maxItems);
      return {
        kind: 'ok',
        status: response.status,
        finalUrl: response.finalUrl,
        etag: response.etag,
        lastModified: response.lastModified,
        cache: { maxAgeSeconds: response.maxAgeSeconds, ttlMinutes: parsed.ttlMinutes },
        feed: { title: parsed.title, link: parsed.link, language: feedLanguage, format: parsed.format },
        items,
        leftOut: all.length - items.length,
        bytes: response.body.length,
      };
    },
  };
}
