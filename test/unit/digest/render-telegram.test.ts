import { describe, expect, it } from 'vitest';
import { buildDigest, type Digest } from '../../../src/digest/build-digest.js';
import { wordsFor } from '../../../src/digest/digest-words.js';
import { renderTelegram, visibleLength } from '../../../src/digest/render-telegram.js';
import { truncateAtWord } from '../../../src/digest/split-parts.js';
import { digestLanguages } from '../../../src/domain/chat.js';
import type { StoryWithItems } from '../../../src/domain/story.js';
import { cyrillicWords, englishWords, labels, longCyrillicDigest, member, story } from './fixtures.js';

const digestOf = (stories: StoryWithItems[], topics: string[] = []): Digest =>
  buildDigest(stories, { since: 0, until: 10_000, labels, topics, perTopic: 100 });

// Spec: https://core.telegram.org/bots/api#html-style (the whole supported list, not just the tags we use).
const allowed = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler']);
for (const tag of ['a', 'tg-emoji', 'tg-time', 'code', 'pre', 'blockquote']) allowed.add(tag);

/** Every tag is on Telegram's list, `a` carries only href, and no bare < > & is left in the text. */
function expectValidTelegramHtml(html: string): void {
  for (const match of html.matchAll(/<\/?([a-zA-Z-]+)([^>]*)>/g)) {
    expect(allowed, match[0]).toContain(match[1]);
    if (match[1] === 'a' && !match[0].startsWith('</')) expect(match[2]).toMatch(/^ href="[^"<>]*"$/);
  }
  const text = html.replace(/<\/?[a-zA-Z-]+[^>]*>/g, '');
  expect(text).not.toMatch(/[<>]/);
  expect(text).not.toMatch(/&(?!(amp|lt|gt|quot);)/);
}

const words = (id: number, count: number): string =>
  Array.from({ length: count }, (_, i) => `word${id}x${i}`).join(' ');

describe('visibleLength', () => {
  it.each([
    ['<b>a&amp;b</b>', 3],
    ['&lt;&gt;&quot;', 3],
    ['<a href="https://x.example/?a=1&amp;b=2">ab</a>', 2],
    ['😀', 2],
    ['&#65;&#x42;', 2],
  ])('counts %s as %i characters', (html, expected) => {
    expect(visibleLength(html)).toBe(expected);
  });
});

describe('truncateAtWord', () => {
  it.each([
    ['short', 10, 'short'],
    ['alpha beta gamma', 14, 'alpha beta…'],
    ['Talks resume, then stall', 15, 'Talks resume…'],
    ['Waffenstillstandsverhandlungen', 10, 'Waffensti…'],
    ['😀😀😀', 4, '😀…'],
  ])('cuts %j to at most %i characters as %j', (text, max, expected) => {
    expect(truncateAtWord(text, max)).toBe(expected);
  });
});

describe('renderTelegram', () => {
  it('escapes feed text and quotes in links, and writes only allowed tags', () => {
    const hostile = story(1, ['gaza'], ['A&B <News>'], {
      title: '<script>alert(1)</script> Tom & Jerry',
      summary: 'Talks <p>resume</p> & "pause".',
    });
    hostile.items[0] = member(1, 'A&B <News>', { url: 'https://a.example/?q="x"&y=<1>' });
    const [part] = renderTelegram(digestOf([hostile]));
    expect(part).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Tom &amp; Jerry');
    expect(part).toContain(
      'href="https://a.example/?q=&quot;x&quot;&amp;y=&lt;1&gt;">A&amp;B &lt;News&gt;</a>',
    );
    expect(part).not.toContain('<script');
    expectValidTelegramHtml(part ?? '');
  });

  it('does not link sources whose URL is not http(s)', () => {
    const s = story(1, ['gaza'], ['A']);
    s.items[0] = member(1, 'A', { url: 'javascript:alert(1)' });
    expect(renderTelegram(digestOf([s]))[0]).toContain('Source: A');
    expect(renderTelegram(digestOf([s]))[0]).not.toContain('javascript');
  });

  it('says plainly when a period is quiet', () => {
    expect(renderTelegram(digestOf([], ['sudan']))).toEqual([
      '<b>Peace talks digest, 1970-01-01 to 1970-01-01</b>\n\n' +
        '<i>No new peace-talks stories on sudan in this period.</i>',
    ]);
  });

  it.each([
    [
      3,
      'Sources: <a href="https://a.example/a">A</a>, <a href="https://b.example/a">B</a>, <a href="https://c.example/a">C</a>, +2 more',
    ],
    [1, 'Sources: <a href="https://a.example/a">A</a>, +4 more'],
  ])('shows %i outlets and counts the rest', (sourcesShown, line) => {
    const digest = digestOf([story(1, ['gaza'], ['A', 'B', 'C', 'D', 'E'])]);
    expect(renderTelegram(digest, { sourcesShown })[0]).toContain(line);
  });

  it('splits 60 stories into parts within 4096 visible characters, between stories, in order', () => {
    const stories = Array.from({ length: 60 }, (_, i) =>
      story(i + 1, [i % 3 === 0 ? 'gaza' : 'ukraine'], ['A', 'B'], { summary: words(i + 1, 40) }),
    );
    const digest = digestOf(stories);
    const parts = renderTelegram(digest);
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) {
      expect(visibleLength(part)).toBeLessThanOrEqual(4096);
      expectValidTelegramHtml(part);
    }
    const expected = digest.sections.flatMap((s) => s.stories.map((x) => x.id));
    const seen = parts.flatMap((part) => [...part.matchAll(/<b>Story (\d+)<\/b>/g)].map((m) => Number(m[1])));
    expect(seen).toEqual(expected);
    for (const id of expected) {
      const holder = parts.filter((part) => part.includes(`<b>Story ${id}</b>`));
      expect(holder).toHaveLength(1);
      expect(holder[0]).toContain(words(id, 40));
    }
    expect(parts.slice(1).every((p) => /^<b><u>.+<\/u><\/b>/.test(p))).toBe(true);
    expect(parts.some((p) => p.includes('(continued)'))).toBe(true);
    expect(parts.filter((p) => p.includes('Peace talks digest'))).toHaveLength(1);
  });

  it('cuts a 10,000-character summary at a word boundary to fit one message', () => {
    const long = words(1, 1200);
    const [part, ...rest] = renderTelegram(digestOf([story(1, ['gaza'], ['A'], { summary: long })]));
    expect(rest).toEqual([]);
    expect(visibleLength(part ?? '')).toBeLessThanOrEqual(4000);
    const summary = part?.split('\n').find((line) => line.startsWith('word1x0')) ?? '';
    expect(summary.endsWith('…')).toBe(true);
    expect(long.startsWith(summary.slice(0, -1))).toBe(true);
    expect(long[summary.length - 1]).toBe(' ');
    expect(part).toContain('Source: <a href="https://a.example/a">A</a>');
  });
});

describe('renderTelegram in each language', () => {
  it.each(digestLanguages)('writes a %s digest in its own words', (language) => {
    const words = wordsFor(language);
    const stories = [1, 2, 3].map((id) =>
      story(id, ['ukraine'], ['A', 'B', 'C', 'D', 'E'].slice(0, 6 - id), { summary: cyrillicWords(id, 40) }),
    );
    const digest = buildDigest(stories, { since: 0, until: 10_000, labels, topics: [], perTopic: 2 });
    const parts = renderTelegram(digest, { words, maxVisible: 700 });
    expect(parts).toHaveLength(2);
    const html = parts.join('\n');
    expect(parts[0]).toMatch(new RegExp(`^<b>${words.title(words.between('1970-01-01', '1970-01-01'))}</b>`));
    expect(parts[1]).toMatch(new RegExp(`^<b><u>Russia–Ukraine war</u></b> <i>\\(${words.continued}\\)</i>`));
    expect(html).toContain(`${words.sources}: <a href="https://a.example/a">A</a>`);
    expect(html).toContain(`<a href="https://c.example/a">C</a>, ${words.moreSources(2)}\n`);
    expect(html).toContain(`<i>${words.more(1, false, 'Russia–Ukraine war')}</i>`);
    if (language !== 'en') expect(html).not.toMatch(englishWords);
  });

  it.each([
    [
      'ru',
      '<b>Дайджест мирных переговоров, 1970-01-01 — 1970-01-01</b>\n\n' +
        '<i>За этот период новых сюжетов о мирных переговорах по теме «sudan» нет.</i>',
    ],
    [
      'uk',
      '<b>Дайджест мирних переговорів, 1970-01-01 — 1970-01-01</b>\n\n' +
        '<i>За цей період нових сюжетів про мирні переговори на тему «sudan» немає.</i>',
    ],
  ] as const)('says in %s when a period is quiet', (language, expected) => {
    expect(renderTelegram(digestOf([], ['sudan']), { words: wordsFor(language) })).toEqual([expected]);
  });

  it.each([4000, 4096])(
    'splits a Russian digest of 60 stories into parts within %i visible characters',
    (max) => {
      const digest = longCyrillicDigest();
      const parts = renderTelegram(digest, { words: wordsFor('ru'), maxVisible: max });
      expect(parts.length).toBeGreaterThan(3);
      for (const part of parts) {
        expect(visibleLength(part)).toBeLessThanOrEqual(max);
        expectValidTelegramHtml(part);
      }
      const html = parts.join('\n');
      expect(html).toContain(
        '<i>…и как минимум ещё 15 сюжетов по теме «Russia–Ukraine war» за этот период.</i>',
      );
      expect(parts.some((p) => p.includes('<i>(продолжение)</i>'))).toBe(true);
      expect(parts.filter((p) => p.includes('Дайджест мирных переговоров'))).toHaveLength(1);
      expect(html).not.toMatch(englishWords);
    },
  );

  it('leaves room for what a section left out, so a long story keeps the title in its message', () => {
    const stories = [
      story(1, ['gaza'], ['A', 'B'], { summary: cyrillicWords(1, 1200) }),
      story(2, ['gaza'], ['A'], { summary: cyrillicWords(2, 1200) }),
    ];
    const digest = buildDigest(stories, { since: 0, until: 10_000, labels, topics: [], perTopic: 1 });
    const [part, ...rest] = renderTelegram(digest, { words: wordsFor('uk'), maxVisible: 4096 });
    expect(rest).toEqual([]);
    expect(visibleLength(part ?? '')).toBeLessThanOrEqual(4096);
    expect(part).toMatch(/^<b>Дайджест мирних переговорів/);
    expect(part).toMatch(/<i>…і ще 1 сюжет на тему «Israel–Hamas, Gaza» за цей період\.<\/i>$/);
  });
});
