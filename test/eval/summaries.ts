/**
 * Summary evaluation: ROUGE-1/2 of single-document extractive summaries on bbc-news-summary-100 next
 * to Lead-k at the same length (after checking our ROUGE against pltrdy/rouge's fixture), and summary
 * checks (boilerplate, length, complete sentences) on real feed items, single and multi-document, and
 * the restatement test on labelled sentence pairs (summary-restatement.ts).
 */

import { type CorpusItem, readCorpusSet, readLabels } from './sets.js';
import { type BbcResult, bbcRouge, checkRougeFixture, type FixtureCheck } from './summary-bbc.js';
import {
  checkSummaries,
  groupByTitlePrefix,
  type SummaryChecks,
  sourceFurniture,
  sourceTexts,
} from './summary-checks.js';
import { type Rates, type RestatementResult, restatementEval } from './summary-restatement.js';
import type { RougeAverage } from './summary-rouge.js';

export type SummariesEvalResult = {
  fixture: FixtureCheck | null;
  bbc: BbcResult | null;
  restatement: RestatementResult | null;
  checks: SummaryChecks[];
};

const print = (line: string) => process.stdout.write(`${line}\n`);
const pct = (value: number) => `${(100 * value).toFixed(2)}`;

function printRouge(label: string, average: RougeAverage): void {
  const { rouge1: r1, rouge2: r2 } = average;
  print(
    `  ${label.padEnd(28)} R-1 F ${pct(r1.f)}  R ${pct(r1.r)}  P ${pct(r1.p)}   R-2 F ${pct(r2.f)}  R ${pct(r2.r)}  P ${pct(r2.p)}`,
  );
}

function percent(rates: Rates): string {
  return `${((100 * rates.flagged) / Math.max(1, rates.pairs)).toFixed(1)}% of ${rates.pairs}`;
}

function printRestatement(result: RestatementResult): void {
  print(
    `restatement test (a sentence less than ${result.cut} of whose terms are new restates the summary), pairs flagged:`,
  );
  for (const split of result.splits) {
    const between = split.between === undefined ? '' : `, some details differ ${percent(split.between)}`;
    print(
      `  ${split.name}: same statement ${percent(split.same)}${between}, different ${percent(split.different)}`,
    );
  }
  const grid = result.grid.map(({ cut, j }) => `${cut} ${j.toFixed(3)}`).join(', ');
  print(`  Youden's J on STS-B news train, whole sentences, by cut (the cut is chosen there): ${grid}`);
}

function printChecks(checks: SummaryChecks): void {
  const share = (count: number) => (checks.summaries === 0 ? '-' : `${pct(count / checks.summaries)}%`);
  const extracted = checks.extracted === 0 ? '-' : `${pct(checks.extractedComplete / checks.extracted)}%`;
  print(`  ${checks.group}: ${checks.summaries} summaries (${checks.multiItem} multi-item)`);
  print(
    `    with boilerplate: by isBoilerplate ${checks.withBoilerplateByRules}, by independent markers ${checks.withBoilerplateByMarkers}, by a sentence repeated in ≥3 items of its source ${checks.withRepeatedSentence}`,
  );
  print(`    feed furniture: ${checks.furnitureRemoved} sentences removed from the summarised items`);
  print(
    `    chars max ${checks.maxChars}, p95 ${checks.p95Chars}; sentences mean ${checks.meanSentences.toFixed(2)}; every sentence complete ${share(checks.allComplete)} (of the ${checks.extracted} not falling back: ${extracted}); fallbacks ${checks.fallbacks}; empty ${checks.empty}`,
  );
  for (const hit of checks.markerHits.slice(0, 6)) print(`    marker hit: ${hit.slice(0, 150)}`);
  for (const hit of checks.repeatedHits.slice(0, 6)) print(`    repeated: ${hit.slice(0, 150)}`);
}

async function labelledStories(sharedDir: string, setId: string): Promise<CorpusItem[][]> {
  const [items, labels] = await Promise.all([readCorpusSet(sharedDir, setId), readLabels(setId)]);
  if (items === null || labels === null) return [];
  const stories = new Map<string, CorpusItem[]>();
  for (const item of items) {
    const story = labels.get(item.key)?.story;
    if (story === undefined || story === null) continue;
    stories.set(story, [...(stories.get(story) ?? []), item]);
  }
  return [...stories.values()];
}

async function feedChecks(sharedDir: string, furnitureLines: string[]): Promise<SummaryChecks[]> {
  const checks: SummaryChecks[] = [];
  const dumpster = 'news-dumpster-2025-05-21';
  for (const setId of [dumpster, 'ru-2025-08-16', 'kyivindependent-2024-07', 'outlets-2020-08-15']) {
    const items = await readCorpusSet(sharedDir, setId);
    if (items === null) {
      print(`  ${setId}: corpus absent; skipped`);
      continue;
    }
    const texts = sourceTexts(items);
    const furniture = sourceFurniture(items);
    const learnt = [...furniture.values()].map((one) => one.keys.size);
    furnitureLines.push(
      `  ${setId}: feed furniture ${learnt.reduce((sum, n) => sum + n, 0)} sentences in ${learnt.filter((n) => n > 0).length} of ${furniture.size} sources`,
    );
    const check = (group: string, stories: readonly CorpusItem[][]) =>
      checkSummaries(`${setId} ${group}`, stories, texts, furniture);
    if (setId === dumpster) {
      const stories = await labelledStories(sharedDir, setId);
      if (stories.length > 0) checks.push(check('labelled stories', stories));
    }
    checks.push(
      check(
        'single items',
        items.map((item) => [item]),
      ),
    );
    const groups = groupByTitlePrefix(items).filter((group) => group.length > 1);
    if (groups.length > 0) checks.push(check('same-title groups', groups));
  }
  return checks;
}

export async function runSummariesEval(sharedDir: string): Promise<SummariesEvalResult> {
  const fixture = checkRougeFixture(sharedDir);
  if (fixture === null) print('rouge fixture (pltrdy): absent; ROUGE implementation not checked');
  else {
    const verdict = fixture.passed ? 'matches' : 'DOES NOT match';
    print(
      `rouge fixture (pltrdy/rouge, ${fixture.cases} cases, R-1/R-2 F/P/R): ours ${verdict}, max |diff| ${fixture.maxDifference.toExponential(1)}`,
    );
  }
  const bbc = bbcRouge(sharedDir);
  if (bbc === null) print('bbc-news-summary-100: absent; ROUGE skipped');
  else {
    print(`bbc-news-summary-100 (${bbc.articles} articles), ROUGE in %, lower-cased words, clipped counts:`);
    printRouge('Parley, k = ref. sentences', bbc.bySentences.parley);
    printRouge('Lead-k, k = ref. sentences', bbc.bySentences.lead);
    printRouge('Parley, ≤ ref. chars', bbc.byChars.parley);
    printRouge('Lead, ≤ ref. chars', bbc.byChars.lead);
    printRouge('Parley, ≤ 3 sentences/400', bbc.byDefaults.parley);
    printRouge('Lead-3, ≤ 400 chars', bbc.byDefaults.lead);
  }
  const restatement = restatementEval(sharedDir);
  if (restatement === null) print('similarity/stsbenchmark: absent; restatement test not measured');
  else printRestatement(restatement);
  print('summary checks (default limits: 3 sentences, 400 chars):');
  print(
    "  Each item first loses its source's feed furniture (sentences in ≥3 and ≥30% of the source's items of the set),",
  );
  print(
    '  as production does per feed; the check "repeated in ≥3 items of its source" overlaps that rule, the markers do not.',
  );
  const furnitureLines: string[] = [];
  const checks = await feedChecks(sharedDir, furnitureLines);
  for (const line of furnitureLines) print(line);
  for (const check of checks) printChecks(check);
  return { fixture, bbc, restatement, checks };
}
