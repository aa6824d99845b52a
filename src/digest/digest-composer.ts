import type { Chat } from '../domain/chat.js';
import type { OutgoingMessage } from '../domain/delivery.js';
import type { DigestComposer, StoryStore } from '../domain/ports.js';
import type { StoryWithItems } from '../domain/story.js';
import type { Clock } from '../shared/clock.js';
import { buildDigest, type Digest } from './build-digest.js';
import { renderSlack } from './render-slack.js';
import { renderTelegram } from './render-telegram.js';

export type ComposerOptions = {
  stories: Pick<StoryStore, 'list'>;
  labels: ReadonlyMap<string, string>;
  clock: Clock;
  /** How long a period's stories are reused across chats: one scheduler tick fans out to thousands. */
  cacheMs?: number;
};

/** "27 Nov 2026" in the chat's time zone, so an Auckland chat's Friday digest is not dated Thursday. */
function localDate(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(ms);
}

function titleFor(digest: Digest, chat: Chat): string {
  return `Peace talks digest, ${localDate(digest.since, chat.timeZone)} to ${localDate(digest.until, chat.timeZone)}`;
}

function render(digest: Digest, chat: Chat): OutgoingMessage[] {
  const title = titleFor(digest, chat);
  if (chat.platform === 'telegram')
    return renderTelegram(digest, { title }).map((html) => ({ platform: 'telegram', html }));
  return renderSlack(digest, { title }).map((message) => ({
    platform: 'slack',
    text: message.text,
    blocks: message.blocks,
  }));
}

/**
 * Builds and renders each chat's digest from the stored stories. The stories of a period are read once
 * and each rendering (topics, platform, time zone) made once, however many chats share them.
 */
export function createDigestComposer(options: ComposerOptions): DigestComposer {
  const cacheMs = options.cacheMs ?? 30_000;
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
  return {
    compose(chat, period) {
      const now = options.clock.now();
      const span = `${period.since}:${period.until}`;
      const key = `${span}:${chat.platform}:${chat.timeZone}:${chat.topics.join(',')}`;
      const cached = fresh(rendered, key, now);
      if (cached) return cached.value;
      let list = fresh(stories, span, now)?.list;
      if (list === undefined) {
        list = options.stories.list({ since: period.since, until: period.until });
        stories.set(span, { at: now, list });
      }
      const digest = buildDigest(list, { topics: chat.topics, ...period, labels: options.labels });
      const value = { storyCount: digest.storyCount, parts: render(digest, chat) };
      rendered.set(key, { at: now, value });
      return value;
    },
  };
}
