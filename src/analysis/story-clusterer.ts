import type { AnalysableItem, ItemAnalysis } from '../domain/analysis.js';
import type { ClusterAssignment, StoryClusterer } from '../domain/ports.js';
import { createStoryIndex, type TitledInput, type TitledStoryIndex } from './cluster.js';
import { eventActs } from './cluster-act.js';
import type { ClusterOptions } from './cluster-types.js';
import { type PreparedItem, prepareHead } from './prepare.js';
import { isContentToken, stem } from './text.js';

function fieldTokens(prepared: PreparedItem, field: 'title' | 'lead'): string[] {
  return prepared.fields.find((f) => f.field === field)?.spans.tokens ?? [];
}

function terms(tokens: readonly string[], language: string | null): string[] {
  const out: string[] = [];
  for (const token of tokens) if (isContentToken(token, language)) out.push(stem(token, language));
  return out;
}

/**
 * The features clustering compares: terms of the title and lead (the body is never tokenised here);
 * `outlet`, the name of the item's feed, only for the title shown.
 */
export function clusterInput(
  id: number,
  item: AnalysableItem,
  analysis: ItemAnalysis,
  outlet: string | null = null,
): TitledInput {
  const prepared = prepareHead(item);
  const title = fieldTokens(prepared, 'title');
  const lead = fieldTokens(prepared, 'lead');
  return {
    id,
    publishedAt: item.publishedAt,
    title: item.title,
    titleTerms: terms(title, item.language),
    leadTerms: terms(lead, item.language),
    tokens: [...title, ...lead],
    entities: [...new Set(analysis.entities.map((mention) => mention.entity))],
    language: item.language,
    acts: eventActs(item.title, item.language),
    outlet,
  };
}

/**
 * The StoryClusterer port over an in-memory StoryIndex; `seed` rebuilds the window after a restart;
 * `retitle` tells it that a member was re-published with a changed headline (the poll's 'updated'
 * item of a story), so that the title is not a headline no member has any more. `outlet`: the name of
 * the item's feed, when the caller knows it.
 */
export function createStoryClusterer(options: ClusterOptions): StoryClusterer & {
  index: TitledStoryIndex;
  seed(
    itemId: number,
    item: AnalysableItem,
    analysis: ItemAnalysis,
    storyId: number,
    duplicateOf?: number | null,
    outlet?: string | null,
  ): void;
} {
  const index = createStoryIndex(options);
  return {
    index,
    assign(
      itemId: number,
      item: AnalysableItem,
      analysis: ItemAnalysis,
      outlet: string | null = null,
    ): ClusterAssignment {
      const decision = index.add(clusterInput(itemId, item, analysis, outlet));
      return {
        storyId: decision.storyId,
        created: decision.created,
        similarity: decision.similarity,
        duplicateOf: decision.duplicateOf,
      };
    },
    nearest: (item, analysis) => index.nearest(clusterInput(0, item, analysis)),
    seed(itemId, item, analysis, storyId, duplicateOf = null, outlet = null) {
      index.seed(clusterInput(itemId, item, analysis, outlet), storyId, 1, duplicateOf);
    },
    retitle: (
      itemId: number,
      item: AnalysableItem,
      analysis: ItemAnalysis,
      storyId: number,
      outlet: string | null = null,
    ) => index.retitle(clusterInput(itemId, item, analysis, outlet), storyId),
    title: (storyId) => index.title(storyId) || null,
    evict: (before) => {
      index.evict(before);
    },
  };
}
