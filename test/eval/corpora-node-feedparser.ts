/**
 * danmactough/node-feedparser's feeds: real-world breakage (non-UTF-8, illegal nesting, duplicate
 * GUIDs, xml:base, gzip bodies, trailing junk). Everything but the HTML page must parse, and
 * nothing may crash. A few checks derived from the files themselves guard the decoding and the
 * bare-`&` repair that DESIGN.md §2 asks of the parser.
 */
import { join } from 'node:path';
import { listFiles, quote, readBody, runCase, sameText } from './corpora-case.js';
import {
  countCategory,
  createSuite,
  notParsed,
  recordCheck,
  recordRun,
  type SuiteReport,
} from './corpora-suite.js';

type Derived = { feedTitle?: string; itemCount?: number };

// Titles read from the files' own bytes under their declared windows-1251 charset; compressed.xml is
// iconv.xml gzipped (its gzip header names it so, and it inflates to the same bytes).
const oren = 'Новости Оренбурга и области / Раздел Новости';
const derived: Record<string, Derived> = {
  'iconv.xml': { feedTitle: oren },
  'compressed.xml': { feedTitle: oren },
  // Three <item>s, the second with a bare `&` in its link.
  'saxerror.xml': { itemCount: 3 },
};

// Spec: https://github.com/danmactough/node-feedparser/blob/master/test/bad.js ("Not a feed")
const notFeeds = new Set(['notafeed.html']);

export async function runNodeFeedparserSuite(root: string): Promise<SuiteReport> {
  const dir = join(root, 'node-feedparser', 'feeds');
  const report = createSuite('node-feedparser');
  for (const file of listFiles(dir)) {
    const { body, gunzipped } = readBody(join(dir, file));
    if (gunzipped) countCategory(report, 'gzip body inflated first (the fetcher does that over HTTP)');
    if (notFeeds.has(file)) countCategory(report, 'not a feed by design');
    const outcome = await runCase(body, null);
    recordRun(report, file, notFeeds.has(file) ? 'reject' : 'feed', outcome);
    const feed = outcome.kind === 'parsed' ? outcome.feed : null;
    const expected = derived[file];
    if (expected?.feedTitle !== undefined) {
      const detail = feed
        ? `got ${quote(feed.title)}, expected ${quote(expected.feedTitle)}`
        : notParsed(outcome);
      recordCheck(
        report,
        file,
        'feed title',
        feed !== null && sameText(feed.title, expected.feedTitle),
        detail,
      );
    }
    if (expected?.itemCount !== undefined) {
      const detail = feed ? `got ${feed.items.length}, expected ${expected.itemCount}` : notParsed(outcome);
      recordCheck(report, file, 'item count', feed?.items.length === expected.itemCount, detail);
    }
  }
  return report;
}
