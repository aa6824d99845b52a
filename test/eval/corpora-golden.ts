/**
 * Suites that ship an expected output per input: rss-parser (output/*.json), feed-rs (*.serde.json)
 * and gofeed (*.json / *_expected.json). Compared: item count, first item title, feed title, where
 * the expectation states them. Their other fields follow each library's own model, not Parley's.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CaseOutcome,
  type Expectation,
  listFiles,
  quote,
  readBody,
  readJsonLenient,
  runCase,
  sameText,
} from './corpora-case.js';
import {
  countCategory,
  createSuite,
  notParsed,
  recordCheck,
  recordRun,
  type SuiteReport,
} from './corpora-suite.js';

type Golden = { itemCount: number | null; firstTitle: string | null; feedTitle: string | null };
type Special = { expectation: Expectation; contentType?: string; category?: string };

function field(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return (value as Record<string, unknown>)[key];
}

function asText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function asList(value: unknown): unknown[] | null {
  return Array.isArray(value) ? value : null;
}

function checkGolden(report: SuiteReport, file: string, outcome: CaseOutcome, golden: Golden): void {
  const feed = outcome.kind === 'parsed' ? outcome.feed : null;
  const miss = notParsed(outcome);
  if (golden.itemCount !== null) {
    const got = feed?.items.length ?? null;
    recordCheck(
      report,
      file,
      'item count',
      got === golden.itemCount,
      feed ? `got ${got}, expected ${golden.itemCount}` : miss,
    );
  }
  // rss-parser's own expected output for uolNoticias.rss is mojibake (U+FFFD): rss-parser cannot decode
  // that ISO-8859-1 feed. An expectation that is itself garbled is not a check of anything.
  if (golden.firstTitle?.includes('\ufffd')) {
    countCategory(report, 'expected output itself garbled (U+FFFD), not checked');
  } else if (golden.firstTitle !== null) {
    const got = feed?.items[0]?.title;
    const detail = feed ? `got ${quote(got)}, expected ${quote(golden.firstTitle)}` : miss;
    recordCheck(report, file, 'first item title', sameText(got, golden.firstTitle), detail);
  }
  if (golden.feedTitle !== null) {
    const got = feed?.title;
    const detail = feed ? `got ${quote(got)}, expected ${quote(golden.feedTitle)}` : miss;
    recordCheck(report, file, 'feed title', sameText(got, golden.feedTitle), detail);
  }
}

async function runOne(
  report: SuiteReport,
  dir: string,
  file: string,
  special: Special | undefined,
): Promise<CaseOutcome> {
  if (special?.category !== undefined) countCategory(report, special.category);
  const outcome = await runCase(readBody(join(dir, file)).body, special?.contentType ?? null);
  recordRun(report, file, special?.expectation ?? 'feed', outcome);
  return outcome;
}

// Spec: https://github.com/rbren/rss-parser/blob/master/test/parser.js
const rssParserSpecial: Record<string, Special> = {
  // 'should throw error for unrecognized': an HTML "Document Moved" page.
  'input/unrecognized.rss': { expectation: 'reject', category: 'not a feed by design' },
  // 'should use proper encoding' serves this file with Content-Type text/xml; charset=latin1.
  'input/encoding.rss': { expectation: 'feed', contentType: 'text/xml; charset=latin1' },
};

export async function runRssParserSuite(root: string): Promise<SuiteReport> {
  const dir = join(root, 'rss-parser', 'test');
  const report = createSuite('rss-parser');
  for (const name of listFiles(join(dir, 'input'))) {
    const file = `input/${name}`;
    const outcome = await runOne(report, dir, file, rssParserSpecial[file]);
    const expectedPath = join(dir, 'output', `${name.replace(/\.[^.]+$/, '')}.json`);
    if (!existsSync(expectedPath)) {
      if (rssParserSpecial[file] === undefined) countCategory(report, 'no expected output (parse only)');
      continue;
    }
    const items = asList(field(field(readJsonLenient(expectedPath), 'feed'), 'items'));
    const firstTitle = asText(field(items?.[0], 'title'));
    checkGolden(report, file, outcome, { itemCount: items?.length ?? null, firstTitle, feedTitle: null });
  }
  return report;
}

// Spec: https://github.com/feed-rs/feed-rs/blob/master/feed-rs/src/parser/rss2/tests.rs (test_invalid_1)
const feedRsSpecial: Record<string, Special> = {
  // feed-rs's XML-reader fixtures: <catalog> documents, not feeds.
  'xml/xml_sample_1.xml': { expectation: 'reject', category: 'not a feed by design' },
  'xml/xml_sample_2.xml': { expectation: 'reject', category: 'not a feed by design' },
  // XML-reader fixture with an un-namespaced <rdf> root: accepting or refusing it are both sound.
  'xml/xml_iso8859.xml': { expectation: 'either', category: 'not a feed by design' },
  // Truncated after <copyright>; feed-rs asserts an error, a salvaged empty feed is harmless too.
  'rss2/rss_2.0_invalid_1.xml': { expectation: 'either', category: 'ill-formed (truncated)' },
};

export async function runFeedRsSuite(root: string): Promise<SuiteReport> {
  const dir = join(root, 'feed-rs', 'fixture');
  const report = createSuite('feed-rs');
  for (const file of listFiles(dir).filter((path) => !path.endsWith('.serde.json'))) {
    const outcome = await runOne(report, dir, file, feedRsSpecial[file]);
    const expectedPath = join(dir, `${file.replace(/\.[^.]+$/, '')}.serde.json`);
    if (!existsSync(expectedPath)) continue;
    const expected = readJsonLenient(expectedPath);
    const entries = asList(field(expected, 'entries'));
    const firstTitle = asText(field(field(entries?.[0], 'title'), 'content'));
    const feedTitle = asText(field(field(expected, 'title'), 'content'));
    checkGolden(report, file, outcome, { itemCount: entries?.length ?? null, firstTitle, feedTitle });
  }
  return report;
}

// Spec: https://github.com/mmcdole/gofeed/blob/master/parser_test.go (TestParser_Parse)
const gofeedSpecial: Record<string, Special> = {
  'parser/universal/unknown_feed.xml': { expectation: 'reject', category: 'not a feed by design' },
  'parser/universal/empty_feed.xml': { expectation: 'reject', category: 'not a feed by design' },
  'parser/universal/invalid.json': { expectation: 'reject', category: 'not a feed by design' },
  'parser/json/invalid/invalid.json': { expectation: 'reject', category: 'not a feed by design' },
};

/** TestParser_Parse states the feed title of the universal cases. */
function gofeedUniversalTitle(file: string): string | null {
  if (!file.startsWith('parser/universal/') || gofeedSpecial[file] !== undefined) return null;
  return file.endsWith('.json') ? 'title' : 'Feed Title';
}

function gofeedExpectedPath(dir: string, file: string): string | null {
  const base = file.replace(/\.[^.]+$/, '');
  const candidate = file.endsWith('.xml') ? `${base}.json` : `${base}_expected.json`;
  return existsSync(join(dir, candidate)) ? join(dir, candidate) : null;
}

function isGofeedInput(dir: string, file: string): boolean {
  if (file.endsWith('.xml')) return true;
  if (!file.endsWith('.json') || file.endsWith('_expected.json')) return false;
  // A .json next to a same-named .xml is that XML case's expected output.
  return !existsSync(join(dir, file.replace(/\.json$/, '.xml')));
}

export async function runGofeedSuite(root: string): Promise<SuiteReport> {
  const dir = join(root, 'gofeed', 'testdata');
  const report = createSuite('gofeed');
  for (const file of listFiles(dir).filter((path) => isGofeedInput(dir, path))) {
    const outcome = await runOne(report, dir, file, gofeedSpecial[file]);
    const expectedPath = gofeedExpectedPath(dir, file);
    const expected = expectedPath === null ? undefined : readJsonLenient(expectedPath);
    const items = asList(field(expected, 'items')) ?? asList(field(expected, 'entries'));
    const golden = {
      itemCount: items?.length ?? null,
      firstTitle: null,
      feedTitle: gofeedUniversalTitle(file),
    };
    if (golden.itemCount === null && golden.feedTitle === null && gofeedSpecial[file] === undefined) {
      countCategory(report, 'no expected output (parse only)');
    }
    checkGolden(report, file, outcome, golden);
  }
  return report;
}
