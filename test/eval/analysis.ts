/**
 * `npm run eval -- analysis`: relevance, topics and same-story clustering on the labelled sets
 * (test/eval/labels), reported for the dev split, the held-out split and both.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { analyseItem } from '../../src/analysis/analyse-item.js';
import { defaultClusterOptions } from '../../src/analysis/cluster.js';
import { compileLexicon, compileTopics } from '../../src/analysis/lexicon.js';
import { storyMembershipRule } from '../../src/analysis/relevance-story.js';
import { createStoryClusterer } from '../../src/analysis/story-clusterer.js';
import { parseLexiconSpec, parseTopicsSpec } from '../../src/config/analysis-schema.js';
import type { AnalysableItem, ItemAnalysis } from '../../src/domain/analysis.js';
import { printClusters } from './analysis-clusters.js';
import { bcubed, formatPrf, type Prf, topicPrf, verdictPrf } from './analysis-metrics.js';
import { type LabelledItem, loadLabelledSets } from './sets.js';

export type Scored = { item: LabelledItem; analysable: AnalysableItem; analysis: ItemAnalysis };

export function loadModel(root: string) {
  const lexicon = compileLexicon(
    parseLexiconSpec(parse(readFileSync(resolve(root, 'config/lexicon.yaml'), 'utf8'))),
  );
  const topics = compileTopics(
    parseTopicsSpec(parse(readFileSync(resolve(root, 'config/topics.yaml'), 'utf8'))),
  );
  return { lexicon, topics };
}

/**
 * Items without a usable date (Meduza's 1970) take the time the set was captured, its newest date:
 * Parley stamps them with the time it first fetched them (sanePublishedAt in src/ingest/feed-date.ts),
 * and a feed capture is one fetch. (The set's median date, used before, put such items months
 * before the events they report, since feeds also carry old items.)
 */
export function analysable(items: readonly LabelledItem[]): AnalysableItem[] {
  const sane = (t: number | null) => t !== null && t > Date.UTC(2000, 0) && t < Date.UTC(2030, 0);
  const dates = items.map((i) => i.publishedAt).filter(sane) as number[];
  const captured = dates.reduce((latest, t) => Math.max(latest, t), 0);
  return items.map((i) => ({
    title: i.title,
    summary: i.summary,
    content: i.content,
    language: i.language,
    publishedAt: sane(i.publishedAt) ? (i.publishedAt as number) : captured,
  }));
}

/**
 * Analyses labelled items as a feed poll would: in time order, each on its words, and one short of
 * the threshold also by the story it reports (`storyMembership`, src/analysis/relevance-story.ts),
 * against the stories of the items found relevant before it. `inputs` (default: the items as they
 * are) are the texts analysed, in the items' order; the result keeps that order.
 */
export function scoreItems(
  items: readonly LabelledItem[],
  model: ReturnType<typeof loadModel>,
  inputs: readonly AnalysableItem[] = items.map((item) => ({
    title: item.title,
    summary: item.summary,
    content: item.content,
    language: item.language,
    publishedAt: item.publishedAt ?? 0,
  })),
): Scored[] {
  const { lexicon, topics } = model;
  const clusterer = createStoryClusterer({ ...defaultClusterOptions });
  const byStory = storyMembershipRule(lexicon.spec);
  const order = items.map((_, i) => i);
  order.sort((a, b) => (inputs[a]?.publishedAt ?? 0) - (inputs[b]?.publishedAt ?? 0) || a - b);
  const scored: Scored[] = new Array(items.length);
  for (const i of order) {
    const item = items[i] as LabelledItem;
    const input = inputs[i] as AnalysableItem;
    const own = analyseItem(input, lexicon, topics);
    const analysis = byStory(own, () => clusterer.nearest(input, own)) ?? own;
    if (analysis.relevance.relevant) clusterer.assign(i + 1, input, analysis);
    scored[i] = { item, analysable: input, analysis };
  }
  return scored;
}

function relevanceScore(scored: readonly Scored[]): Prf {
  return verdictPrf(
    scored.map(({ item, analysis }) => ({
      predicted: analysis.relevance.relevant,
      gold: item.label.relevant,
    })),
  );
}

/**
 * Clusters the gold-relevant items in time order, so that clustering is judged apart from relevance.
 * Each set is clustered on its own and its slugs are its own: sets were labelled apart, so two sets'
 * reports of one event carry different slugs, and undated items of different sets share a stamp.
 */
function clusterScores(scored: readonly Scored[]) {
  const relevant = scored
    .filter((s) => s.item.label.relevant)
    .sort((a, b) => a.analysable.publishedAt - b.analysable.publishedAt);
  const clusterers = new Map<string, ReturnType<typeof createStoryClusterer>>();
  const predicted = relevant.map((s, i) => {
    let clusterer = clusterers.get(s.item.set);
    if (clusterer === undefined) {
      clusterer = createStoryClusterer({ ...defaultClusterOptions });
      clusterers.set(s.item.set, clusterer);
    }
    return `${s.item.set}\u0000${clusterer.assign(i + 1, s.analysable, s.analysis).storyId}`;
  });
  const stories = relevant.map((s) => `${s.item.set}\u0000${s.item.label.story ?? s.item.key}`);
  const events = relevant.map((s) => `${s.item.set}\u0000${s.item.label.event ?? s.item.key}`);
  return {
    items: relevant.length,
    goldStories: new Set(stories).size,
    predictedStories: new Set(predicted).size,
    story: bcubed(stories, predicted),
    event: bcubed(events, predicted),
    singletons: bcubed(
      stories,
      relevant.map((s) => s.item.key),
    ),
  };
}

const line = (name: string, p: Prf) => `${name} ${formatPrf(p)}`;

/**
 * Prints and returns one group's figures. `clusters: false` leaves out clustering, for groups whose
 * story slugs were not labelled together (the probe files, each labelled on its own).
 */
export function report(
  name: string,
  scored: readonly Scored[],
  { clusters: withClusters = true } = {},
): Record<string, unknown> {
  const relevance = relevanceScore(scored);
  const goldRelevant = scored.filter((s) => s.item.label.relevant);
  const topics = topicPrf(
    goldRelevant.map((s) => ({
      gold: s.item.label.topics,
      predicted: s.analysis.topics.map((t) => t.topic),
    })),
  );
  const clusters = withClusters ? clusterScores(scored) : null;
  process.stdout.write(
    `${name.padEnd(34)} n=${scored.length} relevant=${goldRelevant.length}\n` +
      `  relevance  ${line('', relevance)} (tp ${relevance.tp}, fp ${relevance.fp}, fn ${relevance.fn})\n` +
      `  topics     ${line('', topics)}\n` +
      (clusters === null
        ? ''
        : `  clusters   ${line('story B³', clusters.story)}; ${line('event B³', clusters.event)}; singletons F1 ${clusters.singletons.f1.toFixed(3)}; ${clusters.goldStories} gold / ${clusters.predictedStories} predicted stories\n`),
  );
  return clusters === null ? { relevance, topics } : { relevance, topics, clusters };
}

/** A dev mistake with the verdict's terms and rules, to judge a change by the definition. */
export function errors(scored: readonly Scored[]): void {
  const wrong = scored.filter((s) => s.analysis.relevance.relevant !== s.item.label.relevant);
  process.stdout.write(`\nrelevance mistakes on the dev split (${wrong.length}):\n`);
  for (const { item, analysis } of wrong) {
    const { score, matches, rules } = analysis.relevance;
    const kind = item.label.relevant ? 'missed' : 'false+';
    const terms = matches
      .filter((m) => m.weight !== 0)
      .map((m) => `${m.found}[${m.field[0]}${m.weight}]`)
      .join(', ');
    const context = rules.find((rule) => rule.includes('conflict context')) ?? '';
    process.stdout.write(
      `- ${kind} ${score.toFixed(2)} [${item.set}] ${item.title.slice(0, 140)}\n` +
        `    lead: ${item.summary.replace(/\s+/g, ' ').slice(0, 220)}\n` +
        `    terms: ${terms}\n    ${context}${item.label.note ? `\n    note: ${item.label.note}` : ''}\n`,
    );
  }
}

export type AnalysisEvalOptions = { mistakes: boolean; clusters?: boolean };

export async function runAnalysisEval(
  sharedDir: string,
  options: AnalysisEvalOptions = { mistakes: false },
): Promise<Record<string, unknown>> {
  const { sets, missing } = await loadLabelledSets(sharedDir);
  if (missing.length > 0) process.stdout.write(`sets not found (skipped): ${missing.join(', ')}\n`);
  const model = loadModel(process.cwd());
  const all: Scored[] = [];
  const results: Record<string, unknown> = {};
  const started = performance.now();
  for (const [name, items] of Object.entries(sets)) {
    if (items.length === 0) continue;
    const scored = scoreItems(items, model, analysable(items));
    all.push(...scored);
    for (const split of ['dev', 'holdout'] as const) {
      results[`${name}/${split}`] = report(
        `${name} [${split}]`,
        scored.filter((s) => s.item.label.split === split),
      );
    }
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write('\n');
  for (const split of ['dev', 'holdout'] as const)
    results[`all/${split}`] = report(
      `ALL [${split}]`,
      all.filter((s) => s.item.label.split === split),
    );
  for (const language of ['en', 'ru'])
    results[`all/${language}`] = report(
      `ALL language=${language}`,
      all.filter((s) => s.item.language === language),
    );
  process.stdout.write(`(${all.length} items analysed and clustered in ${seconds.toFixed(1)} s)\n`);
  // Only the dev split's mistakes are listed: the held-out split stays unseen while tuning.
  if (options.mistakes || process.env['PARLEY_EVAL_VERBOSE'])
    errors(all.filter((s) => s.item.label.split === 'dev'));
  if (options.clusters) printClusters(all.filter((s) => s.item.label.split === 'dev'));
  return results;
}
