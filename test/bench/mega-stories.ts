/**
 * `npm run bench -- mega [items]`: one story that keeps growing (a long-running story, or a feed that
 * repeats one headline). Clustering: one story of N distinct headlines (default 20,000), the time of
 * each add and the story's term centroid. Refresh: the story pipeline over real SQLite with the
 * extractive summariser, the time of one refresh as the story grows to 4,000 items. Everything runs on
 * the event loop that answers chat commands, so a slow add or refresh stalls the bot.
 */
import { createStoryIndex, defaultClusterOptions } from '../../src/analysis/cluster.js';
import { summarizeExtractive } from '../../src/analysis/summary.js';
import type { AnalysableItem, ItemAnalysis } from '../../src/domain/analysis.js';
import type { StoryClusterer } from '../../src/domain/ports.js';
import { createStoryPipeline } from '../../src/scheduler/story-pipeline.js';
import { createManualClock } from '../../src/shared/clock.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { openDatabase } from '../../src/storage/database.js';
import { createFeedStore } from '../../src/storage/feed-store.js';
import { createItemStore } from '../../src/storage/item-store.js';
import { createStoryStore } from '../../src/storage/story-store.js';
import { seededRandom } from '../support/seeded-random.js';

const write = (line: string) => process.stdout.write(`${line}\n`);
const start = Date.UTC(2026, 0, 10);
const CORE = ['ceasefir', 'talk', 'doha', 'negoti', 'hostag', 'truce', 'mediat', 'deal'];

/** A word of its own for every index: headlines that never repeat. */
function word(index: number): string {
  let out = '';
  for (let n = index + 4096; n > 0; n >>= 4) out += `${'bcdfghklmnprstvz'[n & 15]}${'aoie'[n & 3]}`;
  return out;
}

/**
 * One story of `count` distinct headlines, each bringing a few words of its own: seeded into the story
 * (as the index is rebuilt at start, and as a matching item joins), then items matched against it.
 */
function clusterOne(count: number): void {
  const index = createStoryIndex(defaultClusterOptions);
  const random = seededRandom(11);
  // Later reports bring words no earlier one used (a 1M-word range each): no luck hitting the tail.
  const fresh = (later: boolean) => word(Math.floor(random() * 1_000_000) + (later ? 1_000_000 : 0));
  const item = (id: number) => {
    const later = id >= count;
    const titleTerms = [...CORE.slice(0, 4), fresh(later), fresh(later)];
    const leadTerms = [...CORE, ...Array.from({ length: 6 }, () => fresh(later))];
    return {
      id,
      publishedAt: start + id * 10_000,
      title: titleTerms.join(' '),
      titleTerms,
      leadTerms,
      tokens: [...titleTerms, ...leadTerms],
      entities: ['qatar', 'hamas', 'israel'],
      language: 'en',
    };
  };
  const chunk = 5_000;
  const chunks: Array<{ total: number; max: number }> = [];
  for (let id = 0; id < count; id++) {
    const at = performance.now();
    index.seed(item(id), 1, 0.5);
    const ms = performance.now() - at;
    if (id % chunk === 0) chunks.push({ total: 0, max: 0 });
    const last = chunks[chunks.length - 1] as { total: number; max: number };
    last.total += ms;
    last.max = Math.max(last.max, ms);
  }
  let maxAdd = 0;
  let joined = 0;
  for (let id = count; id < count + 200; id++) {
    const at = performance.now();
    if (index.add(item(id)).storyId === 1) joined++;
    maxAdd = Math.max(maxAdd, performance.now() - at);
  }
  const stats = index.stats();
  write(`clustering: one story of ${count} distinct headlines (seeded), then 200 adds`);
  chunks.forEach((c, i) => {
    write(
      `  members ${i * chunk}–${(i + 1) * chunk}: mean ${(c.total / chunk).toFixed(3)} ms/seed, max ${c.max.toFixed(1)} ms`,
    );
  });
  write(`  200 adds after: ${joined} joined the story, max ${maxAdd.toFixed(1)} ms`);
  write(`  window vocabulary at the end: ${stats.vocabulary} terms, index ≈ ${stats.bytesEstimate} B`);
}

const analyse = (): ItemAnalysis => ({
  relevance: { relevant: true, score: 5, threshold: 3, matches: [], rules: [] },
  topics: [{ topic: 'gaza', score: 1, matches: [] }],
  entities: [],
});

/** Every item joins story 1. */
function oneStory(): StoryClusterer {
  let created = false;
  return {
    assign: () => {
      const first = !created;
      created = true;
      return { storyId: 1, created: first, similarity: 0.5, duplicateOf: null };
    },
    nearest: () => null,
    title: () => null,
    retitle: () => false,
    evict: () => undefined,
  };
}

function report(n: number, random: () => number) {
  const place = word(Math.floor(random() * 5_000));
  const envoy = word(Math.floor(random() * 5_000));
  return {
    title: `Ceasefire talks in Doha enter day ${n} as ${place} envoys meet`,
    content:
      `Negotiators met in Doha on day ${n} to discuss the ceasefire and the release of hostages. ` +
      `Mediators from Qatar and Egypt said the ${place} delegation brought a new proposal. ` +
      `Envoy ${envoy} told reporters that the talks would continue on Sunday. ` +
      `The previous round ended without agreement on the sequence of the exchange.`,
  };
}

async function refreshes(sizes: readonly number[]): Promise<void> {
  const db = openDatabase(':memory:');
  const feeds = createFeedStore(db);
  feeds.syncSources([{ url: 'https://a.example/rss', name: 'Outlet A', language: 'en', fullText: false }]);
  const [feedId] = feeds.list().map((feed) => feed.id) as [number];
  const items = createItemStore(db);
  const stories = createStoryStore(db);
  let summarised = 0;
  const pipeline = createStoryPipeline({
    analyser: { analyse },
    clusterer: oneStory(),
    summarizer: {
      summarize: async (members: readonly AnalysableItem[], language) => {
        summarised = members.length;
        return { text: summarizeExtractive(members, { language }).text, engine: 'extractive' };
      },
    },
    stories,
    clock: createManualClock(start),
    log: createSilentLogger(),
    lagMs: 3_600_000,
  });
  const random = seededRandom(5);
  let n = 0;
  const add = async (count: number) => {
    const batch = Array.from({ length: count }, () => {
      n++;
      return {
        guid: null,
        url: `https://a.example/${n}`,
        ...report(n, random),
        summary: `Talks in Doha, day ${n}.`,
        publishedAt: start + n * 60_000,
        publishedAtFromFeed: true,
        language: 'en',
        author: null,
        dedupeKey: `k${n}`,
      };
    });
    const changed = items.upsert(feedId, batch, start + n * 60_000).changed;
    const at = performance.now();
    await pipeline.process(changed, 'Outlet A');
    return performance.now() - at;
  };
  write('refresh of one growing story (one new item, then its refresh):');
  for (const size of sizes) {
    while (n < size - 1) await add(Math.min(250, size - 1 - n));
    const ms = await add(1);
    write(`  ${size} items: ${ms.toFixed(1)} ms, the summariser read ${summarised} items`);
  }
  db.close();
}

export async function runMegaBench(args: readonly string[]): Promise<void> {
  const count = Number(args[0] ?? 20_000);
  clusterOne(count);
  await refreshes([250, 1_000, 2_000, 4_000]);
}
