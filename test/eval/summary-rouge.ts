/**
 * ROUGE-N (Lin, "ROUGE: A Package for Automatic Evaluation of Summaries", ACL 2004 workshop,
 * https://aclanthology.org/W04-1013/): n-gram overlap between a candidate and a reference summary.
 *
 * Two modes. `standard` (used for Parley's figures): lower-cased word tokens (letters and digits,
 * punctuation dropped) and clipped counts, i.e. an n-gram that occurs k times in the candidate and
 * m times in the reference matches min(k, m) times, as in the original ROUGE-1.5.5. `pltrdy`: the
 * pltrdy/rouge Python package at the commit its test fixture comes from: the text split on single
 * spaces, n-grams as a set (each distinct n-gram counted once), F1 with a 1e-8 guard in the
 * denominator (https://github.com/pltrdy/rouge, rouge/rouge_score.py `rouge_n`). The second mode
 * exists only to check this implementation against that package's published expected values.
 */
export type RougeScore = { f: number; p: number; r: number };
export type RougeMode = 'standard' | 'pltrdy';

const word = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

export function rougeTokens(text: string, mode: RougeMode): string[] {
  if (mode === 'pltrdy') return text.split(' ');
  return [...text.toLowerCase().matchAll(word)].map((match) => match[0].replace('’', "'"));
}

function ngramCounts(tokens: readonly string[], n: number, unique: boolean): Map<string, number> {
  const counts = new Map<string, number>();
  for (let start = 0; start + n <= tokens.length; start += 1) {
    const key = tokens.slice(start, start + n).join('\u0000');
    counts.set(key, unique ? 1 : (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function total(counts: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count;
  return sum;
}

export function rougeN(
  candidate: string,
  reference: string,
  n: number,
  mode: RougeMode = 'standard',
): RougeScore {
  const unique = mode === 'pltrdy';
  const ours = ngramCounts(rougeTokens(candidate, mode), n, unique);
  const theirs = ngramCounts(rougeTokens(reference, mode), n, unique);
  let overlap = 0;
  for (const [gram, count] of ours) overlap += Math.min(count, theirs.get(gram) ?? 0);
  const candidateTotal = total(ours);
  const referenceTotal = total(theirs);
  const p = candidateTotal === 0 ? 0 : overlap / candidateTotal;
  const r = referenceTotal === 0 ? 0 : overlap / referenceTotal;
  const guard = mode === 'pltrdy' ? 1e-8 : 0;
  const f = p + r === 0 ? 0 : (2 * p * r) / (p + r + guard);
  return { f, p, r };
}

export type RougeAverage = { rouge1: RougeScore; rouge2: RougeScore; count: number };

/** Macro average over pairs of (candidate, reference). */
export function averageRouge(pairs: readonly { candidate: string; reference: string }[]): RougeAverage {
  const sum = { rouge1: { f: 0, p: 0, r: 0 }, rouge2: { f: 0, p: 0, r: 0 } };
  for (const { candidate, reference } of pairs) {
    for (const [key, n] of [
      ['rouge1', 1],
      ['rouge2', 2],
    ] as const) {
      const score = rougeN(candidate, reference, n);
      sum[key].f += score.f;
      sum[key].p += score.p;
      sum[key].r += score.r;
    }
  }
  const count = Math.max(1, pairs.length);
  const mean = (s: RougeScore): RougeScore => ({ f: s.f / count, p: s.p / count, r: s.r / count });
  return { rouge1: mean(sum.rouge1), rouge2: mean(sum.rouge2), count: pairs.length };
}
