import { stripTrailingLinkText } from '../domain/boilerplate.js';
import { CONTENT_MAX_CHARS, isFrontPage, type NormalisedItem } from '../domain/item.js';
import { canonicalUrl } from './canonical-url.js';
import { sanePublishedAt } from './feed-date.js';
import type { ParsedItem } from './feed-parser.js';
import { hasHiddenMarkup, htmlToLine, htmlToText, tidyLine, tidyText } from './html-text.js';
import { detectLanguage, normaliseLanguageTag } from './language.js';

export type NormaliseContext = { baseUrl: string; feedLanguage: string | null; now: number };

/** Summaries are teasers for digests, not articles: about three sentences. */
const SUMMARY_MAX_CHARS = 1000;
const TITLE_FROM_SUMMARY_CHARS = 80;

/** Cuts at the last space before `max` (unless that loses more than a third) and marks the cut. */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  if (space > (max * 2) / 3) cut = cut.slice(0, space);
  // Never leave half of a surrogate pair (emoji, rare CJK) at the end.
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut.replace(/[\s,;:.\-–—]+$/, '')}…`;
}

/** At most `max` characters: whole paragraphs, else whole words, marked as cut. */
export function truncateAtParagraph(text: string, max: number = CONTENT_MAX_CHARS): string {
  if (text.length <= max) return text;
  // Room for the cut mark ("\n…") after the last whole paragraph.
  const paragraph = text.lastIndexOf('\n', max - 2);
  // A paragraph break in the last half of the room: cut there; else (one giant paragraph) at a word.
  if (paragraph > max / 2) return `${text.slice(0, paragraph).trimEnd()}\n…`;
  return truncateAtWord(text, max);
}

/** Case- and width-insensitive title, the last resort identity for items with neither guid nor link. */
function foldTitle(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Plain text from the parser's own conversion when it is safe to reuse, else from the HTML. */
function plain(html: string, text: string | undefined, oneLine: boolean): string {
  if (text === undefined || hasHiddenMarkup(html)) return oneLine ? htmlToLine(html) : htmlToText(html);
  return oneLine ? tidyLine(text) : tidyText(text);
}

function textParts(item: ParsedItem): { summary: string; content: string | null } {
  const described = item.summaryHtml === '' ? '' : plain(item.summaryHtml, item.summaryText, true);
  const full = item.contentHtml === null ? '' : plain(item.contentHtml, item.contentText, false);
  const summary = truncateAtWord(
    stripTrailingLinkText(described === '' ? full.replace(/\n/g, ' ') : described),
    SUMMARY_MAX_CHARS,
  );
  return { summary, content: full.length > summary.length ? truncateAtParagraph(full) : null };
}

function languageOf(item: ParsedItem, feedLanguage: string | null, sample: () => string): string | null {
  return (
    normaliseLanguageTag(item.language) ?? normaliseLanguageTag(feedLanguage) ?? detectLanguage(sample())
  );
}

/**
 * A guid that is the site's front page is no more an identity than such a link (isFrontPage): scraper
 * feeds that give every item the front page as link give it as guid too, and keyed by it every item of
 * a read but the first was dropped as a repeat.
 */
function isFrontPageGuid(guid: string): boolean {
  // Not one with a fragment (`/#update-2`): a one-page site names each item's place on it so.
  if (!/^https?:\/\//i.test(guid) || /#./.test(guid)) return false;
  const url = canonicalUrl(guid);
  return url !== null && isFrontPage(url);
}

/**
 * A parsed item in Parley's terms: canonical URL, plain-text title/summary/content, a sane date,
 * a language and the key that identifies it within its feed.
 */
export function normaliseItem(item: ParsedItem, context: NormaliseContext): NormalisedItem {
  const url = item.link === null ? null : canonicalUrl(item.link, context.baseUrl);
  const { summary, content } = textParts(item);
  const ownTitle = item.title === '' ? '' : htmlToLine(item.title);
  const title = ownTitle === '' ? truncateAtWord(summary, TITLE_FROM_SUMMARY_CHARS) : ownTitle;
  const published = sanePublishedAt(item.published, context.now);
  const guid = item.guid?.trim() || null;
  const author = item.author === null ? null : htmlToLine(item.author) || null;
  const dedupeKey =
    guid !== null && !isFrontPageGuid(guid)
      ? `guid:${guid}`
      : url !== null && !isFrontPage(url)
        ? `url:${url}`
        : `title:${foldTitle(title)}`;
  return {
    guid,
    url,
    title,
    summary,
    content,
    publishedAt: published.at,
    publishedAtFromFeed: published.fromFeed,
    language: languageOf(item, context.feedLanguage, () => `${title}. ${summary}`),
    author,
    dedupeKey,
  };
}

/**
 * Normalises a feed's items, dropping empty ones and later duplicates of the same dedupeKey. Items of one
 * read that share a guid but link to different pages are different articles (a CMS that writes one guid
 * for every item): their keys take the link too, and only true repeats (same guid, same page) are
 * dropped. A live page's entries (/live#update-2) stay one item: the fragment is not another page.
 */
export function normaliseItems(items: ParsedItem[], context: NormaliseContext): NormalisedItem[] {
  const read = items
    .map((item) => normaliseItem(item, context))
    .filter((item) => item.title !== '' || item.url !== null || item.summary !== '');
  const pages = new Map<string, Set<string | null>>();
  for (const { dedupeKey, url } of read) pages.set(dedupeKey, (pages.get(dedupeKey) ?? new Set()).add(url));
  const seen = new Set<string>();
  const result: NormalisedItem[] = [];
  for (const item of read) {
    const { dedupeKey, url } = item;
    const shared = dedupeKey.startsWith('guid:') && (pages.get(dedupeKey)?.size ?? 0) > 1;
    const key = shared && url !== null ? `${dedupeKey}|url:${url}` : dedupeKey;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(key === dedupeKey ? item : { ...item, dedupeKey: key });
  }
  return result;
}
