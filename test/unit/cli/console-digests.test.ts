import { describe, expect, it } from 'vitest';
import { createConsoleDigests } from '../../../src/cli/console-digests.js';
import type { StoryQuery, StoryWithItems } from '../../../src/domain/story.js';
import { labels, story } from '../digest/fixtures.js';

const day = 86_400_000;
const now0 = Date.UTC(2026, 10, 27, 9);

/** A story store over a list the test edits; `list` filters by updatedAt like the real one. */
function printerOver(stories: StoryWithItems[]) {
  let now = now0;
  const out: string[] = [];
  const printer = createConsoleDigests({
    stories: {
      list: (query: StoryQuery) =>
        stories.filter((s) => s.updatedAt >= (query.since ?? 0) && s.updatedAt < (query.until ?? Infinity)),
    },
    labels,
    lagMs: 3_600_000,
    now: () => now,
    write: (text) => out.push(text),
  });
  return {
    print: (at: number) => {
      now = at;
      out.length = 0;
      printer.afterPoll();
      return out.join('');
    },
  };
}

describe('console digests', () => {
  it('prints a story once, a late one (dated before the last print, stored after it) at the next print, and again when it changes', () => {
    const stories = [story(1, ['ukraine'], ['A'], { title: 'Istanbul round opens', updatedAt: now0 - day })];
    const printer = printerOver(stories);
    expect(printer.print(now0)).toContain('Istanbul round opens');
    // nothing new: nothing printed
    expect(printer.print(now0 + 60_000)).toBe('');
    // published a minute before the last print, fetched only now
    stories.push(story(2, ['gaza'], ['B'], { title: 'Doha talks resume', updatedAt: now0 + 30_000 }));
    const late = printer.print(now0 + 120_000);
    expect(late).toContain('Doha talks resume');
    expect(late).not.toContain('Istanbul round opens');
    // the first story gains a report: printed again
    stories[0] = { ...(stories[0] as StoryWithItems), updatedAt: now0 + 90_000 };
    expect(printer.print(now0 + 180_000)).toContain('Istanbul round opens');
  });

  it('says the past week was quiet at the first print, and stays silent after', () => {
    const printer = printerOver([]);
    expect(printer.print(now0)).toContain('No new peace-talks stories');
    expect(printer.print(now0 + 60_000)).toBe('');
  });

  it('prints at the next poll the stories the last digest left out past the per-topic limit ("2 more")', () => {
    // 12 Ukraine stories; a digest shows 10 per topic and counts the other 2 as "more".
    const stories = Array.from({ length: 12 }, (_, i) =>
      story(i + 1, ['ukraine'], ['A'], {
        title: `Talks round ${i + 1}.`,
        updatedAt: now0 - day + i,
        relevance: 20 - i,
      }),
    );
    const printer = printerOver(stories);
    const first = printer.print(now0);
    expect(first).toContain('Talks round 10.');
    expect(first).not.toContain('Talks round 11.');
    const second = printer.print(now0 + 60_000);
    expect(second).toContain('Talks round 11.');
    expect(second).toContain('Talks round 12.');
    expect(second).not.toContain('Talks round 10.');
    expect(printer.print(now0 + 120_000)).toBe('');
  });
});
