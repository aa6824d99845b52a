/**
 * A feed's furniture: sentences it repeats verbatim in many of its items (a publisher's disclaimer, a
 * channel blurb, a login notice) that no lexical rule recognises. Template detection by repetition
 * across the pages of one site, like trafilatura's identical-segment detection
 * (https://trafilatura.readthedocs.io/en/latest/deduplication.html): what many items of one feed
 * share is the feed's, not the report's.
 */
import type { AnalysableItem } from '../domain/analysis.js';
import { foldText } from '../shared/fold.js';
import { stripDateline } from './dateline.js';
import { cleanSentenceStart } from './summary-furniture.js';
import { endsWithMark } from './summary-open-ends.js';
import { segmentSentences } from './summary-sentences.js';

export type FeedFurnitureOptions = {
  /** Distinct items a sentence must occur in. */
  minItems?: number;
  /** Share of the items with any text it must occur in: a wire's background sentence in 3 of 100 reports is news. */
  minShare?: number;
  /** Shorter sentences ("Read more.", "Photo: AP.") are left to the lexical rules. */
  minChars?: number;
};

/**
 * The normalised keys of a feed's furniture sentences, and their lengths in words (longest first);
 * `cutLength`, the length at which the feed cuts its descriptions, when it does (see cutLengthOf).
 */
export type FeedFurniture = {
  readonly keys: ReadonlySet<string>;
  readonly wordCounts: readonly number[];
  readonly cutLength?: number | null;
};

export const feedFurnitureDefaults = { minItems: 3, minShare: 0.3, minChars: 25 } as const;

const noFurniture: FeedFurniture = { keys: new Set(), wordCounts: [], cutLength: null };

// A description that ends without terminal punctuation (quotes and brackets may follow it).
const unpunctuated = (text: string): boolean => !endsWithMark(text);
const codePoints = (text: string): number => [...text].length;
// Feeds cut descriptions at 150 characters or more; a short text many items share ("Video", a date)
// is a label, not a cut.
const minCutLength = 80;

/**
 * The length at which a feed cuts its descriptions (Mainichi: 150 characters, mid-word, no "…"): the
 * length, give or take one, of at least 3 and 30 % of its descriptions that end without punctuation.
 * A feed whose unpunctuated descriptions vary in length (TASS puts no full stop after whole ones) has
 * none. Null without such a length.
 */
function cutLengthOf(items: readonly AnalysableItem[]): number | null {
  const lengths = items
    .filter((item) => (item.content ?? '').trim() === '')
    .map((item) => item.summary.trim())
    .filter((summary) => summary !== '' && unpunctuated(summary))
    .map(codePoints);
  if (lengths.length < 3) return null;
  const counts = new Map<number, number>();
  for (const length of lengths) counts.set(length, (counts.get(length) ?? 0) + 1);
  let best: number | null = null;
  let most = 0;
  for (const length of counts.keys()) {
    const near = (counts.get(length) ?? 0) + (counts.get(length - 1) ?? 0);
    if (near > most) [best, most] = [length, near];
  }
  return best !== null && best >= minCutLength && most >= 3 && most >= 0.3 * lengths.length ? best : null;
}

/** A description the feed cut, marked as cut ("…"), so that its last piece is not taken for a sentence. */
function markCut(summary: string, cutLength: number | null | undefined): string {
  if (cutLength === null || cutLength === undefined) return summary;
  const text = summary.trim();
  const length = codePoints(text);
  return unpunctuated(text) && length >= cutLength - 1 && length <= cutLength + 1 ? `${text}…` : summary;
}

type Piece = { raw: string; sentence: string; key: string };

/** One paragraph's sentences, keyed by their case- and diacritic-folded text without dateline or label. */
function piecesOf(paragraph: string, language: string | null): Piece[] {
  return segmentSentences(paragraph, language).map((raw) => {
    const sentence = stripDateline(cleanSentenceStart(raw)).replace(/\s+/g, ' ').trim();
    return { raw, sentence, key: foldText(sentence) };
  });
}

/**
 * The rest of a sentence that opens with a furniture sentence: flattened page text glues a masthead or
 * a login notice to the first sentence of the report when no full stop parts them. Null when it does not.
 */
function afterFurniture(piece: Piece, furniture: FeedFurniture): string | null {
  const words = piece.sentence.split(' ');
  for (const count of furniture.wordCounts) {
    if (count < words.length && furniture.keys.has(foldText(words.slice(0, count).join(' '))))
      return words.slice(count).join(' ');
  }
  return null;
}

function paragraphsOf(text: string): string[] {
  return text.split(/\n+/).filter((paragraph) => paragraph.trim() !== '');
}

function hasText(item: AnalysableItem): boolean {
  return item.summary.trim() !== '' || (item.content?.trim() ?? '') !== '';
}

// What of each text furniture is learnt from: its start and its end, where a feed's mastheads, blurbs,
// disclaimers and sign-up notices sit. Learning reads 40 recent items of each feed (story-pipeline.ts),
// and three items of 1 MB took 0.5–4 s on the event loop; cleaning still reads the whole item.
const learnEdgeChars = 10_000;

/** The text's first and last `learnEdgeChars`, each cut at a paragraph break; all of a shorter text. */
function edgesOf(text: string): string[] {
  if (text.length <= 2 * learnEdgeChars) return [text];
  const half = learnEdgeChars / 2;
  const headEnd = text.lastIndexOf('\n', learnEdgeChars);
  const tailStart = text.indexOf('\n', text.length - learnEdgeChars);
  return [
    text.slice(0, headEnd > half ? headEnd : learnEdgeChars),
    text.slice(
      tailStart >= 0 && tailStart < text.length - half ? tailStart + 1 : text.length - learnEdgeChars,
    ),
  ];
}

function keysOf(item: AnalysableItem, minChars: number): Set<string> {
  const keys = new Set<string>();
  for (const text of [item.summary, ...edgesOf(item.content ?? '')]) {
    for (const paragraph of paragraphsOf(text)) {
      for (const piece of piecesOf(paragraph, item.language))
        if (piece.sentence.length >= minChars) keys.add(piece.key);
    }
  }
  return keys;
}

// Two items sharing more than this share of their title words and of their sentences are one report.
const sameReport = 0.5;

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const key of a) if (b.has(key)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/**
 * Each item's sentence keys, near-copies merged: a feed that carries one report three times (an
 * update, a re-post under a new address) repeats its sentences without their being furniture. A
 * copy has much the same title and text; videos of one channel share a long blurb, not their titles.
 */
function reportsOf(items: readonly AnalysableItem[], minChars: number): Array<Set<string>> {
  const reports: Array<{ title: Set<string>; keys: Set<string> }> = [];
  for (const item of items) {
    const keys = keysOf(item, minChars);
    const title = new Set(foldText(item.title).split(' '));
    const same = reports.find(
      (report) => jaccard(report.title, title) > sameReport && jaccard(report.keys, keys) > sameReport,
    );
    if (same === undefined) reports.push({ title, keys });
    else for (const key of keys) same.keys.add(key);
  }
  return reports.map((report) => report.keys);
}

/**
 * The sentences that occur in at least `minItems` and `minShare` of these items (one feed's recent
 * ones), counting the copies of one report once.
 */
export function furnitureOf(
  items: readonly AnalysableItem[],
  options: FeedFurnitureOptions = {},
): FeedFurniture {
  const minItems = options.minItems ?? feedFurnitureDefaults.minItems;
  const minShare = options.minShare ?? feedFurnitureDefaults.minShare;
  const minChars = options.minChars ?? feedFurnitureDefaults.minChars;
  const reports = reportsOf(items.filter(hasText), minChars);
  const cutLength = cutLengthOf(items);
  const needed = Math.max(minItems, Math.ceil(minShare * reports.length));
  if (reports.length < needed) return { ...noFurniture, cutLength };
  const counts = new Map<string, number>();
  for (const keys of reports) {
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const keys = new Set<string>();
  for (const [key, count] of counts) if (count >= needed) keys.add(key);
  const wordCounts = new Set([...keys].map((key) => key.split(' ').length));
  return { keys, wordCounts: [...wordCounts].sort((a, b) => b - a), cutLength };
}

type Cleaned = { text: string; removed: number };

/** The paragraph's sentences that are not furniture, or null when it has none to remove. */
function cleanParagraph(
  paragraph: string,
  language: string | null,
  furniture: FeedFurniture,
): Cleaned | null {
  let removed = 0;
  const kept: string[] = [];
  for (const piece of piecesOf(paragraph, language)) {
    const rest = furniture.keys.has(piece.key) ? '' : afterFurniture(piece, furniture);
    if (rest === null) kept.push(piece.raw);
    else {
      removed += 1;
      if (rest !== '') kept.push(rest);
    }
  }
  return removed === 0 ? null : { text: kept.join(' '), removed };
}

function clean(text: string, language: string | null, furniture: FeedFurniture): Cleaned {
  let removed = 0;
  const paragraphs: string[] = [];
  for (const paragraph of paragraphsOf(text)) {
    const cleaned = cleanParagraph(paragraph, language, furniture);
    if (cleaned === null) paragraphs.push(paragraph);
    else {
      removed += cleaned.removed;
      if (cleaned.text !== '') paragraphs.push(cleaned.text);
    }
  }
  return removed === 0 ? { text, removed } : { text: paragraphs.join('\n').trim(), removed };
}

/** The item without its feed's furniture sentences, and how many were removed. */
export function removeFurniture(
  item: AnalysableItem,
  furniture: FeedFurniture,
): { item: AnalysableItem; removed: number } {
  const described =
    (item.content ?? '').trim() === '' ? markCut(item.summary, furniture.cutLength) : item.summary;
  const marked = described === item.summary ? item : { ...item, summary: described };
  if (furniture.keys.size === 0) return { item: marked, removed: 0 };
  const summary = clean(marked.summary, item.language, furniture);
  const content = item.content === null ? null : clean(item.content, item.language, furniture);
  const removed = summary.removed + (content?.removed ?? 0);
  if (removed === 0) return { item: marked, removed };
  return { item: { ...item, summary: summary.text, content: content?.text ?? null }, removed };
}

/** The item with its feed's furniture sentences taken out of summary and content; the title stays. */
export function withoutFurniture(item: AnalysableItem, furniture: FeedFurniture): AnalysableItem {
  return removeFurniture(item, furniture).item;
}

/** Learns a feed's furniture from its recent items once, for cleaning any number of its items. */
export function furnitureCleaner(
  recent: readonly AnalysableItem[],
  options: FeedFurnitureOptions = {},
): (item: AnalysableItem) => AnalysableItem {
  const furniture = furnitureOf(recent, options);
  return (item) => withoutFurniture(item, furniture);
}
