import { buildDigest } from '../digest/build-digest.js';
import { renderText } from '../digest/render-text.js';
import type { StoryStore } from '../domain/ports.js';

const weekMs = 7 * 86_400_000;

/**
 * Console mode (no chat tokens): after each poll, the digest of the stories that are new or changed
 * since the last print, so `npm start` shows a new user what Parley does. The first print covers
 * the past week, like a weekly digest would. Stories are dated by their reports' publication, and a
 * report is often fetched after that: rather than a time window, which would miss a story dated
 * before the last print but stored after it, the printer remembers what it printed (each story with
 * the date it had) and prints what it has not.
 */
export function createConsoleDigests(options: {
  stories: Pick<StoryStore, 'list'>;
  labels: ReadonlyMap<string, string>;
  /** The digest lag, for the "(update)" marks (build-digest.ts DigestOptions). */
  lagMs: number;
  now(): number;
  write(text: string): void;
}): { afterPoll(): number } {
  const printed = new Map<number, number>();
  let first = true;
  return {
    afterPoll() {
      const until = options.now();
      const from = until - weekMs;
      const fresh = options.stories
        .list({ since: from, until, order: 'ranked' })
        .filter((story) => printed.get(story.id) !== story.updatedAt);
      for (const [id, at] of printed) if (at < from) printed.delete(id);
      const wasFirst = first;
      first = false;
      if (fresh.length === 0 && !wasFirst) return 0;
      const digest = buildDigest(fresh, {
        topics: [],
        since: from,
        until,
        labels: options.labels,
        lagMs: options.lagMs,
      });
      // Only what the digest shows counts as printed: the stories past a topic's limit ("2 more") are
      // printed at a later poll, once those above them are.
      for (const section of digest.sections)
        for (const story of section.stories) printed.set(story.id, story.updatedAt);
      options.write(`\n${renderText(digest)}\n`);
      return digest.storyCount;
    },
  };
}
