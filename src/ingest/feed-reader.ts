import type { FeedReader, FeedReadRequest, FeedReadResult } from '../domain/ports.js';
import type { Clock } from '../shared/clock.js';
import { AppError, isAppError } from '../shared/errors.js';
import { decodeFeedBytes } from './charset.js';
import { parseFeed } from './feed-parser.js';
import type { HttpFetcher } from './http-fetcher.js';
import { normaliseLanguageTag } from './language.js';
import { normaliseItems } from './normalise.js';

export type FeedReaderDeps = { fetcher: HttpFetcher; clock: Clock };

/**
 * Fetch → decode → parse → normalise for one feed. Conditional GET state goes in and comes out;
 * storing and scheduling are the caller's business.
 */
export function createFeedReader({ fetcher, clock }: FeedReaderDeps): FeedReader {
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
      const items = normaliseItems(parsed.items, { baseUrl, feedLanguage, now: clock.now() });
      return {
        kind: 'ok',
        status: response.status,
        finalUrl: response.finalUrl,
        etag: response.etag,
        lastModified: response.lastModified,
        cache: { maxAgeSeconds: response.maxAgeSeconds, ttlMinutes: parsed.ttlMinutes },
        feed: { title: parsed.title, link: parsed.link, language: feedLanguage, format: parsed.format },
        items,
        bytes: response.body.length,
      };
    },
  };
}
