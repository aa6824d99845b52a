/**
 * `npm run eval -- probes`: relevance, topics and clustering on the written probe sets in
 * test/eval/probes (README there): items written and labelled by sessions that had not seen the
 * lexicon, the topic aliases or the tests, covering the topics, languages and years that the labelled
 * corpus sets lack. They are not real feeds, so their figures stand beside the corpus sets' figures,
 * never in place of them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AnalysisEvalOptions, errors, loadModel, report, type Scored, scoreItems } from './analysis.js';
import type { LabelledItem } from './sets.js';

type ProbeLine = {
  id: string;
  language: string;
  feed: string;
  publishedAt: string;
  title: string;
  summary?: string;
  content?: string;
  relevant: boolean;
  topics?: string[];
  story?: string | null;
  event?: string | null;
  split: 'dev' | 'holdout';
  note?: string;
};

/** test/eval/probes, whether this runs from the sources (vitest) or from dist (npm run eval). */
export function probesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, 'probes'), resolve(here, '../../../test/eval/probes')];
  return candidates.find((dir) => existsSync(dir)) ?? (candidates[0] as string);
}

function toLabelled(set: string, line: ProbeLine): LabelledItem {
  return {
    set,
    key: line.id,
    source: line.feed,
    title: line.title,
    summary: line.summary ?? '',
    content: line.content ?? null,
    url: null,
    publishedAt: Date.parse(line.publishedAt),
    language: line.language,
    label: {
      relevant: line.relevant,
      topics: line.topics ?? [],
      story: line.story ?? null,
      event: line.event ?? null,
      split: line.split,
      ...(line.note === undefined ? {} : { note: line.note }),
    },
  };
}

/** Every probe file, as labelled items; a line that is not a probe item is an error naming it. */
export function loadProbeSets(dir = probesDir()): Record<string, LabelledItem[]> {
  const sets: Record<string, LabelledItem[]> = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    const set = basename(file, '.jsonl');
    const lines = readFileSync(resolve(dir, file), 'utf8').split('\n');
    sets[set] = lines.flatMap((text, i) => {
      if (text.trim() === '') return [];
      const line = JSON.parse(text) as ProbeLine;
      if (
        typeof line.id !== 'string' ||
        typeof line.relevant !== 'boolean' ||
        Number.isNaN(Date.parse(line.publishedAt))
      )
        throw new Error(`${file}:${i + 1}: not a probe item (id, relevant, publishedAt)`);
      if (line.split !== 'dev' && line.split !== 'holdout')
        throw new Error(`${file}:${i + 1}: split must be dev or holdout`);
      return [toLabelled(set, line)];
    });
  }
  return sets;
}

export async function runProbesEval(
  _sharedDir: string,
  options: AnalysisEvalOptions = { mistakes: false },
): Promise<Record<string, unknown>> {
  const model = loadModel(process.cwd());
  const results: Record<string, unknown> = {};
  const all: Scored[] = [];
  for (const [name, items] of Object.entries(loadProbeSets())) {
    const scored = scoreItems(items, model);
    all.push(...scored);
    const split = scored[0]?.item.label.split ?? 'dev';
    results[name] = report(`${name} [${split}]`, scored);
  }
  process.stdout.write('\n');
  for (const split of ['dev', 'holdout'] as const) {
    const part = all.filter((s) => s.item.label.split === split);
    // Each file's stories were labelled on their own (one event has different slugs in en and ru),
    // so clustering is judged per file only.
    if (part.length > 0) results[`all/${split}`] = report(`ALL probes [${split}]`, part, { clusters: false });
  }
  if (options.mistakes) errors(all.filter((s) => s.item.label.split === 'dev'));
  return results;
}
