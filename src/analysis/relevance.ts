import type { AnalysableItem, RelevanceVerdict, TermMatch, TextField } from '../domain/analysis.js';
import type { CompiledLexicon, CompiledTopics, FieldWeights, LexiconGroup } from './lexicon.js';
import { asPrepared, type FieldHit, fieldHits, type PreparedItem } from './prepare.js';
import { combinationHits } from './relevance-combinations.js';
import { conflictContext } from './relevance-context.js';
import { battlefieldHeadline, bodyFocus } from './relevance-focus.js';
import { crossConflictTalks, leaderMeetingHits } from './relevance-meeting.js';
import { offSubjectHits } from './relevance-off-subject.js';

/**
 * Is the item about peace talks? A weighted lexicon model, every step of which the verdict lists:
 *   score = (title + lead + capped body negotiation terms) × context factor + context bonus − penalties
 * Besides the lexicon's terms, combinations (terms of several groups near each other: "war … end")
 * and the leader-meeting rule (a meeting term with two sides of a conflict) count as terms.
 * Negotiation terms weigh by field (title > lead > body; the body adds at most `bodyCap`, so talks
 * mentioned in passing in a battlefield report stay out, unless the body is about the talks: see
 * relevance-focus.ts). Without armed-conflict context (a context term, a topic entity, or a term
 * that implies it such as "ceasefire") the terms count `missingFactor` of their weight. Battlefield
 * and negative terms subtract, negative ones less (`veto.relief`) the surer the conflict context; a
 * negative context (trade, wage, transfer talks) in the title or lead with too little conflict
 * context vetoes.
 */
type Tally = Record<TextField, number>;
const zero = (): Tally => ({ title: 0, lead: 0, body: 0 });
const round = (value: number): number => Math.round(value * 1000) / 1000;

const VETOED = 'without conflict context: vetoed';

/** Whether a verdict was vetoed by a negative context (trade, wage, transfer talks), whatever its score. */
export function isVetoed(verdict: RelevanceVerdict): boolean {
  return verdict.rules.some((rule) => rule.endsWith(VETOED));
}

/** Field weights and body cap, one set for negotiation terms and one for penalties. */
type Weighing = { fields: FieldWeights; cap: number };

type TermTally = {
  positive: Tally;
  penalty: Tally;
  matches: TermMatch[];
  vetoTerms: string[];
  negatives: number;
};

/**
 * Each group counts once per field: "talks" and "negotiations" in one title are one piece of
 * evidence. Repeats of a group in a field are listed with weight 0.
 */
function tallyTerms(
  hits: readonly FieldHit<LexiconGroup>[],
  weighing: { positive: Weighing; penalty: Weighing },
  negativeScale: number,
): TermTally {
  const tally: TermTally = { positive: zero(), penalty: zero(), matches: [], vetoTerms: [], negatives: 0 };
  const seenPatterns = new Set<string>();
  const seenGroups = new Set<string>();
  for (const hit of hits) {
    const group = hit.value;
    const key = `${hit.field}\u0000${hit.pattern}`;
    if (group.kind === 'context' || group.kind === 'cue' || seenPatterns.has(key)) continue;
    seenPatterns.add(key);
    const first = !seenGroups.has(`${hit.field}\u0000${group.name}`);
    seenGroups.add(`${hit.field}\u0000${group.name}`);
    const positive = group.kind === 'negotiation';
    const groupWeight = group.weight * (group.kind === 'negative' ? negativeScale : 1);
    if (first) (positive ? tally.positive : tally.penalty)[hit.field] += groupWeight;
    const fieldWeight = (positive ? weighing.positive : weighing.penalty).fields[hit.field];
    const weight = first ? round((positive ? 1 : -1) * groupWeight * fieldWeight) : 0;
    tally.matches.push({ pattern: hit.pattern, found: hit.found, field: hit.field, weight });
    if (group.kind === 'negative') tally.negatives += 1;
    if (group.kind === 'negative' && hit.field !== 'body') tally.vetoTerms.push(hit.found);
  }
  tally.matches.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  return tally;
}

/** Title and lead at their weights, the body capped. */
function weigh(
  tally: Tally,
  weighing: Weighing,
  rules: string[],
  what: string,
): { head: number; total: number } {
  const { fields, cap } = weighing;
  const head = tally.title * fields.title + tally.lead * fields.lead;
  const body = tally.body * fields.body;
  if (body > cap) rules.push(`body ${what} ${round(body)} capped at ${cap}`);
  return { head, total: head + Math.min(body, cap) };
}

function termsOf(prepared: PreparedItem, lexicon: CompiledLexicon, topics: CompiledTopics) {
  const { spec } = lexicon;
  const offSubject = offSubjectHits(fieldHits(prepared, lexicon.matcher), prepared, spec.offSubject);
  const entities = fieldHits(prepared, topics.matcher);
  const cross = crossConflictTalks(
    offSubject.hits,
    entities,
    {
      negotiation: spec.leaderMeeting.betweenConflicts ?? [],
      settlement: spec.offSubject.settlement,
      within: spec.leaderMeeting.within,
    },
    prepared,
  );
  const lexiconHits = offSubject.hits.filter((hit) => !cross.dropped.has(hit));
  const meetings = leaderMeetingHits(lexiconHits, entities, spec.leaderMeeting, prepared);
  const terms = [
    ...lexiconHits,
    ...combinationHits(lexiconHits, spec.combinations, entities),
    ...meetings.map((meeting) => meeting.hit),
  ];
  const rules = [...offSubject.rules, ...cross.rules, ...meetings.map((meeting) => meeting.rule)];
  return { terms, entities, rules };
}

/** Penalties at the field weights; negotiation terms too, unless the body is focused or the headline a battlefield's. */
function weighings(spec: CompiledLexicon['spec'], focused: boolean, headline: boolean) {
  const penaltyWeighing: Weighing = { fields: spec.fields, cap: spec.bodyCap };
  let positiveWeighing = penaltyWeighing;
  if (focused)
    positiveWeighing = { fields: { ...spec.fields, body: spec.bodyFocus.weight }, cap: spec.bodyFocus.cap };
  else if (headline)
    positiveWeighing = { fields: { ...spec.fields, lead: spec.fields.body }, cap: spec.bodyCap };
  return { positiveWeighing, penaltyWeighing };
}

function verdictOf(
  prepared: PreparedItem,
  lexicon: CompiledLexicon,
  topics: CompiledTopics,
): RelevanceVerdict {
  const { spec } = lexicon;
  const { terms, entities, rules: termRules } = termsOf(prepared, lexicon, topics);
  const context = conflictContext(terms, entities, spec.context.bodyMentions);
  const rules: string[] = [context.description, ...termRules];
  const focus = bodyFocus(terms, prepared, spec.bodyFocus);
  if (focus.rule !== null) rules.push(focus.rule);
  const headline = battlefieldHeadline(terms, spec.bodyFocus.strongWeight);
  if (headline)
    rules.push('battlefield headline: lead negotiation terms count at body weight, no context bonus');
  const { positiveWeighing, penaltyWeighing } = weighings(spec, focus.focused, headline);
  const negativeScale = 1 - spec.veto.relief * context.level;
  const tally = tallyTerms(terms, { positive: positiveWeighing, penalty: penaltyWeighing }, negativeScale);
  if (negativeScale < 1 && tally.negatives > 0)
    rules.push(`negative contexts × ${round(negativeScale)} for conflict context`);
  const positive = weigh(tally.positive, positiveWeighing, rules, 'negotiation terms');
  const penalty = weigh(tally.penalty, penaltyWeighing, rules, 'penalties');
  const factor = spec.context.missingFactor + (1 - spec.context.missingFactor) * context.level;
  if (positive.total > 0 && factor < 1)
    rules.push(`negotiation terms × ${round(factor)} for weak conflict context`);
  let bonus = 0;
  if ((positive.head > 0 && !headline) || focus.focused) bonus = spec.context.bonus * context.level;
  else if (positive.total > 0) rules.push('no negotiation term in title or lead: no context bonus');
  if (bonus > 0) rules.push(`context bonus +${round(bonus)}`);
  const score = round(positive.total * factor + bonus - penalty.total);
  const vetoed = tally.vetoTerms.length > 0 && context.level < spec.veto.belowContext;
  if (vetoed) rules.push(`negative context (${tally.vetoTerms.join(', ')}) ${VETOED}`);
  const relevant = !vetoed && score >= spec.threshold;
  rules.push(`score ${score} ${score >= spec.threshold ? '≥' : '<'} threshold ${spec.threshold}`);
  return { relevant, score, threshold: spec.threshold, matches: tally.matches, rules };
}

export function judgeRelevance(
  item: AnalysableItem | PreparedItem,
  lexicon: CompiledLexicon,
  topics: CompiledTopics,
): RelevanceVerdict {
  return verdictOf(asPrepared(item), lexicon, topics);
}
