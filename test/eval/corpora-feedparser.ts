/**
 * kurtmckee/feedparser's ~2,100 cases, one report per top folder (wellformed, illformed, encoding,
 * entities, json). Well-formed cases must parse (most test elements Parley ignores, so parsing
 * without error is the measure there); ill-formed and entity cases may parse or be refused but must
 * not crash; the simple title / link / description equalities of the other folders are checked.
 */
import { join, sep } from 'node:path';
import {
  type CaseOutcome,
  type Expectation,
  listFiles,
  quote,
  readBody,
  runCase,
  sameText,
} from './corpora-case.js';
import {
  type CaseHeader,
  type Clause,
  parseExpect,
  readHeader,
  sameCharset,
  type Target,
} from './corpora-expect.js';
import {
  countCategory,
  createSuite,
  notParsed,
  recordCheck,
  recordInformative,
  recordRun,
  type SuiteReport,
} from './corpora-suite.js';

/** CDF (Microsoft's Channel Definition Format, root <CHANNEL>) is neither RSS nor Atom. */
function isCdf(body: Uint8Array): boolean {
  return /^<CHANNEL[\s>]/m.test(new TextDecoder('latin1').decode(body.subarray(0, 4096)));
}

function expectationFor(group: string, expect: string | null, cdf: boolean): Expectation {
  const notBozo = expect?.startsWith('not bozo') ?? false;
  if (group === 'wellformed') return cdf || expect?.startsWith('bozo') ? 'either' : 'feed';
  if (group === 'encoding' || group === 'json') return notBozo ? 'feed' : 'either';
  return 'either';
}

function targetValue(outcome: CaseOutcome, target: Target): string | null {
  if (outcome.kind !== 'parsed') return null;
  if (target.scope === 'feed') return target.field === 'link' ? outcome.feed.link : outcome.feed.title;
  const item = outcome.feed.items[target.index];
  if (item === undefined) return null;
  if (target.field === 'link') return item.link;
  return target.field === 'title' ? item.title : item.summaryHtml;
}

function targetName(target: Target): string {
  return `${target.scope} ${target.field}`;
}

function checkLabel(
  report: SuiteReport,
  file: string,
  outcome: CaseOutcome,
  header: CaseHeader,
  label: string,
): void {
  const contentType = header.contentType ?? '';
  // RFC 3023 §3.1 made text/* without charset us-ascii; RFC 7303 §3 (2014) dropped that rule.
  const rfc3023 = /^text\//i.test(contentType) && !/charset\s*=/i.test(contentType);
  const kind = rfc3023 ? 'encoding label (RFC 3023 text/* default)' : 'encoding label';
  const got = outcome.decoded?.encoding ?? 'none';
  const detail = `got ${got} (${outcome.decoded?.source ?? '-'}), expected ${label}; Content-Type ${quote(contentType)}`;
  recordInformative(report, file, kind, sameCharset(got, label), detail);
}

function checkClause(report: SuiteReport, file: string, outcome: CaseOutcome, clause: Clause): void {
  const parsed = outcome.kind === 'parsed';
  if (clause.kind === 'count') {
    const got = parsed ? outcome.feed.items.length : null;
    recordCheck(
      report,
      file,
      'item count',
      got === clause.n,
      parsed ? `got ${got}, expected ${clause.n}` : notParsed(outcome),
    );
  } else if (clause.kind === 'equals') {
    const got = targetValue(outcome, clause.target);
    const detail = parsed ? `got ${quote(got)}, expected ${quote(clause.literal)}` : notParsed(outcome);
    recordCheck(
      report,
      file,
      targetName(clause.target),
      got !== null && sameText(got, clause.literal),
      detail,
    );
  }
}

function evaluate(report: SuiteReport, file: string, outcome: CaseOutcome, header: CaseHeader): void {
  const clauses = header.expect === null ? null : parseExpect(header.expect);
  if (clauses === null) {
    countCategory(report, 'not checkable (beyond simple title/link/description/len equality)');
    return;
  }
  const checkable = clauses.filter((clause) => clause.kind === 'equals' || clause.kind === 'count');
  if (checkable.length === 0) countCategory(report, 'nothing checkable besides bozo, "1" or encoding');
  for (const clause of clauses) {
    if (clause.kind === 'encoding') checkLabel(report, file, outcome, header, clause.label);
    else checkClause(report, file, outcome, clause);
  }
}

export async function runFeedparserSuites(root: string): Promise<SuiteReport[]> {
  const dir = join(root, 'feedparser', 'tests');
  const reports = new Map<string, SuiteReport>();
  for (const file of listFiles(dir)) {
    const group = file.split(sep)[0] ?? '';
    const report = reports.get(group) ?? createSuite(`feedparser/${group}`);
    reports.set(group, report);
    const { body } = readBody(join(dir, file));
    const header = readHeader(body);
    const cdf = isCdf(body);
    if (cdf) countCategory(report, 'CDF, not RSS/Atom (may parse or be refused)');
    const outcome = await runCase(body, header.contentType);
    recordRun(report, file, expectationFor(group, header.expect, cdf), outcome);
    if (group !== 'wellformed') evaluate(report, file, outcome, header);
  }
  const order = ['wellformed', 'illformed', 'encoding', 'entities', 'json'];
  return [...reports.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([, report]) => report);
}
