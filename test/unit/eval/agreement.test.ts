import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { agreement, cohensKappa, loadSecondLabels, type SecondLabel } from '../../eval/agreement.js';
import { loadHeadlineLabels } from '../../eval/headlines.js';
import type { Label } from '../../eval/sets.js';
import { shippedTopics } from '../analysis/shipped-config.js';

const label = (
  relevant: boolean,
  topics: string[] = [],
  story: string | null = null,
  event = story,
): Label => ({
  relevant,
  topics,
  story,
  event,
  split: 'dev',
});
const second = (
  id: string,
  relevant: boolean,
  topics: string[] = [],
  story: string | null = null,
): SecondLabel => ({
  id,
  relevant,
  topics,
  story,
  event: story,
});

describe("Cohen's kappa", () => {
  it('is 1 for identical labellings, 0 at chance level and negative below it', () => {
    const same = [true, false, false, true].map((a) => ({ a, b: a }));
    expect(cohensKappa(same)).toBe(1);
    // a says yes to half, b to half, independently: observed agreement 0.5 = chance
    const chance = [
      { a: true, b: true },
      { a: true, b: false },
      { a: false, b: true },
      { a: false, b: false },
    ];
    expect(cohensKappa(chance)).toBeCloseTo(0, 10);
    const opposite = [
      { a: true, b: false },
      { a: false, b: true },
    ];
    expect(cohensKappa(opposite)).toBe(-1);
  });

  it('matches a worked example (observed 0.7, chance 0.5: κ 0.4)', () => {
    // 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no of 50: po = 0.7, pe = 0.5 × 0.6 + 0.5 × 0.4 = 0.5
    const pairs = [
      ...Array.from({ length: 20 }, () => ({ a: true, b: true })),
      ...Array.from({ length: 5 }, () => ({ a: true, b: false })),
      ...Array.from({ length: 10 }, () => ({ a: false, b: true })),
      ...Array.from({ length: 15 }, () => ({ a: false, b: false })),
    ];
    expect(cohensKappa(pairs)).toBeCloseTo(0.4, 10);
  });
});

describe('agreement of two labellings', () => {
  it('scores the second against the first over shared items, topics and stories over the items both call relevant', () => {
    const first = new Map<string, Label>([
      ['1', label(true, ['ukraine'], 'call')],
      ['2', label(true, ['ukraine'], 'call')],
      ['3', label(true, ['gaza'], 'deal')],
      ['4', label(false)],
      ['5', label(true, ['iran'], 'round')],
    ]);
    const seconds = [
      second('1', true, ['ukraine'], 'a'),
      second('2', true, ['ukraine'], 'b'),
      second('3', true, ['gaza', 'lebanon'], 'c'),
      second('4', true, ['yemen'], 'd'),
      second('5', false),
      second('6', true, ['sudan'], 'e'), // not in the first labelling: ignored
    ];
    const a = agreement(first, seconds);
    expect(a.items).toBe(5);
    expect([a.relevantFirst, a.relevantSecond, a.both]).toEqual([4, 4, 3]);
    expect([a.relevance.tp, a.relevance.fp, a.relevance.fn]).toEqual([3, 1, 1]);
    // topics on items 1-3: 3 agreed, 1 extra (lebanon)
    expect([a.topics.tp, a.topics.fp, a.topics.fn]).toEqual([3, 1, 0]);
    // first: {1,2} {3}; second: {1} {2} {3}: precision 1, recall (1/2 + 1/2 + 1) / 3
    expect(a.story.precision).toBe(1);
    expect(a.story.recall).toBeCloseTo(2 / 3, 10);
  });
});

const topicIds = new Set(Object.keys(shippedTopics.spec.topics));
const seconds = Object.entries(loadSecondLabels());
const headlines = loadHeadlineLabels();
const corpusKeys = (set: string): Set<string> => {
  const path = fileURLToPath(new URL(`../../eval/labels/${set}.jsonl`, import.meta.url));
  return new Set(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => String((JSON.parse(line) as { key: string }).key)),
  );
};

describe('the second labellings (test/eval/agreement)', () => {
  it('exist for at least one headline set and one corpus set', () => {
    const names = seconds.map(([name]) => name);
    expect(names.some((name) => name in headlines)).toBe(true);
    expect(names.some((name) => !(name in headlines))).toBe(true);
  });

  it.each(seconds)('%s labels items of its set once each, by the guidelines', (name, labels) => {
    const ids = labels.map((l) => String(l.id));
    expect(new Set(ids).size).toBe(ids.length);
    const known =
      name in headlines ? new Set((headlines[name] ?? []).map((l) => String(l.id))) : corpusKeys(name);
    expect(ids.filter((id) => !known.has(id))).toEqual([]);
    for (const l of labels) {
      if (!l.relevant) {
        expect({ id: l.id, topics: l.topics, story: l.story }).toEqual({ id: l.id, topics: [], story: null });
        continue;
      }
      expect(l.topics.length, String(l.id)).toBeGreaterThan(0);
      for (const topic of l.topics) expect(topicIds.has(topic), `${l.id}: ${topic}`).toBe(true);
      expect(l.story, String(l.id)).toBeTruthy();
    }
  });
});
