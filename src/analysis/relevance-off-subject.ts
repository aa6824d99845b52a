import type { TextField } from '../domain/analysis.js';
import type { LexiconGroup, LexiconSpec } from './lexicon.js';
import type { FieldHit, PreparedItem } from './prepare.js';
import type { TokenSpans } from './tokenize.js';

/**
 * Off-subject talks: a negotiation term with an off-subject topic in the same clause ("Ukraine and
 * Poland resume talks on grain exports", "переговоры о правах нацменьшинств") is diplomacy on that
 * topic, not on ending the war, unless a settlement term (ceasefire, peace, truce, security
 * guarantees, prisoner exchange) stands in the same clause. The clause's negotiation terms are
 * dropped and one negative term `<negotiation group> + <topic group>` takes their place, so it
 * penalises, vetoes without conflict context, and a title with it keeps the body from carrying the
 * item (relevance-focus.ts). With a settlement term in another clause of the field (two subjects)
 * the terms are dropped without the negative term. A clause ends at . ; ! ? … | or a dash between words; only terms within
 * `within` tokens of each other pair.
 */
export type OffSubject = { hits: FieldHit<LexiconGroup>[]; rules: string[] };

type Spec = LexiconSpec['offSubject'];

const boundary = /[.;!?…|—]|\s[–-]\s/;
const joiner = ' … ';

/** The clause number of each token of a field. */
function clauses(spans: TokenSpans): number[] {
  const ids: number[] = [];
  let clause = 0;
  spans.tokens.forEach((_token, i) => {
    const gap = i === 0 ? '' : spans.text.slice(spans.ends[i - 1] ?? 0, spans.starts[i] ?? 0);
    if (boundary.test(gap)) clause += 1;
    ids.push(clause);
  });
  return ids;
}

function gap(a: FieldHit<LexiconGroup>, b: FieldHit<LexiconGroup>): number {
  return a.start < b.start ? b.start - a.end : a.start - b.end;
}

function negativeGroup(spec: Spec): LexiconGroup {
  return {
    name: 'off-subject-talks',
    kind: 'negative',
    weight: spec.weight,
    impliesConflict: false,
    terms: [],
  };
}

/** The off-subject pairs of one field: the negative terms and the negotiation hits they replace. */
function pairsIn(
  inField: readonly FieldHit<LexiconGroup>[],
  spans: TokenSpans,
  spec: Spec,
): {
  pairs: FieldHit<LexiconGroup>[];
  negatives: FieldHit<LexiconGroup>[];
  dropped: Set<FieldHit<LexiconGroup>>;
} {
  const dropped = new Set<FieldHit<LexiconGroup>>();
  const pairs: FieldHit<LexiconGroup>[] = [];
  const ids = clauses(spans);
  const clauseOf = (hit: FieldHit<LexiconGroup>) => ids[hit.start] ?? 0;
  const settled = new Set(inField.filter((hit) => spec.settlement.includes(hit.value.name)).map(clauseOf));
  for (const topic of inField) {
    if (!spec.topics.includes(topic.value.name) || settled.has(clauseOf(topic))) continue;
    const clause = clauseOf(topic);
    const talks = inField.find(
      (hit) =>
        spec.negotiation.includes(hit.value.name) &&
        clauseOf(hit) === clause &&
        gap(hit, topic) <= spec.within,
    );
    if (talks === undefined || dropped.has(talks)) continue;
    for (const hit of inField)
      if (spec.negotiation.includes(hit.value.name) && clauseOf(hit) === clause) dropped.add(hit);
    const [first, last] = talks.start < topic.start ? [talks, topic] : [topic, talks];
    pairs.push({
      pattern: `${talks.value.name} + ${topic.value.name}`,
      value: negativeGroup(spec),
      start: first.start,
      end: last.end,
      field: topic.field,
      found: `${first.found}${joiner}${last.found}`,
    });
  }
  // A settlement term in another clause of the field: two subjects, so the pair is no penalty.
  return { pairs, negatives: settled.size > 0 ? [] : pairs, dropped };
}

export function offSubjectHits(
  hits: readonly FieldHit<LexiconGroup>[],
  prepared: PreparedItem,
  spec: Spec,
): OffSubject {
  if (spec.topics.length === 0 || !hits.some((hit) => spec.topics.includes(hit.value.name)))
    return { hits: [...hits], rules: [] };
  const negatives: FieldHit<LexiconGroup>[] = [];
  const dropped = new Set<FieldHit<LexiconGroup>>();
  const rules: string[] = [];
  for (const { field, spans } of prepared.fields) {
    const inField = hits.filter((hit) => hit.field === field);
    const found = pairsIn(inField, spans, spec);
    for (const hit of found.dropped) dropped.add(hit);
    negatives.push(...found.negatives);
    for (const pair of found.pairs)
      rules.push(ruleOf(pair, field, found.dropped, found.negatives.length > 0));
  }
  return { hits: [...hits.filter((hit) => !dropped.has(hit)), ...negatives], rules };
}

function ruleOf(
  pair: FieldHit<LexiconGroup>,
  field: TextField,
  dropped: ReadonlySet<FieldHit<LexiconGroup>>,
  penalised: boolean,
): string {
  const terms = [...dropped].map((hit) => hit.found).join(', ');
  const penalty = penalised ? '' : ', no penalty: a settlement term in another clause';
  return `off-subject talks in ${field}: "${pair.found}" without a settlement term in the clause (drops ${terms}${penalty})`;
}
