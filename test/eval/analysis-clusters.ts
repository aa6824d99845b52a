/**
 * `npm run eval -- analysis --clusters dev`: the dev split's predicted stories next to the gold ones,
 * to judge a clustering change by the labelling guidelines. Only dev items may be passed in: the
 * held-out split stays unseen while tuning.
 */
import { createStoryIndex, defaultClusterOptions } from '../../src/analysis/cluster.js';
import { clusterInput } from '../../src/analysis/story-clusterer.js';
import type { AnalysableItem, ItemAnalysis } from '../../src/domain/analysis.js';
import type { LabelledItem } from './sets.js';

type Clustered = { item: LabelledItem; analysable: AnalysableItem; analysis: ItemAnalysis };

type Row = { entry: Clustered; story: number; similarity: number; reason: string };

const hours = (ms: number) => new Date(ms).toISOString().slice(5, 16).replace('T', ' ');

/** Whether every item of the predicted cluster has one gold story and that story is not split. */
function verdict(rows: readonly Row[], goldSizes: Map<string, number>): string {
  const gold = new Set(rows.map((r) => r.entry.item.label.story));
  if (gold.size > 1) return `MERGED ${gold.size} gold stories`;
  const [only] = gold;
  const size = goldSizes.get(only ?? '') ?? 0;
  return size > rows.length ? `SPLIT (gold story has ${size})` : 'ok';
}

/** Clusters the items in time order as the analysis eval does and prints every imperfect cluster. */
export function printClusters(dev: readonly Clustered[]): void {
  const relevant = dev
    .filter((s) => s.item.label.relevant && s.item.label.split === 'dev')
    .sort((a, b) => a.analysable.publishedAt - b.analysable.publishedAt);
  // The index itself (not the StoryClusterer port) so that each decision's reason can be shown.
  const index = createStoryIndex({ ...defaultClusterOptions });
  const rows: Row[] = relevant.map((entry, i) => {
    const decision = index.add(clusterInput(i + 1, entry.analysable, entry.analysis));
    return { entry, story: decision.storyId, similarity: decision.similarity, reason: decision.reason };
  });
  const goldSizes = new Map<string, number>();
  for (const { entry } of rows) {
    const story = entry.item.label.story ?? entry.item.key;
    goldSizes.set(story, (goldSizes.get(story) ?? 0) + 1);
  }
  const byStory = new Map<number, Row[]>();
  for (const row of rows) byStory.set(row.story, [...(byStory.get(row.story) ?? []), row]);
  process.stdout.write(`\nclusters of the dev split (${byStory.size} predicted, imperfect ones listed):\n`);
  for (const [id, members] of byStory) {
    const judged = verdict(members, goldSizes);
    if (judged === 'ok') continue;
    process.stdout.write(`- story ${id}: ${judged} — «${index.title(id)}»\n`);
    for (const { entry, similarity, reason } of members) {
      const { item } = entry;
      process.stdout.write(
        `    ${hours(entry.analysable.publishedAt)} ${reason.padEnd(9)} ${similarity.toFixed(2)} ` +
          `${item.label.story ?? '?'} | ${item.source.slice(0, 16)} | ${item.title.slice(0, 110)}\n`,
      );
    }
  }
}
