/**
 * The summaries' restatement test (`novelty` below `noveltyCut`: a sentence that adds too few terms of
 * its own to what the summary has said) measured on public pairs of news sentences labelled by people:
 * STS Benchmark's news pairs (similarity 0–5; ≥ 4 "equivalent or mostly equivalent", ≤ 2 at most
 * "on the same topic") and MRPC's pairs (paraphrase or not, from clustered news). A pair counts as
 * flagged when either sentence restates the other. The cut was chosen on STS-B's train split alone
 * (the cut with the highest Youden's J, flagged equivalent minus flagged different); its dev and test
 * splits and MRPC are reported beside it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { noveltyCut } from '../../src/analysis/summary.js';
import { novelty, type TermVector } from '../../src/analysis/summary-score.js';
import { contentTerms } from '../../src/analysis/text.js';

type Pair = { a: string; b: string };
export type Rates = { pairs: number; flagged: number };
export type RestatementSplit = { name: string; same: Rates; different: Rates };
export type RestatementResult = {
  cut: number;
  splits: RestatementSplit[];
  /** Youden's J on STS-B train for each cut tried (the chosen one included). */
  grid: Array<{ cut: number; j: number }>;
};

function terms(text: string): TermVector {
  return new Map(contentTerms(text, 'en').map((term) => [term, 1]));
}

/** The lower novelty of the two sentences given the other: whether either restates the other. */
export function pairNovelty(pair: Pair): number {
  const a = terms(pair.a);
  const b = terms(pair.b);
  return Math.min(novelty(a, new Set(b.keys())), novelty(b, new Set(a.keys())));
}

function rates(novelties: readonly number[], cut: number): Rates {
  return { pairs: novelties.length, flagged: novelties.filter((value) => value < cut).length };
}

/** STS-B rows: genre, file, year, id, score, sentence 1, sentence 2 (tab separated). */
function stsNews(path: string): { same: Pair[]; different: Pair[] } {
  const same: Pair[] = [];
  const different: Pair[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const [genre, , , , score, a, b] = line.split('\t');
    if (genre !== 'main-news' || a === undefined || b === undefined) continue;
    const value = Number(score);
    if (value >= 4) same.push({ a, b });
    else if (value <= 2) different.push({ a, b });
  }
  return { same, different };
}

/** MRPC's tokenised sentences ("Amrozi 's brother , whom …") with their spacing restored. */
function untokenise(text: string): string {
  return text
    .replace(/^"|"$/g, '')
    .replace(/""/g, '"')
    .replace(/ ([,.;:!?%]|'s|n't)/g, '$1');
}

function mrpc(path: string): { same: Pair[]; different: Pair[] } {
  const same: Pair[] = [];
  const different: Pair[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
    const [quality, , , a, b] = line.split('\t');
    if (a === undefined || b === undefined) continue;
    (quality === '1' ? same : different).push({ a: untokenise(a), b: untokenise(b) });
  }
  return { same, different };
}

const gridCuts = [0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55];

export function restatementEval(sharedDir: string): RestatementResult | null {
  const sts = join(sharedDir, 'corpora', 'similarity', 'stsbenchmark');
  const msr = join(sharedDir, 'corpora', 'similarity', 'mrpc', 'msr_paraphrase_train.txt');
  if (!existsSync(join(sts, 'sts-train.csv'))) return null;
  const splits: RestatementSplit[] = [];
  let grid: Array<{ cut: number; j: number }> = [];
  for (const file of ['train', 'dev', 'test']) {
    const path = join(sts, `sts-${file}.csv`);
    if (!existsSync(path)) continue;
    const { same, different } = stsNews(path);
    const sameNovelty = same.map(pairNovelty);
    const differentNovelty = different.map(pairNovelty);
    if (file === 'train') {
      grid = gridCuts.map((cut) => {
        const s = rates(sameNovelty, cut);
        const d = rates(differentNovelty, cut);
        return { cut, j: s.flagged / s.pairs - d.flagged / d.pairs };
      });
    }
    splits.push({
      name: `STS-B news ${file}`,
      same: rates(sameNovelty, noveltyCut),
      different: rates(differentNovelty, noveltyCut),
    });
  }
  if (existsSync(msr)) {
    const { same, different } = mrpc(msr);
    splits.push({
      name: 'MRPC train',
      same: rates(same.map(pairNovelty), noveltyCut),
      different: rates(different.map(pairNovelty), noveltyCut),
    });
  }
  return { cut: noveltyCut, splits, grid };
}
