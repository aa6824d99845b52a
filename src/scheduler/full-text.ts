import type { Feed } from '../domain/feed.js';
import type { NormalisedItem } from '../domain/item.js';
import type { ArticleReader, ItemStore } from '../domain/ports.js';
import { describeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { Semaphore } from '../shared/semaphore.js';

export type FullTextDeps = {
  feed: Feed;
  items: ItemStore;
  articles: ArticleReader;
  slots: Semaphore;
  log: Logger;
};

/**
 * For feeds marked fullText: fetch the article page of each item that has no full content yet
 * (neither in the feed nor already stored). A page that fails leaves its item as the feed gave it.
 */
export async function fetchMissingContent(
  list: NormalisedItem[],
  deps: FullTextDeps,
): Promise<NormalisedItem[]> {
  const { feed, items, articles, slots, log } = deps;
  const stored = items.keysWithContent(
    feed.id,
    list.map((item) => item.dedupeKey),
  );
  return Promise.all(
    list.map(async (item) => {
      if (item.content !== null || item.url === null || stored.has(item.dedupeKey)) return item;
      const url = item.url;
      try {
        const content = await slots.run(() => articles.readText(url));
        return content ? { ...item, content } : item;
      } catch (error) {
        log.info(
          { feed_url: feed.url, article_url: url, err: describeError(error) },
          'article text unavailable',
        );
        return item;
      }
    }),
  );
}
