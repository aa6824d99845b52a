import type { TextField } from '../domain/analysis.js';
import type { EntityInfo, LexiconGroup } from './lexicon.js';
import type { FieldHit } from './prepare.js';

/**
 * How sure we are that the item concerns an armed conflict, from 0 to 1: the sum of the weights of
 * distinct context terms (war, invasion, війна) and conflict entities (topic entities; shared ones
 * marked `conflict`, like Israel) found in the title or lead, or at least `bodyMentions` times in
 * the body. A term of a group marked `impliesConflict` (ceasefire, prisoner-of-war exchange) in the
 * title or lead, or `bodyMentions` such terms in the body, settle it.
 */
export type ConflictContext = { level: number; description: string };

type Evidence = { key: string; label: string; weight: number; field: TextField };

function evidenceFrom(
  terms: readonly FieldHit<LexiconGroup>[],
  entities: readonly FieldHit<EntityInfo>[],
  bodyMentions: number,
): { evidence: Evidence[]; implied: string | null } {
  const evidence: Evidence[] = [];
  let implied: string | null = null;
  let bodyImplied = 0;
  for (const hit of terms) {
    if (hit.value.impliesConflict && implied === null) {
      bodyImplied += hit.field === 'body' ? 1 : 0;
      if (hit.field !== 'body' || bodyImplied >= bodyMentions) implied = `"${hit.found}" (${hit.field})`;
    }
    if (hit.value.kind === 'context' || hit.value.kind === 'battlefield') {
      evidence.push({
        key: `t:${hit.pattern}`,
        label: hit.found,
        weight: hit.value.weight,
        field: hit.field,
      });
    }
  }
  for (const hit of entities) {
    if (!hit.value.conflict) continue;
    evidence.push({ key: `e:${hit.value.id}`, label: hit.found, weight: hit.value.weight, field: hit.field });
  }
  return { evidence, implied };
}

export function conflictContext(
  terms: readonly FieldHit<LexiconGroup>[],
  entities: readonly FieldHit<EntityInfo>[],
  bodyMentions: number,
): ConflictContext {
  const { evidence, implied } = evidenceFrom(terms, entities, bodyMentions);
  const bodyCounts = new Map<string, number>();
  for (const item of evidence) {
    if (item.field === 'body') bodyCounts.set(item.key, (bodyCounts.get(item.key) ?? 0) + 1);
  }
  const counted = new Map<string, Evidence>();
  for (const item of evidence) {
    const strong = item.field !== 'body' || (bodyCounts.get(item.key) ?? 0) >= bodyMentions;
    if (strong && !counted.has(item.key)) counted.set(item.key, item);
  }
  const sum = [...counted.values()].reduce((total, item) => total + item.weight, 0);
  const sources = [...counted.values()].map((item) => `${item.label} (${item.field})`).slice(0, 6);
  if (implied !== null) {
    return { level: 1, description: `conflict context 1 implied by ${implied}` };
  }
  const level = Math.min(1, Math.round(sum * 1000) / 1000);
  return {
    level,
    description: level === 0 ? 'no conflict context' : `conflict context ${level} from ${sources.join(', ')}`,
  };
}
