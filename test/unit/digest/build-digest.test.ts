import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../../src/digest/build-digest.js';
import { wordsFor } from '../../../src/digest/digest-words.js';
import { renderSlack } from '../../../src/digest/render-slack.js';
import { renderTelegram } from '../../../src/digest/render-telegram.js';
import { renderMarkdown, renderText } from '../../../src/digest/render-text.js';
import { isolated, labels, member, rtlStory, story } from './fixtures.js';

const period = { since: 0, until: 10_000, labels, lagMs: 3_600_000 };

describe('buildDigest', () => {
  it('ranks by number of outlets, then relevance, then recency', () => {
    const digest = buildDigest(
      [
        story(1, ['ukraine'], ['A']),
        story(2, ['ukraine'], ['A', 'B', 'C']),
        story(3, ['ukraine'], ['A'], { relevance: 9 }),
        story(4, ['ukraine'], ['A'], { updatedAt: 6_000 }),
      ],
      { ...period, topics: [] },
    );
    expect(digest.sections[0]?.stories.map((s) => s.id)).toEqual([2, 3, 4, 1]);
  });

  it('ranks by sites, not language editions: one wire story in four DW editions does not outrank three newsrooms', () => {
    const editions = ['ru', 'uk', 'es', 'fr'];
    const wire = story(1, ['ukraine'], [], {
      items: editions.map((language, i) =>
        member(i + 1, `DW ${language}`, { url: `https://www.dw.com/${language}/talks/a-1`, language }),
      ),
      itemCount: 4,
      sourceCount: 1,
      relevance: 9,
    });
    const digest = buildDigest(
      [wire, story(2, ['ukraine'], ['Reuters', 'AP', 'BBC']), story(3, ['gaza'], ['Reuters', 'AP'])],
      { ...period, topics: [] },
    );
    expect(digest.sections.map((s) => [s.topic, s.stories.map((x) => x.id)])).toEqual([
      ['ukraine', [2, 1]],
      ['gaza', [3]],
    ]);
    // The editions are still listed apart.
    expect(digest.sections[0]?.stories[1]?.sources.map((s) => s.feed)).toEqual(
      editions.map((e) => `DW ${e}`),
    );
  });

  it('keeps only the chat topics and shows a story tagged with two of them once', () => {
    const digest = buildDigest(
      [story(1, ['gaza', 'ukraine'], ['A']), story(2, ['sudan'], ['A']), story(3, ['ukraine'], ['A', 'B'])],
      { ...period, topics: ['ukraine', 'gaza'] },
    );
    expect(digest.sections.map((s) => [s.topic, s.stories.map((x) => x.id)])).toEqual([
      ['ukraine', [3]],
      ['gaza', [1]],
    ]);
    expect(digest.storyCount).toBe(2);
  });

  it('files a story under its strongest topic the taxonomy still has, not one the operator removed', () => {
    const digest = buildDigest([story(1, ['kashmir', 'gaza'], ['A'])], { ...period, topics: [] });
    expect(digest.sections.map((s) => [s.topic, s.label])).toEqual([['gaza', 'Israel–Hamas, Gaza']]);
  });

  it('files a story without a topic under other, for a chat that chose other as for one that chose none', () => {
    const stories = [story(1, [], ['A']), story(2, ['sudan'], ['A']), story(3, ['other'], ['A', 'B'])];
    const chose = (topics: string[]) =>
      buildDigest(stories, { ...period, topics }).sections.map((s) => [s.topic, s.stories.map((x) => x.id)]);
    expect(chose(['other'])).toEqual([['other', [3, 1]]]);
    expect(chose([])).toEqual([
      ['other', [3, 1]],
      ['sudan', [2]],
    ]);
    expect(chose(['sudan'])).toEqual([['sudan', [2]]]);
  });

  it('keeps the best stories of a topic up to its limit and says how many it left out, on every surface', () => {
    const many = Array.from({ length: 13 }, (_, i) =>
      story(i + 1, ['ukraine'], ['A'], { relevance: 20 - i }),
    );
    const digest = buildDigest([...many, story(99, ['gaza'], ['A'])], {
      ...period,
      topics: [],
      perTopic: 10,
    });
    const ukraine = digest.sections.find((s) => s.topic === 'ukraine');
    expect(ukraine?.stories.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(ukraine?.more).toBe(3);
    expect(digest.sections.find((s) => s.topic === 'gaza')?.more).toBe(0);
    const note = `…and 3 more stories on ${labels.get('ukraine')} in this period.`;
    expect(renderText(digest)).toContain(note);
    expect(renderMarkdown(digest)).toContain(`_${note}_`);
    expect(renderTelegram(digest).join('\n')).toContain(`<i>${note}</i>`);
    expect(JSON.stringify(renderSlack(digest))).toContain(`_${note}_`);
    // said once, after the section's last story
    expect(renderText(digest).split(note)).toHaveLength(2);
    expect(renderText(digest).indexOf(note)).toBeGreaterThan(renderText(digest).indexOf('Story 10'));
  });

  it("tells a story by its reports in the chat's language when it has them, else by its own title and summary", () => {
    const told = story(1, ['ukraine'], ['A', 'B', 'C'], {
      items: [
        member(1, 'A', { language: 'ru' }),
        member(2, 'B', { language: 'en' }),
        member(3, 'C', { language: 'ua' }),
      ],
      title: 'Путин и Трамп поговорили по телефону',
      summary: 'Разговор длился два часа.',
      versions: [
        { language: 'en', title: 'Putin and Trump speak by phone', summary: 'The call lasted two hours.' },
        { language: 'uk', title: 'Путін і Трамп поговорили', summary: 'Путін і Трамп поговорили.' },
      ],
    });
    const shown = (language?: string) =>
      buildDigest([told], { ...period, topics: [], ...(language === undefined ? {} : { language }) })
        .sections[0]?.stories[0];
    expect(shown('en')).toMatchObject({
      title: 'Putin and Trump speak by phone',
      summary: 'The call lasted two hours.',
    });
    // The Ukrainian summary only repeats its headline: dropped as any such summary is.
    expect(shown('uk')).toMatchObject({ title: 'Путін і Трамп поговорили', summary: '' });
    expect(shown('ru')).toMatchObject({ title: told.title, summary: told.summary });
    // A version whose reports are gone (retention pruned them) is not shown.
    const pruned = buildDigest([{ ...told, items: told.items.slice(0, 2) }], {
      ...period,
      topics: [],
      language: 'uk',
    });
    expect(pruned.sections[0]?.stories[0]).toMatchObject({ title: told.title, summary: told.summary });
    // The reports the chat can read are listed first, newest first, then the others, newest first.
    const languages = [
      member(1, 'A', { language: 'ru', publishedAt: 4_000 }),
      member(2, 'B', { language: 'en-GB', publishedAt: 3_000 }),
      member(3, 'C', { language: 'ru', publishedAt: 2_000 }),
      member(4, 'D', { language: 'en', publishedAt: 1_000 }),
    ];
    const sources = (language: string) =>
      buildDigest([{ ...told, items: languages }], {
        ...period,
        topics: [],
        language,
      }).sections[0]?.stories[0]?.sources.map((source) => source.feed);
    expect(sources('en')).toEqual(['B', 'D', 'A', 'C']);
    expect(sources('ru')).toEqual(['A', 'C', 'B', 'D']);
    expect(sources('uk')).toEqual(['A', 'B', 'C', 'D']);
    expect(shown()).toMatchObject({ title: told.title, summary: told.summary });
  });

  it('leaves out stories outside the period', () => {
    const digest = buildDigest([story(1, ['gaza'], ['A'], { updatedAt: 20_000 })], { ...period, topics: [] });
    expect(digest.storyCount).toBe(0);
  });

  it('drops a summary that only repeats the headline', () => {
    const echo = story(1, ['gaza'], ['A'], { title: 'Truce talks resume', summary: 'Truce talks resume.' });
    expect(buildDigest([echo], { ...period, topics: [] }).sections[0]?.stories[0]?.summary).toBe('');
  });

  it('leaves out a sentence of the summary that is a headline of the story, and keeps the others as written', () => {
    const title = 'Сделки нет, но «next time in Moscow»: Итоги встречи Путина и Трампа на Аляске';
    const summary =
      'Встреча Путина и Трампа прошла под лозунгом «В стремлении к миру». Приблизиться к нему не удалось. ' +
      'Сделки нет, но «next time in Moscow»: итоги встречи Путина и Трампа на Аляске.';
    const repeated = story(1, ['ukraine'], ['A'], { title, summary });
    expect(buildDigest([repeated], { ...period, topics: [] }).sections[0]?.stories[0]?.summary).toBe(
      'Встреча Путина и Трампа прошла под лозунгом «В стремлении к миру». Приблизиться к нему не удалось.',
    );
    const other = story(3, ['ukraine'], ['A', 'B'], {
      title,
      summary:
        'Встреча Путина и Трампа прошла под лозунгом «В стремлении к миру». ' +
        'Как политики по всему миру оценивают результаты встречи Путина и Трампа.',
      items: [
        member(1, 'A', { title }),
        member(2, 'B', { title: 'Как политики по всему миру оценивают результаты встречи Путина и Трампа' }),
      ],
    });
    expect(buildDigest([other], { ...period, topics: [] }).sections[0]?.stories[0]?.summary).toBe(
      'Встреча Путина и Трампа прошла под лозунгом «В стремлении к миру».',
    );
    const inside = story(4, ['gaza'], ['A', 'B'], {
      title: 'Qatar hosts new round of Gaza negotiations',
      summary: 'Ceasefire talks resume in Doha. Negotiators met on Monday.',
      items: [
        member(1, 'A', { title: 'Qatar hosts new round of Gaza negotiations' }),
        member(2, 'B', { title: 'Ceasefire talks resume in Doha after a two-week pause, officials say' }),
      ],
    });
    expect(buildDigest([inside], { ...period, topics: [] }).sections[0]?.stories[0]?.summary).toBe(
      'Ceasefire talks resume in Doha. Negotiators met on Monday.',
    );
    const short = story(2, ['ukraine'], ['A'], {
      title: 'U.S. envoy meets Putin in Moscow',
      summary: 'The U.S. envoy met Putin. Talks lasted five hours.',
    });
    expect(buildDigest([short], { ...period, topics: [] }).sections[0]?.stories[0]?.summary).toBe(
      'The U.S. envoy met Putin. Talks lasted five hours.',
    );
  });

  it('drops a summary that only repeats part of the headline, and keeps one that says more', () => {
    const title = 'Перемирие — О чем договорились Израиль и ХАМАС? Разговор с политологом Аркадием Дубновым';
    const tail = story(1, ['gaza'], ['A'], { title, summary: 'Разговор с политологом Аркадием Дубновым.' });
    expect(buildDigest([tail], { ...period, topics: [] }).sections[0]?.stories[0]?.summary).toBe('');
    const more = story(2, ['gaza'], ['A'], { title, summary: 'Израиль и ХАМАС договорились о перемирии.' });
    expect(buildDigest([more], { ...period, topics: [] }).sections[0]?.stories[0]?.summary).not.toBe('');
  });

  it('puts the busier topic first when the lead stories have as many outlets', () => {
    const stories = [story(1, ['gaza'], ['A']), story(2, ['ukraine'], ['B']), story(3, ['ukraine'], ['C'])];
    const digest = buildDigest(stories, { ...period, topics: [] });
    expect(digest.sections.map((section) => section.topic)).toEqual(['ukraine', 'gaza']);
  });

  it('lists a source whose link is only the site’s front page without a link', () => {
    const scraped = story(1, ['gaza'], ['A']);
    const [first] = scraped.items;
    if (first !== undefined) first.url = 'https://a.example/';
    expect(buildDigest([scraped], { ...period, topics: [] }).sections[0]?.stories[0]?.sources).toEqual([
      expect.objectContaining({ feed: 'A', url: null }),
    ]);
  });

  it('lists one source per outlet, the same outlet twice only once', () => {
    const twice = story(1, ['gaza'], ['A']);
    twice.items.push(member(1, 'A', { itemId: 7, url: 'https://a.example/b' }));
    expect(buildDigest([twice], { ...period, topics: [] }).sections[0]?.stories[0]?.sources).toHaveLength(1);
  });
});

describe('renderText and renderMarkdown', () => {
  it('says plainly when a period is quiet', () => {
    const digest = buildDigest([], { ...period, topics: ['sudan'] });
    expect(renderText(digest)).toContain('No new peace-talks stories on sudan in this period.');
  });

  it('names the topics of a quiet period by their labels', () => {
    const digest = buildDigest([], { ...period, topics: ['gaza', 'ukraine'] });
    expect(renderText(digest)).toContain(
      'No new peace-talks stories on Israel–Hamas, Gaza; Russia–Ukraine war in this period.',
    );
  });

  it('shows at most three outlets and counts the rest', () => {
    const digest = buildDigest([story(1, ['gaza'], ['A', 'B', 'C', 'D', 'E'])], { ...period, topics: [] });
    expect(renderText(digest)).toContain(
      `Sources: ${isolated('A')} <https://a.example/a>, ${isolated('B')} <https://b.example/a>, ${isolated('C')} <https://c.example/a>, +2 more`,
    );
  });

  it('isolates each outlet name, so an Arabic name keeps the list and ", +2 more" in order', () => {
    const digest = buildDigest([rtlStory()], { ...period, topics: [] });
    expect(renderText(digest)).toContain(
      `Sources: ${isolated('الجزيرة')} <https://o0.example/a>, ${isolated('العربية')} <https://o1.example/a>, ` +
        `${isolated('الشرق')} <https://o2.example/a>, +2 more`,
    );
    expect(renderMarkdown(digest)).toContain(
      `Sources: [${isolated('الجزيرة')}](<https://o0.example/a>), [${isolated('العربية')}](<https://o1.example/a>), ` +
        `[${isolated('الشرق')}](<https://o2.example/a>), +2 more`,
    );
  });

  it('escapes markdown in titles that come from feeds', () => {
    const digest = buildDigest([story(1, ['gaza'], ['A'], { title: 'Talks *resume* [draft]' })], {
      ...period,
      topics: [],
    });
    expect(renderMarkdown(digest)).toContain('**Talks \\*resume\\* \\[draft\\]**');
  });

  it('lists an article carried by two feeds of one outlet once', () => {
    const copies = story(1, ['ukraine'], ['dw', 'dw-world', 'Reuters']);
    const url = 'https://www.dw.com/en/talks/a-1';
    copies.items = copies.items.map((item) =>
      item.feed.startsWith('dw') ? member(item.feedId, item.feed, { url }) : item,
    );
    const sources = buildDigest([copies], { ...period, topics: [] }).sections[0]?.stories[0]?.sources;
    expect(sources?.map((source) => source.feed)).toEqual(['dw', 'Reuters']);
  });
});

describe('a story that began before the period', () => {
  // Its first report came before the period, its newest in it: a chat may have had it last time.
  const continuing = story(1, ['ukraine'], [], {
    items: [member(1, 'Reuters', { publishedAt: 500 }), member(2, 'AP', { publishedAt: 5_000 })],
    sourceCount: 2,
  });
  const fresh = story(2, ['ukraine'], ['BBC']);
  const digest = buildDigest([continuing, fresh], {
    since: 1_000,
    until: 10_000,
    labels,
    lagMs: 3_600_000,
    topics: [],
  });

  it('is marked as an update; a story all of whose reports are in the period is not', () => {
    expect(digest.sections[0]?.stories.map((s) => [s.id, s.update])).toEqual([
      [1, true],
      [2, false],
    ]);
  });

  it('a new story of one report read after the digest of its date is not marked as an update', () => {
    const lagMs = 3_600_000;
    const since = 10 * lagMs;
    // Dated an hour before the period, first read three hours later: it counts from two hours into it.
    const late = story(3, ['ukraine'], [], {
      items: [member(1, 'Reuters', { publishedAt: since - lagMs, firstSeenAt: since + 2 * lagMs })],
      updatedAt: since + lagMs,
    });
    // Read on time before the period: a chat had it in its last digest.
    const earlier = story(4, ['ukraine'], [], {
      items: [
        member(1, 'Reuters', { publishedAt: since - lagMs, firstSeenAt: since - lagMs / 2 }),
        member(2, 'AP', { publishedAt: since + lagMs }),
      ],
      updatedAt: since + lagMs,
    });
    const marked = buildDigest([late, earlier], { since, until: 20 * lagMs, labels, lagMs, topics: [] });
    expect(Object.fromEntries(marked.sections[0]?.stories.map((s) => [s.id, s.update]) ?? [])).toEqual({
      3: false,
      4: true,
    });
  });

  it('counts a report read late by the lag before it was read: seen within the lag after the period began, it is an update', () => {
    const lagMs = 3_600_000;
    const since = 10 * lagMs;
    // Dated three hours before the period, first read half an hour into it: it counts from half an hour
    // before the period (the lag before it was read), so a chat may have had the story in its last digest.
    const late = story(5, ['ukraine'], [], {
      items: [
        member(1, 'Reuters', { publishedAt: since - 3 * lagMs, firstSeenAt: since + lagMs / 2 }),
        member(2, 'AP', { publishedAt: since + lagMs }),
      ],
      updatedAt: since + lagMs,
    });
    const marked = buildDigest([late], { since, until: 20 * lagMs, labels, lagMs, topics: [] });
    expect(marked.sections[0]?.stories.map((s) => [s.id, s.update])).toEqual([[5, true]]);
  });

  it.each([
    ['en', '(update)'],
    ['ru', '(обновление)'],
    ['uk', '(оновлення)'],
  ] as const)('says so after its title in every format, in %s', (language, mark) => {
    const words = wordsFor(language);
    const telegram = renderTelegram(digest, { words }).join('\n');
    expect(telegram).toContain(`<b>Story 1</b> <i>${mark}</i>`);
    expect(telegram).toContain('<b>Story 2</b>\n');
    const slack = renderSlack(digest, { words }).flatMap((message) =>
      message.blocks.map((block) => ('text' in block ? (block.text as { text: string }).text : '')),
    );
    expect(slack).toContainEqual(
      expect.stringMatching(new RegExp(`^\\*Story 1\\* _\\${mark.slice(0, -1)}\\)_\\n`)),
    );
    expect(renderText(digest, 3, words)).toContain(`* Story 1 ${mark}\n`);
    expect(renderMarkdown(digest, 3, words)).toContain(`**Story 1** _${mark}_\n`);
    expect(renderText(digest, 3, words)).toContain('* Story 2\n');
  });
});

describe('buildDigest boundaries and order', () => {
  it('takes a story updated at the start of the period and leaves one updated at its end to the next', () => {
    const digest = buildDigest(
      [story(1, ['gaza'], ['A'], { updatedAt: 0 }), story(2, ['gaza'], ['A'], { updatedAt: 10_000 })],
      { ...period, topics: [] },
    );
    expect(digest.sections[0]?.stories.map((s) => s.id)).toEqual([1]);
  });

  it('marks a story as an update only when a report came out before the period', () => {
    const at = (publishedAt: number) =>
      story(publishedAt, ['gaza'], [], { items: [member(1, 'A', { publishedAt })], sourceCount: 1 });
    const digest = buildDigest([at(0), at(-1)], { ...period, topics: [] });
    const update = new Map(digest.sections[0]?.stories.map((s) => [s.id, s.update]));
    expect(update.get(0)).toBe(false);
    expect(update.get(-1)).toBe(true);
  });

  it('drops a summary that only repeats the title', () => {
    const digest = buildDigest(
      [
        story(1, ['gaza'], ['A'], {
          title: 'Talks resume in Cairo today',
          summary: 'In Cairo.',
        }),
      ],
      {
        ...period,
        topics: [],
      },
    );
    expect(digest.sections[0]?.stories[0]?.summary).toBe('');
  });

  it('orders sections of equal top stories by how many stories they hold, hidden ones too, then by name', () => {
    const many = (topic: string, count: number, from: number) =>
      Array.from({ length: count }, (_, i) => story(from + i, [topic], ['A']));
    const digest = buildDigest(
      [...many('b', 1, 10), ...many('c', 1, 20), ...many('a', 3, 30), ...many('d', 2, 40)],
      {
        ...period,
        topics: [],
        perTopic: 1,
      },
    );
    expect(digest.sections.map((s) => [s.topic, s.stories.length, s.more])).toEqual([
      ['a', 1, 2],
      ['d', 1, 1],
      ['b', 1, 0],
      ['c', 1, 0],
    ]);
  });
});
