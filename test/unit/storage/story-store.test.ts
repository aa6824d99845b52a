import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../../src/digest/build-digest.js';
import type { RelevanceVerdict, TopicTag } from '../../../src/domain/analysis.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createFeedStore } from '../../../src/storage/feed-store.js';
import { createItemStore } from '../../../src/storage/item-store.js';
import { createPruner } from '../../../src/storage/retention.js';
import { createStoryStore } from '../../../src/storage/story-store.js';
import { item, source } from './fixtures.js';

const verdict = (score: number): RelevanceVerdict => ({
  relevant: score >= 3,
  score,
  threshold: 3,
  matches: [],
  rules: [],
});
const tag = (topic: string): TopicTag => ({ topic, score: 1, matches: [] });

function setup() {
  const db = openDatabase(':memory:');
  const feeds = createFeedStore(db);
  feeds.syncSources([
    source('https://a.example/rss', { name: 'Outlet A' }),
    source('https://b.example/rss', { name: 'Outlet B' }),
  ]);
  const [a, b] = feeds.list().map((feed) => feed.id) as [number, number];
  const items = createItemStore(db);
  const ids = [
    ...items.upsert(a, [item('a1', { publishedAt: 1000 }), item('a2', { publishedAt: 2000 })], 5000).changed,
    ...items.upsert(b, [item('b1', { publishedAt: 3000, url: 'https://b.example/1' })], 5000).changed,
  ].map((changed) => changed.id) as [number, number, number];
  return { db, stories: createStoryStore(db), ids };
}

/** A story of one member with the fields of an update that leaves its title and gives it no summary. */
function ceasefireHolds() {
  const { db, stories, ids } = setup();
  const story = stories.createStory('Ceasefire holds', 5000);
  stories.addMember(story, ids[0], 1, null);
  const update = {
    title: 'Ceasefire holds',
    summary: '',
    summaryEngine: null,
    relevance: 5,
    updatedAt: 6000,
  };
  return { db, stories, story, update };
}

describe('story store', () => {
  it('never gives a story the id of one retention removed, whoever numbers it', async () => {
    const { db, stories } = setup();
    expect(stories.maxStoryId()).toBe(0);
    expect(stories.createStory('First', 5000)).toBe(1);
    expect(stories.createStory('Numbered by the clusterer', 5000, 7)).toBe(7);
    await createPruner(db).prune(10_000, { unreadBefore: 10_000, agedBefore: 10_000 });
    expect(stories.count()).toBe(0);
    expect(stories.maxStoryId()).toBe(7);
    expect(stories.createStory('After retention', 20_000)).toBe(8);
  });

  it('keeps a story with its members from several outlets, counted by distinct feed', () => {
    const { stories, ids } = setup();
    const story = stories.createStory('Envoys meet', 5000);
    stories.addMember(story, ids[0], 1, null);
    stories.addMember(story, ids[2], 0.6, null);
    stories.updateStory(story, {
      title: 'Envoys meet in Doha',
      summary: 'They met.',
      summaryEngine: 'extractive',
      topics: [tag('gaza')],
      relevance: 7,
      updatedAt: 6000,
    });
    expect(stories.get(story)).toMatchObject({
      title: 'Envoys meet in Doha',
      topics: ['gaza'],
      itemCount: 2,
      sourceCount: 2,
      items: [
        { itemId: ids[2], feed: 'Outlet B', similarity: 0.6 },
        { itemId: ids[0], feed: 'Outlet A' },
      ],
    });
    expect(stories.storyOfItem(ids[2])).toBe(story);
  });

  it('counts an article that several feeds of one outlet carry (one URL) as one outlet, as digests list it', () => {
    const { db, stories, ids } = setup();
    const feeds = createFeedStore(db);
    feeds.syncSources([
      source('https://a.example/rss', { name: 'Outlet A' }),
      source('https://b.example/rss', { name: 'Outlet B' }),
      source('https://b.example/world.rss', { name: 'Outlet B world' }),
    ]);
    const world = feeds.list().find((feed) => feed.name === 'Outlet B world')?.id ?? 0;
    const items = createItemStore(db);
    const [copy] = items
      .upsert(world, [item('b1-world', { publishedAt: 3500, url: 'https://b.example/1' })], 5000)
      .changed.map((changed) => changed.id);
    const story = stories.createStory('Envoys meet', 5000);
    for (const id of [ids[0], ids[2], copy ?? 0]) stories.addMember(story, id, 1, null);
    expect(stories.get(story)).toMatchObject({ itemCount: 3, sourceCount: 2 });
  });

  it('counts outlets by site and language edition, as the digest lists its sources: feeds and sections of one site are one', () => {
    const db = openDatabase(':memory:');
    const feeds = createFeedStore(db);
    feeds.syncSources(
      [
        'b',
        'b-world',
        'm1',
        'm2',
        'c',
        'g1',
        'g2',
        'q1',
        'q2',
        'e-ru',
        'e-ru2',
        'e-news',
        'e-q',
        'e-uk',
        'e-ukraine',
        'e-uk-news',
      ].map((name) => source(`https://${name}.example/rss`, { name })),
    );
    const id = (name: string) => feeds.list().find((feed) => feed.name === name)?.id ?? 0;
    const items = createItemStore(db);
    const add = (feed: string, guid: string, url: string | null, at: number, language = 'en') =>
      items.upsert(id(feed), [item(guid, { publishedAt: at, url, language })], 5000).changed[0]?.id ?? 0;
    const stories = createStoryStore(db);
    const story = stories.createStory('Talks', 5000);
    const members = [
      // One article in two feeds of one site, and another article of its politics section.
      add('b-world', 'u0', 'https://www.b.example/u', 1000),
      add('b', 'u1', 'https://b.example/u', 2000),
      add('b', 'v', 'https://B.example/politics/v', 3000),
      // Two scraper feeds whose items all link to the site's front page: one outlet, unlinked.
      add('m1', 'm1', 'https://m.example/', 1500),
      add('m2', 'm2', 'https://m.example/', 1600),
      // An item without a link counts for its feed, and so does one linking to an aggregator.
      add('c', 'c', null, 1700),
      add('g1', 'g1', 'https://news.google.com/rss/articles/1', 100),
      add('g2', 'g2', 'https://news.google.com/rss/articles/2', 90),
      // A host ends at "?" or "#" as well as at "/".
      add('q1', 'q1', 'https://q.example?id=1', 80),
      add('q2', 'q2', 'https://q.example#x', 70),
      // A language edition is an outlet of its own (BBC Russian), a section or a query is not, nor a
      // segment in another language than the item's (the Times's /uk/ news is in English).
      add('e-ru', 'e1', 'https://www.e.example/russian/articles/1', 60, 'ru'),
      add('e-ru2', 'e2', 'https://e.example/RUSSIAN?page=2', 55, 'ru-RU'),
      add('e-news', 'e3', 'https://e.example/news/1', 50),
      add('e-q', 'e4', 'https://e.example?/ru/x', 45, 'ru'),
      add('e-uk', 'e5', 'https://e.example/ua#top', 40, 'uk'),
      add('e-ukraine', 'e6', 'https://e.example/ukraine/7', 35, 'uk'),
      add('e-uk-news', 'e7', 'https://e.example/uk/politics/8', 30),
    ];
    for (const member of members) stories.addMember(story, member, 1, null);
    stories.updateStory(story, {
      title: 'Talks',
      summary: '',
      summaryEngine: 'extractive',
      topics: [tag('gaza')],
      relevance: 7,
      updatedAt: 6000,
    });
    const stored = stories.get(story);
    if (stored === null) throw new Error('no story');
    const listed = buildDigest([stored], {
      topics: [],
      since: 0,
      until: 10_000,
      labels: new Map(),
      lagMs: 3_600_000,
    });
    // Nine sources listed; counted for the ranking, e.example's editions are one newsroom with it.
    expect(stored.sourceCount).toBe(7);
    const sources = listed.sections[0]?.stories[0]?.sources ?? [];
    expect(sources.map((s) => [s.feed, s.url])).toEqual([
      ['b', 'https://B.example/politics/v'],
      ['c', null],
      ['m2', null],
      ['g1', 'https://news.google.com/rss/articles/1'],
      ['g2', 'https://news.google.com/rss/articles/2'],
      ['q1', 'https://q.example?id=1'],
      ['e-ru', 'https://www.e.example/russian/articles/1'],
      ['e-news', 'https://e.example/news/1'],
      ['e-uk', 'https://e.example/ua#top'],
    ]);
  });

  it('counts the outlets of a story of 6,000 members in linear time', () => {
    const { db, stories } = setup();
    const feeds = createFeedStore(db);
    const [feed] = feeds.list().map((f) => f.id);
    const items = createItemStore(db);
    const batch = Array.from({ length: 6000 }, (_, i) =>
      item(`big-${i}`, { publishedAt: i, url: `https://a.example/${i}` }),
    );
    const ids = items.upsert(feed ?? 0, batch, 5000).changed.map((changed) => changed.id);
    const story = stories.createStory('Big', 5000);
    for (const member of ids) stories.addMember(story, member, 1, null);
    const started = performance.now();
    expect(stories.get(story)?.sourceCount).toBe(1);
    // Quadratic (a scan of the story per member) took about 2 s here; linear, a few milliseconds.
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('lists the recent members with their analysis and the item each copies, to rebuild the window', () => {
    const { stories, ids } = setup();
    const story = stories.createStory('Envoys meet', 5000);
    stories.addMember(story, ids[0], 1, null);
    stories.addMember(story, ids[1], 1, ids[0]);
    stories.saveAnalysis({
      itemId: ids[0],
      relevance: verdict(4),
      topics: [],
      entities: [],
      analysedAt: 5000,
    });
    const members = [...stories.recentMembers(0)];
    expect(members.map((member) => [member.itemId, member.storyId, member.duplicateOf])).toEqual([
      [ids[0], story, null],
      [ids[1], story, ids[0]],
    ]);
    expect(members[0]?.analysis?.relevance.score).toBe(4);
    expect(members[1]?.analysis).toBeNull();
  });

  it('reads the recent members one at a time as they are iterated, never all at once', () => {
    const { stories, ids } = setup();
    const story = stories.createStory('Talks', 1);
    for (const id of ids) stories.addMember(story, id, 1, null);
    const members = stories.recentMembers(0);
    // An array would hold every member's full text at once: a week of a big installation's items.
    expect(Array.isArray(members)).toBe(false);
    const iterator = members[Symbol.iterator]();
    expect(iterator.next().value?.itemId).toBe(ids[0]);
    iterator.return?.();
    // Left early, the read ends: the database takes other statements again.
    expect(stories.count()).toBe(1);
  });

  it('moves an item to another story instead of listing it twice', () => {
    const { stories, ids } = setup();
    const first = stories.createStory('One', 1);
    const second = stories.createStory('Two', 1);
    stories.addMember(first, ids[0], 1, null);
    stories.addMember(second, ids[0], 0.8, null);
    expect(stories.get(first)?.itemCount).toBe(0);
    expect(stories.get(second)?.itemCount).toBe(1);
  });

  it('lists stories by topic and period, newest first', () => {
    const { stories, ids } = setup();
    const make = (title: string, topic: string, at: number, member: number) => {
      const id = stories.createStory(title, at);
      stories.addMember(id, member, 1, null);
      stories.updateStory(id, {
        title,
        summary: '',
        summaryEngine: null,
        topics: [tag(topic)],
        relevance: 5,
        updatedAt: at,
      });
      return id;
    };
    const old = make('Old Gaza talks', 'gaza', 1_000, ids[0]);
    const gaza = make('Gaza truce', 'gaza', 10_000, ids[1]);
    const ukraine = make('Istanbul round', 'ukraine', 20_000, ids[2]);
    expect(stories.list({}).map((s) => s.id)).toEqual([ukraine, gaza, old]);
    expect(stories.list({ topics: ['gaza'], since: 5_000 }).map((s) => s.id)).toEqual([gaza]);
    expect(stories.list({ until: 15_000 }).map((s) => s.id)).toEqual([gaza, old]);
    expect(stories.list({ topics: ['sudan'] })).toEqual([]);
  });

  it('files a story without a topic under other, and moves it out when it gains a tag', () => {
    const { stories, story, update } = ceasefireHolds();
    stories.updateStory(story, { ...update, topics: [] });
    expect(stories.list({ topics: ['other'] }).map((s) => s.id)).toEqual([story]);
    expect(stories.list({ topics: ['other'] })[0]?.topics).toEqual(['other']);
    stories.updateStory(story, { ...update, topics: [tag('sudan')] });
    expect(stories.list({ topics: ['other'] })).toEqual([]);
    expect(stories.list({ topics: ['sudan'] }).map((s) => s.id)).toEqual([story]);
  });

  it("keeps a story's versions in other languages, replaced by each update that brings them, gone with the story", async () => {
    const { db, stories, story, update: untagged } = ceasefireHolds();
    const update = { ...untagged, topics: [] };
    const uk = { language: 'uk', title: 'Перемир’я тримається', summary: 'Тиша.' };
    const ru = { language: 'ru', title: 'Перемирие соблюдается', summary: 'Тихо.' };
    stories.updateStory(story, { ...update, versions: [uk, ru] });
    expect(stories.get(story)?.versions).toEqual([ru, uk]);
    // An update without versions leaves them; one with versions replaces them.
    stories.updateStory(story, update);
    expect(stories.list({})[0]?.versions).toEqual([ru, uk]);
    stories.updateStory(story, { ...update, versions: [uk] });
    expect(stories.get(story)?.versions).toEqual([uk]);
    await createPruner(db).prune(7000, { unreadBefore: 7000, agedBefore: 7000 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM story_versions').get()).toEqual({ n: 0 });
  });

  it('stores the analysis verdict of an item for explain, replacing an earlier one', () => {
    const { stories, ids } = setup();
    stories.saveAnalysis({ itemId: ids[0], relevance: verdict(1), topics: [], entities: [], analysedAt: 1 });
    stories.saveAnalysis({
      itemId: ids[0],
      relevance: verdict(6),
      topics: [tag('ukraine')],
      entities: [],
      analysedAt: 2,
    });
    expect(stories.analysisOf(ids[0])).toMatchObject({
      relevance: { relevant: true, score: 6 },
      topics: [{ topic: 'ukraine' }],
      storyId: null,
    });
    expect(stories.analysisOf(ids[1])).toBeNull();
  });

  it('finds an item by its canonical URL and keeps the full-text index in step with titles', () => {
    const { db, stories, ids } = setup();
    expect(stories.itemsByUrl('https://b.example/1', 5)).toEqual([
      { itemId: ids[2], title: 'Title b1', feed: 'Outlet B', held: null },
    ]);
    // Held out: undated in its feed's first fetch, or listed again after retention removed it.
    const [feedB] = db.prepare("SELECT id FROM feeds WHERE url = 'https://b.example/rss'").pluck().all() as [
      number,
    ];
    const items = createItemStore(db);
    const undated = { publishedAt: 1000, publishedAtFromFeed: false, url: 'https://b.example/2' };
    items.upsert(feedB, [item('b2', undated)], 6000, true);
    db.prepare("INSERT INTO dropped_items (feed_id, dedupe_key) VALUES (?, 'b3')").run(feedB);
    items.upsert(feedB, [item('b3', { ...undated, url: 'https://b.example/3' })], 6000);
    expect(stories.itemsByUrl('https://b.example/2', 5).map((found) => found.held)).toEqual(['undated']);
    expect(stories.itemsByUrl('https://b.example/3', 5).map((found) => found.held)).toEqual(['relisted']);
    const id = stories.createStory('Переговоры в Стамбуле', 1);
    const hits = db.prepare("SELECT rowid FROM stories_fts WHERE stories_fts MATCH 'стамбуле'").all();
    expect(hits).toEqual([{ rowid: id }]);
  });
});
