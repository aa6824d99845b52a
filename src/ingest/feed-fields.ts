import type { ParsedItem } from './feed-parser.js';

/** rss-parser hands back whatever xml2js built; every field is checked before it is trusted. */
export type RawRecord = Record<string, unknown>;

/** A string field, or the text of an element that had attributes (xml2js puts it under `_`). */
export function stringField(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'object' && value !== null && '_' in value) return stringField(value._);
  return null;
}

function attribute(record: RawRecord, name: string): string | null {
  const attributes = record['attrs'];
  if (typeof attributes !== 'object' || attributes === null) return null;
  return stringField((attributes as RawRecord)[name]);
}

/** Resolves `href` against an xml:base chain when that yields an absolute URL; otherwise leaves it. */
export function resolveAgainst(href: string, base: string | null): string {
  if (base === null) return href;
  try {
    return new URL(href, base).href;
  } catch {
    return href;
  }
}

/** The effective xml:base of an entry: its own (possibly relative to the feed's), else the feed's. */
function entryBase(record: RawRecord, feedBase: string | null): string | null {
  const own = attribute(record, 'xml:base');
  if (own === null) return feedBase;
  return feedBase === null ? own : resolveAgainst(own, feedBase);
}

/** An RSS guid without a link is the article's URL when it looks like one (RSS 2.0 isPermaLink default). */
function rssLink(record: RawRecord, guid: string | null): string | null {
  const link = stringField(record['link']);
  if (link !== null) return link.trim();
  return guid !== null && /^https?:\/\//i.test(guid) ? guid : null;
}

function author(record: RawRecord): string | null {
  return stringField(record['creator']) ?? stringField(record['author']);
}

function withLanguage(item: ParsedItem, language: string | null): ParsedItem {
  if (language !== null) item.language = language;
  return item;
}

/**
 * rss-parser already strips tags and decodes entities for `contentSnippet` (from `<description>` or Atom
 * `<content>`) and `content:encodedSnippet`; reusing them saves converting the same HTML twice, which
 * matters for the ingest throughput goal (lib/utils.js getSnippet, which feed-parser.ts sets to htmlToText).
 */
function withSnippets(item: ParsedItem, summary: unknown, content: unknown): ParsedItem {
  if (typeof summary === 'string') item.summaryText = summary;
  if (typeof content === 'string') item.contentText = content;
  return item;
}

/**
 * RSS 0.9x / 1.0 / 2.0 item as rss-parser shapes it: `<description>` arrives as `content`,
 * `<content:encoded>` under its own name, `<dc:date>` as `date`, `<dc:creator>`/`<author>` as `creator`.
 * Spec: https://www.rssboard.org/rss-specification#hrelementsOfLtitemgt
 */
export function rssItem(record: RawRecord): ParsedItem {
  const guid = stringField(record['guid']);
  const description = stringField(record['content']);
  const item: ParsedItem = {
    guid: guid?.trim() ?? null,
    link: rssLink(record, guid),
    title: stringField(record['title']) ?? '',
    summaryHtml: description ?? stringField(record['summary']) ?? '',
    contentHtml: stringField(record['content:encoded']),
    published:
      stringField(record['isoDate']) ?? stringField(record['pubDate']) ?? stringField(record['date']),
    author: author(record),
  };
  const snippet = description === null ? undefined : record['contentSnippet'];
  return withLanguage(
    withSnippets(item, snippet, record['content:encodedSnippet']),
    stringField(record['language']),
  );
}

/** A `<link>`'s target: its href, or the text of a `<link>URL</link>` written as in RSS. */
function linkTarget(link: unknown): { href: string; rel: string } | null {
  if (typeof link !== 'object' || link === null) {
    const text = stringField(link);
    return text === null ? null : { href: text, rel: 'alternate' };
  }
  const attributes =
    '$' in link && typeof link.$ === 'object' && link.$ !== null ? (link.$ as RawRecord) : {};
  const href = stringField(attributes['href']) ?? stringField(link);
  return href === null ? null : { href, rel: stringField(attributes['rel'])?.trim() ?? 'alternate' };
}

/**
 * The Atom link to the page itself: the first `rel="alternate"` (also a link without rel), else the first
 * of any kind as rss-parser chose. Spec: https://www.rfc-editor.org/rfc/rfc4287#section-4.2.7.2
 */
export function atomLink(links: unknown): string | null {
  if (!Array.isArray(links)) return null;
  const targets = links.map(linkTarget).filter((target) => target !== null);
  return (targets.find((target) => target.rel === 'alternate') ?? targets[0])?.href ?? null;
}

/**
 * Atom entry: `<id>` arrives as `id`, `<summary>`/`<content>` as `summary`/`content`, dates raw from
 * the shielded `parley-published`/`parley-updated` (see xml-repair.ts), links resolved against xml:base.
 * Spec: https://www.rfc-editor.org/rfc/rfc4287#section-4.1.2
 */
export function atomItem(record: RawRecord, feedBase: string | null): ParsedItem {
  const href = atomLink(record['links']);
  const item: ParsedItem = {
    guid: stringField(record['id'])?.trim() ?? null,
    link: href === null ? null : resolveAgainst(href.trim(), entryBase(record, feedBase)),
    title: stringField(record['title']) ?? '',
    summaryHtml: stringField(record['summary']) ?? '',
    contentHtml: stringField(record['content']),
    published: stringField(record['published']) ?? stringField(record['updated']),
    author: author(record),
  };
  const withText = withSnippets(item, undefined, record['contentSnippet']);
  return withLanguage(withText, attribute(record, 'xml:lang') ?? stringField(record['language']));
}

const minutesPerPeriod: Readonly<Record<string, number>> = {
  hourly: 60,
  daily: 1440,
  weekly: 10_080,
  monthly: 43_200,
  yearly: 525_600,
};

/**
 * RSS `<ttl>` in minutes, else the syndication module's period / frequency.
 * Spec: https://www.rssboard.org/rss-specification#ltttlgtSubelementOfLtchannelgt,
 * https://web.resource.org/rss/1.0/modules/syndication/
 */
export function ttlMinutes(feed: RawRecord): number | null {
  const ttl = Number.parseInt(stringField(feed['ttl']) ?? '', 10);
  if (Number.isFinite(ttl) && ttl > 0) return ttl;
  const period = stringField(feed['sy:updatePeriod'])?.trim().toLowerCase();
  const minutes =
    period === undefined || !Object.hasOwn(minutesPerPeriod, period) ? undefined : minutesPerPeriod[period];
  if (minutes === undefined) return null;
  const frequency = Number.parseInt(stringField(feed['sy:updateFrequency']) ?? '1', 10);
  return Math.max(1, Math.round(minutes / (Number.isFinite(frequency) && frequency > 0 ? frequency : 1)));
}
