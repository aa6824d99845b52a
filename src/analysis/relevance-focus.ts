import type { LexiconGroup, LexiconSpec } from './lexicon.js';
import type { FieldHit, PreparedItem } from './prepare.js';

/**
 * Whether the body is about the talks: a body whose main subject is the talks keeps naming them
 * ("the ceasefire … the negotiators … the next round"), while a battlefield report mentions them in a
 * clause. The body is focused on the talks when it has at least `minTerms` strong negotiation terms
 * (groups of weight ≥ `strongWeight`) of at least `minGroups` groups, at least `perThousand` of them
 * per 1,000 body tokens, more of them than battlefield terms, and no battlefield or negative term in
 * the title (a headline that names a strike or a trade deal says what the item is about). A focused
 * body counts at `weight` (instead of the body field weight) up to `cap`: headlines of newsletters,
 * features and stance pieces ("Trump's new position on the war: not my problem") often leave the
 * talks to the text.
 */
export type BodyFocus = { focused: boolean; rule: string | null };

export function bodyFocus(
  hits: readonly FieldHit<LexiconGroup>[],
  prepared: PreparedItem,
  spec: LexiconSpec['bodyFocus'],
): BodyFocus {
  const body = prepared.fields.find((field) => field.field === 'body');
  if (body === undefined || spec.minTerms === 0) return { focused: false, rule: null };
  let strong = 0;
  let battlefield = 0;
  const groups = new Set<string>();
  let titlePenalty = false;
  for (const hit of hits) {
    const { kind } = hit.value;
    if (hit.field === 'title' && (kind === 'battlefield' || kind === 'negative')) titlePenalty = true;
    if (hit.field !== 'body') continue;
    if (kind === 'battlefield') battlefield += 1;
    if (kind !== 'negotiation' || hit.value.weight < spec.strongWeight) continue;
    strong += 1;
    groups.add(hit.value.name);
  }
  const tokens = body.spans.tokens.length;
  const density = (1000 * strong) / Math.max(tokens, 1);
  const focused =
    strong >= spec.minTerms &&
    groups.size >= spec.minGroups &&
    density >= spec.perThousand &&
    strong > battlefield &&
    !titlePenalty;
  if (!focused) return { focused, rule: null };
  return {
    focused,
    rule: `body about the talks (${strong} negotiation terms of ${groups.size} groups in ${tokens} tokens, ${battlefield} battlefield): body counts ${spec.weight}, at most ${spec.cap}`,
  };
}

/**
 * A battlefield headline: the title names a battlefield event (killed, missile strike, military
 * operation) and no strong negotiation term (weight ≥ `strongWeight`: a "meeting" or "ahead of talks"
 * does not count). The item is a battlefield report; negotiator quotes in its lead ("the attack came
 * as Witkoff met Putin") are mentions in passing, so the lead counts at the body's field weight.
 */
export function battlefieldHeadline(hits: readonly FieldHit<LexiconGroup>[], strongWeight: number): boolean {
  let battlefield = false;
  for (const hit of hits) {
    if (hit.field !== 'title') continue;
    const { kind, weight } = hit.value;
    if (kind === 'negotiation' && weight >= strongWeight) return false;
    if (kind === 'battlefield') battlefield = true;
  }
  return battlefield;
}
