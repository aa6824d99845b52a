/**
 * The per-suite bookkeeping of the parser corpus run: what ran, what parsed, what was refused or
 * crashed against what the source suite expects, the checks, and the failures with their reasons.
 */
import type { DecodedText } from '../../src/ingest/charset.js';
import type { CaseOutcome, Expectation } from './corpora-case.js';

export type Tally = { right: number; total: number };
export type Failure = { kind: string; file: string; detail: string };

export type SuiteReport = {
  suite: string;
  files: number;
  parsed: number;
  /** Expected a feed but got a rejection, or accepted a document that is not a feed by design. */
  failed: number;
  crashes: number;
  checks: Tally;
  checksByKind: Record<string, Tally>;
  /** Figures printed for information only, outside the checks column. */
  informative: Record<string, Tally>;
  /** Explicit categories (not a feed by design, not checkable, …) with counts. */
  categories: Record<string, number>;
  failures: Failure[];
  slowest: { file: string; ms: number } | null;
};

export function createSuite(suite: string): SuiteReport {
  return {
    suite,
    files: 0,
    parsed: 0,
    failed: 0,
    crashes: 0,
    checks: { right: 0, total: 0 },
    checksByKind: {},
    informative: {},
    categories: {},
    failures: [],
    slowest: null,
  };
}

export function countCategory(report: SuiteReport, label: string, by = 1): void {
  report.categories[label] = (report.categories[label] ?? 0) + by;
}

/** Many torture cases open with a comment that holds markup; a wrong root element there deserves a pointer. */
function commentHint(decoded: DecodedText | null): string {
  const opensWithComment = /^\s*(?:<\?xml[^>]*\?>\s*)?<!--/.test(decoded?.text.slice(0, 512) ?? '');
  return opensWithComment ? ' (the document opens with a <!-- comment --> before its root)' : '';
}

export function recordRun(
  report: SuiteReport,
  file: string,
  expectation: Expectation,
  outcome: CaseOutcome,
): void {
  report.files += 1;
  if (report.slowest === null || outcome.ms > report.slowest.ms) report.slowest = { file, ms: outcome.ms };
  if (outcome.kind === 'parsed') {
    report.parsed += 1;
    if (expectation === 'reject') {
      report.failed += 1;
      report.failures.push({
        kind: 'accepted a document that is not a feed',
        file,
        detail: outcome.feed.format,
      });
    }
    return;
  }
  if (outcome.kind === 'crash') {
    report.crashes += 1;
    report.failures.push({ kind: `CRASH ${outcome.reason}`, file, detail: outcome.reason });
    return;
  }
  if (outcome.internal) countCategory(report, 'rejections wrapping a library TypeError/RangeError');
  if (expectation === 'feed') {
    report.failed += 1;
    report.failures.push({
      kind: outcome.reason,
      file,
      detail: outcome.reason.includes('root element')
        ? `${outcome.reason}${commentHint(outcome.decoded)}`
        : outcome.reason,
    });
  }
}

/**
 * A check that could not run because the document was refused is counted wrong; it is listed once,
 * with the refusal, unless that refusal is already listed as the case's failure.
 */
export function recordCheck(
  report: SuiteReport,
  file: string,
  kind: string,
  ok: boolean,
  detail: string,
): void {
  tallyOne(report.checksByKind, kind, ok);
  report.checks.total += 1;
  if (ok) report.checks.right += 1;
  else if (!detail.startsWith(notParsedPrefix))
    report.failures.push({ kind: `${kind} differs`, file, detail });
  else if (report.failures.at(-1)?.file !== file) {
    report.failures.push({ kind: `${kind} not checked, document refused`, file, detail });
  }
}

const notParsedPrefix = 'not parsed';

/** The detail of a check on a case that did not parse. */
export function notParsed(outcome: CaseOutcome): string {
  return outcome.kind === 'parsed' ? notParsedPrefix : `${notParsedPrefix}: ${outcome.reason}`;
}

export function recordInformative(
  report: SuiteReport,
  file: string,
  kind: string,
  ok: boolean,
  detail: string,
): void {
  tallyOne(report.informative, kind, ok);
  if (!ok) report.failures.push({ kind: `(info) ${kind} differs`, file, detail });
}

function tallyOne(tallies: Record<string, Tally>, kind: string, ok: boolean): void {
  const tally = tallies[kind] ?? { right: 0, total: 0 };
  tallies[kind] = tally;
  tally.total += 1;
  if (ok) tally.right += 1;
}
