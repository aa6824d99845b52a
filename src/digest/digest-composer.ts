import type { Chat, DigestLanguage } from '../domain/chat.js';
import type { OutgoingMessage } from '../domain/delivery.js';
import type { DigestComposer, StoryStore } from '../domain/ports.js';
import type { StoryWithItems } from '../domain/story.js';
import type { Clock } from '../shared/clock.js';
import { buildDigest, type Digest } from './build-digest.js';
import { wordsFor } from './digest-words.js';
import { renderSlack } from './render-slack.js';
import { renderTelegram } from './render-telegram.js';

export type ComposerOptions = {
  stories: Pick<StoryStore, 'list'>;
  /** Topic labels in English, and in the other digest languages where config has them. */
  labels: ReadonlyMap<string, string>;
  translatedLabels?: Partial<Record<DigestLanguage, ReadonlyMap<string, string>>>;
  clock: Clock;
  /** The digest lag (digestLagMs of ingest.interval), for the stories' "(update)" marks (DigestOptions). */
  lagMs: number;
  /** How long a period's stories are reused across chats: one scheduler tick fans out to thousands. */
  cacheMs?: number;
  /** Stories read per topic, best-ranked first; a digest shows at most 10 per topic. */
  candidatesPerTopic?: number;
  /** How much of a period each step of `reads` ranks (see defaultReadPieceMs). */
  readPieceMs?: number;
};

// Ranking a period counts the outlets of each of its stories: 100,000 stories in a week took 0.16 s for
// all topics in one read, a day of them 25 ms (`npm run bench -- schedule 5500 100000`).
const defaultReadPieceMs = 86_400_000;

function render(digest: Digest, chat: Chat): OutgoingMessage[] {
  const words = wordsFor(chat.language);
  // In the chat's time zone, so an Auckland chat's Friday digest is not dated Thursday.
  const title = words.title(words.period(digest.since, digest.until, chat.timeZone));
  if (chat.platform === 'telegram')
    return renderTelegram(digest, { title, words }).map((html) => ({ platform: 'telegram', html }));
  return renderSlack(digest, { title, words }).map((message) => ({
    platform: 'slack',
    text: message.text,
    blocks: message.blocks,
  }));
}

/** Stories read per topic by default: a digest shows at most 10 per topic. */
export const candidatesPerTopic = 50;

/** A period's stories of one topic (all topics for null), best-ranked first, up to the candidates' limit. */
export function readRanked(
  stories: Pick<StoryStore, 'list'>,
  period: { since: number; until: number },
  topic: string | null,
  perTopic: number,
): StoryWithItems[] {
  const query = { ...period, order: 'ranked' as const };
  return stories.list(
    topic === null ? { ...query, limit: perTopic * 4 } : { ...query, topics: [topic], limit: perTopic },
  );
}

/** StoryStore's `ranked` order: most outlets, then relevance, then newest, then the higher id. */
const byRank = (a: StoryWithItems, b: StoryWithItems) =>
  b.sourceCount - a.sourceCount || b.relevance - a.relevance || b.updatedAt - a.updatedAt || b.id - a.id;

/**
 * readRanked in steps, each ranking a piece of the period `pieceMs` long: the best of each piece together
 * hold the best of the period, in the same order. The last step passes them to `done`; after a step that
 * threw, nothing is passed.
 */
export function readRankedInPieces(
  stories: Pick<StoryStore, 'list'>,
  period: { since: number; until: number },
  read: { topic: string | null; perTopic: number; pieceMs: number },
  done: (list: StoryWithItems[]) => void,
): Array<() => void> {
  const { topic, perTopic, pieceMs } = read;
  const pieces: Array<{ since: number; until: number }> = [];
  for (let since = period.since; since < period.until; since += pieceMs)
    pieces.push({ since, until: Math.min(period.until, since + pieceMs) });
  // A story updated between two steps may be in both: the later read counts.
  const found = new Map<number, StoryWithItems>();
  let failed = false;
  return pieces.map((piece, i) => () => {
    try {
      for (const story of readRanked(stories, piece, topic, perTopic)) found.set(story.id, story);
    } catch (error) {
      failed = true;
      throw error;
    }
    const limit = topic === null ? perTopic * 4 : perTopic;
    if (i === pieces.length - 1 && !failed) done([...found.values()].sort(byRank).slice(0, limit));
  });
}

/**
 * The best-ranked stories of each of the chat's topics (all topics, and untagged ones, for a chat that
 * chose none): never all of a busy week's stories, and never only its newest. `parley digest` reads
 * them the same way, so that it prints the digest a chat gets.
 */
export function digestCandidates(
  chatTopics: readonly string[],
  allTopics: readonly string[],
  read: (topic: string | null) => StoryWithItems[],
  perTopic: number,
): { list: StoryWithItems[]; capped: Set<string> } {
  const topics = chatTopics.length > 0 ? chatTopics : allTopics;
  const lists = topics.map((topic) => read(topic));
  // A topic read up to its limit may have more stories than the digest can count.
  const capped = new Set(topics.filter((_, i) => (lists[i]?.length ?? 0) >= perTopic));
  if (chatTopics.length === 0) lists.push(read(null));
  const byId = new Map<number, StoryWithItems>();
  for (const list of lists) for (const story of list) byId.set(story.id, story);
  return { list: [...byId.values()], capped };
}

/**
 * Builds and renders each chat's digest from the stored stories. The stories of a period are read once
 * per topic and each rendering (topics, platform, time zone) made once, however many chats share them.
 */
export function createDigestComposer(options: ComposerOptions): DigestComposer {
  const cacheMs = options.cacheMs ?? 30_000;
  const perTopic = options.candidatesPerTopic ?? candidatesPerTopic;
  const pieceMs = Math.max(60_000, options.readPieceMs ?? defaultReadPieceMs);
  const stories = new Map<string, { at: number; list: StoryWithItems[] }>();
  const rendered = new Map<string, { at: number; value: ReturnType<DigestComposer['compose']> }>();
  const fresh = <T extends { at: number }>(
    cache: Map<string, T>,
    key: string,
    now: number,
  ): T | undefined => {
    for (const [old, entry] of cache) if (now - entry.at > cacheMs) cache.delete(old);
    return cache.get(key);
  };
  const rankedKey = (period: { since: number; until: number }, topic: string | null) =>
    `${period.since}:${period.until}:${topic ?? '*'}`;
  const ranked = (period: { since: number; until: number }, topic: string | null, now: number) => {
    const key = rankedKey(period, topic);
    let list = fresh(stories, key, now)?.list;
    if (list === undefined) {
      list = readRanked(options.stories, period, topic, perTopic);
      stories.set(key, { at: now, list });
    }
    return list;
  };
  const renderingKey = (chat: Chat, period: { since: number; until: number }) =>
    `${period.since}:${period.until}:${chat.platform}:${chat.timeZone}:${chat.language}:${chat.topics.join(',')}`;
  return {
    reads(chat, period) {
      const now = options.clock.now();
      if (fresh(rendered, renderingKey(chat, period), now)) return [];
      const topics = chat.topics.length > 0 ? chat.topics : [...options.labels.keys(), null];
      const read = { perTopic, pieceMs };
      return topics
        .filter((topic) => fresh(stories, rankedKey(period, topic), now) === undefined)
        .flatMap((topic) =>
          readRankedInPieces(options.stories, period, { ...read, topic }, (list) => {
            stories.set(rankedKey(period, topic), { at: options.clock.now(), list });
          }),
        );
    },
    compose(chat, period) {
      const now = options.clock.now();
      const key = renderingKey(chat, period);
      const cached = fresh(rendered, key, now);
      if (cached) return cached.value;
      const { list, capped } = digestCandidates(
        chat.topics,
        [...options.labels.keys()],
        (topic) => ranked(period, topic, now),
        perTopic,
      );
      const labels = options.translatedLabels?.[chat.language] ?? options.labels;
      const digest = buildDigest(list, {
        topics: chat.topics,
        ...period,
        lagMs: options.lagMs,
        labels,
        capped,
        language: chat.language,
      });
      const value = { storyCount: digest.storyCount, parts: render(digest, chat) };
      rendered.set(key, { at: now, value });
      return value;
    },
  };
}
