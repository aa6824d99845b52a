/**
 * The parser corpus run: Parley's feed decoding and parsing (src/ingest/charset.ts, feed-parser.ts)
 * over the public torture suites in <shared>/corpora/parsers (see corpora/README.md there).
 * Prints a table (suite | files | parsed | failed | crashes | checks) and the failure reasons per
 * suite; returns the same numbers. Run through `npm run eval -- corpora`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runFeedparserSuites } from './corpora-feedparser.js';
import { runFeedRsSuite, runGofeedSuite, runRssParserSuite } from './corpora-golden.js';
import { runMinifluxSuite } from './corpora-miniflux.js';
import { runNodeFeedparserSuite } from './corpora-node-feedparser.js';
import { formatDetails, formatTable } from './corpora-print.js';
import { createSuite, type SuiteReport } from './corpora-suite.js';

export type { SuiteReport } from './corpora-suite.js';

export type CorporaReport = {
  skipped: boolean;
  path: string;
  seconds: number;
  suites: SuiteReport[];
  total: SuiteReport;
};

type SuiteRunner = (root: string) => Promise<SuiteReport | SuiteReport[]>;

const runners: [folder: string, run: SuiteRunner][] = [
  ['rss-parser', runRssParserSuite],
  ['feed-rs', runFeedRsSuite],
  ['gofeed', runGofeedSuite],
  ['node-feedparser', runNodeFeedparserSuite],
  ['miniflux', runMinifluxSuite],
  ['feedparser', runFeedparserSuites],
];

function sumSuites(suites: SuiteReport[]): SuiteReport {
  const total = createSuite('total');
  for (const suite of suites) {
    total.files += suite.files;
    total.parsed += suite.parsed;
    total.failed += suite.failed;
    total.crashes += suite.crashes;
    total.checks.right += suite.checks.right;
    total.checks.total += suite.checks.total;
  }
  return total;
}

async function runSuite(root: string, folder: string, run: SuiteRunner): Promise<SuiteReport[]> {
  if (!existsSync(join(root, folder))) {
    const missing = createSuite(folder);
    missing.categories['folder missing: skipped'] = 1;
    return [missing];
  }
  try {
    const result = await run(root);
    return Array.isArray(result) ? result : [result];
  } catch (error) {
    // A defect in this runner, not in the parser: say so instead of losing the other suites.
    const aborted = createSuite(folder);
    aborted.failures.push({ kind: 'runner aborted', file: folder, detail: String(error) });
    return [aborted];
  }
}

export async function runCorpora(sharedDir: string): Promise<CorporaReport> {
  const root = join(sharedDir, 'corpora', 'parsers');
  if (!existsSync(root)) {
    process.stdout.write(`corpora not found at ${root}: skipping\n`);
    return { skipped: true, path: root, seconds: 0, suites: [], total: createSuite('total') };
  }
  const started = performance.now();
  const suites: SuiteReport[] = [];
  for (const [folder, run] of runners) suites.push(...(await runSuite(root, folder, run)));
  const seconds = (performance.now() - started) / 1000;
  const total = sumSuites(suites);
  process.stdout.write(`parser corpora at ${root}: ${total.files} cases in ${seconds.toFixed(1)} s\n\n`);
  process.stdout.write(`${formatTable(suites, total)}\n\n`);
  for (const suite of suites) process.stdout.write(`${formatDetails(suite)}\n\n`);
  return { skipped: false, path: root, seconds, suites, total };
}
