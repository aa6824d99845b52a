import { describe, expect, it } from 'vitest';
import { buildDigest, type Digest } from '../../../src/digest/build-digest.js';
import { wordsFor } from '../../../src/digest/digest-words.js';
import { renderTelegram, visibleLength } from '../../../src/digest/render-telegram.js';
import { truncateAtWord } from '../../../src/digest/split-parts.js';
import { digestLanguages } from '../../../src/domain/chat.js';
import {
  cyrillicWords,
  digestOf,
  englishWords,
  isolated,
  labels,
  longCyrillicDigest,
  member,
  rtlStory,
  story,
} from './fixtures.js';

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

/** Formatting entities in a part: one per opening tag, whichever tag it is. */
const entitiesIn = (html: string): number => [...html.matchAll(/<[a-z-]+[\s>]/g)].length;
/** What Telegram's entity-size limit counts, about: link addresses plus visible text. */
const linkData = (html: string): number =>
  [...html.matchAll(/href="([^"]*)"/g)].reduce((sum, m) => sum + (m[1]?.length ?? 0), visibleLength(html));

/** Every story of the digest in exactly one part, in order, and no part without a story. */
function expectEachStoryOnce(parts: string[], digest: Digest): void {
  const perPart = parts.map((part) => [...part.matchAll(/<b>Story (\d+)<\/b>/g)].map((m) => Number(m[1])));
  expect(perPart.every((ids) => ids.length > 0)).toBe(true);
  expect(perPart.flat()).toEqual(digest.sections.flatMap((s) => s.stories.map((x) => x.id)));
}

/** `count` title-only stories over two topics, their three outlets linked at addresses of `urlLength`. */
function linkedStories(count: number, urlLength: number): Digest {
  const url = (feed: string, id: number) => {
    const base = `https://${feed}.example/world/${id}/talks?ref=`;
    return base + 'x'.repeat(urlLength - base.length);
  };
  const stories = Array.from({ length: count }, (_, i) => {
    const items = ['a', 'b', 'c'].map((feed, j) =>
      member(j + 1, feed.toUpperCase(), { url: url(feed, i + 1) }),
    );
    return story(i + 1, [i % 2 === 0 ? 'gaza' : 'ukraine'], [], { items, sourceCount: 3, summary: '' });
  });
  return digestOf(stories);
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
      `href="https://a.example/?q=&quot;x&quot;&amp;y=&lt;1&gt;">${isolated('A&amp;B &lt;News&gt;')}</a>`,
    );
    expect(part).not.toContain('<script');
    expectValidTelegramHtml(part ?? '');
  });

  it('does not link sources whose URL is not http(s)', () => {
    const s = story(1, ['gaza'], ['A']);
    s.items[0] = member(1, 'A', { url: 'javascript:alert(1)' });
    expect(renderTelegram(digestOf([s]))[0]).toContain(`Source: ${isolated('A')}`);
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
      `Sources: <a href="https://a.example/a">${isolated('A')}</a>, <a href="https://b.example/a">${isolated('B')}</a>, <a href="https://c.example/a">${isolated('C')}</a>, +2 more`,
    ],
    [1, `Sources: <a href="https://a.example/a">${isolated('A')}</a>, +4 more`],
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
    expect(part).toContain(`Source: <a href="https://a.example/a">${isolated('A')}</a>`);
  });
});

describe('renderTelegram within the limits on entities', () => {
  it('splits 40 stories with three linked outlets so that no part has over 100 formatting entities', () => {
    // Four entities a story and short ones: 40 would fit one part's 4000 visible characters.
    const digest = linkedStories(40, 60);
    const parts = renderTelegram(digest);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(entitiesIn(part)).toBeLessThanOrEqual(100);
      expect(visibleLength(part)).toBeLessThanOrEqual(4096);
      expectValidTelegramHtml(part);
    }
    expectEachStoryOnce(parts, digest);
  });

  it('splits stories linked at 900-character addresses so that no part carries over 8000 of link data', () => {
    // Telegram refuses a message whose entities are too long (ENTITIES_TOO_LONG, about 9500 characters:
    // tdlib/telegram-bot-api#165); 30 such stories take 30 × 2700 characters of addresses.
    const digest = linkedStories(30, 900);
    const parts = renderTelegram(digest);
    for (const part of parts) {
      expect(linkData(part)).toBeLessThanOrEqual(8000);
      expect(visibleLength(part)).toBeLessThanOrEqual(4096);
    }
    expectEachStoryOnce(parts, digest);
    expect(parts.join('').match(/href=/g)).toHaveLength(90);
  });

  it('names a source with a 2000-character address without linking it, and still links a 1000-character one', () => {
    const long = (feed: string, length: number) => `https://${feed}.example/a?track=`.padEnd(length, 'x');
    const items = [member(1, 'A', { url: long('a', 2000) }), member(2, 'B', { url: long('b', 1000) })];
    const [part, ...rest] = renderTelegram(digestOf([story(1, ['gaza'], [], { items, sourceCount: 2 })]));
    expect(rest).toEqual([]);
    expect(part).toContain(`Sources: ${isolated('A')}, <a href="${long('b', 1000)}">${isolated('B')}</a>`);
    expect(part).not.toContain(long('a', 2000));
  });

  it('unlinks the longest addresses first when ten listed links would carry too much for one part', () => {
    // sourcesShown 9 lists all ten outlets; 10 × about 1000 characters is past what a part may carry.
    const items = Array.from({ length: 10 }, (_, i) =>
      member(i + 1, `Outlet ${i}`, { url: `https://o${i}.example/a?ref=`.padEnd(900 + 10 * i, 'x') }),
    );
    const digest = digestOf([story(1, ['gaza'], [], { items, sourceCount: 10, summary: words(1, 600) })]);
    const [part, ...rest] = renderTelegram(digest, { sourcesShown: 9 });
    expect(rest).toEqual([]);
    expect(linkData(part ?? '')).toBeLessThanOrEqual(8000);
    const linked = [...(part ?? '').matchAll(/href="https:\/\/o(\d)\./g)].map((m) => Number(m[1]));
    expect(linked).toEqual([0, 1, 2, 3]);
    expect(part?.endsWith(`${isolated('Outlet 8')}, ${isolated('Outlet 9')}`)).toBe(true);
  });
});

describe('renderTelegram with right-to-left outlet names', () => {
  it('isolates each outlet name, so an Arabic name keeps the list and ", +2 more" in order', () => {
    const [part] = renderTelegram(digestOf([rtlStory()]));
    expect(part).toContain(
      `Sources: <a href="https://o0.example/a">${isolated('الجزيرة')}</a>, ` +
        `<a href="https://o1.example/a">${isolated('العربية')}</a>, ` +
        `<a href="https://o2.example/a">${isolated('الشرق')}</a>, +2 more`,
    );
  });
});

describe('renderTelegram in each language', () => {
  it.each(digestLanguages)('writes a %s digest in its own words', (language) => {
    const words = wordsFor(language);
    const stories = [1, 2, 3].map((id) =>
      story(id, ['ukraine'], ['A', 'B', 'C', 'D', 'E'].slice(0, 6 - id), { summary: cyrillicWords(id, 40) }),
    );
    const digest = buildDigest(stories, {
      since: 0,
      until: 10_000,
      labels,
      lagMs: 3_600_000,
      topics: [],
      perTopic: 2,
    });
    const parts = renderTelegram(digest, { words, maxVisible: 700 });
    expect(parts).toHaveLength(2);
    const html = parts.join('\n');
    expect(parts[0]).toMatch(new RegExp(`^<b>${words.title(words.between('1970-01-01', '1970-01-01'))}</b>`));
    expect(parts[1]).toMatch(new RegExp(`^<b><u>Russia–Ukraine war</u></b> <i>\\(${words.continued}\\)</i>`));
    expect(html).toContain(`${words.sources}: <a href="https://a.example/a">${isolated('A')}</a>`);
    expect(html).toContain(`<a href="https://c.example/a">${isolated('C')}</a>, ${words.moreSources(2)}\n`);
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

  it.each([
    [4000, false],
    [4096, false],
    [4096, true],
  ])(
    'splits a Russian digest of 60 stories into parts within %i visible characters (every story an update: %s)',
    (max, updates) => {
      const digest = longCyrillicDigest(updates);
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
      expect(html.includes('<i>(обновление)</i>')).toBe(updates);
    },
  );

  it('leaves room for what a section left out, so a long story keeps the title in its message', () => {
    const stories = [
      story(1, ['gaza'], ['A', 'B'], { summary: cyrillicWords(1, 1200) }),
      story(2, ['gaza'], ['A'], { summary: cyrillicWords(2, 1200) }),
    ];
    const digest = buildDigest(stories, {
      since: 0,
      until: 10_000,
      labels,
      lagMs: 3_600_000,
      topics: [],
      perTopic: 1,
    });
    const [part, ...rest] = renderTelegram(digest, { words: wordsFor('uk'), maxVisible: 4096 });
    expect(rest).toEqual([]);
    expect(visibleLength(part ?? '')).toBeLessThanOrEqual(4096);
    expect(part).toMatch(/^<b>Дайджест мирних переговорів/);
    expect(part).toMatch(/<i>…і ще 1 сюжет на тему «Israel–Hamas, Gaza» за цей період\.<\/i>$/);
  });
});
