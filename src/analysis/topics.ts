import type { AnalysableItem, TermMatch, TopicTag } from '../domain/analysis.js';
import { labelIn } from '../domain/chat.js';
import { foldText } from '../shared/fold.js';
import type { CompiledTopics, EntityInfo } from './lexicon.js';
import { asPrepared, type FieldHit, fieldHits, type PreparedItem } from './prepare.js';

/**
 * Topic tags from the entities an item names in a meaningful place: the title or lead, or at least
 * `bodyMentions` times in the body. Each entity counts once, at its best field's weight. Shared
 * entities (Witkoff, Trump, Doha) belong to several conflicts, so they never make a tag: they add
 * their weight to topics the item already names (Witkoff + Moscow → ukraine), or only to the topics
 * listed for them (Israel: not to ukraine). A topic is tagged when
 * its score reaches `minScore` and its own score (without shared entities) `relativeMin` of the
 * best topic's own score.
 */
type Counted = { entity: EntityInfo; match: TermMatch };

function countedEntities(hits: readonly FieldHit<EntityInfo>[], topics: CompiledTopics): Counted[] {
  const { fields, bodyMentions } = topics.spec.tagging;
  const bodyCounts = new Map<string, number>();
  for (const hit of hits) {
    if (hit.field === 'body') bodyCounts.set(hit.value.id, (bodyCounts.get(hit.value.id) ?? 0) + 1);
  }
  const best = new Map<string, Counted>();
  for (const hit of hits) {
    if (hit.field === 'body' && (bodyCounts.get(hit.value.id) ?? 0) < bodyMentions) continue;
    const weight = Math.round(hit.value.weight * fields[hit.field] * 1000) / 1000;
    const current = best.get(hit.value.id);
    if (current !== undefined && current.match.weight >= weight) continue;
    const match = { pattern: hit.pattern, found: hit.found, field: hit.field, weight };
    best.set(hit.value.id, { entity: hit.value, match });
  }
  return [...best.values()];
}

type Scored = { tag: TopicTag; own: number };

/** Topic scores; `own` leaves out shared entities, which add the same to every topic named. */
function scoreTopics(counted: readonly Counted[]): Scored[] {
  const scored = new Map<string, Scored>();
  for (const { entity, match } of counted) {
    if (entity.topic === null) continue;
    let entry = scored.get(entity.topic);
    if (entry === undefined) {
      entry = { tag: { topic: entity.topic, score: 0, matches: [] }, own: 0 };
      scored.set(entity.topic, entry);
    }
    entry.own += match.weight;
    entry.tag.matches.push(match);
  }
  const shared = counted.filter(({ entity }) => entity.topic === null && entity.weight > 0);
  for (const { tag, own } of scored.values()) {
    const adding = shared.filter(({ entity }) => entity.addsTo === null || entity.addsTo.includes(tag.topic));
    tag.score = Math.round((own + adding.reduce((sum, { match }) => sum + match.weight, 0)) * 1000) / 1000;
    tag.matches.push(...adding.map(({ match }) => match));
    tag.matches.sort((a, b) => b.weight - a.weight);
  }
  return [...scored.values()].sort(
    (a, b) => b.tag.score - a.tag.score || a.tag.topic.localeCompare(b.tag.topic),
  );
}

export function tagTopics(
  item: AnalysableItem | PreparedItem,
  topics: CompiledTopics,
  { relevant = false } = {},
): TopicTag[] {
  const prepared = asPrepared(item);
  const counted = countedEntities(fieldHits(prepared, topics.matcher), topics);
  const ranked = scoreTopics(counted);
  const top = ranked[0]?.own ?? 0;
  const { minScore, relevantMinScore, relativeMin } = topics.spec.tagging;
  const tagged = (min: number) =>
    ranked.filter(({ tag, own }) => tag.score >= min && own >= relativeMin * top).map(({ tag }) => tag);
  const tags = tagged(minScore);
  // Talks named in so many words need less to say whose they are: "Kremlin: no 30-day ceasefire without
  // nuances", "envoys reassure hostage families amid deal uncertainty".
  if (tags.length > 0 || !relevant) return tags;
  const named = relevantMinScore === undefined ? [] : tagged(relevantMinScore);
  return named.length > 0 || ranked.length > 0 ? named : fallbackTags(counted);
}

/**
 * A relevant item that names no topic entity at all takes the `fallback` topic of its best shared
 * entity: "Israel agrees to Witkoff ceasefire proposal" is about Gaza unless Lebanon, Iran, Syria or
 * Yemen is named.
 */
function fallbackTags(counted: readonly Counted[]): TopicTag[] {
  let best: Counted | undefined;
  for (const entry of counted) {
    if (entry.entity.fallback === null || entry.entity.lookAlike || entry.match.weight <= 0) continue;
    if (best === undefined || entry.match.weight > best.match.weight) best = entry;
  }
  if (best?.entity.fallback == null) return [];
  return [{ topic: best.entity.fallback, score: best.match.weight, matches: [best.match] }];
}

/** The taxonomy, for `parley topics` and the chats' topic pickers (`labels`: by language, English is `label`). */
export function topicList(
  topics: CompiledTopics,
): Array<{ id: string; label: string; labels: Readonly<Record<string, string>>; description: string }> {
  return topics.topics.map((topic) => ({ ...topic }));
}

/** Each topic's label in `language` ("ru", "uk"), its English label where config has none. */
export function topicLabels(topics: CompiledTopics, language: string): Map<string, string> {
  return new Map(topics.topics.map((topic) => [topic.id, labelIn(topic, language)]));
}

/**
 * The topic a word typed in place of its id stands for (`/digest украина`), or null. A word that names a
 * place, leader or group of config/topics.yaml decides by them: the topic when they belong to one alone
 * ("україна", "Russia", "Kashmir", "хуситы", "Путин"), else the topics they could mean (Israel: gaza,
 * lebanon, iran…; Pakistan: south-asia, other), or null when that is any (Trump, Qatar). Any other word
 * counts when one topic lists it in `names` ("газа").
 */
export function topicNamed(topics: CompiledTopics, word: string): string | readonly string[] | null {
  const text = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  if (text === '') return null;
  const item = asPrepared({ title: text, summary: '', content: null, language: null, publishedAt: 0 });
  const entities = fieldHits(item, topics.matcher)
    .map((hit) => hit.value)
    .filter((entity) => !entity.lookAlike);
  if (entities.length === 0) return topics.names.get(foldText(text)) ?? null;
  const named = new Set<string>();
  for (const entity of entities) {
    // A shared entity without a `topics` list belongs to every topic.
    const own =
      entity.topic !== null ? [entity.topic] : (entity.addsTo ?? topics.topics.map((topic) => topic.id));
    for (const topic of own) named.add(topic);
  }
  const [only] = named;
  if (named.size === 1 && only !== undefined) return only;
  // Several: those it could mean, unless it could mean any (Trump, the UN).
  const ids = topics.topics.map((topic) => topic.id).filter((id) => named.has(id));
  return ids.length < topics.topics.length ? ids : null;
}
