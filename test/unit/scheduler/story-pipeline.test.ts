import { describe, expect, it } from 'vitest';
import { analyseItem } from '../../../src/analysis/analyse-item.js';
import { defaultClusterOptions } from '../../../src/analysis/cluster.js';
import { titleAmong } from '../../../src/analysis/cluster-titles.js';
import { furnitureCleaner } from '../../../src/analysis/feed-furniture.js';
import { storyMembershipRule } from '../../../src/analysis/relevance-story.js';
import { createStoryClusterer } from '../../../src/analysis/story-clusterer.js';
import { summarizeExtractive } from '../../../src/analysis/summary.js';
import type { AnalysableItem, ItemAnalysis } from '../../../src/domain/analysis.js';
import type { ChangedItem } from '../../../src/domain/item.js';
import type { StoryClusterer, Summarizer } from '../../../src/domain/ports.js';
import { createStoryPipeline, type FeedCleaner } from '../../../src/scheduler/story-pipeline.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createFeedStore } from '../../../src/storage/feed-store.js';
import { createItemStore } from '../../../src/storage/item-store.js';
import { createPruner } from '../../../src/storage/retention.js';
import { createStoryStore } from '../../../src/storage/story-store.js';
import { shippedLexicon, shippedTopics } from '../analysis/shipped-config.js';
import { item, source } from '../storage/fixtures.js';

const day = 86_400_000;
const start = Date.UTC(2026, 0, 10);
const disclaimer =
  'Publishers named above each report are responsible for their own content, which this site does not edit.';

/** Relevant when the headline speaks of talks: the test is about summaries, not relevance. */
const analyse = (one: AnalysableItem): ItemAnalysis => ({
  relevance: { relevant: /talks/i.test(one.title), score: 5, threshold: 3, matches: [], rules: [] },
  topics: [],
  entities: [],
});

/** Every relevant item starts a story of its own; `evicted` records the evict calls. */
function oneStoryPerItem(evicted: number[] = []): StoryClusterer {
  let next = 1;
  return {
    assign: () => ({ storyId: next++, created: true, similarity: 1, duplicateOf: null }),
    nearest: () => null,
    title: () => null,
    retitle: () => false,
    evict: (before) => {
      evicted.push(before);
    },
  };
}

/** A database with two feeds (a and b) and the item and story stores over it. */
function twoFeeds() {
  const db = openDatabase(':memory:');
  const feeds = createFeedStore(db);
  feeds.syncSources([
    source('https://a.example/rss', { name: 'Outlet A' }),
    source('https://b.example/rss', { name: 'Outlet B' }),
  ]);
  const [a, b] = feeds.list().map((feed) => feed.id) as [number, number];
  return { a, b, db, items: createItemStore(db), stories: createStoryStore(db) };
}

/** Feed A appends its disclaimer to every item (two reports of talks, four other items); feed B to none. */
function setup(cleaner?: FeedCleaner) {
  const { a, b, items, stories } = twoFeeds();
  const text = (lead: string) => `${lead} ${disclaimer}`;
  const fromA = items.upsert(
    a,
    [
      ...['weather', 'markets', 'football', 'elections'].map((topic, index) =>
        item(`a-${topic}`, {
          title: `Notes on ${topic}`,
          content: text(`The ${topic} report for day ${index} was published on Monday.`),
          publishedAt: start - (index + 1) * day,
        }),
      ),
      item('a-doha', {
        title: 'Ceasefire talks resume in Doha',
        content: text('Negotiators for both sides met in Doha on Friday to resume the ceasefire talks.'),
        publishedAt: start,
      }),
      item('a-cairo', {
        title: 'Truce talks move to Cairo',
        content: text('Egyptian mediators will host the next round of truce talks in Cairo next week.'),
        publishedAt: start,
      }),
    ],
    start,
  ).changed;
  const fromB = items.upsert(
    b,
    [
      item('b-geneva', {
        title: 'Envoys hold talks in Geneva',
        content: text('The envoys held four hours of talks in Geneva on Saturday about a prisoner exchange.'),
        publishedAt: start,
      }),
    ],
    start,
  ).changed;
  const seen: AnalysableItem[][] = [];
  const summarizer: Summarizer = {
    summarize: async (members) => {
      seen.push([...members]);
      return { text: summarizeExtractive(members).text, engine: 'extractive' };
    },
  };
  const pipeline = createStoryPipeline({
    analyser: { analyse },
    clusterer: oneStoryPerItem(),
    summarizer,
    stories,
    clock: createManualClock(start),
    log: createSilentLogger(),
    lagMs: 3_600_000,
    ...(cleaner === undefined ? {} : { cleaner }),
  });
  const changed: ChangedItem[] = [...fromA, ...fromB];
  return { pipeline, stories, changed, seen };
}

const summaries = (stories: ReturnType<typeof createStoryStore>) =>
  stories.list({}).map((story) => [story.title, story.summary] as const);

describe('story pipeline summaries', () => {
  it('summarises a story without the disclaimer its feed repeats in most of its items', async () => {
    const { pipeline, stories, changed, seen } = setup((recent) => furnitureCleaner(recent));
    const result = await pipeline.process(changed);
    expect(result.stories).toHaveLength(3);
    expect(Object.fromEntries(summaries(stories))).toEqual({
      'Ceasefire talks resume in Doha':
        'Negotiators for both sides met in Doha on Friday to resume the ceasefire talks.',
      'Truce talks move to Cairo':
        'Egyptian mediators will host the next round of truce talks in Cairo next week.',
      // Feed B has one item: nothing repeats in it, whatever feed A repeats.
      'Envoys hold talks in Geneva': `The envoys held four hours of talks in Geneva on Saturday about a prisoner exchange. ${disclaimer}`,
    });
    const fromA = seen.flat().filter((one) => !one.title.includes('Geneva'));
    expect(fromA.map((one) => one.content?.includes('Publishers named above'))).toEqual([false, false]);
  });

  it('without a cleaner, the disclaimer reaches the summary', async () => {
    const { pipeline, stories, changed } = setup();
    await pipeline.process(changed);
    expect(summaries(stories).every(([, summary]) => summary.includes(disclaimer))).toBe(true);
  });

  it("learns each feed's furniture once per batch, from that feed's recent items", async () => {
    const learnt: number[] = [];
    const { pipeline, changed } = setup((recent) => {
      learnt.push(recent.length);
      return furnitureCleaner(recent);
    });
    await pipeline.process(changed);
    expect(learnt.sort((x, y) => x - y)).toEqual([1, 6]);
  });
});

describe('story pipeline clustering window', () => {
  it('evicts the stories older than the window from the clusterer before each batch', async () => {
    const { stories } = twoFeeds();
    const evicted: number[] = [];
    const clock = createManualClock(start);
    const pipeline = createStoryPipeline({
      analyser: { analyse },
      clusterer: oneStoryPerItem(evicted),
      summarizer: { summarize: async () => ({ text: '', engine: 'extractive' }) },
      stories,
      clock,
      log: createSilentLogger(),
      lagMs: 3_600_000,
      horizonMs: 72 * 3_600_000,
    });
    await pipeline.process([]);
    clock.advance(day);
    await pipeline.process([]);
    expect(evicted).toEqual([start - 3 * day, start - 2 * day]);
  });

  /** One report of a ceasefire from each feed, six days before the poll that reads both (a backlog). */
  async function backlog(horizonMs: number, ageDays = 6, windowMs?: number) {
    const { a, b, items, stories } = twoFeeds();
    const report = (guid: string, title: string, at: number) =>
      item(guid, {
        title,
        summary:
          'Israel and Hezbollah agreed to a ceasefire in Lebanon brokered by the United States and France.',
        publishedAt: at,
      });
    const poll = start + ageDays * day;
    const pipeline = createStoryPipeline({
      analyser: { analyse: (one) => analyseItem(one, shippedLexicon, shippedTopics) },
      clusterer: createStoryClusterer({ ...defaultClusterOptions }),
      summarizer: { summarize: async () => ({ text: '', engine: 'extractive' }) },
      stories,
      clock: createManualClock(poll),
      log: createSilentLogger(),
      lagMs: 3_600_000,
      horizonMs,
      ...(windowMs === undefined ? {} : { windowMs }),
    });
    // The poller hands over one feed's changes at a time.
    const first = await pipeline.process(
      items.upsert(a, [report('a-1', 'Israel and Hezbollah agree ceasefire in Lebanon', start)], poll)
        .changed,
    );
    const second = await pipeline.process(
      items.upsert(b, [report('b-1', 'Israel, Hezbollah agree Lebanon ceasefire', start + 3_600_000)], poll)
        .changed,
    );
    return [...first.stories, ...second.stories];
  }

  it("keeps days-old stories for the next feed's batch when the horizon covers the ingest's item age", async () => {
    const stories = await backlog((72 + 14 * 24) * 3_600_000);
    expect(stories).toHaveLength(2);
    expect(new Set(stories).size).toBe(1);
  });

  it('keeps a backlog older than the horizon together when it knows the window (maxItemAgeDays: 0)', async () => {
    const horizon = (72 + 30 * 24) * 3_600_000;
    const apart = await backlog(horizon, 60);
    expect(new Set(apart).size).toBe(2);
    const together = await backlog(horizon, 60, 72 * 3_600_000);
    expect(together).toHaveLength(2);
    expect(new Set(together).size).toBe(1);
  });

  it('keeps a backlog together across a fresh batch in between, and evicts within twice the horizon', async () => {
    const { a, b, items, stories } = twoFeeds();
    const evicted: number[] = [];
    const poll = start + 60 * day;
    const horizon = (72 + 30 * 24) * 3_600_000;
    const window = 72 * 3_600_000;
    const report = (guid: string, at: number) =>
      item(guid, { title: 'Ceasefire talks resume', publishedAt: at });
    const pipeline = createStoryPipeline({
      analyser: { analyse },
      clusterer: oneStoryPerItem(evicted),
      summarizer: { summarize: async () => ({ text: '', engine: 'extractive' }) },
      stories,
      clock: createManualClock(poll),
      log: createSilentLogger(),
      lagMs: 3_600_000,
      horizonMs: horizon,
      windowMs: window,
    });
    await pipeline.process(items.upsert(a, [report('old-a', start)], poll).changed);
    await pipeline.process(items.upsert(b, [report('fresh-b', poll - 3_600_000)], poll).changed);
    await pipeline.process(items.upsert(b, [report('ancient-b', poll - 3650 * day)], poll).changed);
    expect(evicted).toEqual([start - window, start - window, poll - 2 * horizon]);
  });

  it('follows a member re-published with a corrected headline, held or evicted, relevant or not', async () => {
    const { a, items, stories } = twoFeeds();
    const clock = createManualClock(start);
    const report = (title: string, summary: string) =>
      item('a-1', { title, summary, publishedAt: start - 3_600_000 });
    const pipeline = (clusterer: StoryClusterer) =>
      createStoryPipeline({
        analyser: { analyse: (one) => analyseItem(one, shippedLexicon, shippedTopics) },
        clusterer,
        summarizer: { summarize: async () => ({ text: '', engine: 'extractive' }) },
        stories,
        clock,
        log: createSilentLogger(),
        lagMs: 3_600_000,
        titleAmong: (current, members) => members[0]?.title ?? current,
      });
    const ceasefire = 'Israel and Hezbollah agreed to a ceasefire in Lebanon brokered by the United States.';
    const held = pipeline(createStoryClusterer({ ...defaultClusterOptions }));
    const first = await held.process(
      items.upsert(a, [report('ISRAEL AND HEZBOLLAH AGREE CEASEFIRE', ceasefire)], start).changed,
    );
    const [story] = first.stories;
    const corrected = await held.process(
      items.upsert(a, [report('Israel and Hezbollah agree ceasefire in Lebanon', ceasefire)], start).changed,
    );
    expect(corrected.stories).toEqual([story]);
    expect(stories.get(story ?? 0)?.title).toBe('Israel and Hezbollah agree ceasefire in Lebanon');
    // A feed that reuses the id for another article: that headline does not become the story's title.
    await held.process(items.upsert(a, [report('Stocks rally in Tokyo', 'Markets rose.')], start).changed);
    expect(stories.get(story ?? 0)?.title).toBe('Israel and Hezbollah agree ceasefire in Lebanon');
    // A clusterer that no longer holds the story (a restart, eviction): the members' headlines decide.
    const evicted = pipeline(oneStoryPerItem());
    const again = await evicted.process(
      items.upsert(a, [report('Stocks rally in Tokyo', 'Markets rose sharply.')], start).changed,
    );
    expect(again).toMatchObject({ relevant: 0, stories: [story] });
    expect(stories.get(story ?? 0)?.title).toBe('Stocks rally in Tokyo');
  });

  it('leaves the name of the items’ feed out of the story title while the clusterer holds the story', async () => {
    const { a, items, stories } = twoFeeds();
    const pipeline = createStoryPipeline({
      analyser: { analyse: (one) => analyseItem(one, shippedLexicon, shippedTopics) },
      clusterer: createStoryClusterer({ ...defaultClusterOptions }),
      summarizer: { summarize: async () => ({ text: '', engine: 'extractive' }) },
      stories,
      clock: createManualClock(start),
      log: createSilentLogger(),
      lagMs: 3_600_000,
    });
    const report = item('p-1', {
      title: 'Armenia and Azerbaijan agree peace treaty text - Lragir Daily',
      summary:
        'Armenia and Azerbaijan agreed the text of a peace treaty after talks, the foreign ministries said.',
      publishedAt: start,
    });
    const [story] = (await pipeline.process(items.upsert(a, [report], start).changed, 'Lragir Daily'))
      .stories;
    expect(stories.get(story ?? 0)?.title).toBe('Armenia and Azerbaijan agree peace treaty text');
    expect([...stories.recentMembers(0)].map((member) => member.outlet)).toEqual(['Outlet A']);
  });

  it('asks for the summary in the language of the story title, not of most of its reports', async () => {
    const { a, b, items, stories } = twoFeeds();
    const languages: Array<string | null> = [];
    let title = 'Путин и Трамп провели телефонный разговор об Украине';
    const r1 = title;
    let next = 0;
    const pipeline = createStoryPipeline({
      analyser: {
        analyse: (one) => ({ ...analyse(one), relevance: { ...analyse(one).relevance, relevant: true } }),
      },
      clusterer: {
        assign: () => ({ storyId: 1, created: next++ === 0, similarity: 1, duplicateOf: null }),
        nearest: () => null,
        title: () => title,
        retitle: () => true,
        evict: () => undefined,
      },
      summarizer: {
        summarize: async (_items, language) => {
          languages.push(language);
          return { text: '', engine: 'extractive' };
        },
      },
      stories,
      clock: createManualClock(start),
      log: createSilentLogger(),
      lagMs: 3_600_000,
      languageOf: (text) => (/[а-я]/i.test(text) ? 'ru' : 'en'),
    });
    const english = (guid: string) =>
      item(guid, { title: 'Putin and Trump discuss Ukraine by phone', language: 'en', publishedAt: start });
    await pipeline.process(
      items.upsert(
        a,
        [english('e1'), english('e2'), item('r1', { title: r1, language: 'ru', publishedAt: start })],
        start,
      ).changed,
    );
    await pipeline.process(items.upsert(b, [english('e3')], start).changed);
    // Each time the story's summary, then its English version's.
    expect(languages).toEqual(['ru', 'en', 'ru', 'en']);
    // No member has the title's headline any more: the title's own language.
    title = 'Путин и Трамп поговорили';
    await pipeline.process(items.upsert(b, [english('e4')], start).changed);
    expect(languages.slice(-2)).toEqual(['ru', 'en']);
  });

  it('tells a story with a title in no known language in the language most reports are in, and the rest as versions', async () => {
    const { a, items, stories } = twoFeeds();
    const asked: Array<string | null> = [];
    const pipeline = createStoryPipeline({
      analyser: {
        analyse: (one) => ({ ...analyse(one), relevance: { ...analyse(one).relevance, relevant: true } }),
      },
      clusterer: {
        assign: () => ({ storyId: 1, created: !stories.hasStory(1), similarity: 1, duplicateOf: null }),
        nearest: () => null,
        title: () => 'Trump–Putin',
        retitle: () => true,
        evict: () => undefined,
      },
      summarizer: {
        summarize: async (_items, language) => {
          asked.push(language);
          return { text: `In ${language}.`, engine: 'extractive' };
        },
      },
      stories,
      clock: createManualClock(start),
      log: createSilentLogger(),
      lagMs: 3_600_000,
    });
    const reports = [...['d1', 'd2', 'd3'].map((g) => item(g, { title: `Bericht ${g}`, language: 'de' }))];
    reports.push(...['e1', 'e2'].map((g) => item(g, { title: `Report ${g}`, language: 'en' })));
    await pipeline.process(items.upsert(a, reports, start).changed);
    // German, as most reports are; an English chat reads the English reports' version.
    expect(asked).toEqual(['de', 'en']);
    expect(stories.get(1)?.versions?.map((version) => version.language)).toEqual(['en']);
  });

  it("tells the story again in each digest language its reports are in, other than its title's", async () => {
    const { a, b, items, stories } = twoFeeds();
    let title = 'Putin and Trump discuss Ukraine by phone';
    const versionCalls: string[] = [];
    const pipeline = createStoryPipeline({
      analyser: {
        analyse: (one) => ({ ...analyse(one), relevance: { ...analyse(one).relevance, relevant: true } }),
      },
      clusterer: {
        assign: (_id, _item, _analysis) => ({
          storyId: 1,
          created: !stories.hasStory(1),
          similarity: 1,
          duplicateOf: null,
        }),
        nearest: () => null,
        title: () => title,
        retitle: () => true,
        evict: () => undefined,
      },
      summarizer: {
        summarize: async (_items, language) => ({ text: `In ${language}.`, engine: 'llm' }),
      },
      // Each version from its own language's reports only.
      versionSummarizer: {
        summarize: async (given, language) => {
          versionCalls.push(`${language}: ${given.map((one) => one.language).join(' ')}`);
          return { text: `Only ${language}.`, engine: 'extractive' };
        },
      },
      titleAmong,
      stories,
      clock: createManualClock(start),
      log: createSilentLogger(),
      lagMs: 3_600_000,
    });
    const report = (guid: string, title: string, language: string) =>
      item(guid, { title, language, publishedAt: start });
    await pipeline.process(
      items.upsert(
        a,
        [
          report('e1', 'Putin and Trump discuss Ukraine by phone', 'en-GB'),
          report('u1', 'LIVE: Путін і Трамп поговорили телефоном', 'uk'),
          report('u2', 'Путін і Трамп поговорили телефоном про Україну', 'uk'),
          report('d1', 'Putin und Trump telefonieren', 'de'),
        ],
        start,
      ).changed,
    );
    const told = stories.get(1);
    expect(told).toMatchObject({ title: 'Putin and Trump discuss Ukraine by phone', summary: 'In en-GB.' });
    // Ukrainian (a whole headline, not the live one), no German: digests are in en, ru and uk.
    expect(told?.versions).toEqual([
      { language: 'uk', title: 'Путін і Трамп поговорили телефоном про Україну', summary: 'Only uk.' },
    ]);
    expect(versionCalls).toEqual(['uk: uk uk']);
    await pipeline.process(
      items.upsert(b, [report('r1', 'Путин и Трамп поговорили по телефону', 'ru')], start).changed,
    );
    expect(stories.get(1)?.versions?.map((version) => version.language)).toEqual(['ru', 'uk']);
    // A title in no known language: the story is told in the one most reports are in (Ukrainian).
    title = 'Trump–Putin';
    await pipeline.process(items.upsert(b, [report('u3', 'Трамп і Путін', 'ua')], start).changed);
    expect(stories.get(1)?.versions?.map((version) => version.language)).toEqual(['en', 'ru']);
  });

  it('starts a story again when retention deleted it while the clusterer still held it', async () => {
    const { a, b, db, items, stories } = twoFeeds();
    const clock = createManualClock(start + 9 * day);
    const pipeline = createStoryPipeline({
      analyser: { analyse: (one) => analyseItem(one, shippedLexicon, shippedTopics) },
      clusterer: createStoryClusterer({ ...defaultClusterOptions }),
      summarizer: { summarize: async () => ({ text: '', engine: 'extractive' }) },
      stories,
      clock,
      log: createSilentLogger(),
      lagMs: 3_600_000,
    });
    const summary =
      'Israel and Hezbollah agreed to a ceasefire in Lebanon brokered by the United States and France.';
    const report = (guid: string, title: string, at: number) =>
      item(guid, { title, summary, publishedAt: at });
    const first = await pipeline.process(
      items.upsert(a, [report('a-1', 'Israel and Hezbollah agree ceasefire in Lebanon', start)], clock.now())
        .changed,
    );
    // First seen nine days after its date, the report counts two days after it (lateGraceMs).
    const cutoff = start + 3 * day;
    await createPruner(db).prune(cutoff, { unreadBefore: cutoff, agedBefore: cutoff });
    expect(stories.count()).toBe(0);
    const second = await pipeline.process(
      items.upsert(
        b,
        [report('b-1', 'Israel, Hezbollah agree Lebanon ceasefire', start + 3_600_000)],
        clock.now(),
      ).changed,
    );
    expect(second.stories).toEqual(first.stories);
    expect(stories.get(second.stories[0] as number)?.items.map((member) => member.title)).toEqual([
      'Israel, Hezbollah agree Lebanon ceasefire',
    ]);
  });

  it('with a horizon of the window alone, the second report of a days-old story starts another', async () => {
    const stories = await backlog(72 * 3_600_000);
    expect(new Set(stories).size).toBe(2);
  });
});

describe('story pipeline relevance by story membership', () => {
  /** Three reports from two feeds: talks, a weaker report of the same meeting, other news of the same country. */
  async function run(withRule: boolean) {
    const { a, b, items, stories } = twoFeeds();
    const talks = items.upsert(
      a,
      [
        item('a-talks', {
          title: 'Iran and IAEA agree to resume talks on inspections',
          summary:
            'Iran and the International Atomic Energy Agency agreed in Vienna on Tuesday to resume talks on the return of inspectors to Iranian nuclear sites.',
          publishedAt: start,
        }),
      ],
      start,
    ).changed;
    const others = items.upsert(
      b,
      [
        item('b-grossi', {
          title: 'IAEA chief Grossi meets Iranian officials on inspections',
          summary:
            'Rafael Grossi met Iranian officials in Vienna on Tuesday about the return of inspectors to Iranian nuclear sites.',
          publishedAt: start + 30 * 60_000,
        }),
        item('b-metro', {
          title: 'Iran opens new metro line in Tehran',
          summary:
            'Iran opened a new metro line in Tehran on Tuesday, officials said, after talks with the contractor.',
          publishedAt: start + 60 * 60_000,
        }),
      ],
      start,
    ).changed;
    const pipeline = createStoryPipeline({
      analyser: { analyse: (one) => analyseItem(one, shippedLexicon, shippedTopics) },
      clusterer: createStoryClusterer({ ...defaultClusterOptions }),
      summarizer: {
        summarize: async (members) => ({ text: summarizeExtractive(members).text, engine: 'extractive' }),
      },
      stories,
      clock: createManualClock(start + day),
      log: createSilentLogger(),
      lagMs: 3_600_000,
      ...(withRule ? { byStory: storyMembershipRule(shippedLexicon.spec) } : {}),
    });
    const changed = [...talks, ...others];
    const result = await pipeline.process(changed);
    const [grossi, metro] = others.map((change) => change.id) as [number, number];
    return { result, stories, grossi, metro, items, pipeline, a, talks };
  }

  it('puts a weaker report of a story about talks in that story, and stores the rule that did it', async () => {
    const { result, stories, grossi, metro } = await run(true);
    expect(result.relevant).toBe(2);
    expect(result.stories).toHaveLength(1);
    const story = stories.get(result.stories[0] as number);
    expect(story?.items.map((member) => member.title).sort()).toEqual([
      'IAEA chief Grossi meets Iranian officials on inspections',
      'Iran and IAEA agree to resume talks on inspections',
    ]);
    expect(stories.analysisOf(grossi)?.relevance.rules.at(-1)).toMatch(/^reports story \d+ about talks/);
    expect(stories.analysisOf(metro)?.relevance.relevant).toBe(false);
  });

  it('does not make an updated item relevant by the story it is already in', async () => {
    const { stories, items, pipeline, a, talks } = await run(true);
    const [first] = talks;
    // The talks report is edited down to the weaker wording: its own story must not vouch for it.
    const updated = items.upsert(
      a,
      [
        item('a-talks', {
          title: 'IAEA chief Grossi meets Iranian officials on inspections',
          summary: 'Rafael Grossi met Iranian officials in Vienna on Tuesday about the return of inspectors.',
          publishedAt: start,
        }),
      ],
      start + day,
    ).changed;
    expect(updated.map((change) => change.kind)).toEqual(['updated']);
    await pipeline.process(updated);
    const analysis = stories.analysisOf(first?.id as number);
    expect(analysis?.relevance.relevant).toBe(false);
    expect(analysis?.relevance.rules.join('\n')).not.toMatch(/reports story/);
  });

  it('judges each item on its words alone without the rule', async () => {
    const { result, stories, grossi } = await run(false);
    expect(result.relevant).toBe(1);
    expect(stories.analysisOf(grossi)?.relevance.relevant).toBe(false);
  });
});

describe('story pipeline concurrent batches', () => {
  /** Every relevant item joins story 1. */
  function oneStory(): StoryClusterer {
    let made = false;
    return {
      assign: () => {
        const created = !made;
        made = true;
        return { storyId: 1, created, similarity: 1, duplicateOf: null };
      },
      nearest: () => null,
      title: () => null,
      retitle: () => false,
      evict: () => undefined,
    };
  }

  it("stores the summary of every report when two feeds' batches join one story and the first summary is slower", async () => {
    const { a, b, items, stories } = twoFeeds();
    let release = (): void => undefined;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const pipeline = createStoryPipeline({
      analyser: { analyse },
      clusterer: oneStory(),
      summarizer: {
        // The first summary (an LLM near its timeout) comes back after the second.
        summarize: async (members) => {
          calls += 1;
          if (calls === 1) await slow;
          return { text: members.map((member) => member.title).join(' | '), engine: 'llm' };
        },
      },
      stories,
      clock: createManualClock(start),
      log: createSilentLogger(),
      lagMs: 3_600_000,
    });
    const report = (guid: string, title: string, at: number) => item(guid, { title, publishedAt: at });
    const first = pipeline.process(items.upsert(a, [report('a-1', 'Talks in Doha', start)], start).changed);
    const second = pipeline.process(
      items.upsert(b, [report('b-1', 'Talks resume in Doha', start + 60_000)], start).changed,
    );
    await Promise.resolve();
    release();
    await Promise.all([first, second]);
    const story = stories.get(1);
    expect(story?.items).toHaveLength(2);
    expect(story?.summary.split(' | ').sort()).toEqual(['Talks in Doha', 'Talks resume in Doha']);
    expect(story?.updatedAt).toBe(start + 60_000);
  });

  it('a batch arriving while a refresh waits its turn shares that refresh instead of queueing another', async () => {
    const { a, b, items, stories } = twoFeeds();
    let release = (): void => undefined;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const told: string[][] = [];
    const pipeline = createStoryPipeline({
      analyser: { analyse },
      clusterer: oneStory(),
      summarizer: {
        summarize: async (members) => {
          told.push(members.map((member) => member.title));
          if (told.length === 1) await slow;
          return { text: 'summary', engine: 'llm' };
        },
      },
      stories,
      clock: createManualClock(start),
      log: createSilentLogger(),
      lagMs: 3_600_000,
    });
    const report = (guid: string, title: string) => item(guid, { title, publishedAt: start });
    const first = pipeline.process(items.upsert(a, [report('a-1', 'Talks one')], start).changed);
    // The first refresh is running (its summary not back) before the others arrive.
    await new Promise((resolve) => setImmediate(resolve));
    expect(told).toHaveLength(1);
    const later = [
      pipeline.process(items.upsert(b, [report('b-1', 'Talks two')], start).changed),
      pipeline.process(items.upsert(b, [report('b-2', 'Talks three')], start).changed),
    ];
    release();
    await Promise.all([first, ...later]);
    expect(told.map((titles) => titles.length)).toEqual([1, 3]);
  });
});
