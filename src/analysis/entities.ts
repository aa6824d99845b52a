import type { AnalysableItem, EntityMention } from '../domain/analysis.js';
import type { CompiledTopics } from './lexicon.js';
import { asPrepared, fieldHits, type PreparedItem } from './prepare.js';

/**
 * The canonical entities an item names, one mention per entity and field, in text order: "Witkoff",
 * "Уиткофф" and "Віткоффа" all become `witkoff`, so clustering can join reports across languages.
 */
export function findEntities(item: AnalysableItem | PreparedItem, topics: CompiledTopics): EntityMention[] {
  const mentions: EntityMention[] = [];
  const seen = new Set<string>();
  for (const hit of fieldHits(asPrepared(item), topics.matcher)) {
    if (hit.value.lookAlike) continue;
    const key = `${hit.field}\u0000${hit.value.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    mentions.push({ entity: hit.value.id, field: hit.field, found: hit.found });
  }
  return mentions;
}

/** The entities a piece of text names ("Medinsky" and "Мединский" both: `medinsky`). */
export function entitiesNamedBy(topics: CompiledTopics): (text: string) => ReadonlySet<string> {
  return (text) =>
    new Set(
      findEntities({ title: '', summary: text, content: null, language: null, publishedAt: 0 }, topics).map(
        (mention) => mention.entity,
      ),
    );
}
