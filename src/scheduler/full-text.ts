import type { Feed } from '../domain/feed.js';
import { isFrontPage, type NormalisedItem } from '../domain/item.js';
import type { ArticleReader, ItemStore } from '../domain/ports.js';
import type { Clock } from '../shared/clock.js';
import { describeError, isAppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { Semaphore } from '../shared/semaphore.js';

/**
 * Article pages that gave nothing, and until when not to ask again: a page that fails (or has no
 * article) would otherwise be fetched on every poll of its feed, which is rude to the outlet.
 */
export type ArticleMisses = {
  skip(url: string, now: number): boolean;
  record(url: string, now: number): void;
};

export function createArticleMisses(retryAfterMs = 24 * 3_600_000, limit = 10_000): ArticleMisses {
  const until = new Map<string, number>();
  return {
    skip: (url, now) => (until.get(url) ?? 0) > now,
    record(url, now) {
      // Oldest first out: a Map keeps insertion order, so the cache stays bounded without a sweep.
      if (until.size >= limit) until.delete(until.keys().next().value ?? '');
      until.set(url, now + retryAfterMs);
    },
  };
}

export type FullTextDeps = {
  feed: Feed;
  items: ItemStore;
  articles: ArticleReader;
  slots: Semaphore;
  misses: ArticleMisses;
  now: number;
  /** A page not begun by then is left for the feed's next poll (its item stored as the feed gave it). */
  budgetEndsAt: number;
  clock: Clock;
  log: Logger;
};

/**
 * For feeds marked fullText: fetch the article page of each item that has no full content yet
 * (neither in the feed nor already stored). A page that fails leaves its item as the feed gave it; one
 * not begun within the budget too, and is read on a later poll (it is not recorded as a miss).
 */
export async function fetchMissingContent(
  list: NormalisedItem[],
  deps: FullTextDeps,
): Promise<{ items: NormalisedItem[]; leftForLater: number }> {
  const { feed, items, articles, slots, misses, now, budgetEndsAt, clock, log } = deps;
  let leftForLater = 0;
  let waited = 0;
  const stored = items.keysWithContent(feed.id, list);
  // One read per page: a live page's updates, or a story's follow-ups, are items of their own that link
  // to the same page, which was fetched (and its failure logged) once for each of them.
  const pages = new Map<string, Promise<string | null | undefined>>();

  /** The page's text; null when it has none; undefined when it was left for a later poll. */
  async function readPage(url: string): Promise<string | null | undefined> {
    try {
      const content = await slots.run(async () => {
        if (clock.now() <= budgetEndsAt) return articles.readText(url);
        leftForLater += 1;
        return undefined;
      });
      if (content !== undefined && !content) misses.record(url, now);
      return content;
    } catch (error) {
      // Parley is stopping: the feed is left unread (and due), not stored with teasers.
      if (isAppError(error, 'stopped')) throw error;
      // Not asked: its host asked, answering another request, for a wait (http-fetcher.ts). Read on a
      // later poll, after it, not a day later as a page that failed.
      // Left for later as much as a page out of time: its item must be listed again (poll-feeds.ts).
      if (isAppError(error) && error.details['hostWait'] === true) {
        waited += 1;
        return undefined;
      }
      misses.record(url, now);
      log.info(
        { feed_url: feed.url, article_url: url, err: describeError(error) },
        'article text unavailable',
      );
      return null;
    }
  }

  const read = await Promise.all(
    list.map(async (item) => {
      if (item.content !== null || item.url === null || stored.has(item.dedupeKey)) return item;
      // A front-page link is where a scraper found the item, not its article: its text is the site's.
      if (isFrontPage(item.url)) return item;
      const url = item.url;
      if (misses.skip(url, now)) return item;
      let page = pages.get(url);
      if (page === undefined) {
        page = readPage(url);
        pages.set(url, page);
      }
      const content = await page;
      if (!content) return item;
      // A page that says less than the feed did is a paywall's or a consent page's standfirst, not the
      // article: the feed's summary stays the item's text (and the page is not asked again for a day).
      if (content.length <= item.summary.length) {
        misses.record(url, now);
        log.info(
          { feed_url: feed.url, article_url: url, chars: content.length },
          "article text unavailable: the page says less than the feed's summary",
        );
        return item;
      }
      return { ...item, content };
    }),
  );
  if (leftForLater > 0)
    log.info(
      { feed_url: feed.url, pages: leftForLater },
      'article pages left for the next poll: out of time',
    );
  return { items: read, leftForLater: leftForLater + waited };
}
