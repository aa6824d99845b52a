/**
 * `npm run eval -- agreement`: how far two people who label the same items by the same guidelines
 * agree, as the yardstick for Parley's own figures. test/eval/agreement/<set>.jsonl holds a second,
 * independent labelling of items that already have labels (the primary ones, in test/eval/labels or
 * test/eval/headlines); README.md there says who labelled them and how. Per set it prints the second
 * labelling scored against the first (relevance P/R/F1 and Cohen's κ, topic F1 and story B³ on the
 * items both call relevant), then Parley scored against each of the two.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel, report, scoreItems } from './analysis.js';
import { bcubed, formatPrf, type Prf, topicPrf, verdictPrf } from './analysis-metrics.js';
import { headlinesDir, joinDay, loadHeadlineLabels, readJsonl } from './headlines.js';
import type { Headline } from './headlines-texts.js';
import { type Label, type LabelledItem, loadLabelledSets } from './sets.js';

export type SecondLabel = {
  id: string | number;
  relevant: boolean;
  topics: string[];
  story: string | null;
  event: string | null;
  note?: string;
};

/** test/eval/agreement, from the sources (vitest) or from dist (npm run eval). */
export function agreementDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, 'agreement'), resolve(here, '../../../test/eval/agreement')];
  return candidates.find((dir) => existsSync(join(dir, 'README.md'))) ?? (candidates[0] as string);
}

/** Every second labelling by set name (the file name: a headline set's name, or a corpus set's id). */
export function loadSecondLabels(dir = agreementDir()): Record<string, SecondLabel[]> {
  const sets: Record<string, SecondLabel[]> = {};
  if (!existsSync(dir)) return sets;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort())
    sets[basename(file, '.jsonl')] = readJsonl<SecondLabel>(join(dir, file));
  return sets;
}

/** Cohen's κ of two yes/no labellings of the same items. */
export function cohensKappa(pairs: ReadonlyArray<{ a: boolean; b: boolean }>): number {
  const n = pairs.length;
  if (n === 0) return 1;
  let agree = 0;
  let aYes = 0;
  let bYes = 0;
  for (const { a, b } of pairs) {
    if (a === b) agree += 1;
    if (a) aYes += 1;
    if (b) bYes += 1;
  }
  const observed = agree / n;
  const chance = (aYes / n) * (bYes / n) + (1 - aYes / n) * (1 - bYes / n);
  return chance === 1 ? 1 : (observed - chance) / (1 - chance);
}

export type Agreement = {
  items: number;
  relevantFirst: number;
  relevantSecond: number;
  relevance: Prf;
  kappa: number;
  both: number;
  topics: Prf;
  story: Prf;
  event: Prf;
};

/** The second labelling scored against the first, over the items both labelled. */
export function agreement(first: ReadonlyMap<string, Label>, second: readonly SecondLabel[]): Agreement {
  const pairs: Array<{ first: Label; second: SecondLabel; key: string }> = [];
  for (const label of second) {
    const own = first.get(String(label.id));
    if (own !== undefined) pairs.push({ first: own, second: label, key: String(label.id) });
  }
  const both = pairs.filter((p) => p.first.relevant && p.second.relevant);
  return {
    items: pairs.length,
    relevantFirst: pairs.filter((p) => p.first.relevant).length,
    relevantSecond: pairs.filter((p) => p.second.relevant).length,
    relevance: verdictPrf(pairs.map((p) => ({ predicted: p.second.relevant, gold: p.first.relevant }))),
    kappa: cohensKappa(pairs.map((p) => ({ a: p.first.relevant, b: p.second.relevant }))),
    both: both.length,
    topics: topicPrf(both.map((p) => ({ gold: p.first.topics, predicted: p.second.topics }))),
    story: bcubed(
      both.map((p) => p.first.story ?? p.key),
      both.map((p) => p.second.story ?? p.key),
    ),
    event: bcubed(
      both.map((p) => p.first.event ?? p.key),
      both.map((p) => p.second.event ?? p.key),
    ),
  };
}

function printAgreement(name: string, a: Agreement): void {
  process.stdout.write(
    `${name.padEnd(34)} n=${a.items} relevant: first ${a.relevantFirst}, second ${a.relevantSecond}\n` +
      `  relevance   ${formatPrf(a.relevance)} (tp ${a.relevance.tp}, fp ${a.relevance.fp}, fn ${a.relevance.fn}); κ ${a.kappa.toFixed(3)}\n` +
      `  on the ${a.both} items both call relevant: topics ${formatPrf(a.topics)}; story B³ ${formatPrf(a.story)}; event B³ ${formatPrf(a.event)}\n`,
  );
}

/** The items of a set with the second labelling in place of the first (same split). */
function relabel(
  items: readonly LabelledItem[],
  second: readonly SecondLabel[],
  keyOf: (item: LabelledItem) => string,
) {
  const byId = new Map(second.map((label) => [String(label.id), label]));
  return items.flatMap((item) => {
    const label = byId.get(keyOf(item));
    if (label === undefined) return [];
    const { id: _id, note, ...rest } = label;
    return [
      { ...item, label: { ...rest, split: item.label.split, ...(note === undefined ? {} : { note }) } },
    ];
  });
}

export async function runAgreementEval(sharedDir: string): Promise<Record<string, unknown>> {
  const seconds = loadSecondLabels();
  const names = Object.keys(seconds);
  if (names.length === 0) {
    process.stdout.write(`no second labellings in ${agreementDir()}\n`);
    return {};
  }
  const model = loadModel(process.cwd());
  const headlineLabels = loadHeadlineLabels(headlinesDir());
  const textsDir = resolve(process.env['PARLEY_HEADLINES'] ?? join(headlinesDir(), 'texts'));
  const corpus = await loadLabelledSets(sharedDir);
  const results: Record<string, unknown> = {};
  for (const name of names) {
    const second = seconds[name] ?? [];
    let items: LabelledItem[] | null = null;
    let keyOf: (item: LabelledItem) => string = (item) => item.key;
    const labels = headlineLabels[name];
    if (labels !== undefined) {
      const path = join(textsDir, `${name}.jsonl`);
      // Headline keys are `<set>#<id>`; the labels' own ids are what both labellings share.
      keyOf = (item) => item.key.slice(item.key.indexOf('#') + 1);
      items = existsSync(path) ? joinDay(name, labels, readJsonl<Headline>(path)) : null;
    } else if (corpus.sets[name] !== undefined && corpus.sets[name].length > 0) {
      items = corpus.sets[name];
    }
    if (items === null) {
      process.stdout.write(`${name}: its texts or primary labels are missing; skipped\n`);
      continue;
    }
    const ids = new Set(second.map((label) => String(label.id)));
    const firstItems = items.filter((item) => ids.has(keyOf(item)));
    const first = new Map(firstItems.map((item) => [keyOf(item), item.label]));
    const a = agreement(first, second);
    printAgreement(`${name}: second labelling vs first`, a);
    const parley = scoreItems(firstItems, model);
    const vsFirst = report(`${name}: Parley vs first`, parley);
    const secondItems = relabel(firstItems, second, keyOf);
    const vsSecond = report(`${name}: Parley vs second`, scoreItems(secondItems, model));
    results[name] = { agreement: a, parleyVsFirst: vsFirst, parleyVsSecond: vsSecond };
  }
  return results;
}
