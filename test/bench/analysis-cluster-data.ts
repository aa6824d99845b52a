/**
 * Synthetic but realistic clustering input for `npm run bench -- analysis`: 50 conflicts, each with
 * its own entity pool and vocabulary; stories with a few specific terms and entities; 1–12 reports a
 * story (geometric, mean ~2.5) from different outlets that paraphrase it (drop and add words), 80%
 * English and 20% "Russian" (a disjoint Cyrillic vocabulary sharing the entities), a tenth wire copies
 * and a twentieth re-published with a new title. Vocabulary is Zipf-distributed (s = 1).
 */
import type { ClusterInput } from '../../src/analysis/cluster.js';
import { seededRandom } from '../support/seeded-random.js';

export type SyntheticItem = ClusterInput & { story: number };

const CONFLICTS = 50;
const GLOBAL_WORDS = 30_000;
const CONFLICT_WORDS = 400;
const CONFLICT_ENTITIES = 40;
const GENERIC = ['talk', 'ceasefir', 'peac', 'negoti', 'deal', 'say', 'meet', 'offici', 'war', 'presid'];

function zipf(size: number): Float64Array {
  const cdf = new Float64Array(size);
  let sum = 0;
  for (let i = 0; i < size; i++) cdf[i] = sum += 1 / (i + 1);
  for (let i = 0; i < size; i++) cdf[i] = (cdf[i] ?? 0) / sum;
  return cdf;
}

function draw(cdf: Float64Array, random: () => number): number {
  const r = random();
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cdf[mid] ?? 1) < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const LATIN = 'bcdfghklmnprstvz';
const CYRILLIC = 'бвгдзклмнпрстфхш';
function word(index: number, alphabet: string, vowels: string): string {
  let out = '';
  for (let n = index + 4096; n > 0; n >>= 4) out += (alphabet[n & 15] ?? '') + (vowels[n & 3] ?? '');
  return out;
}

type StoryPlan = {
  id: number;
  conflict: number;
  core: number[];
  entities: string[];
  last: SyntheticItem | null;
};
type Report = { at: number; plan: StoryPlan };
type Cdfs = { global: Float64Array; local: Float64Array; people: Float64Array };

const HOUR = 3_600_000;
const MEAN_REPORTS = 2.5;

function newStory(id: number, random: () => number, cdfs: Cdfs): StoryPlan {
  const conflict = Math.floor(random() * CONFLICTS);
  return {
    id,
    conflict,
    core: Array.from({ length: 8 }, () => draw(cdfs.global, random)),
    entities: [
      `c${conflict}-p${draw(cdfs.people, random)}`,
      `c${conflict}-p${draw(cdfs.people, random)}`,
      `rare${Math.floor(random() * 1e9)}`,
    ],
    last: null,
  };
}

/** Inserts keeping `pending` sorted by time (binary search + splice). */
function schedule(pending: Report[], report: Report): void {
  let lo = 0;
  let hi = pending.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((pending[mid]?.at ?? 0) <= report.at) lo = mid + 1;
    else hi = mid;
  }
  pending.splice(lo, 0, report);
}

/** Items in publication order, about `perDay` a day. Strings are rebuilt per item, as a tokenizer would. */
export function* syntheticItems(count: number, perDay = 5000, seed = 7): Generator<SyntheticItem> {
  const random = seededRandom(seed);
  const cdfs: Cdfs = {
    global: zipf(GLOBAL_WORDS),
    local: zipf(CONFLICT_WORDS),
    people: zipf(CONFLICT_ENTITIES),
  };
  const pending: Report[] = [];
  let stories = 0;
  let nextStart = Date.UTC(2025, 7, 1);
  for (let id = 0; id < count; ) {
    while (pending.length === 0 || nextStart <= (pending[0]?.at ?? 0)) {
      const plan = newStory(stories++, random, cdfs);
      const reports = Math.min(12, 1 + Math.floor(Math.log(random()) / Math.log(1 - 1 / MEAN_REPORTS)));
      for (let r = 0; r < reports; r++) schedule(pending, { at: nextStart + random() * 10 * HOUR, plan });
      nextStart += (-Math.log(1 - random()) * MEAN_REPORTS * 86_400_000) / perDay;
    }
    const report = pending.shift();
    if (!report) continue;
    const item = makeItem(report.plan, id++, report.at, random, cdfs);
    report.plan.last = item;
    yield item;
  }
}

function makeItem(plan: StoryPlan, id: number, at: number, random: () => number, cdfs: Cdfs): SyntheticItem {
  const roll = random();
  const last = plan.last;
  if (last && roll < 0.1) return copy(last, id, at, last.titleTerms);
  if (last && roll < 0.15) return copy(last, id, at, [...last.titleTerms.slice(1), 'updat']);
  const russian = random() < 0.2;
  const [alphabet, vowels] = russian ? [CYRILLIC, 'аоие'] : [LATIN, 'aoie'];
  const pick = (): string => word(draw(cdfs.global, random), alphabet, vowels);
  const core = plan.core.filter(() => random() < 0.7).map((w) => word(w, alphabet, vowels));
  const local = (): string => `${word(draw(cdfs.local, random), alphabet, vowels)}${plan.conflict}`;
  const generic = (): string =>
    russian
      ? `${GENERIC[Math.floor(random() * GENERIC.length)]}ру`
      : (GENERIC[Math.floor(random() * GENERIC.length)] ?? '');
  const titleTerms = [...core.slice(0, 3), local(), generic(), pick()];
  const leadTerms = [
    ...core,
    local(),
    local(),
    generic(),
    generic(),
    generic(),
    ...Array.from({ length: 8 }, pick),
  ];
  const entities = plan.entities.filter(() => random() < 0.8);
  entities.push(`c${plan.conflict}`);
  const text = [...titleTerms, 'the', ...leadTerms, 'of', 'and'].join(' ');
  return {
    id,
    story: plan.id,
    publishedAt: at,
    title: [...titleTerms, `(${id})`].join(' '), // join makes a flat string, as a database read would
    titleTerms: titleTerms.join(' ').split(' '),
    leadTerms: leadTerms.join(' ').split(' '),
    tokens: text.split(' '),
    entities: entities.join(' ').split(' '),
    language: russian ? 'ru' : 'en',
  };
}

/** A wire copy (same title) or a re-publication under a new title (same lead). */
function copy(from: SyntheticItem, id: number, at: number, titleTerms: readonly string[]): SyntheticItem {
  const leadTokens = from.tokens.slice(from.titleTerms.length);
  const text = [...titleTerms, ...leadTokens].join(' ');
  return {
    ...from,
    id,
    publishedAt: at,
    title: [...titleTerms, `(${id})`].join(' '), // join makes a flat string, as a database read would
    titleTerms: titleTerms.join(' ').split(' '),
    leadTerms: from.leadTerms.join(' ').split(' '),
    tokens: text.split(' '),
    entities: from.entities.join(' ').split(' '),
  };
}
