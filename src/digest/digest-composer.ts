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
};

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
  const ranked = (period: { since: number; until: number }, topic: string | null, now: number) => {
    const key = `${period.since}:${period.until}:${topic ?? '*'}`;
    let list = fresh(stories, key, now)?.list;
    if (list === undefined) {
      list = readRanked(options.stories, period, topic, perTopic);
      stories.set(key, { at: now, list });
    }
    return list;
  };
  return {
    compose(chat, period) {
      const now = options.clock.now();
      const key = `${period.since}:${period.until}:${chat.platform}:${chat.timeZone}:${chat.language}:${chat.topics.join(',')}`;
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
