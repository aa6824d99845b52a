import type { ItemAnalysis } from '../domain/analysis.js';
import type { NearestStory } from '../domain/ports.js';
import type { LexiconSpec } from './lexicon.js';
import { isVetoed } from './relevance.js';

/** How a verdict made relevant by its story ends its rule (relevantByStory), in stored verdicts too. */
export const byStoryRule = 'relevant by its story';

/**
 * Story membership (`storyMembership` in config/lexicon.yaml): one outlet's headline says less than
 * another's about the same event ("Iran ready to restart technical conversations: Grossi" beside
 * "Iran, IAEA agree to resume talks"). An item that falls short of the threshold but has some talks
 * words (score ≥ `minScore`) and names a conflict is worth asking the clusterer about; if it would
 * join a story about talks with at least `similarity`, it reports that story and is relevant by it.
 * Stories hold relevant items only, so the clusterer's answer is the evidence. Off when unset.
 */
export function mayJoinStory(analysis: ItemAnalysis, spec: LexiconSpec): boolean {
  const membership = spec.storyMembership;
  const { relevance } = analysis;
  if (membership === undefined || relevance.relevant || isVetoed(relevance)) return false;
  if (relevance.score >= relevance.threshold) return false; // out by a rule (no topic), not short of words
  return analysis.topics.length > 0 && relevance.score >= membership.minScore;
}

/** The analysis made relevant by the story it reports, with the rule saying so; null if it does not. */
export function relevantByStory(
  analysis: ItemAnalysis,
  nearest: NearestStory | null,
  spec: LexiconSpec,
): ItemAnalysis | null {
  const membership = spec.storyMembership;
  if (membership === undefined || nearest === null || !mayJoinStory(analysis, spec)) return null;
  if (nearest.similarity < membership.similarity) return null;
  const similarity = Math.round(nearest.similarity * 100) / 100;
  const rule =
    `reports story ${nearest.storyId} about talks (similarity ${similarity} ≥ ${membership.similarity}): ` +
    byStoryRule;
  return {
    ...analysis,
    relevance: { ...analysis.relevance, relevant: true, rules: [...analysis.relevance.rules, rule] },
  };
}

/**
 * The rule as the poll pipeline applies it (StoryPipelineDeps.byStory): null for an item relevant on
 * its words or out by a rule; the clusterer is asked only about items that may join a story.
 */
export function storyMembershipRule(spec: LexiconSpec) {
  return (analysis: ItemAnalysis, nearest: () => NearestStory | null): ItemAnalysis | null =>
    mayJoinStory(analysis, spec) ? relevantByStory(analysis, nearest(), spec) : null;
}
