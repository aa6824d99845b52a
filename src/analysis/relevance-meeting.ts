import type { TextField } from '../domain/analysis.js';
import type { EntityInfo, LexiconGroup, LexiconSpec } from './lexicon.js';
import type { FieldHit, PreparedItem } from './prepare.js';
import { sentenceEnds } from './sentences.js';
import type { TokenSpans } from './tokenize.js';

/**
 * The leader-meeting rule: a meeting, summit or call term (a group listed in `leaderMeeting.groups`)
 * in the title or lead, with two sides of one conflict (Aliyev and Pashinyan, Putin and Zelensky) or
 * one side and a mediator (Putin and Trump) named in the same field, is how the press reports talks
 * between the parties. The sides are config/topics.yaml entities of kind leader, official, state or
 * group; a side's officials and capital share its `side` (Putin, Kremlin: russia), so a leader
 * meeting his own officials does not count. Only actors within `within` tokens of the meeting term
 * count, and only in the term's sentence: a long lead names many actors that have no part in the
 * meeting ("…transit of Russian gas through Ukraine. Fico called the talk useful").
 */
export type MeetingEvidence = { hit: FieldHit<LexiconGroup>; rule: string };

const headFields: readonly TextField[] = ['title', 'lead'];

/** Where a shared side (Israel, Pakistan) takes part: topics (null: any) and disputes (null: all). */
type SharedSide = { topics: readonly string[] | null; disputes: readonly string[] | null };

/**
 * Sides by conflict: a conflict is a topic, or `topic/dispute` for an actor of a topic that gathers
 * several conflicts (`other`: `other/thailand-cambodia`).
 */
type Actors = {
  sides: Map<string, Set<string>>;
  /** Topics of every topic entity near the term, actor or not (Gaza, Syria as places). */
  topics: Set<string>;
  shared: Map<string, SharedSide>;
  mediators: string[];
  labels: string[];
};

// Titles and leads without sentence punctuation (most titles) are one sentence: no segmenting.
const sentencePunctuation = /[.!?…]/;

/** The sentence number of each token of a field, by sentences.ts's rules ("U.S. President" is one). */
function sentenceIds(spans: TokenSpans, language: string | null): number[] {
  const ends = sentencePunctuation.test(spans.text) ? sentenceEnds(spans.text, language) : [];
  const ids: number[] = [];
  let sentence = 0;
  for (let i = 0; i < spans.tokens.length; i++) {
    const start = spans.starts[i] ?? 0;
    while (sentence < ends.length && (ends[sentence] ?? 0) <= start) sentence += 1;
    ids.push(sentence);
  }
  return ids;
}

function noActors(): Actors {
  return { sides: new Map(), topics: new Set(), shared: new Map(), mediators: [], labels: [] };
}

/** The conflicts a topic entity is a side of: its topic, or one `topic/dispute` per dispute. */
function conflictKeys(topic: string, disputes: readonly string[] | null): string[] {
  return disputes === null ? [topic] : disputes.map((dispute) => `${topic}/${dispute}`);
}

/** Records a side: a topic entity under its conflicts, a shared one with where it takes part. */
function addSide(actors: Actors, info: EntityInfo, side: string): void {
  if (info.topic === null) {
    actors.shared.set(side, { topics: info.addsTo, disputes: info.disputes });
    return;
  }
  for (const key of conflictKeys(info.topic, info.disputes)) {
    const sides = actors.sides.get(key) ?? new Set<string>();
    sides.add(side);
    actors.sides.set(key, sides);
  }
}

/** Whether a shared side takes part in a conflict (`topic` or `topic/dispute`). */
function joins(shared: SharedSide, conflict: string): boolean {
  if (shared.topics === null) return true;
  const [topic = '', dispute] = conflict.split('/');
  if (!shared.topics.includes(topic)) return false;
  return dispute === undefined || shared.disputes === null || shared.disputes.includes(dispute);
}

/** A conflict's topic (`other/thailand-cambodia` → other). */
function topicOf(conflict: string): string {
  return conflict.split('/')[0] ?? conflict;
}

function actorsNear(
  entities: readonly FieldHit<EntityInfo>[],
  term: FieldHit<LexiconGroup>,
  options: { within: number; before: boolean; sentences: readonly number[] },
): Actors {
  const { within, before, sentences } = options;
  const actors = noActors();
  const seen = new Set<string>();
  const sentence = sentences[term.start];
  for (const hit of entities) {
    const { side, topic, mediator, id } = hit.value;
    if (hit.field !== term.field || seen.has(id) || sentences[hit.start] !== sentence) continue;
    const gap = hit.start < term.start ? term.start - hit.end : hit.start - term.end;
    if (gap > within) continue;
    if (topic !== null) actors.topics.add(topic);
    if ((side === null && !mediator) || (before && hit.start >= term.start)) continue;
    seen.add(id);
    actors.labels.push(hit.found);
    if (mediator) actors.mediators.push(id);
    else if (side !== null) addSide(actors, hit.value, side);
  }
  return actors;
}

// At most this many tokens between the two sides of a pair ("Israel and Hamas") and between the pair
// and its verb ("Israel and Hamas have agreed").
const PAIR_GAP = 1;

/** Whether a side (not a mediator, not a mere place) is named by this hit. */
function isSide(hit: FieldHit<EntityInfo>): boolean {
  return hit.value.side !== null && !hit.value.mediator;
}

/**
 * The sides written as a pair right before the term ("Armenia and Azerbaijan agree", "Israel, Hamas
 * have agreed"), or right after it when it opens its sentence (Arabic "اتفقت أرمينيا وأذربيجان"): the
 * two are the term's subject. "Russia-Ukraine war: EU agrees loan for Kyiv" and "EU leaders agree to
 * use Russian assets for Ukraine" name sides that agree on nothing.
 */
function pairActors(
  entities: readonly FieldHit<EntityInfo>[],
  term: FieldHit<LexiconGroup>,
  sentences: readonly number[],
): Actors {
  const sentence = sentences[term.start];
  const sides = entities.filter(
    (hit) => hit.field === term.field && sentences[hit.start] === sentence && isSide(hit),
  );
  // The nearest side on either side of a position, within PAIR_GAP tokens.
  const next = (after: number): FieldHit<EntityInfo> | undefined => {
    let best: FieldHit<EntityInfo> | undefined;
    for (const hit of sides)
      if (hit.start >= after && hit.start - after <= PAIR_GAP && (!best || hit.start < best.start))
        best = hit;
    return best;
  };
  const previous = (before: number): FieldHit<EntityInfo> | undefined => {
    let best: FieldHit<EntityInfo> | undefined;
    for (const hit of sides)
      if (hit.end <= before && before - hit.end <= PAIR_GAP && (!best || hit.end > best.end)) best = hit;
    return best;
  };
  let pair: FieldHit<EntityInfo>[] = [];
  const second = previous(term.start);
  const first = second && previous(second.start);
  if (first && second) pair = [first, second];
  else if (term.start === 0 || sentences[term.start - 1] !== sentence) {
    const one = next(term.end);
    const two = one && next(one.end);
    if (one && two) pair = [one, two];
  }
  const actors = noActors();
  for (const hit of pair) {
    const { side, topic } = hit.value;
    if (side === null) continue;
    actors.labels.push(hit.found);
    if (topic !== null) actors.topics.add(topic);
    addSide(actors, hit.value, side);
  }
  return actors;
}

/**
 * Whether one conflict has two sides named, or (unless `sidesOnly`) a side and a mediator. A signing
 * needs the parties as its subject, named before the verb ("SAF and RSF sign…"): "Trump signed deals in
 * the Gulf while Putin courted…" and "Putin signs decree to annex Ukrainian regions" are no peace deal.
 * A deal needs both sides, in any order ("accord entre Damas et les Kurdes", "pacto entre Kinshasa y
 * Kigali"): a side and a mediator make arms deals ("Israel signs F-35 deal with US").
 */
function meets(actors: Actors, sidesOnly: boolean): boolean {
  const mediated = !sidesOnly && actors.mediators.length >= 1;
  const sharedSides = actors.shared.size;
  if (actors.sides.size === 0) return sharedSides >= 1 && mediated;
  for (const [conflict, sides] of actors.sides) {
    // A shared side is the other party only in its own conflicts: Pakistan beside Iran is no Iran deal.
    const shared = [...actors.shared].filter(([, where]) => joins(where, conflict));
    const named = new Set([...sides, ...shared.map(([side]) => side)]).size;
    if (named >= 2) return true;
    // A side with a mediator talks about its own war, not another one named there ("Iran, Saudi FMs
    // discuss Gaza crisis", "Putin, Erdogan discuss Syria developments").
    if (mediated && [...actors.topics].every((other) => other === topicOf(conflict))) return true;
  }
  return false;
}

export function leaderMeetingHits(
  terms: readonly FieldHit<LexiconGroup>[],
  entities: readonly FieldHit<EntityInfo>[],
  spec: LexiconSpec['leaderMeeting'],
  prepared: PreparedItem,
): MeetingEvidence[] {
  if (spec.groups.length === 0) return [];
  const evidence: MeetingEvidence[] = [];
  for (const { field, spans } of prepared.fields) {
    if (!headFields.includes(field)) continue;
    const sentences = sentenceIds(spans, prepared.item.language);
    const found = meetingIn(terms, entities, spec, { field, sentences });
    if (found !== null) evidence.push(found);
  }
  return evidence;
}

function meetingIn(
  terms: readonly FieldHit<LexiconGroup>[],
  entities: readonly FieldHit<EntityInfo>[],
  spec: LexiconSpec['leaderMeeting'],
  where: { field: TextField; sentences: readonly number[] },
): MeetingEvidence | null {
  const { field, sentences } = where;
  for (const term of terms) {
    if (term.field !== field || !spec.groups.includes(term.value.name)) continue;
    const paired = spec.pairsOnly?.includes(term.value.name) ?? false;
    const partiesOnly = spec.partiesOnly?.includes(term.value.name) ?? false;
    const sidesOnly = paired || partiesOnly || (spec.sidesOnly?.includes(term.value.name) ?? false);
    const actors = paired
      ? pairActors(entities, term, sentences)
      : actorsNear(entities, term, { within: spec.within, before: partiesOnly, sentences });
    if (!meets(actors, sidesOnly)) continue;
    const value: LexiconGroup = {
      name: 'leader-meeting',
      kind: 'negotiation',
      weight: spec.weight,
      impliesConflict: false,
      terms: [],
    };
    const found = `${term.found} … ${actors.labels.join(', ')}`;
    return {
      hit: { pattern: 'leader meeting', value, start: term.start, end: term.end, field, found },
      rule: `leaders' meeting in ${field}: ${found}`,
    };
  }
  return null;
}

/**
 * Talks between parties of different conflicts, with no mediator and no second party of either
 * ("President Pezeshkian, Pakistan foreign minister hold talks", "Russia and India hold talks"): a
 * state's other diplomacy, not talks on its war. Their negotiation terms in that sentence drop out,
 * unless the field names a settlement term (a ceasefire, a prisoner exchange) that says otherwise.
 */
export function crossConflictTalks(
  terms: readonly FieldHit<LexiconGroup>[],
  entities: readonly FieldHit<EntityInfo>[],
  spec: { within: number; negotiation: readonly string[]; settlement: readonly string[] },
  prepared: PreparedItem,
): { dropped: Set<FieldHit<LexiconGroup>>; rules: string[] } {
  const dropped = new Set<FieldHit<LexiconGroup>>();
  const rules: string[] = [];
  if (spec.negotiation.length === 0) return { dropped, rules };
  for (const { field, spans } of prepared.fields) {
    if (!headFields.includes(field)) continue;
    const inField = terms.filter((term) => term.field === field);
    if (inField.some((term) => spec.settlement.includes(term.value.name))) continue;
    const sentences = sentenceIds(spans, prepared.item.language);
    for (const term of inField) {
      if (!spec.negotiation.includes(term.value.name) || dropped.has(term)) continue;
      const actors = actorsNear(entities, term, { within: spec.within, before: false, sentences });
      if (!betweenConflicts(actors)) continue;
      const paired = pairedWithUs(entities, term, spans);
      if (paired !== null) {
        rules.push(`talks of a pair with the United States in ${field}: US-${paired}`);
        continue;
      }
      const sentence = sentences[term.start];
      for (const other of inField)
        if (spec.negotiation.includes(other.value.name) && sentences[other.start] === sentence)
          dropped.add(other);
      rules.push(`talks between parties of different conflicts in ${field}: ${actors.labels.join(', ')}`);
    }
  }
  return { dropped, rules };
}

/**
 * The party written in a pair with the United States just before the talk term ("US-Iran talks"), or
 * null: the US is no entity (the pronoun "us" folds to the same word), so such talks would otherwise
 * read as between that party and a third country named near them ("US-Iran talks in Islamabad").
 * Only the words right before the term count: "talks on US-Iran tension" are still the talks of
 * whoever holds them.
 */
function pairedWithUs(
  entities: readonly FieldHit<EntityInfo>[],
  term: FieldHit<LexiconGroup>,
  spans: TokenSpans,
): string | null {
  for (const hit of entities) {
    if (hit.field !== term.field || hit.end > term.start || term.start - hit.end > 2) continue;
    const at = spans.starts[hit.start] ?? 0;
    if (usPair.test(spans.text.slice(Math.max(0, at - 6), at))) return hit.found;
  }
  return null;
}

// "US-" or "U.S.-" (or with an en dash) right before a name, as written: "us" alone is the pronoun.
const usPair = /(?:^|[^\p{L}.])(?:US|U\.S\.)[-–]$/u;

/** Each named party belongs to another conflict than the others, and no mediator is named. */
function betweenConflicts(actors: Actors): boolean {
  if (actors.mediators.length > 0 || actors.sides.size === 0) return false;
  const conflicts = new Set<string>();
  for (const [conflict, sides] of actors.sides) {
    const shared = [...actors.shared].filter(([, where]) => joins(where, conflict));
    if (sides.size + shared.length >= 2) return false;
    conflicts.add(conflict);
  }
  const others = [...actors.shared].filter(
    ([, where]) => where.topics !== null && [...conflicts].every((conflict) => !joins(where, conflict)),
  );
  // Sides, not conflicts: one actor of several disputes (Ethiopia) files under each of them.
  const sides = new Set([...actors.sides.values()].flatMap((named) => [...named]));
  return sides.size + others.length >= 2;
}
