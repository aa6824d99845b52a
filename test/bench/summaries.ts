/**
 * `npm run bench -- summaries`: the extractive summariser on real stories, on one core: every labelled
 * item of ../shared/corpora alone (what a story of one report gets), and the labelled stories of several
 * reports (their members together, as the story pipeline summarises them after each change). A story
 * with reports in other digest languages is summarised once more per language (its versions), so its
 * cost is this figure times the number of languages. Skipped when the corpora are absent.
 */
import { resolve } from 'node:path';
import { summarizeExtractive } from '../../src/analysis/summary.js';
import type { AnalysableItem } from '../../src/domain/analysis.js';
import { type LabelledItem, loadLabelledSets } from '../eval/sets.js';

const asInput = (item: LabelledItem): AnalysableItem => ({
  title: item.title,
  summary: item.summary,
  content: item.content,
  language: item.language,
  publishedAt: item.publishedAt ?? 0,
});

/** Summarises each group `rounds` times; the time per summary and its 95th percentile, in ms. */
function time(groups: readonly AnalysableItem[][], rounds: number) {
  const each: number[] = [];
  let chars = 0;
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    for (const group of groups) {
      const at = performance.now();
      chars += summarizeExtractive(group).text.length;
      each.push(performance.now() - at);
    }
  }
  const total = performance.now() - started;
  each.sort((a, b) => a - b);
  const p95 = each[Math.floor(each.length * 0.95)] ?? 0;
  return {
    count: each.length,
    perSecond: (each.length / total) * 1000,
    mean: total / each.length,
    p95,
    chars,
  };
}

export async function runSummariesBench(): Promise<void> {
  const sharedDir = resolve(process.env['PARLEY_SHARED'] ?? resolve(process.cwd(), '..', 'shared'));
  const { sets } = await loadLabelledSets(sharedDir);
  const items = Object.values(sets).flat();
  if (items.length === 0) {
    process.stdout.write(`labelled sets not found under ${sharedDir}: summaries benchmark skipped\n`);
    return;
  }
  const stories = new Map<string, AnalysableItem[]>();
  for (const item of items) {
    if (item.label.story === null) continue;
    const key = `${item.set}:${item.label.story}`;
    stories.set(key, [...(stories.get(key) ?? []), asInput(item)]);
  }
  const several = [...stories.values()].filter((members) => members.length > 1);
  const withText = items.filter((item) => (item.content ?? '').length > 1_000).length;
  time(
    items.slice(0, 200).map((item) => [asInput(item)]),
    1,
  ); // warm-up
  const single = time(
    items.map((item) => [asInput(item)]),
    3,
  );
  const multi = time(several, 20);
  const line = (label: string, t: ReturnType<typeof time>) =>
    `  ${label}: ${t.perSecond.toFixed(0)} summaries/s, mean ${t.mean.toFixed(2)} ms, p95 ${t.p95.toFixed(2)} ms (${t.count} summaries)\n`;
  process.stdout.write(
    `real items: ${items.length} from the labelled sets (${withText} with more than 1,000 characters of text); ` +
      `${several.length} labelled stories of 2 to ${Math.max(...several.map((s) => s.length))} reports\n` +
      line('one report each', single) +
      line('stories of several reports', multi),
  );
}
