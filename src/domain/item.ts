/** An item as normalised from a feed, before it is stored. Times are epoch milliseconds. */
export type NormalisedItem = {
  /** The feed's own id for the item (RSS guid, Atom id), if it has one. */
  guid: string | null;
  /** Canonical absolute URL: tracking parameters and fragment removed. */
  url: string | null;
  title: string;
  /** Plain text, no markup, whitespace collapsed. */
  summary: string;
  /** Plain-text full content: from the feed (content:encoded, Atom content) or the article page. */
  content: string | null;
  /** A sane publication time: missing, 1970-ish or far-future dates are replaced by first-seen time. */
  publishedAt: number;
  /** Whether publishedAt came from the feed (false: it is the first-seen time). */
  publishedAtFromFeed: boolean;
  /** ISO 639-1 code, or null when neither the feed nor detection could tell. */
  language: string | null;
  author: string | null;
  /**
   * Identity within a feed: `guid:…`, else `url:…`, else `title:…` (also for a link to the site's
   * front page, which says where the item was found, not which item it is: see isFrontPage).
   */
  dedupeKey: string;
};

/**
 * Whether a canonical URL is a site's front page: feeds made by scrapers (python-feedgen, RSS
 * bridges) give every item the site's address, which is then neither an identity nor an article.
 */
export function isFrontPage(url: string): boolean {
  return /^https?:\/\/[^/?#]+\/?$/.test(url);
}

/**
 * Hosts whose links carry many outlets' reports (news aggregators, link shorteners, Telegram): an item
 * linking there counts for its feed, as items without a link do.
 */
export const aggregatorHosts: ReadonlySet<string> = new Set([
  'news.google.com',
  'news.yahoo.com',
  'msn.com',
  'allafrica.com',
  't.me',
  'bit.ly',
  'feedproxy.google.com',
]);

/**
 * The outlet an item comes from: its URL's host without "www." (a site's sections and feeds are one
 * outlet), else (no URL, an aggregator's link) its feed. Stories count and list their sources by it
 * (story-rows.ts source_count computes the same in SQL).
 */
export function outletOf(url: string | null, feedId: number): string {
  const host = url === null ? undefined : /^https?:\/\/([^/?#]*)/i.exec(url)?.[1];
  if (host === undefined || host === '') return `feed:${feedId}`;
  const lower = host.toLowerCase();
  const site = lower.startsWith('www.') ? lower.slice(4) : lower;
  return aggregatorHosts.has(site) ? `feed:${feedId}` : site;
}

/** An item as stored. */
export type Item = NormalisedItem & {
  id: number;
  feedId: number;
  firstSeenAt: number;
  updatedAt: number;
};

/** What storing a batch of items did. */
export type UpsertCounts = { inserted: number; updated: number; unchanged: number };

/** An item that a batch inserted or changed, with its id, for the analysis that follows storing. */
export type ChangedItem = { id: number; kind: 'inserted' | 'updated'; item: NormalisedItem };

/** `backlog`: of the inserted, those stored as backlog (undated in a feed's first fetch: see ItemStore). */
export type UpsertResult = UpsertCounts & { backlog: number; changed: ChangedItem[] };
