/**
 * Stories in a real SQLite story store, written through the stores' own methods (feeds, items, stories),
 * for the digest, Telegram and Slack tests and benches. No vitest import: the benches run outside it.
 */
import type { NormalisedItem } from '../../src/domain/item.js';
import type { StoryStore } from '../../src/domain/ports.js';
import type { Database } from '../../src/storage/database.js';
import { createFeedStore } from '../../src/storage/feed-store.js';
import { createItemStore } from '../../src/storage/item-store.js';
import { createStoryStore } from '../../src/storage/story-store.js';

export type StorySeed = { title: string; summary?: string; topic: string; at: number; outlets?: number };

const outletNames = ['Kyiv Independent', 'Al Jazeera', 'Reuters', 'Meduza'];

const summaryOf = (seed: StorySeed): string => seed.summary ?? `What happened: ${seed.title}.`;

function itemOf(key: string, seed: StorySeed, outlet: number): NormalisedItem {
  return {
    guid: null,
    url: `https://outlet${outlet}.example/${key}`,
    title: seed.title,
    summary: summaryOf(seed),
    content: null,
    publishedAt: seed.at,
    publishedAtFromFeed: true,
    language: 'en',
    author: null,
    dedupeKey: `url:${outlet}/${key}`,
  };
}

/** Writes the stories (one item per outlet each) in one transaction; returns the story store. */
export function seedStories(db: Database, seeds: readonly StorySeed[]): StoryStore {
  const feeds = createFeedStore(db);
  feeds.syncSources(
    outletNames.map((name, i) => ({
      url: `https://feeds.example/${i}`,
      name,
      language: 'en',
      fullText: false,
    })),
  );
  const feedIds = feeds.list().map((feed) => feed.id);
  const items = createItemStore(db);
  const stories = createStoryStore(db);
  const write = db.transaction(() => {
    seeds.forEach((seed, index) => {
      const story = stories.createStory(seed.title, seed.at);
      const outlets = Math.min(seed.outlets ?? 1, feedIds.length);
      for (let outlet = 0; outlet < outlets; outlet += 1) {
        const feedId = feedIds[outlet] ?? 0;
        const [changed] = items.upsert(feedId, [itemOf(String(index), seed, outlet)], seed.at).changed;
        if (changed !== undefined) stories.addMember(story, changed.id, 1, null);
      }
      stories.updateStory(story, {
        title: seed.title,
        summary: summaryOf(seed),
        summaryEngine: 'extractive',
        topics: [{ topic: seed.topic, score: 2, matches: [] }],
        relevance: 6,
        updatedAt: seed.at,
      });
    });
  });
  write();
  return stories;
}

export const topicList = [
  { id: 'ukraine', label: 'Russia–Ukraine war' },
  { id: 'gaza', label: 'Israel–Hamas, Gaza' },
  { id: 'iran', label: 'Iran nuclear talks' },
  { id: 'sudan', label: 'Sudan' },
];

/** A Ukraine story two outlets reported an hour before `now`, and a Gaza story two hours before. */
export function twoTopicSeeds(now: number): StorySeed[] {
  const hour = 3_600_000;
  return [
    {
      title: 'Envoys meet in Istanbul',
      summary: 'Talks resume.',
      topic: 'ukraine',
      at: now - hour,
      outlets: 2,
    },
    { title: 'Truce talks in Doha', summary: 'Mediators meet.', topic: 'gaza', at: now - 2 * hour },
  ];
}
