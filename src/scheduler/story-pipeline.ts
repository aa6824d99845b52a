import type { AnalysableItem, TopicTag } from '../domain/analysis.js';
import type { ChangedItem } from '../domain/item.js';
import type { ItemAnalyser, StoryClusterer, StoryStore, Summarizer } from '../domain/ports.js';
import type { StoryWithItems } from '../domain/story.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

export type StoryPipelineDeps = {
  analyser: ItemAnalyser;
  clusterer: StoryClusterer;
  summarizer: Summarizer;
  stories: StoryStore;
  clock: Clock;
  log: Logger;
};

export type PipelineResult = { analysed: number; relevant: number; stories: number[] };

export type StoryPipeline = { process(changed: readonly ChangedItem[]): Promise<PipelineResult> };

const asAnalysable = (item: AnalysableItem): AnalysableItem => ({
  title: item.title,
  summary: item.summary,
  content: item.content,
  language: item.language,
  publishedAt: item.publishedAt,
});

/** A story's topics: its items' tags summed, strongest first. */
function storyTopics(stories: StoryStore, story: StoryWithItems): TopicTag[] {
  const totals = new Map<string, TopicTag>();
  for (const member of story.items) {
    for (const tag of stories.analysisOf(member.itemId)?.topics ?? []) {
      const seen = totals.get(tag.topic);
      totals.set(
        tag.topic,
        seen
          ? { ...seen, score: seen.score + tag.score }
          : { topic: tag.topic, score: tag.score, matches: [] },
      );
    }
  }
  return [...totals.values()].sort((a, b) => b.score - a.score);
}

/**
 * After items are stored: analyse each, put the relevant ones in stories (an updated item stays in its
 * story, so a re-published headline updates it instead of making a new one), then refresh the title,
 * topics, relevance and summary of every story that changed.
 */
export function createStoryPipeline(deps: StoryPipelineDeps): StoryPipeline {
  const { analyser, clusterer, summarizer, stories, clock } = deps;

  function place(change: ChangedItem): number | null {
    const item = asAnalysable(change.item);
    const analysis = analyser.analyse(item);
    stories.saveAnalysis({ itemId: change.id, ...analysis, analysedAt: clock.now() });
    if (!analysis.relevance.relevant) return null;
    const existing = change.kind === 'updated' ? stories.storyOfItem(change.id) : null;
    if (existing !== null) return existing;
    const decision = clusterer.assign(change.id, item, analysis);
    if (decision.created) stories.createStory(change.item.title, clock.now(), decision.storyId);
    stories.addMember(decision.storyId, change.id, decision.similarity, decision.duplicateOf);
    return decision.storyId;
  }

  async function refresh(storyId: number): Promise<void> {
    const story = stories.get(storyId);
    if (story === null || story.items.length === 0) return;
    const relevance = Math.max(...story.items.map((m) => stories.analysisOf(m.itemId)?.relevance.score ?? 0));
    const summary = await summarizer.summarize(story.items.map(asAnalysable), null);
    stories.updateStory(storyId, {
      title: clusterer.title(storyId) ?? story.title,
      summary: summary.text,
      summaryEngine: summary.engine,
      topics: storyTopics(stories, story),
      relevance,
      // The newest report's time, so that a digest period counts what was published in it.
      updatedAt: Math.max(...story.items.map((member) => member.publishedAt)),
    });
  }

  return {
    async process(changed) {
      const touched = new Set<number>();
      let relevant = 0;
      for (const change of changed) {
        const storyId = place(change);
        if (storyId === null) continue;
        relevant += 1;
        touched.add(storyId);
      }
      for (const storyId of touched) await refresh(storyId);
      return { analysed: changed.length, relevant, stories: [...touched] };
    },
  };
}
