/**
 * `npm run eval -- crosslingual`: whether Parley merges reports of one event across languages. The
 * headline sets named `<language>-<mmdd><letter>` (test/eval/headlines: Arabic, German, English,
 * Spanish, French, Russian, Ukrainian pages about the same conflicts) were labelled one language at a
 * time, so their story slugs differ between languages; their event slugs end in the event's date
 * (`alaska-summit-2025-08-15`, `gaza-truce-2023-11`). Here an event is the item's first topic and that
 * date, which labellers of different languages share. Each split's relevant items go through one
 * clusterer as one stream, stamped at noon of their event's date (the 15th when the slug names a month),
 * in set order: the pages carry no dates of their own, so this is a stream in which an event's reports
 * arrive on one day, kinder than a real one. Printed per split: event B³ of the predicted stories,
 * and the pairs of items in different languages: how many of one event share a story, and how many
 * of different events do. Reports of one event may rightly be different stories (the guidelines'
 * story is finer than the event), so the share merged is not expected to reach 1; merged pairs of
 * different events are errors, except where one event was dated a day apart by two labellers.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyseItem } from '../../src/analysis/analyse-item.js';
import { defaultClusterOptions } from '../../src/analysis/cluster.js';
import { createStoryClusterer } from '../../src/analysis/story-clusterer.js';
import type { AnalysableItem } from '../../src/domain/analysis.js';
import { loadModel } from './analysis.js';
import { bcubed, formatPrf } from './analysis-metrics.js';
import { headlinesDir, joinDay, loadHeadlineLabels, readJsonl } from './headlines.js';
import type { Headline } from './headlines-texts.js';
import type { LabelledItem } from './sets.js';

/** The sets of one language each: `de-1127a`, not the English digests (`0520`). */
const languageSet = /^([a-z]{2})-\d{4}[a-z]?$/;

/** An event's date from its slug: `…-2025-08-15` → 2025-08-15 noon UTC, `…-2023-11` → the 15th. */
export function eventDate(slug: string | null): { key: string; at: number } | null {
  const match = /(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(slug ?? '');
  if (match === null) return null;
  const [, year, month, day] = match;
  const at = Date.UTC(Number(year), Number(month) - 1, day === undefined ? 15 : Number(day), 12);
  return Number.isFinite(at) ? { key: match[0], at } : null;
}

export type Placed = { language: string; event: string; story: number };

export type PairCounts = {
  /** Pairs of items in different languages that report one event, and how many of them share a story. */
  sameEvent: number;
  sameEventMerged: number;
  /** Pairs of items in different languages that report different events but share a story. */
  differentEventMerged: number;
  /** The same two counts for pairs in one language, to compare with. */
  oneLanguageSameEvent: number;
  oneLanguageSameEventMerged: number;
};

export function pairCounts(placed: readonly Placed[]): PairCounts {
  const counts: PairCounts = {
    sameEvent: 0,
    sameEventMerged: 0,
    differentEventMerged: 0,
    oneLanguageSameEvent: 0,
    oneLanguageSameEventMerged: 0,
  };
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) {
      const a = placed[i] as Placed;
      const b = placed[j] as Placed;
      const merged = a.story === b.story;
      const sameEvent = a.event === b.event;
      if (a.language === b.language) {
        if (!sameEvent) continue;
        counts.oneLanguageSameEvent += 1;
        if (merged) counts.oneLanguageSameEventMerged += 1;
      } else if (sameEvent) {
        counts.sameEvent += 1;
        if (merged) counts.sameEventMerged += 1;
      } else if (merged) counts.differentEventMerged += 1;
    }
  }
  return counts;
}

type Entry = { item: LabelledItem; language: string; event: string; input: AnalysableItem };

/** A split's relevant items with a dated event, stamped at their event's date, in time then set order. */
function entries(items: readonly LabelledItem[], language: string, split: string): Entry[] {
  const out: Entry[] = [];
  for (const item of items) {
    const date = eventDate(item.label.event);
    if (!item.label.relevant || item.label.split !== split || date === null) continue;
    const event = `${item.label.topics[0] ?? 'other'} ${date.key}`;
    const input = { title: item.title, summary: item.summary, content: null, language, publishedAt: date.at };
    out.push({ item, language, event, input });
  }
  return out;
}

const share = (part: number, whole: number) =>
  `${part}/${whole}${whole > 0 ? ` (${((100 * part) / whole).toFixed(0)} %)` : ''}`;

export async function runCrosslingualEval(): Promise<Record<string, unknown>> {
  const textsDir = resolve(process.env['PARLEY_HEADLINES'] ?? join(headlinesDir(), 'texts'));
  const model = loadModel(process.cwd());
  const results: Record<string, unknown> = {};
  const all: Entry[] = [];
  for (const [name, labels] of Object.entries(loadHeadlineLabels())) {
    const language = languageSet.exec(name)?.[1];
    const path = join(textsDir, `${name}.jsonl`);
    if (language === undefined || !existsSync(path)) continue;
    const items = joinDay(name, labels, readJsonl<Headline>(path));
    for (const split of ['dev', 'holdout']) all.push(...entries(items, language, split));
  }
  if (all.length === 0) {
    process.stdout.write(`no headline texts in ${textsDir}: see test/eval/headlines/README.md\n`);
    return results;
  }
  for (const split of ['dev', 'holdout'] as const) {
    const stream = all
      .filter((entry) => entry.item.label.split === split)
      .map((entry, order) => ({
        ...entry,
        input: { ...entry.input, publishedAt: entry.input.publishedAt + order * 1000 },
      }))
      .sort((a, b) => a.input.publishedAt - b.input.publishedAt);
    const clusterer = createStoryClusterer({ ...defaultClusterOptions });
    const placed = stream.map((entry, i) => ({
      language: entry.language,
      event: entry.event,
      story: clusterer.assign(i + 1, entry.input, analyseItem(entry.input, model.lexicon, model.topics))
        .storyId,
    }));
    const events = new Map<string, Set<string>>();
    for (const { event, language } of placed)
      events.set(event, (events.get(event) ?? new Set()).add(language));
    const multilingual = [...events.values()].filter((languages) => languages.size > 1).length;
    const b3 = bcubed(
      placed.map((p) => p.event),
      placed.map((p) => String(p.story)),
    );
    const pairs = pairCounts(placed);
    const languages = [...new Set(placed.map((p) => p.language))].sort();
    process.stdout.write(
      `crosslingual [${split}]  items=${placed.length} languages=${languages.join(',')} events=${events.size} ` +
        `(${multilingual} in more than one language)\n` +
        `  event B³  ${formatPrf(b3)}\n` +
        `  pairs in different languages: of one event, in one story ${share(pairs.sameEventMerged, pairs.sameEvent)}; ` +
        `of different events, in one story ${pairs.differentEventMerged}\n` +
        `  pairs in one language: of one event, in one story ${share(pairs.oneLanguageSameEventMerged, pairs.oneLanguageSameEvent)}\n`,
    );
    results[split] = { items: placed.length, events: events.size, multilingual, eventB3: b3, pairs };
  }
  return results;
}
