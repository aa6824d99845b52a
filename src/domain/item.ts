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
 * The most of an item's full text Parley keeps. The longest news reports run to some 15,000 words
 * (about 100,000 characters); beyond that is a live blog's older updates, a book, or a feed gone wrong.
 * Everything after ingest (relevance, furniture, summaries, storage) is linear in the text, and 1 MB
 * items held the event loop for seconds in each of them.
 */
export const CONTENT_MAX_CHARS = 100_000;

/**
 * A full text cut at CONTENT_MAX_CHARS (ingest/normalise.ts truncateAtParagraph: more than half of it
 * kept, then "…"): the start of a longer text, never a teaser, however long the version stored before.
 */
export function isCutContent(text: string): boolean {
  return text.length > CONTENT_MAX_CHARS / 2 && text.endsWith('…');
}

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

// ISO 639-1 codes of languages news sites publish editions in.
const isoCodes = (
  'en fr de es it pt nl pl cs sk hu ro bg sr hr bs sl mk sq el tr ru uk be ka hy az kk uz ky tg lt lv ' +
  'et fi sv da ar fa he ku ps ur hi bn zh ja ko vi th id ms sw ha am so'
).split(' ');

/**
 * First path segments that may name a site's edition in another language, with that language: codes
 * (bbc.com/russian, dw.com/uk, france24.com/fr, pravda.com.ua/eng, censor.net/ua) and the BBC's
 * service names. Such a segment is an edition only when the item is in its language: thetimes.com/uk
 * is the Times's UK news, in English.
 */
export const editionLanguages: ReadonlyMap<string, string> = new Map([
  ...isoCodes.map((code) => [code, code] as const),
  ...Object.entries({
    ua: 'uk',
    eng: 'en',
    ukr: 'uk',
    rus: 'ru',
    'pt-br': 'pt',
    'zh-cn': 'zh',
    'zh-hans': 'zh',
    'zh-hant': 'zh',
  }),
  ...Object.entries({
    russian: 'ru',
    ukrainian: 'uk',
    arabic: 'ar',
    persian: 'fa',
    mundo: 'es',
    afrique: 'fr',
  }),
  ...Object.entries({ turkce: 'tr', hindi: 'hi', urdu: 'ur', portuguese: 'pt', serbian: 'sr', azeri: 'az' }),
  ...Object.entries({ uzbek: 'uz', kyrgyz: 'ky', pashto: 'ps', somali: 'so', swahili: 'sw', hausa: 'ha' }),
  ...Object.entries({ zhongwen: 'zh', vietnamese: 'vi', indonesia: 'id', bengali: 'bn', thai: 'th' }),
]);

/** The primary language of a tag, lower-case ("en" of "en-GB", "pt" of "pt_BR"; "uk" of "ua"); null for none. */
export function primaryLanguage(tag: string | null): string | null {
  const base = tag?.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return base === '' ? null : base === 'ua' ? 'uk' : base;
}

/**
 * The language most of the items are in, counted by primary language ("en" and "en-US" are one),
 * as the first item of that language tags it; ties go to the language seen first. Null when none says.
 */
export function majorityLanguage(items: ReadonlyArray<{ language: string | null }>): string | null {
  const counts = new Map<string, { tag: string; count: number }>();
  for (const item of items) {
    const primary = primaryLanguage(item.language);
    if (primary === null || item.language === null) continue;
    const seen = counts.get(primary);
    if (seen === undefined) counts.set(primary, { tag: item.language, count: 1 });
    else seen.count += 1;
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const { tag, count } of counts.values()) {
    if (count > bestCount) [best, bestCount] = [tag, count];
  }
  return best;
}

/**
 * The outlet an item comes from: its URL's host without "www." (a site's sections and feeds are one
 * outlet) and its language edition if the path names one in the item's language (editionLanguages),
 * else (no URL, an aggregator's link) its feed. Digests list a story's sources by it; stories count
 * them by its site, editions included (story-rows.ts source_count). It is stored with each item
 * (items.outlet).
 */
export function outletOf(url: string | null, feedId: number, language: string | null): string {
  const parts = url === null ? null : /^https?:\/\/([^/?#]*)(?:\/([^/?#]*))?/i.exec(url);
  const host = parts?.[1];
  if (host === undefined || host === '') return `feed:${feedId}`;
  const lower = host.toLowerCase();
  const site = lower.startsWith('www.') ? lower.slice(4) : lower;
  if (aggregatorHosts.has(site)) return `feed:${feedId}`;
  const segment = parts?.[2]?.toLowerCase();
  const edition = segment === undefined ? undefined : editionLanguages.get(segment);
  return edition !== undefined && edition === primaryLanguage(language) ? `${site}/${segment}` : site;
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

/**
 * Of the inserted, those held out of the analysis (see ItemStore.upsert): `backlog`, undated in a feed's
 * first fetch; `relisted`, listed again after retention removed them.
 */
export type UpsertResult = UpsertCounts & { backlog: number; relisted: number; changed: ChangedItem[] };
