import { describe, expect, it } from 'vitest';
import { type SummaryInput, summarizeExtractive } from '../../../src/analysis/summary.js';
import {
  addSaid,
  coverage,
  novelty,
  selectByMmr,
  type TermVector,
} from '../../../src/analysis/summary-score.js';

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

describe('summarizeExtractive and a sentence that restates the summary in other words', () => {
  // Three outlets' reports of one announcement (news-dumpster 2025-05-21, TASS, Mehr, JPost): every
  // sentence says that the fifth round will be held in Rome on Friday, May 23.
  const rome = [
    item({
      title: 'Fifth round of Iran-US talks to take place in Rome on May 23 — top Omani diplomat',
      content:
        '"The fifth round of the Iran-US talks will take place in Rome this Friday, May 23," the top diplomat, who mediates the talks, wrote on his X page.',
    }),
    item({
      title: 'Iran, US delegations to meet in Rome Friday: Omani FM',
      content:
        'Omani foreign minister says 5th round of Iran-US talks will be held in Rome, Italy this Friday.',
    }),
    item({
      title: 'Next round of Iran-US talks to take place on May 23 in Rome, Oman foreign minister says',
      content:
        "The fifth round of nuclear talks between Iran and the United States will take place on May 23 in Rome, Oman's foreign minister said on Wednesday.",
    }),
  ];

  it('does not say it a third time when each sentence alone says something of its own', () => {
    const summary = summarizeExtractive(rome);
    expect(summary.sentences.length).toBeLessThan(3);
  });
});

describe('novelty', () => {
  const terms = (...keys: string[]): TermVector => new Map(keys.map((key) => [key, 1]));

  it('is the share of distinct terms the summary has not said, ordinals in figures and words alike', () => {
    const said = new Set<string>();
    addSaid(said, terms('fifth', 'round', 'talk', 'rome'));
    expect(novelty(terms('5th', 'round', 'talk', 'rome', 'friday'), said)).toBeCloseTo(1 / 5);
    expect(novelty(terms('prison', 'exchang', 'red', 'cross', 'round'), said)).toBeCloseTo(4 / 5);
  });

  it('takes a word as said in a longer or shorter form (a name and its demonym)', () => {
    const said = new Set<string>();
    addSaid(said, terms('oman', 'iranian', 'round', 'rome'));
    expect(novelty(terms('omani', 'iran', 'round', 'rome', 'friday'), said)).toBeCloseTo(1 / 5);
    // Not a word of three letters (US, UN), another word that starts alike, or a number.
    expect(novelty(terms('usa', 'romeland', 'round', 'talk'), new Set(['us', 'rome']))).toBe(1);
    expect(novelty(terms('nigeria', 'kingdom', '12000', 'border'), new Set(['niger', 'king', '1200']))).toBe(
      1,
    );
  });

  it('counts a sentence of fewer than four terms as new: too short to judge by its words', () => {
    const said = new Set(['ukrain', 'meet', 'invit']);
    expect(novelty(terms('ukrain', 'meet', 'invit'), said)).toBe(1);
  });

  it('makes selectByMmr leave out a candidate that the chosen sentences together restate', () => {
    const candidate = (score: number, ...keys: string[]) => ({
      length: 60,
      score,
      vector: new Map(keys.map((key) => [key, 1 / Math.sqrt(keys.length)])),
    });
    const candidates = [
      candidate(1, 'fifth', 'round', 'talk', 'rome', 'may', 'nuclear'),
      candidate(0.9, 'omani', 'minist', 'round', 'talk', 'x', 'page'),
      // Each chosen sentence has half of its terms; both together, five of its six.
      candidate(0.8, '5th', 'round', 'rome', 'omani', 'minist', 'friday'),
    ];
    const options = { maxSentences: 3, maxChars: 400, lambda: 0.7, duplicateCut: 0.9, minRelativeScore: 0.3 };
    expect(selectByMmr(candidates, options)).toEqual([0, 1, 2]);
    expect(selectByMmr(candidates, { ...options, noveltyCut: 0.4 })).toEqual([0, 1]);
  });
});

describe('selectByMmr and a sentence that leans on the one before it', () => {
  const candidate = (score: number, keys: string[], extra: object = {}) => ({
    length: 60,
    score,
    vector: new Map(keys.map((key) => [key, 1 / Math.sqrt(keys.length)])),
    ...extra,
  });
  const options = { maxSentences: 2, maxChars: 400, lambda: 0.7, duplicateCut: 0.9, minRelativeScore: 0.3 };

  it('takes it at its full score once that one is chosen', () => {
    const candidates = [
      candidate(1, ['agreement', 'sign', 'doha']),
      candidate(0.5, ['other', 'outlet', 'fact']),
      // "It provides for a nationwide ceasefire.": penalised 0.4 × 0.9, whole once sentence 0 is in.
      candidate(0.36, ['provid', 'nationwid', 'ceasefir'], { leansOn: 0, unleaned: 0.9 }),
    ];
    expect(selectByMmr(candidates, options)).toEqual([0, 2]);
  });

  it('keeps the floor of the first pick when a leaning first pick regains its worth (found by review)', () => {
    const candidates = [
      candidate(0.5, ['agreement', 'sign', 'doha']),
      // Chosen first at 0.6 (its penalised worth); its antecedent follows and it would be worth 1.5.
      candidate(0.6, ['provid', 'nationwid', 'ceasefir'], { leansOn: 0, unleaned: 1.5 }),
      candidate(0.3, ['sdf', 'damascus', 'deal']),
    ];
    expect(selectByMmr(candidates, { ...options, maxSentences: 3 })).toEqual([1, 0, 2]);
  });

  it('keeps the penalty while that one is not chosen', () => {
    const candidates = [
      candidate(1, ['agreement', 'sign', 'doha']),
      candidate(0.5, ['other', 'outlet', 'fact']),
      candidate(0.36, ['provid', 'nationwid', 'ceasefir'], { leansOn: 3, unleaned: 0.9 }),
      candidate(0.2, ['sdf', 'damascus', 'deal']),
    ];
    expect(selectByMmr(candidates, options)).toEqual([0, 1]);
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
