/**
 * Article text extraction scored on trafilatura's evaluation pages
 * (../shared/corpora/articles/trafilatura: evaldata.json and cache/*.html).
 * Scoring follows trafilatura's tests/eval_common.py: per snippet, whitespace-normalised substring
 * matching; a "with" snippet found is a true positive, else a false negative; a "without" snippet
 * found is a false positive, else a true negative; a failed extraction counts as finding nothing.
 * Source: https://github.com/adbar/trafilatura/blob/master/tests/eval_common.py
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { htmlCharset } from '../../src/ingest/article-reader.js';
import { extractArticleText } from '../../src/ingest/article-text.js';

type EvalEntry = { file: string; with: string[]; without: string[] };
type Counts = { tp: number; fp: number; fn: number; tn: number };
export type ArticlesEvalResult = {
  pages: number;
  precision: number;
  recall: number;
  f1: number;
  failures: number;
};

const corpusPath = ['corpora', 'articles', 'trafilatura'];

function norm(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function score(entry: EvalEntry, result: string | null, counts: Counts): void {
  const text = result === null ? null : norm(result);
  for (const snippet of entry.with) {
    if (text?.includes(norm(snippet))) counts.tp += 1;
    else counts.fn += 1;
  }
  for (const snippet of entry.without) {
    if (text?.includes(norm(snippet))) counts.fp += 1;
    else counts.tn += 1;
  }
}

function readPage(dir: string, file: string): string | null {
  const path = join(dir, 'cache', file);
  if (!existsSync(path)) return null;
  const body = readFileSync(path);
  return iconv.decode(body, htmlCharset(body, null));
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

export async function runArticlesEval(sharedDir: string): Promise<ArticlesEvalResult> {
  const dir = join(sharedDir, ...corpusPath);
  const empty = { pages: 0, precision: 0, recall: 0, f1: 0, failures: 0 };
  if (!existsSync(join(dir, 'evaldata.json'))) {
    process.stdout.write(`articles: no evaluation data at ${dir} (is ${sharedDir} there?); skipped\n`);
    return empty;
  }
  const evaldata = JSON.parse(readFileSync(join(dir, 'evaldata.json'), 'utf8')) as Record<string, EvalEntry>;
  const counts: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const missing: string[] = [];
  const crashed: string[] = [];
  let pages = 0;
  let nulls = 0;
  let extractionMs = 0;
  for (const [url, entry] of Object.entries(evaldata)) {
    let html: string | null = null;
    try {
      html = readPage(dir, entry.file);
    } catch {
      html = null;
    }
    if (html === null) {
      missing.push(entry.file);
      continue;
    }
    pages += 1;
    const started = performance.now();
    let result: string | null = null;
    try {
      result = extractArticleText(html, url);
    } catch (error) {
      crashed.push(`${entry.file}: ${String(error)}`);
    }
    extractionMs += performance.now() - started;
    if (result === null) nulls += 1;
    score(entry, result, counts);
    if (process.env['PARLEY_EVAL_VERBOSE']) reportPage(entry, result);
  }
  const precision = ratio(counts.tp, counts.tp + counts.fp);
  const recall = ratio(counts.tp, counts.tp + counts.fn);
  const f1 = ratio(2 * precision * recall, precision + recall);
  const lines = [
    `articles (trafilatura eval set): ${pages} pages scored of ${Object.keys(evaldata).length} listed`,
    `  snippets: tp ${counts.tp}  fp ${counts.fp}  fn ${counts.fn}  tn ${counts.tn}`,
    `  precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}  F1 ${f1.toFixed(3)}` +
      `  (published on 990 pages: trafilatura 0.924, readability-lxml 0.826, newspaper 0.71-0.80)`,
    `  no text extracted: ${nulls} pages; time per page ${ratio(extractionMs, pages).toFixed(1)} ms`,
    `  failures: ${missing.length + crashed.length} (${missing.length} listed pages missing from cache/ ` +
      `and left out of the scores, ${crashed.length} extraction errors scored as empty output)`,
    ...crashed.map((line) => `    error ${line}`),
    ...(missing.length > 0 ? [`    missing, e.g.: ${missing.slice(0, 5).join(', ')}`] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return { pages, precision, recall, f1, failures: missing.length + crashed.length };
}

function reportPage(entry: EvalEntry, result: string | null): void {
  const text = result === null ? '' : norm(result);
  const lost = entry.with.filter((snippet) => !text.includes(norm(snippet)));
  const leaked = entry.without.filter((snippet) => text.includes(norm(snippet)));
  if (lost.length === 0 && leaked.length === 0) return;
  process.stdout.write(`  ${entry.file}${result === null ? ' (null)' : ''}\n`);
  for (const snippet of lost) process.stdout.write(`    lost   ${JSON.stringify(snippet)}\n`);
  for (const snippet of leaked) process.stdout.write(`    leaked ${JSON.stringify(snippet)}\n`);
}
