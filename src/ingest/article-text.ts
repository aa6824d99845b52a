/**
 * Main text of a news article page: Readability (Firefox Reader View) on a linkedom DOM after
 * removing page furniture, a content-density fallback when Readability finds too little, then
 * paragraph-level boilerplate removal.
 */
import { Readability } from '@mozilla/readability';
import { stripBoilerplate } from '../domain/boilerplate.js';
import { blockParagraphs } from './block-text.js';
import { densityParagraphs } from './density-fallback.js';
import { type DomElement, parseDocument } from './html-dom.js';
import { jsonLdParagraphs } from './json-ld-body.js';
import { preClean } from './pre-clean.js';

// Below this much text Readability's pick is not trusted and the density fallback is tried too.
const minReadabilityChars = 250;
// An extraction shorter than this, or without one sentence-sized paragraph, is not an article.
const minArticleChars = 150;
const minLongestParagraph = 80;
const jsonLdPreference = 1.5;
const maxHeadlineIndex = 3;
const minHeadlineChars = 20;

function textLength(paragraphs: readonly string[]): number {
  return paragraphs.reduce((sum, paragraph) => sum + paragraph.length, 0);
}

type Candidates = { readability: string[]; jsonLd: string[] };

function comparable(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Drops the headline from the top of the text: the title is the item's, not the body's. Readability
 * does this only for Latin script, its title similarity splits words on \W
 * (https://github.com/mozilla/readability/blob/main/Readability.js, _textSimilarity).
 */
function withoutHeadline(paragraphs: string[], title: string | null | undefined): string[] {
  if (!title) return paragraphs;
  const heading = comparable(title);
  const isHeadline = (paragraph: string, index: number): boolean => {
    const text = comparable(paragraph);
    return index < maxHeadlineIndex && text.length >= minHeadlineChars && heading.includes(text);
  };
  return paragraphs.filter((paragraph, index) => !isHeadline(paragraph, index));
}

// Readability's time grows much faster than the page with nesting (1,000 nested <div>s, 11 KB: 6 s on
// the event loop, which polls and answers chats meanwhile); the deepest of the 535 real article pages
// in ../shared/corpora/articles is 38 elements deep. Deeper pages get the density fallback alone.
const maxReadabilityDepth = 150;

/** The element nesting depth of the document, counted without recursion. */
function nestingDepth(root: DomElement | null): number {
  if (root === null) return 0;
  let deepest = 0;
  const stack: Array<[DomElement, number]> = [[root, 1]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [element, depth] = next;
    deepest = Math.max(deepest, depth);
    for (const child of Array.from(element.children)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function readabilityCandidates(html: string, url: string): Candidates {
  const document = parseDocument(html);
  const jsonLd = jsonLdParagraphs(document, url);
  if (nestingDepth(document.documentElement) > maxReadabilityDepth) return { readability: [], jsonLd };
  preClean(document);
  // Spec: https://github.com/mozilla/readability#api-reference (serializer `el => el` returns the element)
  const reader = new Readability<DomElement>(document, { serializer: (element: DomElement) => element });
  const article = reader.parse();
  const paragraphs = article?.content ? withoutHeadline(blockParagraphs(article.content), article.title) : [];
  return { readability: paragraphs, jsonLd };
}

function fallbackParagraphs(html: string): string[] {
  const document = parseDocument(html);
  preClean(document);
  return densityParagraphs(document);
}

// A Chinese, Japanese or Korean character carries about as much as a short Latin word.
const denseScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
const denseScriptWeight = 3;

function weightedLength(paragraph: string): number {
  return paragraph.length + (denseScriptWeight - 1) * (paragraph.match(denseScript)?.length ?? 0);
}

function isArticleLike(paragraphs: readonly string[]): boolean {
  const lengths = paragraphs.map(weightedLength);
  const total = lengths.reduce((sum, length) => sum + length, 0);
  return total >= minArticleChars && Math.max(0, ...lengths) >= minLongestParagraph;
}

/**
 * The main text of an article page as plain text, paragraphs separated by a blank line, boilerplate
 * removed; null when nothing article-like was found. `url` is the page's address after redirects;
 * it picks the page's own article when the page embeds several in JSON-LD.
 */
export function extractArticleText(html: string, url: string): string | null {
  try {
    return extract(html, url);
  } catch (error) {
    // linkedom and Readability recurse over the tree; absurdly deep markup exhausts the stack.
    if (error instanceof RangeError) return null;
    throw error;
  }
}

// Elements without an end tag: https://html.spec.whatwg.org/multipage/syntax.html#void-elements
const voidTags = new Set('area base br col embed hr img input link meta param source track wbr'.split(' '));
const tagStart = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/g;
// The parser (htmlparser2 under linkedom) keeps its open elements in an array it unshifts, so its time
// grows with the square of the nesting: `<p><b>` repeated 80,000 times (560 KB) held the event loop
// 36 s. The real article pages in ../shared/corpora/articles have at most 1,068 tags open at once.
const maxUnclosedTags = 5_000;

/**
 * The most start tags open at once, voids aside: at least the nesting depth the parser will reach.
 * Linear. The most at any point, not the count left at the end: `<div>` nested 100,000 deep and
 * closed again leaves none open and held the event loop 15 s (a 10 MB page so nested, hours).
 */
function unclosedTags(html: string): number {
  let open = 0;
  let most = 0;
  for (const [, slash, name] of html.matchAll(tagStart)) {
    // A stray end tag closes nothing: the parser ignores it.
    if (slash === '/') open = Math.max(0, open - 1);
    else if (!voidTags.has((name ?? '').toLowerCase())) most = Math.max(most, ++open);
  }
  return most;
}

function extract(html: string, url: string): string | null {
  if (unclosedTags(html) > maxUnclosedTags) return null;
  const candidates = readabilityCandidates(html, url);
  let paragraphs = stripBoilerplate(candidates.readability);
  if (textLength(paragraphs) < minReadabilityChars) {
    const fallback = stripBoilerplate(fallbackParagraphs(html));
    if (textLength(fallback) > textLength(paragraphs)) paragraphs = fallback;
  }
  // A page whose markup holds much less text than its JSON-LD articleBody is rendered by scripts.
  const jsonLd = stripBoilerplate(candidates.jsonLd);
  if (textLength(jsonLd) > jsonLdPreference * textLength(paragraphs)) paragraphs = jsonLd;
  return isArticleLike(paragraphs) ? paragraphs.join('\n\n') : null;
}
