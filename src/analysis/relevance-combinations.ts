import type { TextField } from '../domain/analysis.js';
import type { Combination, LexiconGroup } from './lexicon.js';
import type { FieldHit } from './prepare.js';

/**
 * Combinations: terms of several groups near each other in one field ("the war … will end",
 * "закончат ли Путин и Трамп войну", "hostages … deal") say what no single term says. Each one found
 * becomes a term of its own, a negotiation group named after the combination, so the verdict lists it
 * like any other match. Tokens between the terms: at most `within`; with `ordered`, the first group's
 * term comes first ("halt … strikes" but not "Russian strikes halt grain exports").
 */
const joiner = ' … ';

function groupOf(combination: Combination): LexiconGroup {
  return {
    name: combination.name,
    kind: 'negotiation',
    weight: combination.weight,
    impliesConflict: combination.impliesConflict,
    terms: [],
  };
}

function near(a: FieldHit<LexiconGroup>, b: FieldHit<LexiconGroup>, within: number): boolean {
  const gap = a.start < b.start ? b.start - a.end : a.start - b.end;
  return gap <= within;
}

/** The first place in `field` where every group of the combination has a term near an anchor term. */
function findIn(
  hits: readonly FieldHit<LexiconGroup>[],
  combination: Combination,
  field: TextField,
): FieldHit<LexiconGroup> | null {
  const [anchorGroup, ...others] = combination.groups;
  const inField = hits.filter((hit) => hit.field === field);
  for (const anchor of inField) {
    if (anchor.value.name !== anchorGroup) continue;
    const partners = others.map((name) =>
      inField.find(
        (hit) =>
          hit.value.name === name &&
          near(anchor, hit, combination.within) &&
          (combination.ordered !== true || hit.start >= anchor.end),
      ),
    );
    if (partners.some((hit) => hit === undefined)) continue;
    const all = [anchor, ...partners.filter((hit) => hit !== undefined)].sort((a, b) => a.start - b.start);
    const first = all[0] ?? anchor;
    const last = all.at(-1) ?? anchor;
    return {
      pattern: combination.groups.join(' + '),
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
): FieldHit<LexiconGroup>[] {
  const found: FieldHit<LexiconGroup>[] = [];
  if (combinations.length === 0) return found;
  const present = new Set(hits.map((hit) => hit.value.name));
  for (const combination of combinations) {
    if (!combination.groups.every((name) => present.has(name))) continue;
    for (const field of fields) {
      const hit = findIn(hits, combination, field);
      if (hit !== null) found.push(hit);
    }
  }
  return found;
}
