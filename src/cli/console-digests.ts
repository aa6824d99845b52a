import { buildDigest } from '../digest/build-digest.js';
import { renderText } from '../digest/render-text.js';
import type { StoryStore } from '../domain/ports.js';

const weekMs = 7 * 86_400_000;

/**
 * Console mode (no chat tokens): after each poll, the digest of what changed since the last one is
 * printed, so `npm start` shows a new user what Parley does. The first print covers the past week,
 * like a weekly digest would.
 */
export function createConsoleDigests(options: {
  stories: Pick<StoryStore, 'list'>;
  labels: ReadonlyMap<string, string>;
  now(): number;
  write(text: string): void;
}): { afterPoll(): number } {
  let since: number | null = null;
  return {
    afterPoll() {
      const until = options.now();
      const from = since ?? until - weekMs;
      const stories = options.stories.list({ since: from, until });
      const first = since === null;
      since = until;
      if (stories.length === 0 && !first) return 0;
      const digest = buildDigest(stories, { topics: [], since: from, until, labels: options.labels });
      options.write(`\n${renderText(digest)}\n`);
      return digest.storyCount;
    },
  };
}
