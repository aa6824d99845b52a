/**
 * `npm run eval -- headlines`: real news headlines of 2025 as a harvester listed them
 * (test/eval/headlines/<set>.jsonl holds the labels; README.md there says where the texts come from
 * and which sets were studied). Headlines only, no summary: the hardest case for relevance and
 * clustering. ru-1123: items of Russian-language feeds around 23 November 2025, with their summaries;
 * uk-1127a, uk-1127b, ru-1127a: headlines and leads of Ukrainian and Russian news pages.
 * The texts are read from PARLEY_HEADLINES (default test/eval/headlines/texts, not committed); without
 * them the suite says how to make them and stops.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AnalysisEvalOptions, errors, loadModel, report, type Scored, scoreItems } from './analysis.js';
import { printClusters } from './analysis-clusters.js';
import type { Headline } from './headlines-texts.js';
import type { LabelledItem } from './sets.js';

export type HeadlineLabel = {
  id: number | string;
  link: string | null;
  relevant: boolean;
  topics: string[];
  story: string | null;
  event: string | null;
  note?: string;
  split: 'dev' | 'holdout';
};

/** test/eval/headlines, whether this runs from the sources (vitest) or from dist (npm run eval). */
export function headlinesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, 'headlines'), resolve(here, '../../../test/eval/headlines')];
  return candidates.find((dir) => existsSync(join(dir, 'README.md'))) ?? (candidates[0] as string);
}

export function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

export function loadHeadlineLabels(dir = headlinesDir()): Record<string, HeadlineLabel[]> {
  const days: Record<string, HeadlineLabel[]> = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort())
    days[basename(file, '.jsonl')] = readJsonl<HeadlineLabel>(join(dir, file));
  return days;
}

/** A sane feed date (Meduza's items say 1970), or null. */
function publishedAt(text: Headline): number | null {
  const time = Date.parse(text.published ?? '');
  return Number.isFinite(time) && time > Date.UTC(2000, 0) ? time : null;
}

/**
 * A set's items. Sets are named `<mmdd>` (English digests of that day of 2025) or `<language>-<mmdd>`,
 * with a letter when one language has several sets of a day (`uk-1127a`).
 * A digest's items are stamped at noon UTC plus their harvest id in seconds (the harvester numbers
 * items in the order it fetched them); a feed item keeps its date, else the set's noon.
 */
export function joinDay(
  day: string,
  labels: readonly HeadlineLabel[],
  texts: readonly Headline[],
): LabelledItem[] {
  const byId = new Map(texts.map((text) => [text.id, text]));
  const [, language = null, date = day] = /^(?:([a-z]{2})-)?(\d{4})[a-z]?$/.exec(day) ?? [];
  const noon = Date.UTC(2025, Number(date.slice(0, 2)) - 1, Number(date.slice(2)), 12);
  return labels.flatMap((label) => {
    const text = byId.get(label.id);
    if (text === undefined) return [];
    return [
      {
        set: `headlines-${day}`,
        key: `${day}#${label.id}`,
        source: text.source ?? '',
        title: text.title,
        summary: text.summary ?? '',
        content: null,
        url: label.link,
        publishedAt: publishedAt(text) ?? noon + (typeof label.id === 'number' ? label.id * 1000 : 0),
        language,
        label: {
          relevant: label.relevant,
          topics: label.topics,
          story: label.story,
          event: label.event,
          split: label.split,
          ...(label.note === undefined ? {} : { note: label.note }),
        },
      },
    ];
  });
}

export async function runHeadlinesEval(
  _sharedDir: string,
  options: AnalysisEvalOptions = { mistakes: false },
): Promise<Record<string, unknown>> {
  const textsDir = resolve(process.env['PARLEY_HEADLINES'] ?? join(headlinesDir(), 'texts'));
  const model = loadModel(process.cwd());
  const results: Record<string, unknown> = {};
  const all: Scored[] = [];
  const missing: string[] = [];
  for (const [day, labels] of Object.entries(loadHeadlineLabels())) {
    const path = join(textsDir, `${day}.jsonl`);
    if (!existsSync(path)) {
      missing.push(day);
      continue;
    }
    const items = joinDay(day, labels, readJsonl<Headline>(path));
    const scored = scoreItems(items, model);
    if (scored.length < labels.length)
      process.stdout.write(`${day}: ${labels.length - scored.length} labelled headlines have no text\n`);
    all.push(...scored);
    results[day] = report(`headlines ${day} [${labels[0]?.split ?? 'dev'}]`, scored);
  }
  if (missing.length > 0)
    process.stdout.write(
      `headline texts not found in ${textsDir} for ${missing.join(', ')}: see test/eval/headlines/README.md\n`,
    );
  if (all.length === 0) return results;
  process.stdout.write('\n');
  for (const split of ['dev', 'holdout'] as const) {
    const part = all.filter((s) => s.item.label.split === split);
    if (part.length > 0) results[`all/${split}`] = report(`ALL headlines [${split}]`, part);
  }
  // Per language (the English days have no prefix), for the goals set per language.
  const languageOf = (s: Scored): string => s.item.language ?? 'en';
  for (const language of [...new Set(all.map(languageOf))].sort())
    for (const split of ['dev', 'holdout'] as const) {
      const part = all.filter((s) => languageOf(s) === language && s.item.label.split === split);
      if (part.length > 0)
        results[`${language}/${split}`] = report(`ALL headlines language=${language} [${split}]`, part);
    }
  if (options.mistakes) errors(all.filter((s) => s.item.label.split === 'dev'));
  if (options.clusters) printClusters(all.filter((s) => s.item.label.split === 'dev'));
  return results;
}
