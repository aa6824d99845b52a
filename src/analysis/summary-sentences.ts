import type { AnalysableItem } from '../domain/analysis.js';
import { isBoilerplate } from '../domain/boilerplate.js';
import { stripDateline, stripParagraphDateline } from './dateline.js';
import { cleanSentenceStart, hasBalancedQuotes, looksLikeFurniture } from './summary-furniture.js';
import { closeOpenEnd } from './summary-open-ends.js';
import { sentences, tokenize } from './text.js';

/** A sentence that may go into a summary, with where it comes from. */
export type SummaryCandidate = { text: string; itemIndex: number; position: number };

// Later sentences of a long article rarely summarise it; the cap also bounds the work per story (and
// per fallback sentence: a 1 MB feed summary segmented whole took seconds).
export const maxSentencesPerItem = 40;
// And per story: a story of many reports reads fewer of each, down to its leads, so that a refresh stays
// short (100 full-text reports took 0.22 s in one stretch, all 40 sentences of each read). Stories of up
// to 25 reports read 40 of each, as before; a single article too.
const maxSentencesPerStory = 1000;
const minSentencesPerItem = 8;

/** How many sentences of each of `count` reports a summary reads. */
export function sentencesPerItem(count: number): number {
  return Math.max(
    minSentencesPerItem,
    Math.min(maxSentencesPerItem, Math.floor(maxSentencesPerStory / count)),
  );
}
// Lines that give no sentence (a link list, "Read more", photo credits) are skipped at several µs each:
// past this many lines per sentence wanted, the rest of a text of 100,000 such lines is not read.
const maxLinesPerSentence = 25;
const minWords = 4;
const maxCaptionLength = 90;

// Quotes and brackets that may close a sentence after its full stop.
const closers = `["'»”’)\\]]*`;
// ۔ is the full stop of Urdu (and of some Arabic-script feeds).
const terminal = new RegExp(`[.!。۔](?:${closers})$`, 'u');
const truncated = new RegExp(`(?:\\.\\.\\.|…|\\.\\s*\\.)(?:${closers})$`, 'u');
// A capital, or a letter of a script without case (Arabic, Hebrew): a lower-case start is a fragment.
const opening = /^["'«„“‘(\p{Lu}\p{Lo}\p{N}]/u;
// A sentence that is nothing but a quotation does not say who said it.
const bareQuote = /^["“«„][^"“”«»„]+["”»“][.!]?$/u;
// A leading "[allAfrica]"-style source tag that some feeds put before the summary.
const sourceTag = /^\[[^\]\n]{1,40}\]\s*/u;
// A photo credit: the sentence before it is usually the caption, not article text.
const photoCredit =
  /^\(?(photo|photograph|image|picture|credit|фото|ілюстрація|иллюстрация)\s*(:|©|by\b)|getty images|shutterstock/iu;
/** The text a summary draws on: the full content when there is any, else the feed summary. */
export function sourceText(item: AnalysableItem): string {
  const content = item.content?.trim() ?? '';
  return content !== '' ? content : item.summary.trim();
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

// Feed descriptions run to a few hundred characters; a longer text in the description field is the
// article itself (Kyiv Independent), with bylines and subheadings that have no full stop either.
const maxDescriptionChars = 1000;

/** True for a feed description short enough to be one, not an article put in the description field. */
export function isShortDescription(summary: string): boolean {
  return collapse(summary).length <= maxDescriptionChars;
}

/**
 * True when the text a summary draws on is a short feed description: there is no content, or the
 * content only repeats the description (some feeds put it in both). Page text is not.
 */
function isDescription(item: AnalysableItem): boolean {
  const content = item.content?.trim() ?? '';
  return (content === '' || collapse(content) === collapse(item.summary)) && isShortDescription(item.summary);
}

/**
 * The sentences of the text a summary draws on (`sourceText`); in a description, the last sentence of
 * a paragraph counts without a full stop (see summary-open-ends.ts).
 */
export function itemSentences(
  item: AnalysableItem,
  language: string | null,
  limit = Number.POSITIVE_INFINITY,
): string[] {
  return splitSentences(sourceText(item), language, limit, isDescription(item));
}

/**
 * Sentences as Intl.Segmenter finds them, pieces cut after a title or an initial ("Mr. | Trump",
 * "Amb. | Smith", "в г. | Анкоридж") joined again by sentences.ts, which keeps the one list of them.
 */
export function segmentSentences(text: string, language: string | null): string[] {
  return sentences(text, language);
}

/**
 * The sentences of a text, whitespace collapsed, each paragraph's dateline and source tag removed.
 * A paragraph that is page furniture as a whole and opens as such (a donation box, a sign-up form)
 * goes entirely; otherwise each sentence is judged on its own later, because flattened page text
 * puts an appeal in the same "paragraph" as the news. A short sentence right before a photo credit
 * is the caption and goes with the credit. With `openEnds` (a feed description), the last piece of
 * each paragraph that ends without punctuation gets a full stop when it reads as a whole sentence (a
 * description its feed cut at a fixed length ends in "…": feed-furniture.ts marks it).
 */
export function splitSentences(
  text: string,
  language: string | null,
  limit = Number.POSITIVE_INFINITY,
  openEnds = false,
): string[] {
  const result: string[] = [];
  let previous: string | null = null;
  const lines = text.trim().split(/\n+/);
  for (const line of lines.slice(0, limit * maxLinesPerSentence)) {
    if (result.length >= limit) break;
    const paragraph = stripParagraphDateline(line.trim().replace(sourceTag, '')).replace(/\s+/g, ' ');
    if (paragraph === '') continue;
    const { pieces, whole } = segmentPrefix(paragraph, language, limit - result.length);
    const last = pieces.length - 1;
    if (openEnds && whole && last >= 0) {
      pieces[last] = closeOpenEnd(pieces[last] ?? '');
    }
    const dropped = isBoilerplate(paragraph) && isBoilerplate(pieces[0] ?? '');
    for (const piece of pieces) {
      if (photoCredit.test(piece)) {
        const caption = result.at(-1);
        if (caption === previous && caption !== undefined && caption.length <= maxCaptionLength) result.pop();
        previous = null;
      } else if (!dropped) {
        result.push(piece);
        previous = piece;
      }
    }
    if (dropped) previous = null;
  }
  return result;
}

// Segmenting a long article costs more than everything else a summary does; only as much of a
// paragraph as `wanted` sentences can fill is segmented, and the piece cut at that point is dropped.
const charsPerSentence = 250;

/** The paragraph's first sentences; `whole` when they run to the end of the paragraph. */
function segmentPrefix(
  paragraph: string,
  language: string | null,
  wanted: number,
): { pieces: string[]; whole: boolean } {
  const reach = wanted * charsPerSentence;
  const cut = paragraph.length > reach;
  const pieces = segmentSentences(cut ? paragraph.slice(0, reach) : paragraph, language);
  if (cut) pieces.pop();
  return { pieces: pieces.map((piece) => stripDateline(cleanSentenceStart(piece))), whole: !cut };
}

/**
 * True when the sentence ends as a statement: a full stop or "!" (closing quotes allowed). Not a
 * question (in a feed, a teaser) and not cut off with "…".
 */
export function isComplete(sentence: string): boolean {
  return terminal.test(sentence) && !truncated.test(sentence);
}

/**
 * True for a sentence that can stand in a summary: complete, not a question (a teaser), not page
 * furniture, not a fragment of a badly split sentence, no links or handles, and long enough to say
 * something (a lone dateline or credit is not).
 */
export function isSummarySentence(sentence: string): boolean {
  return (
    isComplete(sentence) &&
    opening.test(sentence) &&
    hasBalancedQuotes(sentence) &&
    !bareQuote.test(sentence) &&
    tokenize(sentence).length >= minWords &&
    !looksLikeFurniture(sentence) &&
    !isBoilerplate(sentence)
  );
}

// A quotation left open for more sentences than this was a stray mark, not a speaker's long quote.
const maxQuotedRun = 4;

/** Whether a quotation is open after `text`, given whether one was before it. */
function openAfter(text: string, open: boolean, opener: string): { open: boolean; opener: string } {
  let state = { open, opener };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '«' || c === '„' || (c === '“' && state.opener !== '„')) state = { open: true, opener: c };
    else if (c === '»' || c === '”' || c === '“') state = { open: false, opener: '' };
    // A straight quote opens at the start or after a space or an opening bracket; else it closes.
    else if (c === '"') state = { open: i === 0 || /[\s([]/u.test(text[i - 1] ?? ''), opener: c };
  }
  return state;
}

/**
 * Per sentence, true when it stands inside a quotation that an earlier sentence opened and a later one
 * closes ("…this war now has to come to an end. | There is no military solution to this war. | It only
 * ends in a negotiated settlement," Rubio said.): a speaker's words without their quotation marks and
 * speaker, which a summary would give as the outlet's own. A sentence that opens a quotation again
 * goes on with it (a quote over several paragraphs opens each, closing only the last: "Hamas will not
 * be defeated without bringing back the last hostage." between two of them). A quotation that never
 * closes or opens again, or only after more than `maxQuotedRun` sentences, was a stray mark.
 */
export function insideQuotation(texts: readonly string[]): boolean[] {
  const inside = texts.map(() => false);
  let state = { open: false, opener: '' };
  let run: number[] = [];
  texts.forEach((text, index) => {
    const reopens = /^["“„«]/u.test(text);
    const wasOpen = state.open && !reopens;
    // A quotation that closes, or that a sentence opens again (the next paragraph of the quote).
    if (state.open && (reopens || !openAfter(text, true, state.opener).open)) {
      for (const at of run) inside[at] = true;
    }
    state = openAfter(text, wasOpen, wasOpen ? state.opener : '');
    if (!wasOpen || !state.open) run = [];
    else if (run.length < maxQuotedRun) run.push(index);
    else state = { open: false, opener: '' };
  });
  return inside;
}

/** The item's sentences that may go into a summary, in text order, with their positions. */
export function itemCandidates(
  item: AnalysableItem,
  itemIndex: number,
  language: string | null,
  cap = maxSentencesPerItem,
): SummaryCandidate[] {
  const candidates: SummaryCandidate[] = [];
  const texts = itemSentences(item, language, cap).slice(0, cap);
  const quoted = insideQuotation(texts);
  texts.forEach((text, position) => {
    if (!quoted[position] && isSummarySentence(text)) candidates.push({ text, itemIndex, position });
  });
  return candidates;
}
