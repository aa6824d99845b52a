/** The corpus run's stdout: one table row per suite, then per suite its checks and failure reasons. */
import type { SuiteReport, Tally } from './corpora-suite.js';

const maxFailureLines = 15;

function cell(value: string | number, width: number): string {
  return String(value).padStart(width);
}

function ratio(tally: Tally): string {
  return tally.total === 0 ? '-' : `${tally.right}/${tally.total}`;
}

export function formatTable(suites: SuiteReport[], total: SuiteReport): string {
  const width = Math.max(24, ...suites.map((suite) => suite.suite.length));
  const header = `${'suite'.padEnd(width)} | files | parsed | failed | crashes | checks right/total`;
  const rows = [...suites, total].map(
    (suite) =>
      `${suite.suite.padEnd(width)} | ${cell(suite.files, 5)} | ${cell(suite.parsed, 6)} | ${cell(suite.failed, 6)} | ` +
      `${cell(suite.crashes, 7)} | ${cell(ratio(suite.checks), 18)}`,
  );
  const rule = header.replace(/[^|]/g, '-');
  return [header, rule, ...rows.slice(0, -1), rule, ...rows.slice(-1)].join('\n');
}

function tallies(label: string, record: Record<string, Tally>): string | null {
  const parts = Object.entries(record).map(([kind, tally]) => `${kind} ${ratio(tally)}`);
  return parts.length === 0 ? null : `  ${label}: ${parts.join('; ')}`;
}

/** Parser messages vary by line, column and element name; the reason behind them does not. */
function foldReason(kind: string): string {
  return kind.replace(/\d+/g, '#').replace(/<[\w:.#-]+>/g, '<…>');
}

/** Failures grouped by reason with digits and element names folded, most frequent first, one example each. */
function failureLines(suite: SuiteReport): string[] {
  const groups = new Map<string, { count: number; file: string; detail: string }>();
  for (const failure of suite.failures) {
    const key = failure.kind.endsWith('differs') ? failure.kind : foldReason(failure.kind);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { count: 1, file: failure.file, detail: failure.detail });
    else group.count += 1;
  }
  const sorted = [...groups.entries()].sort((a, b) => b[1].count - a[1].count);
  const lines = sorted.slice(0, maxFailureLines).map(([key, group]) => {
    const example = group.detail === key ? group.file : `${group.file}: ${group.detail}`;
    return `    ${String(group.count).padStart(4)}× ${key.slice(0, 110)}\n          e.g. ${example.slice(0, 200)}`;
  });
  const rest = sorted.slice(maxFailureLines);
  if (rest.length > 0) {
    const count = rest.reduce((sum, [, group]) => sum + group.count, 0);
    lines.push(`    … ${rest.length} more reasons (${count} failures)`);
  }
  return lines;
}

export function formatDetails(suite: SuiteReport): string {
  const lines = [`${suite.suite}:`];
  const checks = tallies('checks', suite.checksByKind);
  if (checks !== null) lines.push(checks);
  const info = tallies('informative, not in the table', suite.informative);
  if (info !== null) lines.push(info);
  const categories = Object.entries(suite.categories).map(([label, count]) => `${label} ${count}`);
  if (categories.length > 0) lines.push(`  categories: ${categories.join('; ')}`);
  if (suite.slowest !== null)
    lines.push(`  slowest case: ${suite.slowest.file} ${suite.slowest.ms.toFixed(0)} ms`);
  lines.push(suite.failures.length === 0 ? '  no failures' : `  failures (${suite.failures.length}):`);
  lines.push(...failureLines(suite));
  return lines.join('\n');
}
