import { describe, expect, it } from 'vitest';
import { CONTENT_MAX_CHARS } from '../../../src/domain/item.js';
import type { ParsedItem } from '../../../src/ingest/feed-parser.js';
import {
  normaliseItem,
  normaliseItems,
  truncateAtParagraph,
  truncateAtWord,
} from '../../../src/ingest/normalise.js';

const now = Date.UTC(2026, 0, 15, 12, 0, 0);
const context = { baseUrl: 'https://site.example/feed.xml', feedLanguage: 'en', now };

function parsed(overrides: Partial<ParsedItem> = {}): ParsedItem {
  return {
    guid: null,
    link: null,
    title: 'Envoys meet in Doha',
    summaryHtml: '<p>Delegations met.</p>',
    contentHtml: null,
    published: null,
    author: null,
    ...overrides,
  };
}

describe('normaliseItem: dates', () => {
  it.each([
    ['missing', null, now, false],
    ['unparseable', 'yesterday-ish', now, false],
    ['the 1970 placeholder', 'Thu, 01 Jan 1970 00:00:00 +0000', now, false],
    ['before 1995', '1994-12-31T23:59:59Z', now, false],
    ['far in the future', '2099-01-01T00:00:00Z', now, false],
    ['RFC 822', 'Wed, 14 Jan 2026 09:30:00 GMT', Date.UTC(2026, 0, 14, 9, 30), true],
    ['RFC 822 with an offset', 'Wed, 14 Jan 2026 12:30:00 +0300', Date.UTC(2026, 0, 14, 9, 30), true],
    ['RFC 822 with MSK', 'Wed, 14 Jan 2026 12:30:00 MSK', Date.UTC(2026, 0, 14, 9, 30), true],
    ['ISO 8601', '2026-01-14T09:30:00Z', Date.UTC(2026, 0, 14, 9, 30), true],
    ['ISO 8601 with an offset', '2026-01-14T11:30:00+02:00', Date.UTC(2026, 0, 14, 9, 30), true],
    ['a few hours ahead (clock skew)', '2026-01-15T20:00:00Z', Date.UTC(2026, 0, 15, 20), true],
  ])('treats a %s date as %d (from feed: %s)', (_label, published, expectedAt, fromFeed) => {
    const item = normaliseItem(parsed({ published }), context);
    expect(item.publishedAt).toBe(expectedAt);
    expect(item.publishedAtFromFeed).toBe(fromFeed);
  });
});

describe('normaliseItem: identity', () => {
  it.each([
    ['the guid first', { guid: ' g-1 ', link: 'https://a.example/x' }, 'guid:g-1'],
    [
      'the canonical URL without a guid',
      { link: '/news/1?utm_source=rss#top' },
      'url:https://site.example/news/1',
    ],
    [
      'the folded title without guid or link',
      { title: '  Envoys  MEET in Doha ' },
      'title:envoys meet in doha',
    ],
    [
      'the summary-derived title when there is no title',
      { title: '', summaryHtml: 'Only a summary' },
      'title:only a summary',
    ],
  ])('keys on %s', (_label, overrides, expected) => {
    expect(normaliseItem(parsed(overrides), context).dedupeKey).toBe(expected);
  });

  it('resolves relative links against the feed URL and drops non-http links', () => {
    expect(normaliseItem(parsed({ link: 'story.html' }), context).url).toBe(
      'https://site.example/story.html',
    );
    expect(normaliseItem(parsed({ link: 'mailto:desk@site.example' }), context).url).toBeNull();
  });
});

describe('normaliseItem: text', () => {
  it('decodes and strips the title and falls back to the start of the summary', () => {
    expect(normaliseItem(parsed({ title: 'Fish &amp; <b>chips</b>\n  today' }), context).title).toBe(
      'Fish & chips today',
    );
    const long = 'word '.repeat(40);
    const item = normaliseItem(parsed({ title: '', summaryHtml: `<p>${long}</p>` }), context);
    expect(item.title.length).toBeLessThanOrEqual(81);
    expect(item.title.endsWith('word…')).toBe(true);
  });

  it('keeps the content only when it says more than the summary', () => {
    const same = normaliseItem(parsed({ summaryHtml: '<p>Same</p>', contentHtml: '<p>Same</p>' }), context);
    expect(same).toMatchObject({ summary: 'Same', content: null });
    const longer = normaliseItem(
      parsed({ summaryHtml: 'Short.', contentHtml: '<p>Short.</p><p>And much more.</p>' }),
      context,
    );
    expect(longer).toMatchObject({ summary: 'Short.', content: 'Short.\nAnd much more.' });
  });

  it('takes the link text a feed glues to its description off the summary', () => {
    const item = normaliseItem(
      parsed({
        summaryHtml:
          '<p>Kiev has rejected a humanitarian pause, the ministry said <a href="https://rt.com/x">Read Full Article at RT.com</a></p>',
      }),
      context,
    );
    expect(item.summary).toBe('Kiev has rejected a humanitarian pause, the ministry said');
  });

  it('builds the summary from the content when there is no description, capped at a word boundary', () => {
    const body = `<p>${'peace talks '.repeat(150)}</p>`;
    const item = normaliseItem(parsed({ summaryHtml: '', contentHtml: body }), context);
    expect(item.summary.length).toBeLessThanOrEqual(1001);
    expect(item.summary.endsWith('talks…')).toBe(true);
    expect(item.content?.length).toBeGreaterThan(1500);
  });

  it('prefers the parser snippet but drops scripts when the HTML has them', () => {
    const snippet = normaliseItem(
      parsed({ summaryHtml: '<p>A</p><p>B</p>', summaryText: 'A\n  B' }),
      context,
    );
    expect(snippet.summary).toBe('A B');
    const scripted = parsed({ summaryHtml: '<p>A</p><script>x()</script>', summaryText: 'A\nx()' });
    expect(normaliseItem(scripted, context).summary).toBe('A');
  });
});

describe('normaliseItem: language', () => {
  const russian = 'Переговоры о мире между делегациями возобновятся в Стамбуле на следующей неделе.';
  it.each([
    ['the item language first', { language: 'uk-UA' }, 'en', 'uk'],
    ['the feed language next', {}, 'ru_RU', 'ru'],
    ['detection from title and summary last', { title: russian, summaryHtml: russian }, null, 'ru'],
    ['null when nothing can tell', { title: 'Hi', summaryHtml: '' }, null, null],
  ])('uses %s', (_label, overrides, feedLanguage, expected) => {
    expect(normaliseItem(parsed(overrides), { ...context, feedLanguage }).language).toBe(expected);
  });
});

describe('normaliseItems', () => {
  it('drops empty items and keeps the first of each dedupeKey', () => {
    const items = normaliseItems(
      [
        parsed({ guid: 'a', title: 'First' }),
        parsed({ title: '', summaryHtml: '<p> </p>', link: null }),
        parsed({ guid: 'a', title: 'Second copy' }),
        parsed({ link: 'https://site.example/x?utm_source=a', title: 'Linked' }),
        parsed({ link: 'https://site.example/x#again', title: 'Linked again' }),
      ],
      context,
    );
    expect(items.map((item) => item.title)).toEqual(['First', 'Linked']);
  });

  it('keeps the different articles a CMS gave one guid, apart by their pages, and drops only true repeats (found by review)', () => {
    const items = normaliseItems(
      [
        parsed({ guid: 'news-item', link: 'https://news.example/doha', title: 'Envoys meet in Doha' }),
        parsed({ guid: 'news-item', link: 'https://news.example/truce', title: 'Truce extended by a week' }),
        parsed({ guid: 'news-item', link: 'https://news.example/doha?utm_source=rss', title: 'Envoys meet' }),
        parsed({ guid: 'own', link: 'https://news.example/own', title: 'One of its own' }),
      ],
      context,
    );
    expect(items.map((item) => [item.title, item.dedupeKey])).toEqual([
      ['Envoys meet in Doha', 'guid:news-item|url:https://news.example/doha'],
      ['Truce extended by a week', 'guid:news-item|url:https://news.example/truce'],
      ['One of its own', 'guid:own'],
    ]);
  });

  it("keys items by title when their guid is the site's front page, with or without such a link (found by review)", () => {
    const items = normaliseItems(
      [
        parsed({ guid: 'https://scraped.example/', link: 'https://scraped.example/', title: 'Summit ends' }),
        parsed({ guid: 'https://scraped.example', link: 'https://scraped.example/', title: 'Truce holds' }),
        parsed({ guid: 'HTTPS://Scraped.Example/', title: 'Envoys meet' }),
        parsed({ guid: 'https://scraped.example/', link: 'https://scraped.example/a/1', title: 'Own page' }),
        parsed({ guid: 'https://scraped.example/', link: 'https://scraped.example/', title: 'Summit ends' }),
      ],
      context,
    );
    expect(items.map((item) => item.dedupeKey)).toEqual([
      'title:summit ends',
      'title:truce holds',
      'title:envoys meet',
      'url:https://scraped.example/a/1',
    ]);
  });

  // Review: a one-page site's guids (`/#update-2`) differ item by item; canonical, they were all its front
  // page, and two updates of one title were one item.
  it('keeps a guid that names a place on the front page as the identity it is', () => {
    const items = normaliseItems(
      [
        parsed({
          guid: 'https://status.example/#update-2',
          link: 'https://status.example/#update-2',
          title: 'Update',
        }),
        parsed({
          guid: 'https://status.example/#update-1',
          link: 'https://status.example/#update-1',
          title: 'Update',
        }),
      ],
      context,
    );
    expect(items.map((item) => item.dedupeKey)).toEqual([
      'guid:https://status.example/#update-2',
      'guid:https://status.example/#update-1',
    ]);
  });

  it("keys items by title when their link is the site's front page (a scraper's feed)", () => {
    const items = normaliseItems(
      [
        parsed({ link: 'https://meduza.io/', title: 'Summit ends without a deal' }),
        parsed({ link: 'https://meduza.io', title: 'Canada leads in assisted deaths' }),
        parsed({ link: 'https://meduza.io/', title: 'Summit ends without a deal' }),
      ],
      context,
    );
    expect(items.map((item) => item.dedupeKey)).toEqual([
      'title:summit ends without a deal',
      'title:canada leads in assisted deaths',
    ]);
  });

  it('keeps one item per link whatever the titles under it (a re-titled item is the same item)', () => {
    const items = normaliseItems(
      [
        parsed({ link: 'https://site.example/live/talks#update-1', title: 'Delegations arrive' }),
        parsed({ link: 'https://site.example/live/talks#update-2', title: 'Talks begin' }),
        parsed({ link: 'https://site.example/live/talks#update-3', title: 'Talks adjourn' }),
      ],
      context,
    );
    expect(items.map((item) => item.dedupeKey)).toEqual(['url:https://site.example/live/talks']);
  });
});

describe('truncateAtWord', () => {
  it.each([
    ['short', 10, 'short'],
    ['one two three four', 10, 'one two…'],
    ['abcdefghijklmnop', 10, 'abcdefghij…'],
    ['one two, three', 9, 'one two…'],
  ])('cuts %j at %d as %j', (text, max, expected) => {
    expect(truncateAtWord(text, max)).toBe(expected);
  });
});

describe('normaliseItem: the length of the full text', () => {
  const para = (n: number) =>
    `<p>Update ${n}: negotiators from both delegations met again in Doha and talked about the ceasefire.</p>`;

  it('keeps at most CONTENT_MAX_CHARS of a huge content, in whole paragraphs, marked as cut', () => {
    const html = Array.from({ length: 4000 }, (_, n) => para(n)).join('');
    const item = normaliseItem(parsed({ contentHtml: html, summaryHtml: '' }), context);
    const content = item.content ?? '';
    expect(content.length).toBeLessThanOrEqual(CONTENT_MAX_CHARS);
    expect(content.length).toBeGreaterThan(CONTENT_MAX_CHARS / 2);
    expect(content.startsWith('Update 0: negotiators')).toBe(true);
    expect(content.endsWith('about the ceasefire.\n…')).toBe(true);
  });

  it('keeps the cut mark within the limit when a paragraph ends at the limit itself', () => {
    for (const end of [998, 999, 1000]) {
      const text = `${'a'.repeat(600)}\n${'a'.repeat(end - 601)}\n${'b'.repeat(2000)}`;
      const cut = truncateAtParagraph(text, 1000);
      expect(cut.length).toBeLessThanOrEqual(1000);
      expect(cut.endsWith('a\n…')).toBe(true);
    }
  });

  it('cuts a giant paragraph after a short first one at a word, not after the first paragraph', () => {
    // The only paragraph break is in the first half of the room: cutting there would keep a few words.
    const text = truncateAtParagraph(`Talks resume.\n${'talks '.repeat(40_000)}`, 1000);
    expect(text.length).toBeGreaterThan(500);
    expect(text.length).toBeLessThanOrEqual(1001);
    expect(text.endsWith('talks…')).toBe(true);
  });

  it('cuts one giant paragraph at a word', () => {
    const text = truncateAtParagraph('talks '.repeat(40_000), 1000);
    expect(text.length).toBeLessThanOrEqual(1001);
    expect(text.endsWith('talks…')).toBe(true);
  });

  it('leaves a text within the limit as it is', () => {
    const html = Array.from({ length: 20 }, (_, n) => para(n)).join('');
    const item = normaliseItem(parsed({ contentHtml: html, summaryHtml: '' }), context);
    expect(item.content?.endsWith('…')).toBe(false);
    expect(item.content?.split('\n')).toHaveLength(20);
  });
});
