import type { TextField } from '../domain/analysis.js';
import type { Combination, EntityInfo, LexiconGroup } from './lexicon.js';
import type { FieldHit } from './prepare.js';

/**
 * Combinations: terms of several groups near each other in one field ("the war … will end",
 * "закончат ли Путин и Трамп войну", "hostages … deal") say what no single term says. Each one found
 * becomes a term of its own, a group named after the combination (negotiation, or battlefield for a
 * penalty such as an outsider's appeal), so the verdict lists it like any other match. Tokens between
 * the terms: at most `within`; with `ordered`, the first group's term comes first ("halt … strikes"
 * but not "Russian strikes halt grain exports"). A combination with `entities` also needs one of
 * those config/topics.yaml entities named within `within` tokens of the first group's term
 * ("snapback" with the E3, "coalition of the willing" with Ukraine), so that it meets every alias of
 * the entity without the lexicon repeating them.
 */
const joiner = ' … ';

function groupOf(combination: Combination): LexiconGroup {
  return {
    name: combination.name,
    kind: combination.kind ?? 'negotiation',
    weight: combination.weight,
    impliesConflict: combination.impliesConflict,
    terms: [],
  };
}

type Span = { start: number; end: number };

function near(a: Span, b: Span, within: number): boolean {
  const gap = a.start < b.start ? b.start - a.end : a.start - b.end;
  return gap <= within;
}

/** The first place in `field` where every group of the combination has a term near an anchor term. */
function findIn(
  hits: readonly FieldHit<LexiconGroup>[],
  entities: readonly FieldHit<EntityInfo>[],
  combination: Combination,
  field: TextField,
): FieldHit<LexiconGroup> | null {
  const [anchorGroup, ...others] = combination.groups;
  const wanted = combination.entities ?? [];
  const inField = hits.filter((hit) => hit.field === field);
  const named = entities.filter((hit) => hit.field === field && wanted.includes(hit.value.id));
  if (wanted.length > 0 && named.length === 0) return null;
  for (const anchor of inField) {
    if (anchor.value.name !== anchorGroup) continue;
    const partners: Array<Span & { found: string }> = [];
    for (const name of others) {
      const partner = inField.find(
        (hit) =>
          hit.value.name === name &&
          near(anchor, hit, combination.within) &&
          (combination.ordered !== true || hit.start >= anchor.end),
      );
      if (partner === undefined) break;
      partners.push(partner);
    }
    if (partners.length < others.length) continue;
    if (wanted.length > 0) {
      const entity = named.find((hit) => near(anchor, hit, combination.within));
      if (entity === undefined) continue;
      partners.push(entity);
    }
    const all = [anchor, ...partners].sort((a, b) => a.start - b.start);
    const first = all[0] ?? anchor;
    const last = all.at(-1) ?? anchor;
    return {
      pattern: [...combination.groups, ...(wanted.length > 0 ? [`(${wanted.join('|')})`] : [])].join(' + '),
      value: groupOf(combination),
      start: first.start,
      end: last.end,
      field,
      found: all.map((hit) => hit.found).join(joiner),
    };
  }
  return null;
}

const fields: readonly TextField[] = ['title', 'lead', 'body'];

export function combinationHits(
  hits: readonly FieldHit<LexiconGroup>[],
  combinations: readonly Combination[],
  entities: readonly FieldHit<EntityInfo>[] = [],
): FieldHit<LexiconGroup>[] {
  const found: FieldHit<LexiconGroup>[] = [];
  if (combinations.length === 0) return found;
  const present = new Set(hits.map((hit) => hit.value.name));
  for (const combination of combinations) {
    if (!combination.groups.every((name) => present.has(name))) continue;
    for (const field of fields) {
      const hit = findIn(hits, entities, combination, field);
      if (hit !== null) found.push(hit);
    }
  }
  return found;
}
