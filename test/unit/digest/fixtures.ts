import { buildDigest, type Digest } from '../../../src/digest/build-digest.js';
import type { Chat } from '../../../src/domain/chat.js';
import { outletOf } from '../../../src/domain/item.js';
import type { StoryMember, StoryWithItems } from '../../../src/domain/story.js';
import { chatRow } from '../../support/chat-row.js';

/** A story member from feed `feedId` named `feed`, published at 5_000. */
export function member(feedId: number, feed: string, more: Partial<StoryMember> = {}): StoryMember {
  const fields = {
    itemId: feedId * 100,
    url: `https://${feed.toLowerCase()}.example/a`,
    title: `${feed} headline`,
    summary: '',
    content: null,
    feed,
    feedId,
    publishedAt: 5_000,
    // Seen when published, unless a test says otherwise.
    firstSeenAt: more.publishedAt ?? 5_000,
    language: 'en',
    similarity: 1,
    duplicateOf: null,
    ...more,
  };
  // As ingest stores it.
  return { outlet: outletOf(fields.url, feedId, fields.language), ...fields };
}

/** A story with one member per outlet in `feeds`, updated at 5_000. */
export const story = (
  id: number,
  topics: string[],
  feeds: string[],
  more: Partial<StoryWithItems> = {},
): StoryWithItems => ({
  id,
  title: `Story ${id}`,
  summary: `Summary ${id}.`,
  summaryEngine: 'extractive',
  topics,
  relevance: 5,
  firstSeenAt: 1_000,
  updatedAt: 5_000,
  itemCount: feeds.length,
  sourceCount: feeds.length,
  items: feeds.map((feed, i) => member(i + 1, feed)),
  ...more,
});

/** An outlet name as every sources line writes it: a first-strong isolate (U+2068 … U+2069), for bidi. */
export const isolated = (name: string): string =>
  /[\p{Script=Arabic}\p{Script=Hebrew}]/u.test(name) ? `\u2068${name}\u2069` : name;

/** Five outlets, the first three with Arabic (right-to-left) names: a sources line lists those and "+2 more". */
export const rtlStory = (): StoryWithItems =>
  story(1, ['gaza'], [], {
    items: ['الجزيرة', 'العربية', 'الشرق', 'Reuters', 'BBC'].map((feed, i) =>
      member(i + 1, feed, { url: `https://o${i}.example/a` }),
    ),
    sourceCount: 5,
  });

export const labels = new Map([
  ['ukraine', 'Russia–Ukraine war'],
  ['gaza', 'Israel–Hamas, Gaza'],
]);

/** Every English fixed word a Russian or Ukrainian digest must not show (fixture titles are "Story 1"). */
export const englishWords = /Peace talks|Sources|\bmore\b|continued|in this period|\bstor(y|ies)\b|\bpart\b/;

/** `count` distinct Cyrillic words, for summaries whose length matters. */
export const cyrillicWords = (id: number, count: number): string =>
  Array.from({ length: count }, (_, i) => `слово${id}ч${i}`).join(' ');

/**
 * 60 stories with five outlets and long Cyrillic summaries, 25 shown per topic and ukraine capped;
 * `updates`: each story's first report came before the period, so each is marked as an update.
 */
export function longCyrillicDigest(updates = false): Digest {
  const stories = Array.from({ length: 60 }, (_, i) =>
    story(i + 1, [i % 3 === 0 ? 'gaza' : 'ukraine'], [], {
      summary: cyrillicWords(i + 1, 60),
      items: ['A', 'B', 'C', 'D', 'E'].map((feed, n) =>
        member(n + 1, feed, updates && n === 0 ? { publishedAt: 500 } : {}),
      ),
      sourceCount: 5,
    }),
  );
  return buildDigest(stories, {
    since: updates ? 1_000 : 0,
    until: 10_000,
    labels,
    lagMs: 3_600_000,
    topics: [],
    perTopic: 25,
    capped: new Set(['ukraine']),
  });
}

/** A digest of these stories over a fixed period, every story shown (no "N more"). */
export const digestOf = (stories: StoryWithItems[], topics: string[] = []): Digest =>
  buildDigest(stories, { since: 0, until: 10_000, labels, lagMs: 3_600_000, topics, perTopic: 100 });

/** A Friday-weekly chat following `topics` (none: all), on Telegram unless `platform`, in `timeZone`. */
export const chatFollowing = (
  topics: string[],
  platform: Chat['platform'] = 'telegram',
  timeZone = 'Europe/Kyiv',
): Chat =>
  chatRow({ id: 1, platform, chatId: platform === 'telegram' ? '42' : 'C0123456789', topics, timeZone });
