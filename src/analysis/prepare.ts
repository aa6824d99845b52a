import type { AnalysableItem, TextField } from '../domain/analysis.js';
import { foldText } from '../shared/fold.js';
import { stripDateline } from './dateline.js';
import type { Hit, Matcher } from './matcher.js';
import { leadingSentences } from './sentences.js';
import { type TokenSpans, tokenSpans } from './tokenize.js';

/**
 * An item folded and tokenised once per field, shared by relevance, topics and entities; matcher
 * results are memoised on it, so the entity matches that give relevance its conflict context are
 * the ones topics are tagged from.
 */
export type PreparedField = { field: TextField; spans: TokenSpans };

export type PreparedItem = {
  item: AnalysableItem;
  fields: readonly PreparedField[];
  memo: Map<object, unknown>;
};

/** A match in one field, quoting the text it matched. */
export type FieldHit<T> = Hit<T> & { field: TextField; found: string };

// A summary longer than this is a whole article (some feeds put full text there): its first
// sentences are the lead and the rest counts as body.
const longSummary = 600;
const leadSentenceCount = 2;

function splitLead(item: AnalysableItem): { lead: string; body: string } {
  const summary = stripDateline(item.summary.trim());
  const content = stripDateline(item.content?.trim() ?? '');
  const title = item.title.trim();
  // Some feeds repeat the title as the summary: then the lead comes from the content.
  const repeatsTitle = summary.length <= title.length + 3 && foldText(summary) === foldText(title);
  const useful = summary !== '' && !repeatsTitle;
  if (useful && summary.length <= longSummary) return { lead: summary, body: content };
  const source = useful ? summary : content;
  const { lead, end } = leadingSentences(source, item.language, leadSentenceCount);
  const rest = source.slice(end).trim();
  return { lead, body: useful && content !== '' ? `${rest}\n${content}` : rest };
}

function prepared(item: AnalysableItem, withBody: boolean): PreparedItem {
  const { lead, body } = splitLead(item);
  const fields: PreparedField[] = [
    { field: 'title', spans: tokenSpans(item.title) },
    { field: 'lead', spans: tokenSpans(lead) },
  ];
  if (withBody && body !== '') fields.push({ field: 'body', spans: tokenSpans(body) });
  return { item, fields, memo: new Map() };
}

export function prepareItem(item: AnalysableItem): PreparedItem {
  return prepared(item, true);
}

/**
 * Title and lead only, for callers that never look at the body (clustering): the body is most of an
 * item's words, and tokenising it again after the analysis did is most of clustering's cost.
 */
export function prepareHead(item: AnalysableItem): PreparedItem {
  return prepared(item, false);
}

export function isPrepared(input: AnalysableItem | PreparedItem): input is PreparedItem {
  return 'fields' in input && 'memo' in input;
}

export function asPrepared(input: AnalysableItem | PreparedItem): PreparedItem {
  return isPrepared(input) ? input : prepareItem(input);
}

/** Every match of `matcher` in the item's fields, in field order; computed once per matcher. */
export function fieldHits<T>(prepared: PreparedItem, matcher: Matcher<T>): FieldHit<T>[] {
  const cached = prepared.memo.get(matcher);
  if (cached !== undefined) return cached as FieldHit<T>[];
  const hits: FieldHit<T>[] = [];
  for (const { field, spans } of prepared.fields) {
    for (const hit of matcher.match(spans.tokens, spans.nameEndings, spans.persian)) {
      const from = spans.starts[hit.start] ?? 0;
      const to = spans.ends[hit.end - 1] ?? from;
      const found = spans.text.slice(from, to);
      hits.push({ pattern: hit.pattern, value: hit.value, start: hit.start, end: hit.end, field, found });
    }
  }
  prepared.memo.set(matcher, hits);
  return hits;
}
