import { describe, expect, it } from 'vitest';
import { feedLabel, formatScore, printable, truncate } from '../../../src/cli/format.js';

describe('printable', () => {
  it.each([
    ['a title from a chat \u001b[2J\u001b[31mred', 'a title from a chat \ufffd[2J\ufffd[31mred'],
    ['bell\u0007 and C1\u009b', 'bell\ufffd and C1\ufffd'],
    ['two\nlines\tand a tab', 'two\nlines\tand a tab'],
    ['Перемир’я у Газі ✅', 'Перемир’я у Газі ✅'],
  ])('shows %j as %j', (input, output) => {
    expect(printable(input)).toBe(output);
  });
});

describe('feedLabel', () => {
  const feed = (url: string, name: string | null = null, title: string | null = null) => ({
    url,
    name,
    title,
  });
  it("prefers the feed's name, then its title", () => {
    expect(feedLabel(feed('https://a.example/rss', 'Kyiv Independent', 'KI'), 36)).toBe('Kyiv Independent');
    expect(feedLabel(feed('https://a.example/rss', null, 'Meduza'), 36)).toBe('Meduza');
  });
  it('cuts a long URL in the middle, so feeds of one site stay apart by the end of their paths', () => {
    const a = feedLabel(feed('http://127.0.0.1:8765/corp/ru-2025-08-16/feed_novaya.xml'), 36);
    const b = feedLabel(feed('http://127.0.0.1:8765/corp/ru-2025-08-16/feed_holod.xml'), 36);
    expect(a).toHaveLength(36);
    expect(a.startsWith('127.0.0.1:8765/')).toBe(true);
    expect(a.endsWith('feed_novaya.xml')).toBe(true);
    expect(b.endsWith('feed_holod.xml')).toBe(true);
    expect(feedLabel(feed('https://short.example/rss'), 36)).toBe('short.example/rss');
  });
});

describe('formatScore', () => {
  it('writes a score as the rules do, so that one short of the threshold never reads as reaching it', () => {
    expect(formatScore(0.96)).toBe('0.96');
    expect(formatScore(1.65)).toBe('1.65');
    expect(formatScore(1)).toBe('1');
    expect(formatScore(2.2800000000000002)).toBe('2.28');
    expect(formatScore(-0.045)).toBe('-0.045');
  });
});

describe('truncate', () => {
  // A lone surrogate reaches the terminal as U+FFFD: half a flag or emoji is a broken character.
  const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

  it('cuts a long title before a character of two UTF-16 units, never through it', () => {
    const title = `${'a'.repeat(8)}🇺🇦 Ukraine and Russia agree on a prisoner exchange`;
    for (const width of [9, 10, 11, 12]) {
      const cut = truncate(title, width);
      expect(cut).not.toMatch(loneSurrogate);
      expect(cut.endsWith('…')).toBe(true);
    }
  });

  it('cuts before a flag, not between its two letters', () => {
    expect(truncate('Talks 🇺🇦🇷🇺 resume in Istanbul', 13)).toBe('Talks 🇺🇦…');
  });
});
