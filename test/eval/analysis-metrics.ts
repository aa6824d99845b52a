/** Scores for the analysis evaluation: relevance P/R/F1, topic F1, B-cubed clustering. */

export type Prf = { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number };

export function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, tp, fp, fn };
}

/** Relevance verdicts against the labels, one pair per item. */
export function verdictPrf(pairs: Iterable<{ predicted: boolean; gold: boolean }>): Prf {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const { predicted, gold } of pairs) {
    if (predicted && gold) tp += 1;
    else if (predicted) fp += 1;
    else if (gold) fn += 1;
  }
  return prf(tp, fp, fn);
}

/** "P 0.900 R 0.800 F1 0.847", as every eval suite prints its figures. */
export function formatPrf(p: Prf): string {
  return `P ${p.precision.toFixed(3)} R ${p.recall.toFixed(3)} F1 ${p.f1.toFixed(3)}`;
}

/** Micro-averaged over (item, topic) pairs. */
export function topicPrf(
  pairs: ReadonlyArray<{ gold: readonly string[]; predicted: readonly string[] }>,
): Prf {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const { gold, predicted } of pairs) {
    const g = new Set(gold);
    const p = new Set(predicted);
    for (const topic of p) {
      if (g.has(topic)) tp += 1;
      else fp += 1;
    }
    for (const topic of g) if (!p.has(topic)) fn += 1;
  }
  return prf(tp, fp, fn);
}

/**
 * B-cubed (Bagga & Baldwin 1998): per item, the share of its predicted cluster that shares its gold
 * cluster (precision) and the share of its gold cluster found in its predicted cluster (recall), averaged.
 */
export function bcubed(gold: readonly string[], predicted: readonly string[]): Prf {
  const count = (labels: readonly string[]) => {
    const sizes = new Map<string, number>();
    for (const label of labels) sizes.set(label, (sizes.get(label) ?? 0) + 1);
    return sizes;
  };
  const goldSizes = count(gold);
  const predSizes = count(predicted);
  const both = count(gold.map((g, i) => `${g}\u0000${predicted[i]}`));
  let precision = 0;
  let recall = 0;
  for (let i = 0; i < gold.length; i++) {
    const overlap = both.get(`${gold[i]}\u0000${predicted[i]}`) ?? 0;
    precision += overlap / (predSizes.get(predicted[i] ?? '') ?? 1);
    recall += overlap / (goldSizes.get(gold[i] ?? '') ?? 1);
  }
  const n = Math.max(1, gold.length);
  const p = precision / n;
  const r = recall / n;
  return { precision: p, recall: r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r), tp: 0, fp: 0, fn: 0 };
}
