import type { AnalysableItem, ItemAnalysis, RelevanceVerdict, TopicTag } from '../domain/analysis.js';
import { findEntities } from './entities.js';
import type { CompiledLexicon, CompiledTopics } from './lexicon.js';
import { asPrepared, type PreparedItem } from './prepare.js';
import { judgeRelevance } from './relevance.js';
import { tagTopics } from './topics.js';

/**
 * Talks are about a conflict: with `requireTopic`, an item that scores as talks but names no conflict
 * of config/topics.yaml (not even one of `other`'s) is not relevant. "After the ceasefire, veterans are
 * mobilised on the home front" and a peace deal between states that never fought score on their words
 * alone; the conflict they would belong to is what is missing.
 */
function withTopicRule(
  verdict: RelevanceVerdict,
  tags: readonly TopicTag[],
  required: boolean,
): RelevanceVerdict {
  if (!required || !verdict.relevant || tags.length > 0) return verdict;
  return {
    ...verdict,
    relevant: false,
    rules: [...verdict.rules, 'names no conflict of the topics (requireTopic): not relevant'],
  };
}

/** Relevance, topics and entities of one item, tokenising and matching each field once. */
export function analyseItem(
  item: AnalysableItem | PreparedItem,
  lexicon: CompiledLexicon,
  topics: CompiledTopics,
): ItemAnalysis {
  const prepared = asPrepared(item);
  const verdict = judgeRelevance(prepared, lexicon, topics);
  const tags = tagTopics(prepared, topics, { relevant: verdict.relevant });
  return {
    relevance: withTopicRule(verdict, tags, lexicon.spec.requireTopic ?? false),
    topics: tags,
    entities: findEntities(prepared, topics),
  };
}
