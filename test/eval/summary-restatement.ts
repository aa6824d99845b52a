/**
 * The summaries' restatement test (`novelty` below `noveltyCut`: a sentence that adds too few terms of
 * its own to what the summary has said) measured on public pairs of news sentences labelled by people:
 * STS Benchmark's news pairs (similarity 0–5; ≥ 4 "equivalent or mostly equivalent", ≤ 2 at most
 * "on the same topic", between them "roughly equivalent, some details differ"), whole sentences
 * (MSRpar, deft-news) apart from headlines, and MRPC's pairs (paraphrase or not, from clustered news;
 * STS-B's MSRpar pairs are drawn from MRPC, so MRPC is no independent check). A pair counts as flagged
 * when either sentence restates the other. The cut was chosen on STS-B's train split, whole sentences,
 * by Youden's J (flagged equivalent minus flagged different): the lower of the two best cuts, within
 * 0.01 of each other (summary.ts says why). Pairs only: a summary compares a candidate with all its
 * chosen sentences together, which flags more.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { noveltyCut } from '../../src/analysis/summary.js';
import { addSaid, novelty, type TermVector } from '../../src/analysis/summary-score.js';
import { contentTerms } from '../../src/analysis/text.js';

type Pair = { a: string; b: string };
export type Rates = { pairs: number; flagged: number };
export type RestatementSplit = { name: string; same: Rates; between?: Rates; different: Rates };
export type RestatementResult = {
  cut: number;
  splits: RestatementSplit[];
  /** Youden's J on STS-B train, whole sentences, for each cut tried (the chosen one included). */
  grid: Array<{ cut: number; j: number }>;
};

function terms(text: string): TermVector {
  return new Map(contentTerms(text, 'en').map((term) => [term, 1]));
}

/** The lower novelty of the two sentences given the other: whether either restates the other. */
export function pairNovelty(pair: Pair): number {
  const a = terms(pair.a);
  const b = terms(pair.b);
  return Math.min(novelty(a, said(b)), novelty(b, said(a)));
}

/** What a summary holding only this sentence has said, as selectByMmr keeps it. */
function said(vector: TermVector): Set<string> {
  const set = new Set<string>();
  addSaid(set, vector);
  return set;
}

function rates(novelties: readonly number[], cut: number): Rates {
  return { pairs: novelties.length, flagged: novelties.filter((value) => value < cut).length };
}

type Graded = { same: Pair[]; between: Pair[]; different: Pair[] };

/**
 * STS-B rows: genre, file, year, id, score, sentence 1, sentence 2 (tab separated; some rows have
 * source columns after them): the news pairs of headlines or of whole sentences.
 */
function stsNews(path: string, headlines: boolean): Graded {
  const graded: Graded = { same: [], between: [], different: [] };
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const [genre, file, , , score, a, b] = line.split('\t');
    if (genre !== 'main-news' || a === undefined || b === undefined) continue;
    if ((file === 'headlines') !== headlines) continue;
    const value = Number(score);
    (value >= 4 ? graded.same : value <= 2 ? graded.different : graded.between).push({ a, b });
  }
  return graded;
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
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/).slice(1)) {
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
    for (const headlines of [false, true]) {
      const graded = stsNews(path, headlines);
      const same = graded.same.map(pairNovelty);
      const different = graded.different.map(pairNovelty);
      if (file === 'train' && !headlines) {
        grid = gridCuts.map((cut) => {
          const s = rates(same, cut);
          const d = rates(different, cut);
          return { cut, j: s.flagged / s.pairs - d.flagged / d.pairs };
        });
      }
      splits.push({
        name: `STS-B news ${file}, ${headlines ? 'headlines' : 'whole sentences'}`,
        same: rates(same, noveltyCut),
        between: rates(graded.between.map(pairNovelty), noveltyCut),
        different: rates(different, noveltyCut),
      });
    }
  }
  if (existsSync(msr)) {
    const { same, different } = mrpc(msr);
    splits.push({
      name: 'MRPC train (overlaps STS-B train)',
      same: rates(same.map(pairNovelty), noveltyCut),
      different: rates(different.map(pairNovelty), noveltyCut),
    });
  }
  return { cut: noveltyCut, splits, grid };
}
