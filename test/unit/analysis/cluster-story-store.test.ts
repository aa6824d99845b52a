import { describe, expect, it } from 'vitest';
import { createStoryIndex, defaultClusterOptions } from '../../../src/analysis/cluster.js';
import { maxCentroidReports } from '../../../src/analysis/cluster-story-store.js';
import type { ClusterInput } from '../../../src/analysis/cluster-types.js';

const T0 = Date.UTC(2026, 0, 10);
const CORE = ['ceasef', 'talks', 'doha', 'negoti', 'hostag', 'truce', 'mediat', 'qatar'];
const ENTITIES = ['qatar', 'hamas', 'israel'];
const OWN_WORDS = 6;

/** A made-up word of its own for every number: letters only, at most six, so no two share a stem. */
function ownWord(n: number): string {
  let out = 'zz';
  for (let k = n; ; k = Math.floor(k / 26) - 1) {
    out += String.fromCharCode(97 + (k % 26));
    if (k < 26) return out;
  }
}

/** A report of the Doha talks under a headline of its own: the story's words and OWN_WORDS of its own. */
function report(id: number, own = OWN_WORDS): ClusterInput {
  const words = Array.from({ length: own }, (_, k) => ownWord(id * OWN_WORDS + k));
  const titleTerms = [...CORE.slice(0, 4), ...words.slice(0, 2)];
  const leadTerms = [...CORE, ...words.slice(2)];
  return {
    id,
    publishedAt: T0 + id * 10_000,
    title: titleTerms.join(' '),
    titleTerms,
    leadTerms,
    // Its own words between the story's: a report in its own words, no copy of another.
    tokens: CORE.flatMap((word, k) => [word, words[k % own] ?? '']),
    entities: ENTITIES,
    language: 'en',
  };
}

describe('a story of thousands of distinct headlines', () => {
  const reports = 2_000;
  const index = createStoryIndex(defaultClusterOptions);
  for (let id = 1; id <= reports; id++) index.seed(report(id), 1, 0.5);

  it('keeps in its centroid the words of its first maxCentroidReports reports only', () => {
    expect(reports).toBeGreaterThan(2 * maxCentroidReports);
    // The window holds this one story: its vocabulary is what the story's vectors hold.
    const bound = maxCentroidReports * OWN_WORDS + CORE.length + ENTITIES.length;
    expect(index.stats().vocabulary).toBeLessThanOrEqual(bound);
    expect(index.stats().items).toBe(reports);
  });

  it('still takes in a new report in the words its reports share', () => {
    const next = { ...report(reports + 1), titleTerms: CORE.slice(0, 4), leadTerms: CORE, tokens: CORE };
    expect(index.add(next)).toMatchObject({ storyId: 1, reason: 'similar' });
    expect(index.members(1)).toHaveLength(reports + 1);
  });
});

describe('a story past maxCentroidReports reports', () => {
  it('still takes its title from a later report with a better headline', () => {
    const index = createStoryIndex(defaultClusterOptions);
    // Shouted headlines are poor titles: any plain one is better.
    const shouted = (id: number) => ({ ...report(id), title: report(id).title.toUpperCase() });
    for (let id = 1; id <= maxCentroidReports; id++) index.seed(shouted(id), 1, 0.5);
    expect(index.title(1)).toBe(shouted(1).title);
    const plain = report(maxCentroidReports + 1);
    index.seed(plain, 1, 0.5);
    expect(index.title(1)).toBe(plain.title);
  });
});
