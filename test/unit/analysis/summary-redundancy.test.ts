import { describe, expect, it } from 'vitest';
import { type SummaryInput, summarizeExtractive } from '../../../src/analysis/summary.js';
import { coverage, selectByMmr, type TermVector } from '../../../src/analysis/summary-score.js';

const tuesday = Date.UTC(2025, 4, 20, 12);

function item(fields: Partial<SummaryInput> & { title: string }): SummaryInput {
  return { summary: '', content: null, language: 'en', publishedAt: tuesday, ...fields };
}

describe('summarizeExtractive and a sentence that restates one already chosen', () => {
  it('leaves out a short restatement whose cosine with the first sentence is low', () => {
    const first =
      'Moscow will prepare a separate list of conditions for a ceasefire, Kremlin Spokesman Dmitry Peskov told reporters.';
    const summary = summarizeExtractive([
      item({
        title: 'Moscow to prepare separate list of conditions for ceasefire — Kremlin',
        content: [
          `MOSCOW, May 20. /TASS/. ${first}`,
          'Undoubtedly, there will be a separate list of conditions for a ceasefire.',
          'Russia and Ukraine will work on a memorandum on a future peace treaty, the Kremlin spokesman said.',
        ].join(' '),
      }),
    ]);
    expect(summary.text).toContain(first);
    expect(summary.text).not.toContain('Undoubtedly');
  });
});

describe('coverage and selectByMmr', () => {
  const vector = (entries: Array<[string, number]>): TermVector => new Map(entries);

  it('measures the share of the term weight the other sentence has', () => {
    const short = vector([
      ['undoubtedly', 0.6],
      ['list', 0.4],
      ['ceasefire', 0.4],
      ['conditions', 0.4],
    ]);
    const long = vector([
      ['list', 0.3],
      ['ceasefire', 0.3],
      ['conditions', 0.3],
      ['kremlin', 0.5],
    ]);
    expect(coverage(short, long)).toBeCloseTo(1.2 / 1.8);
    expect(coverage(long, short)).toBeCloseTo(0.9 / 1.4);
  });

  it('does not choose a candidate the chosen sentence covers, when asked to', () => {
    const candidates = [
      {
        length: 100,
        score: 1,
        vector: vector([
          ['a', 0.6],
          ['b', 0.6],
          ['c', 0.5],
        ]),
      },
      {
        length: 50,
        score: 0.9,
        vector: vector([
          ['a', 0.7],
          ['b', 0.6],
          ['d', 0.4],
        ]),
      },
    ];
    const options = { maxSentences: 3, maxChars: 400, lambda: 0.7, duplicateCut: 0.9, minRelativeScore: 0.3 };
    expect(selectByMmr(candidates, options)).toEqual([0, 1]);
    expect(selectByMmr(candidates, { ...options, coverageCut: 0.65 })).toEqual([0]);
  });
});
