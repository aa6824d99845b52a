/**
 * `npm run eval -- replay`: the labelled corpus sets through Parley as it runs, not through the
 * analysis functions alone. Each set's feeds are served on loopback (the news-dumpster items as one
 * RSS feed per outlet), `parley poll --once` reads them with its own fetcher, parser, cleaning,
 * storage and story pipeline, one feed's batch at a time, on a clock set to just after the set's
 * newest item; then the stored verdicts and stories are scored against the labels.
 *
 * PARLEY_REPLAY_DB_DIR=<dir> keeps each set's database there, to look at with `parley stories --db`.
 *
 * The analysis suite scores the same labels on items parsed by the eval's own reader and placed in
 * time order; this suite shows what a user of `parley stories` would have got. Story B³ here is end
 * to end: a gold-relevant item that Parley left out of every story counts as a story of its own.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../src/config/load-config.js';
import { canonicalUrl } from '../../src/ingest/canonical-url.js';
import { openRuntime } from '../../src/main.js';
import { openDatabase } from '../../src/storage/database.js';
import { startFeedServer } from '../fakes/feed-server.js';
import { bcubed, formatPrf, type Prf, topicPrf, verdictPrf } from './analysis-metrics.js';
import { type CorpusItem, type Label, readCorpusSet, readLabels, SETS } from './sets.js';

const DAY = 86_400_000;

/** One served feed: its path on the loopback server, its bytes, and the language the config gives it. */
type ServedFeed = { path: string; body: Buffer; language: string | null };

/** Where a stored item came from, to find its label: the feed's path and the item's link or guid. */
type Stored = { path: string; url: string | null; guid: string | null; title: string };

type Verdict = { relevant: boolean; topics: string[]; story: number | null };

type Row = {
  set: string;
  key: string;
  title: string;
  label: Label;
  language: string | null;
  verdict: Verdict | null;
};

const xmlEscape = (text: string) =>
  text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);

/** A feed set's files as they are, bytes and encodings untouched. */
function feedFiles(dir: string, language: string | null): ServedFeed[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.xml'))
    .sort()
    .map((name) => ({ path: `/${name}`, body: readFileSync(join(dir, name)), language }));
}

/** Items without feed files (a JSON dump): one RSS 2.0 feed per outlet, the item's id as its guid. */
function synthesisedFeeds(items: readonly CorpusItem[]): ServedFeed[] {
  const byOutlet = new Map<string, CorpusItem[]>();
  for (const item of items) {
    const outlet = item.source || 'unknown';
    const members = byOutlet.get(outlet);
    if (members === undefined) byOutlet.set(outlet, [item]);
    else members.push(item);
  }
  return [...byOutlet].map(([outlet, members], n) => {
    const body = members
      .map((item) => {
        const date =
          item.publishedAt === null ? '' : `<pubDate>${new Date(item.publishedAt).toUTCString()}</pubDate>`;
        const link = item.url === null ? '' : `<link>${xmlEscape(item.url)}</link>`;
        const content =
          item.content === null ? '' : `<content:encoded>${xmlEscape(item.content)}</content:encoded>`;
        return `<item><title>${xmlEscape(item.title)}</title>${link}<guid isPermaLink="false">${xmlEscape(item.key)}</guid>${date}<description>${xmlEscape(item.summary)}</description>${content}</item>`;
      })
      .join('\n');
    const language = members.find((item) => item.language !== null)?.language ?? null;
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${xmlEscape(outlet)}</title><link>https://${n}.example/</link>${language === null ? '' : `<language>${language}</language>`}
${body}
</channel></rss>`;
    return { path: `/outlet-${n}.xml`, body: Buffer.from(xml), language: null };
  });
}

/**
 * The corpus items a stored item stands for: those of its feed with its link (and its title, when
 * several titles share the link), else with its title. The ingest keeps one item of each identity, so
 * a feed's repeated entries (labelled one by one) all take the verdict of the one stored.
 */
function keyFinder(items: readonly CorpusItem[], synthesised: boolean) {
  const byLink = new Map<string, CorpusItem[]>();
  const byTitle = new Map<string, CorpusItem[]>();
  const add = (map: Map<string, CorpusItem[]>, key: string, item: CorpusItem) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [item]);
    else list.push(item);
  };
  for (const item of items) {
    const link = item.url === null ? null : canonicalUrl(item.url);
    if (link !== null) add(byLink, `/${item.file}\u0000${link}`, item);
    add(byTitle, `/${item.file}\u0000${item.title}`, item);
  }
  return (stored: Stored): string[] => {
    if (synthesised) return stored.guid === null ? [] : [stored.guid];
    const link = stored.url === null ? null : canonicalUrl(stored.url);
    const linked = link === null ? [] : (byLink.get(`${stored.path}\u0000${link}`) ?? []);
    const titled = linked.filter((item) => item.title === stored.title);
    const found =
      titled.length > 0
        ? titled
        : linked.length > 0
          ? linked
          : (byTitle.get(`${stored.path}\u0000${stored.title}`) ?? []);
    return found.map((item) => item.key);
  };
}

/** In the run's temp folder, or kept as `<set>.db` in PARLEY_REPLAY_DB_DIR (for `parley stories --db`). */
function databasePath(dir: string, name: string): string {
  const keep = process.env['PARLEY_REPLAY_DB_DIR'];
  if (keep === undefined || keep === '') return join(dir, 'replay.db');
  mkdirSync(keep, { recursive: true });
  const path = resolve(keep, `${name}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  return path;
}

/** Polls the served feeds once with the shipped configuration and returns each stored item's verdict. */
async function pollOnce(
  name: string,
  feeds: readonly ServedFeed[],
  window: { oldest: number; newest: number },
): Promise<{ stored: Array<Stored & Verdict>; seconds: number; failed: number }> {
  const server = await startFeedServer();
  const dir = mkdtempSync(join(tmpdir(), 'parley-replay-'));
  try {
    for (const feed of feeds) server.route(feed.path, { body: feed.body, contentType: 'application/xml' });
    const now = window.newest + 3_600_000;
    // Every labelled item is taken: the age limit covers the set (the first poll of a backlog).
    const maxItemAgeDays = Math.ceil((now - window.oldest) / DAY) + 1;
    const list = feeds
      .map(
        (feed) =>
          `    - { url: "${server.url(feed.path)}"${feed.language ? `, language: ${feed.language}` : ''} }`,
      )
      .join('\n');
    const configPath = join(dir, 'parley.yaml');
    // One feed at a time, so that the order of batches (and so the stories) is the same on every run.
    writeFileSync(
      configPath,
      `database: { path: ${databasePath(dir, name)} }
feeds:
  opml: null
  list:
${list}
ingest: { allowPrivateNetworks: true, maxItemAgeDays: ${maxItemAgeDays}, concurrency: 1, perHostInterval: 0ms }
retention: { days: 0 }
log: { level: silent }
`,
    );
    const config = loadConfig({ configPath, env: {}, cwd: process.cwd(), readOpml: () => [] });
    const started = performance.now();
    const clock = { now: () => now + (performance.now() - started) };
    const runtime = openRuntime(config, { logLevel: 'silent', clock });
    let failed = 0;
    try {
      runtime.feeds.syncSources(config.feeds.sources);
      // As a Parley that already followed these feeds: the labels say what each day's feed held as that
      // day's news, undated items too (Meduza's 1970 placeholders), which a first fetch would keep out
      // as backlog (ItemStore.upsert). Read a day before, listing items, their undated items are new.
      const followed = runtime.feeds
        .list()
        .map((feed) => ({ ...feed, lastSuccessAt: now - DAY, lastListed: 1 }));
      const results = await runtime.poller.pollFeeds(followed);
      failed = results.filter((result) => result.outcome === 'failed').length;
    } finally {
      await runtime.close();
    }
    const seconds = (performance.now() - started) / 1000;
    const db = openDatabase(config.database.path);
    try {
      const rows = db
        .prepare<
          [],
          {
            feed: string;
            url: string | null;
            guid: string | null;
            title: string;
            relevant: number | null;
            topics: string | null;
            story: number | null;
          }
        >(
          `SELECT f.url AS feed, i.url, i.guid, i.title, a.relevant, a.topics, m.story_id AS story
           FROM items i JOIN feeds f ON f.id = i.feed_id
           LEFT JOIN item_analysis a ON a.item_id = i.id LEFT JOIN story_items m ON m.item_id = i.id`,
        )
        .all();
      const stored = rows.map((row) => ({
        path: new URL(row.feed).pathname,
        url: row.url,
        guid: row.guid,
        title: row.title,
        relevant: row.relevant === 1,
        topics: (JSON.parse(row.topics ?? '[]') as Array<{ topic: string }>).map((tag) => tag.topic),
        story: row.story,
      }));
      return { stored, seconds, failed };
    } finally {
      db.close();
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Figures = { relevance: Prf; topics: Prf; story: Prf; missing: number };

function score(rows: readonly Row[]): Figures {
  const relevant = rows.filter((row) => row.label.relevant);
  return {
    relevance: verdictPrf(
      rows.map((row) => ({ predicted: row.verdict?.relevant === true, gold: row.label.relevant })),
    ),
    topics: topicPrf(
      relevant.map((row) => ({ gold: row.label.topics, predicted: row.verdict?.topics ?? [] })),
    ),
    story: bcubed(
      relevant.map((row) => (row.label.story === null ? row.key : `${row.set}:${row.label.story}`)),
      relevant.map((row) =>
        row.verdict?.story == null ? `alone:${row.key}` : `story:${row.set}:${row.verdict.story}`,
      ),
    ),
    missing: rows.filter((row) => row.verdict === null).length,
  };
}

function print(name: string, rows: readonly Row[]): Figures {
  const figures = score(rows);
  const { relevance } = figures;
  process.stdout.write(
    `${name.padEnd(34)} n=${rows.length} relevant=${rows.filter((row) => row.label.relevant).length}` +
      (figures.missing > 0 ? ` (${figures.missing} labelled items not stored)` : '') +
      `\n  relevance  ${formatPrf(relevance)} (tp ${relevance.tp}, fp ${relevance.fp}, fn ${relevance.fn})\n` +
      `  topics     ${formatPrf(figures.topics)}\n  stories    end-to-end story B³ ${formatPrf(figures.story)}\n`,
  );
  return figures;
}

/** The dev split's relevance mistakes and the labelled items that were never stored. */
function mistakes(rows: readonly Row[]): void {
  const wrong = rows.filter((row) => row.verdict === null || row.verdict.relevant !== row.label.relevant);
  process.stdout.write(`\nreplay mistakes on the dev split (${wrong.length}):\n`);
  for (const row of wrong) {
    const kind = row.verdict === null ? 'not stored' : row.label.relevant ? 'missed' : 'false+';
    process.stdout.write(`- ${kind} [${row.key.slice(0, 90)}] ${row.title.slice(0, 120)}\n`);
  }
}

export async function runReplayEval(
  sharedDir: string,
  options: { mistakes: boolean } = { mistakes: false },
): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  const all: Row[] = [];
  for (const spec of SETS) {
    const [items, labels] = await Promise.all([readCorpusSet(sharedDir, spec.id), readLabels(spec.id)]);
    if (items === null || labels === null) {
      process.stdout.write(`${spec.id}: material or labels not found (skipped)\n`);
      continue;
    }
    const labelled = items.filter((item) => labels.has(item.key));
    const dates = labelled.map((item) => item.publishedAt).filter((at): at is number => at !== null);
    if (dates.length === 0) continue;
    const synthesised = spec.kind !== 'feeds';
    const feeds = synthesised
      ? synthesisedFeeds(labelled)
      : feedFiles(join(sharedDir, 'corpora', spec.path), spec.language ?? null);
    const { stored, seconds, failed } = await pollOnce(spec.id, feeds, {
      oldest: Math.min(...dates),
      newest: Math.max(...dates),
    });
    const find = keyFinder(items, synthesised);
    const verdicts = new Map<string, Verdict>();
    for (const one of stored) for (const key of find(one)) if (!verdicts.has(key)) verdicts.set(key, one);
    const rows: Row[] = labelled.map((item) => ({
      set: spec.id,
      key: `${spec.id}:${item.key}`,
      title: item.title,
      label: labels.get(item.key) as Label,
      language: item.language,
      verdict: verdicts.get(item.key) ?? null,
    }));
    process.stdout.write(
      `(${spec.id}: ${feeds.length} feeds polled in ${seconds.toFixed(1)} s, ${failed} failed; ${stored.length} items stored)\n`,
    );
    for (const split of ['dev', 'holdout'] as const)
      results[`${spec.id}/${split}`] = print(
        `${spec.id} [${split}]`,
        rows.filter((row) => row.label.split === split),
      );
    all.push(...rows);
  }
  process.stdout.write('\n');
  for (const split of ['dev', 'holdout'] as const)
    results[`all/${split}`] = print(
      `ALL [${split}]`,
      all.filter((row) => row.label.split === split),
    );
  for (const language of ['en', 'ru'])
    results[`all/${language}`] = print(
      `ALL language=${language}`,
      all.filter((row) => row.language === language),
    );
  // Only the dev split is listed: the held-out split stays unseen while tuning.
  if (options.mistakes) mistakes(all.filter((row) => row.label.split === 'dev'));
  return results;
}
