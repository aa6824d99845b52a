import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../../src/digest/build-digest.js';
import { wordsFor } from '../../../src/digest/digest-words.js';
import {
  escapeMrkdwn,
  renderSlack,
  type SlackBlock,
  type SlackMessage,
} from '../../../src/digest/render-slack.js';
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

const textOf = (block: SlackBlock): string => ('text' in block ? block.text.text : '');
const allText = (messages: SlackMessage[]): string =>
  messages.flatMap((m) => m.blocks.map(textOf)).join('\n');
const words = (id: number, count: number): string =>
  Array.from({ length: count }, (_, i) => `word${id}x${i}`).join(' ');

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel> please', '&lt;!channel&gt; please'],
    ['Tom & Jerry', 'Tom &amp; Jerry'],
    ['already &amp; escaped', 'already &amp;amp; escaped'],
    // feed text's formatting marks are text: their look-alikes
    ['*bold* and _it_ ~x~ `y`', '\u2217bold\u2217 and \u02CDit\u02CD \u223Cx\u223C \u02CBy\u02CB'],
    // but a web address keeps them, so that Slack still links the right page
    [
      'see https://x.example/a_b*c and www.y.example/p_q, _then_',
      'see https://x.example/a_b*c and www.y.example/p_q, \u02CDthen\u02CD',
    ],
  ])('escapes %s', (raw, escaped) => {
    expect(escapeMrkdwn(raw)).toBe(escaped);
  });
});

describe('renderSlack', () => {
  it("asks Slack not to parse the feeds' words itself: a bare @channel in a headline is no mention", () => {
    const loud = story(1, ['gaza'], ['Wire'], {
      title: '@channel @here ceasefire in #general',
      summary: '@everyone',
    });
    const blocks = renderSlack(digestOf([loud])).flatMap((message) => message.blocks);
    const sections = blocks.filter((block) => block.type === 'section');
    expect(sections.length).toBeGreaterThan(1);
    for (const block of sections)
      expect('text' in block && block.text).toMatchObject({ type: 'mrkdwn', verbatim: true });
  });

  it('escapes feed text and keeps link labels from breaking out of the link', () => {
    const hostile = story(1, ['gaza'], ['A|B>C'], {
      title: '<!channel> Tom & Jerry',
      summary: 'a <@U123> b',
    });
    hostile.items[0] = member(1, 'A|B>C & co', { url: 'https://a.example/?x=1&y=|' });
    const messages = renderSlack(digestOf([hostile]));
    const text = allText(messages);
    expect(text).toContain('*&lt;!channel&gt; Tom &amp; Jerry*');
    expect(text).toContain('a &lt;@U123&gt; b');
    expect(text).toContain(`Source: <https://a.example/?x=1&y=%7C|${isolated('A\u00A6B&gt;C &amp; co')}>`);
    expect(JSON.stringify(messages)).not.toContain('<!channel>');
    expect(messages[0]?.text).not.toContain('<');
  });

  it("turns feed text's formatting marks into look-alikes, so a title's own * cannot end its bold", () => {
    const marked = story(1, ['ukraine'], ['Side<by>Side & Co'], {
      title: 'Ukraine and Russia agree *prisoner* _exchange_ of 1*2*3 ~strike~ `code`',
      summary: 'Both _sides_ said *so*.',
    });
    const text = allText(renderSlack(digestOf([marked])));
    expect(text).toContain(
      '*Ukraine and Russia agree \u2217prisoner\u2217 \u02CDexchange\u02CD of 1\u22172\u22173 \u223Cstrike\u223C \u02CBcode\u02CB*',
    );
    expect(text).toContain('Both \u02CDsides\u02CD said \u2217so\u2217.');
    expect(text).toContain(`|${isolated('Side&lt;by&gt;Side &amp; Co')}>`);
  });

  it('says plainly when a period is quiet', () => {
    const [message, ...rest] = renderSlack(digestOf([], ['sudan']));
    expect(rest).toEqual([]);
    expect(message?.blocks.map((b) => b.type)).toEqual(['header', 'section']);
    expect(textOf(message?.blocks[1] ?? { type: 'divider' })).toBe(
      'No new peace-talks stories on sudan in this period.',
    );
  });

  it('shows three outlets and counts the rest', () => {
    const text = allText(renderSlack(digestOf([story(1, ['gaza'], ['A', 'B', 'C', 'D', 'E'])])));
    expect(text).toContain(
      `Sources: <https://a.example/a|${isolated('A')}>, <https://b.example/a|${isolated('B')}>, <https://c.example/a|${isolated('C')}>, +2 more`,
    );
  });

  it.each([
    ['long summaries (character limit)', 60],
    ['short summaries (block limit)', 1],
  ])('splits 60 stories with %s into messages within Slack limits, in order', (_, summaryWords) => {
    const stories = Array.from({ length: 60 }, (_, i) =>
      story(i + 1, [i % 3 === 0 ? 'gaza' : 'ukraine'], ['A', 'B'], { summary: words(i + 1, summaryWords) }),
    );
    const digest = digestOf(stories);
    const messages = renderSlack(digest);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      expect(message.blocks.map(textOf).join('').length).toBeLessThanOrEqual(11_000);
      for (const block of message.blocks) expect(textOf(block).length).toBeLessThanOrEqual(3000);
      expect(message.text.length).toBeGreaterThan(0);
      expect(message.text.length).toBeLessThanOrEqual(3000);
      expect(message.blocks.at(-1)?.type).not.toBe('divider');
    }
    expect(messages.map((m) => m.blocks.filter((b) => b.type === 'header').length)).toEqual([
      1,
      ...messages.slice(1).map(() => 0),
    ]);
    const seen = messages.flatMap((m) =>
      m.blocks.map(textOf).flatMap((t) => [...t.matchAll(/^\*Story (\d+)\*\n/g)].map((x) => Number(x[1]))),
    );
    expect(seen).toEqual(digest.sections.flatMap((s) => s.stories.map((x) => x.id)));
    expect(allText(messages)).toContain(words(60, summaryWords));
  });

  it('names sources with 2000-character addresses without linking them, so the section stays within 3000', () => {
    const long = (feed: string) => `https://${feed}.example/a?track=${'x'.repeat(2000)}`;
    const items = ['A', 'B', 'C'].map((feed, i) => member(i + 1, feed, { url: long(feed.toLowerCase()) }));
    const summary = words(1, 40);
    const shown = renderSlack(digestOf([story(1, ['gaza'], [], { items, sourceCount: 3, summary })]));
    const section = shown[0]?.blocks.map(textOf).find((t) => t.startsWith('*Story 1*')) ?? '';
    expect(section.length).toBeLessThanOrEqual(3000);
    expect(section).toContain(summary);
    expect(section).toContain(`Sources: ${['A', 'B', 'C'].map(isolated).join(', ')}`);
    const short = allText(renderSlack(digestOf([story(2, ['gaza'], ['A'])])));
    expect(short).toContain(`<https://a.example/a|${isolated('A')}>`);
  });

  it.each([
    [3, 4],
    [6, 7],
  ])(
    'keeps a section within 3000 when %i shown outlets list all %i, linked at addresses under 700 characters',
    (sourcesShown, outlets) => {
      // One more outlet than shown is listed rather than counted: four 690-character links and their
      // names alone are past 3000. The longest addresses lose their links first.
      const name = (i: number) => `Outlet ${i} International News Service, World and Middle East`;
      const url = (i: number) => `https://o${i}.example/world/article?ref=`.padEnd(690 - i, 'x');
      const items = Array.from({ length: outlets }, (_, i) => member(i + 1, name(i), { url: url(i) }));
      const summary = words(1, 20);
      const digest = digestOf([story(1, ['gaza'], [], { items, sourceCount: outlets, summary })]);
      const [message] = renderSlack(digest, { sourcesShown });
      const section = message?.blocks.map(textOf).find((t) => t.startsWith('*Story 1*\n')) ?? '';
      expect(section.length).toBeLessThanOrEqual(3000);
      expect(section).toContain(summary);
      expect(section).toContain(`Sources: ${isolated(name(0))}, `);
      expect(section).toContain(`<${url(outlets - 1)}|${isolated(name(outlets - 1))}>`);
    },
  );

  it('cuts a 10,000-character summary so its section stays within 3000 characters', () => {
    const long = words(1, 1200);
    const [message, ...rest] = renderSlack(digestOf([story(1, ['gaza'], ['A'], { summary: long })]));
    expect(rest).toEqual([]);
    const section = message?.blocks.map(textOf).find((t) => t.startsWith('*Story 1*')) ?? '';
    expect(section.length).toBeLessThanOrEqual(3000);
    const summary = section.split('\n')[1] ?? '';
    expect(summary.endsWith('…')).toBe(true);
    expect(long.startsWith(summary.slice(0, -1))).toBe(true);
    expect(section).toContain(`Source: <https://a.example/a|${isolated('A')}>`);
  });
});

describe('renderSlack with right-to-left outlet names', () => {
  it('isolates each outlet name, so an Arabic name keeps the list and ", +2 more" in order', () => {
    expect(allText(renderSlack(digestOf([rtlStory()])))).toContain(
      `Sources: <https://o0.example/a|${isolated('الجزيرة')}>, <https://o1.example/a|${isolated('العربية')}>, ` +
        `<https://o2.example/a|${isolated('الشرق')}>, +2 more`,
    );
  });
});

describe('renderSlack in each language', () => {
  it.each(digestLanguages)('writes a %s digest and its notification text in its own words', (language) => {
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
    const messages = renderSlack(digest, { words, maxChars: 900 });
    const title = words.title(words.between('1970-01-01', '1970-01-01'));
    expect(messages.map((m) => m.text)).toEqual([
      `${title}: ${words.storyCount(2)}`,
      `${title} (${words.part(2, 2)})`,
    ]);
    expect(textOf(messages[1]?.blocks[0] ?? { type: 'divider' })).toBe(
      `*Russia–Ukraine war* _(${words.continued})_`,
    );
    const text = allText(messages);
    expect(text).toContain(`${words.sources}: <https://a.example/a|${isolated('A')}>`);
    expect(text).toContain(`<https://c.example/a|${isolated('C')}>, ${words.moreSources(2)}`);
    expect(text).toContain(`_${words.more(1, false, 'Russia–Ukraine war')}_`);
    if (language !== 'en') expect(JSON.stringify(messages)).not.toMatch(englishWords);
  });

  it.each([
    ['ru', 'За этот период новых сюжетов о мирных переговорах по теме «sudan» нет.'],
    ['uk', 'За цей період нових сюжетів про мирні переговори на тему «sudan» немає.'],
  ] as const)('says in %s when a period is quiet', (language, quiet) => {
    const [message, ...rest] = renderSlack(digestOf([], ['sudan']), { words: wordsFor(language) });
    expect(rest).toEqual([]);
    expect(message?.text).toBe(
      `${wordsFor(language).title(wordsFor(language).between('1970-01-01', '1970-01-01'))}: ${quiet}`,
    );
    expect(textOf(message?.blocks[1] ?? { type: 'divider' })).toBe(quiet);
  });

  it.each([false, true])(
    'splits a Russian digest of 60 stories into messages within Slack limits (every story an update: %s)',
    (updates) => {
      const digest = longCyrillicDigest(updates);
      const messages = renderSlack(digest, { words: wordsFor('ru') });
      expect(messages.length).toBeGreaterThan(1);
      for (const message of messages) {
        expect(message.blocks.length).toBeLessThanOrEqual(50);
        expect(message.blocks.map(textOf).join('').length).toBeLessThanOrEqual(11_000);
        for (const block of message.blocks) expect(textOf(block).length).toBeLessThanOrEqual(3000);
      }
      expect(messages[0]?.text).toBe('Дайджест мирных переговоров, 1970-01-01 — 1970-01-01: 45 сюжетов');
      expect(messages[1]?.text).toBe(
        `Дайджест мирных переговоров, 1970-01-01 — 1970-01-01 (часть 2 из ${messages.length})`,
      );
      expect(allText(messages)).toContain(
        '_…и как минимум ещё 15 сюжетов по теме «Russia–Ukraine war» за этот период._',
      );
      expect(JSON.stringify(messages)).not.toMatch(englishWords);
      expect(allText(messages).includes('_(обновление)_')).toBe(updates);
    },
  );

  it('leaves room for what a section left out, so a long story keeps the header in its message', () => {
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
    const [message, ...rest] = renderSlack(digest, { words: wordsFor('uk'), maxChars: 2000 });
    expect(rest).toEqual([]);
    expect(message?.blocks.map(textOf).join('').length).toBeLessThanOrEqual(2000);
    expect(message?.blocks[0]?.type).toBe('header');
    expect(textOf(message?.blocks.at(-1) ?? { type: 'divider' })).toBe(
      '_…і ще 1 сюжет на тему «Israel–Hamas, Gaza» за цей період._',
    );
  });
});
