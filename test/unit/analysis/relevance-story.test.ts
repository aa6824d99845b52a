import { describe, expect, it } from 'vitest';
import { analyseItem } from '../../../src/analysis/analyse-item.js';
import { defaultClusterOptions } from '../../../src/analysis/cluster.js';
import type { LexiconSpec } from '../../../src/analysis/lexicon.js';
import { mayJoinStory, relevantByStory, storyMembershipRule } from '../../../src/analysis/relevance-story.js';
import { createStoryClusterer } from '../../../src/analysis/story-clusterer.js';
import type { AnalysableItem, ItemAnalysis } from '../../../src/domain/analysis.js';
import { shippedLexicon, shippedTopics } from './shipped-config.js';

const spec: LexiconSpec = { ...shippedLexicon.spec, storyMembership: { minScore: 0.3, similarity: 0.5 } };

function analysis(relevant: boolean, score: number, topics: string[]): ItemAnalysis {
  return {
    relevance: { relevant, score, threshold: 1, matches: [], rules: ['score below threshold'] },
    topics: topics.map((topic) => ({ topic, score: 1.5, matches: [] })),
    entities: [],
  };
}

describe('relevance by story membership', () => {
  it('asks about items short of the threshold that have some talks words and name a conflict', () => {
    expect(mayJoinStory(analysis(false, 0.6, ['iran']), spec)).toBe(true);
    expect(mayJoinStory(analysis(true, 1.4, ['iran']), spec)).toBe(false);
    expect(mayJoinStory(analysis(false, 0.2, ['iran']), spec)).toBe(false);
    expect(mayJoinStory(analysis(false, 0.6, []), spec)).toBe(false);
  });

  it('leaves alone an item that a rule put out rather than a lack of words: vetoed, or at the threshold', () => {
    const vetoed = analysis(false, 0.6, ['iran']);
    vetoed.relevance.rules.push('negative context (trade talks) without conflict context: vetoed');
    expect(mayJoinStory(vetoed, spec)).toBe(false);
    expect(relevantByStory(vetoed, { storyId: 7, similarity: 0.9 }, spec)).toBeNull();
    expect(mayJoinStory(analysis(false, 1.2, ['iran']), spec)).toBe(false);
  });

  it('is off without storyMembership in the lexicon', () => {
    const { storyMembership: _, ...off } = spec;
    expect(mayJoinStory(analysis(false, 0.6, ['iran']), off)).toBe(false);
    expect(relevantByStory(analysis(false, 0.6, ['iran']), { storyId: 7, similarity: 0.9 }, off)).toBeNull();
  });

  it('makes an item relevant by a similar enough story, and says which and how similar', () => {
    const weak = analysis(false, 0.6, ['iran']);
    expect(relevantByStory(weak, { storyId: 7, similarity: 0.49 }, spec)).toBeNull();
    expect(relevantByStory(weak, null, spec)).toBeNull();
    const joined = relevantByStory(weak, { storyId: 7, similarity: 0.613 }, spec);
    expect(joined?.relevance.relevant).toBe(true);
    expect(joined?.relevance.score).toBe(0.6);
    expect(joined?.relevance.rules).toEqual([
      'score below threshold',
      'reports story 7 about talks (similarity 0.61 ≥ 0.5): relevant by its story',
    ]);
  });

  it("asks the clusterer nothing about an item that may not join (the rule's callback)", () => {
    const rule = storyMembershipRule(spec);
    let asked = 0;
    const nearest = () => {
      asked += 1;
      return { storyId: 1, similarity: 1 };
    };
    expect(rule(analysis(false, 0.1, ['iran']), nearest)).toBeNull();
    expect(asked).toBe(0);
    expect(rule(analysis(false, 0.6, ['iran']), nearest)?.relevance.relevant).toBe(true);
    expect(asked).toBe(1);
  });

  it('with the shipped config and clusterer: a weaker report of a story about talks joins it, other news does not', () => {
    const at = Date.UTC(2026, 0, 10, 9);
    const report = (title: string, summary: string, minutes: number): AnalysableItem => ({
      title,
      summary,
      content: null,
      language: 'en',
      publishedAt: at + minutes * 60_000,
    });
    const talks = report(
      'Iran and IAEA agree to resume talks on inspections',
      'Iran and the International Atomic Energy Agency agreed in Vienna on Tuesday to resume talks on the return of inspectors to Iranian nuclear sites.',
      0,
    );
    const weaker = report(
      'IAEA chief Grossi meets Iranian officials on inspections',
      'Rafael Grossi met Iranian officials in Vienna on Tuesday about the return of inspectors to Iranian nuclear sites.',
      30,
    );
    const other = report(
      'Iran opens new metro line in Tehran',
      'Iran opened a new metro line in Tehran on Tuesday, officials said, after talks with the contractor.',
      60,
    );
    const rule = storyMembershipRule(shippedLexicon.spec);
    const clusterer = createStoryClusterer({ ...defaultClusterOptions });
    const first = analyseItem(talks, shippedLexicon, shippedTopics);
    expect(first.relevance.relevant).toBe(true);
    const story = clusterer.assign(1, talks, first).storyId;

    const own = analyseItem(weaker, shippedLexicon, shippedTopics);
    expect(own.relevance.relevant).toBe(false);
    const joined = rule(own, () => clusterer.nearest(weaker, own));
    expect(joined?.relevance.relevant).toBe(true);
    expect(joined?.relevance.rules.at(-1)).toMatch(new RegExp(`^reports story ${story} about talks`));

    const unrelated = analyseItem(other, shippedLexicon, shippedTopics);
    expect(mayJoinStory(unrelated, shippedLexicon.spec)).toBe(true);
    expect(rule(unrelated, () => clusterer.nearest(other, unrelated))).toBeNull();
  });
});
