import type { AnalysableItem, ItemAnalysis } from '../domain/analysis.js';
import { findEntities } from './entities.js';
import type { CompiledLexicon, CompiledTopics } from './lexicon.js';
import { asPrepared, type PreparedItem } from './prepare.js';
import { judgeRelevance } from './relevance.js';
import { tagTopics } from './topics.js';

/** Relevance, topics and entities of one item, tokenising and matching each field once. */
export function analyseItem(
  item: AnalysableItem | PreparedItem,
  lexicon: CompiledLexicon,
  topics: CompiledTopics,
): ItemAnalysis {
  const prepared = asPrepared(item);
  return {
    relevance: judgeRelevance(prepared, lexicon, topics),
    topics: tagTopics(prepared, topics),
    entities: findEntities(prepared, topics),
  };
}
