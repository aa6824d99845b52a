import { describe, expect, it } from 'vitest';
import { type RougeMode, rougeN } from '../../eval/summary-rouge.js';

describe('rougeN (the evaluation’s ROUGE)', () => {
  it.each<[string, string, string, number, RougeMode, { p: number; r: number }]>([
    // "the" occurs 3 times in the candidate but once in the reference: clipped to one match.
    ['clips repeated unigrams', 'the the the cat', 'the cat sat', 1, 'standard', { p: 2 / 4, r: 2 / 3 }],
    ['clips repeated bigrams', 'the the the cat', 'the cat sat', 2, 'standard', { p: 1 / 3, r: 1 / 2 }],
    [
      'counts each distinct n-gram once in pltrdy mode',
      'the the the cat',
      'the cat sat',
      1,
      'pltrdy',
      { p: 1, r: 2 / 3 },
    ],
    ['ignores case and punctuation', 'The cat, sat.', 'the cat sat', 1, 'standard', { p: 1, r: 1 }],
    [
      'splits on spaces only in pltrdy mode',
      'The cat , sat',
      'the cat sat',
      1,
      'pltrdy',
      { p: 2 / 4, r: 2 / 3 },
    ],
    ['scores nothing for disjoint texts', 'peace talks', 'football match', 1, 'standard', { p: 0, r: 0 }],
  ])('%s', (_label, candidate, reference, n, mode, expected) => {
    const score = rougeN(candidate, reference, n, mode);
    expect(score.p).toBeCloseTo(expected.p, 10);
    expect(score.r).toBeCloseTo(expected.r, 10);
    const f = expected.p + expected.r === 0 ? 0 : (2 * expected.p * expected.r) / (expected.p + expected.r);
    expect(score.f).toBeCloseTo(f, 6);
  });
});
