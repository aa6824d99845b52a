import { describe, expect, it } from 'vitest';
import { loadHeadlineLabels } from '../../eval/headlines.js';
import { parseCopiedFeedItems, parseDigest } from '../../eval/headlines-texts.js';
import { shippedTopics } from '../analysis/shipped-config.js';

const days = loadHeadlineLabels();
const topicIds = new Set(Object.keys(shippedTopics.spec.topics));

describe('the real-headline sets (test/eval/headlines)', () => {
  it('has twelve English sets (eight dev, four held out), Russian feeds of November (dev) and December 2025 (one of each), sets of news pages in seven languages and of 2026 English feeds', () => {
    const split = (name: string) => days[name]?.[0]?.split;
    const english = Object.keys(days).filter((name) => /^\d{4}$/.test(name));
    expect(english.filter((name) => split(name) === 'dev')).toHaveLength(8);
    expect(english.filter((name) => split(name) === 'holdout')).toHaveLength(4);
    expect(split('ru-1123')).toBe('dev');
    expect(split('ru-1224a')).toBe('dev');
    expect(split('ru-1224b')).toBe('holdout');
    for (const studied of [
      'uk-1127a',
      'ru-1127a',
      'fr-1127a',
      'de-1127a',
      'es-1127a',
      'ar-1127a',
      'en-1127a',
      'en-1127c',
      'en-1127e',
    ])
      expect(split(studied), studied).toBe('dev');
    for (const held of [
      'uk-1127b',
      'ru-1127b',
      'fr-1127b',
      'de-1127b',
      'es-1127b',
      'ar-1127b',
      'en-1127b',
      'en-1127d',
      'en-1127f',
    ])
      expect(split(held), held).toBe('holdout');
  });

  it.each(Object.entries(days))('%s follows the labelling guidelines', (_day, labels) => {
    expect(new Set(labels.map((label) => label.id)).size).toBe(labels.length);
    expect(new Set(labels.map((label) => label.split)).size).toBe(1);
    const eventOf = new Map<string, string | null>();
    for (const label of labels) {
      if (!label.relevant) {
        expect({ id: label.id, topics: label.topics, story: label.story }).toEqual({
          id: label.id,
          topics: [],
          story: null,
        });
        continue;
      }
      expect(label.topics.length, String(label.id)).toBeGreaterThan(0);
      for (const topic of label.topics) expect(topicIds.has(topic), `${label.id}: ${topic}`).toBe(true);
      const story = label.story as string;
      expect(story, String(label.id)).toBeTruthy();
      if (eventOf.has(story))
        expect(label.event, `${label.id}: one event per story`).toBe(eventOf.get(story));
      eventOf.set(story, label.event);
    }
  });

  it("shares no link between the dev and the held-out days (a front page, all of Meduza's links, names no item)", () => {
    const frontPage = (link: string) => /^https?:\/\/[^/]+\/?$/.test(link);
    const links = (split: string) =>
      new Set(
        Object.values(days)
          .flat()
          .filter((label) => label.split === split && label.link !== null && !frontPage(label.link))
          .map((label) => label.link),
      );
    const dev = links('dev');
    expect([...links('holdout')].filter((link) => dev.has(link))).toEqual([]);
  });
});

describe('parseDigest', () => {
  it('reads the forms of a digest line (also as a heading), once per id, and skips the rest', () => {
    const markdown = [
      '# Middle East',
      '### Israel-Syria Conflict',
      '- *318* [Syria and Israeli regime agree to a ceasefire](https://en.mehrnews.com/news/234475/x) *mehr-news* **neu 12.50 moderate left**',
      '- **1901**: [Africa: Côte d’Ivoire Launches an Exchange](https://allafrica.com/stories/1.html)',
      '- 23 [India and Pakistan Agree Ceasefire](https://www.bbc.co.uk/sounds/play/p0l9gzgf)',
      '#### 24 [Kremlin says talks on track](https://tass.com/politics/1)',
      '- _1467_ [Moscow names its team for Istanbul](https://tass.com/politics/2)',
      '- [Gaza truce proposal reaches Hamas](https://www.jpost.com/a-1) (ID: 6505)',
      '- 7, Kremlin: no date yet for the next round',
      '- 1, 11',
      '- **2444**: Keep your swimming pool clean with these pool vacuum cleaners',
      '- **2022**: [Microsoft entity in Russia files for bankruptcy]( Microsoft entity in Russia files for bankruptcy)',
      '- *318* [Syria and Israeli regime agree to a ceasefire](https://en.mehrnews.com/news/234475/x) *mehr-news*',
      '```',
      '318,1901',
      'Good evening. From our news desk …',
    ].join('\n');
    expect(parseDigest(markdown)).toEqual([
      {
        id: 318,
        title: 'Syria and Israeli regime agree to a ceasefire',
        link: 'https://en.mehrnews.com/news/234475/x',
        source: 'mehr-news',
      },
      {
        id: 1901,
        title: 'Africa: Côte d’Ivoire Launches an Exchange',
        link: 'https://allafrica.com/stories/1.html',
        source: null,
      },
      {
        id: 23,
        title: 'India and Pakistan Agree Ceasefire',
        link: 'https://www.bbc.co.uk/sounds/play/p0l9gzgf',
        source: null,
      },
      { id: 24, title: 'Kremlin says talks on track', link: 'https://tass.com/politics/1', source: null },
      {
        id: 1467,
        title: 'Moscow names its team for Istanbul',
        link: 'https://tass.com/politics/2',
        source: null,
      },
      {
        id: 6505,
        title: 'Gaza truce proposal reaches Hamas',
        link: 'https://www.jpost.com/a-1',
        source: null,
      },
      { id: 7, title: 'Kremlin: no date yet for the next round', link: null, source: null },
      {
        id: 2444,
        title: 'Keep your swimming pool clean with these pool vacuum cleaners',
        link: null,
        source: null,
      },
      { id: 2022, title: 'Microsoft entity in Russia files for bankruptcy', link: null, source: null },
    ]);
  });
});

describe('parseCopiedFeedItems', () => {
  it('reads the copied feed items by set, once per set and id, without the items not found, the description cut at 400 characters', () => {
    const long = 'Д'.repeat(450);
    const text = [
      'ru-1123 ||| bbc#0 ||| https://www.bbc.com/russian/articles/a ||| Fri, 19 Sep 2025 00:00:00 +0000 ||| BBC Russian — Россия ||| Заголовок ||| ',
      `ru-1224a ||| bbc#0 ||| https://www.bbc.com/russian/articles/b |||  ||| BBC Russian — Россия ||| Другой ||| ${long}`,
      'ru-1224a ||| bbc#0 ||| https://www.bbc.com/russian/articles/c ||| ||| BBC ||| Повтор ||| ',
      'ru-1224b ||| meduza#3 ||| https://meduza.io/ ||| ||| Meduza ||| NOT FOUND ||| ',
      'ru-9999 ||| bbc#1 ||| https://x.example/ ||| ||| X ||| Чужой набор ||| ',
      'ru-1123 ||| bbc#2 ||| https://www.bbc.com/russian/articles/d',
    ].join('\n');
    const sets = parseCopiedFeedItems(text);
    expect([...sets.keys()]).toEqual(['ru-1123', 'ru-1224a']);
    expect(sets.get('ru-1123')).toEqual([
      {
        id: 'bbc#0',
        title: 'Заголовок',
        link: 'https://www.bbc.com/russian/articles/a',
        source: 'BBC Russian — Россия',
        summary: '',
        published: 'Fri, 19 Sep 2025 00:00:00 +0000',
      },
    ]);
    const [item] = sets.get('ru-1224a') ?? [];
    expect(item?.title).toBe('Другой');
    expect(item?.published).toBeNull();
    expect(item?.summary).toBe('Д'.repeat(400));
    expect(sets.get('ru-1224a')).toHaveLength(1);
  });
});
