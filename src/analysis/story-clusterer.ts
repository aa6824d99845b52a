import type { AnalysableItem, ItemAnalysis } from '../domain/analysis.js';
import type { ClusterAssignment, StoryClusterer } from '../domain/ports.js';
import { createStoryIndex } from './cluster.js';
import type { ClusterInput, ClusterOptions, StoryIndex } from './cluster-types.js';
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

/** The features clustering compares: terms of the title and lead (the body is never tokenised here). */
export function clusterInput(id: number, item: AnalysableItem, analysis: ItemAnalysis): ClusterInput {
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
  };
}

/** The StoryClusterer port over an in-memory StoryIndex; `seed` rebuilds the window after a restart. */
export function createStoryClusterer(options: ClusterOptions): StoryClusterer & {
  index: StoryIndex;
  seed(
    itemId: number,
    item: AnalysableItem,
    analysis: ItemAnalysis,
    storyId: number,
    duplicateOf?: number | null,
  ): void;
} {
  const index = createStoryIndex(options);
  return {
    index,
    assign(itemId, item, analysis): ClusterAssignment {
      const decision = index.add(clusterInput(itemId, item, analysis));
      return {
        storyId: decision.storyId,
        created: decision.created,
        similarity: decision.similarity,
        duplicateOf: decision.duplicateOf,
      };
    },
    nearest: (item, analysis) => index.nearest(clusterInput(0, item, analysis)),
    seed(itemId, item, analysis, storyId, duplicateOf = null) {
      index.seed(clusterInput(itemId, item, analysis), storyId, 1, duplicateOf);
    },
    title: (storyId) => index.title(storyId) || null,
    evict: (before) => {
      index.evict(before);
    },
  };
}
