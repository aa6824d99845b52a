/**
 * Single-document ROUGE on summaries/bbc-news-summary-100 (100 BBC articles with extractive reference
 * summaries, one sentence per line) and the check of our ROUGE against pltrdy/rouge's fixture.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeExtractive, summaryLimits } from '../../src/analysis/summary.js';
import { averageRouge, type RougeAverage, type RougeScore, rougeN } from './summary-rouge.js';

export type BbcResult = {
  articles: number;
  bySentences: { parley: RougeAverage; lead: RougeAverage };
  byChars: { parley: RougeAverage; lead: RougeAverage };
  /** Parley's own limits (3 sentences, 400 characters) against Lead-3 within 400 characters. */
  byDefaults: { parley: RougeAverage; lead: RougeAverage };
};

export type FixtureCheck = { cases: number; maxDifference: number; passed: boolean };

type Article = { title: string; body: string[]; reference: string[] };

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function readArticles(dir: string): Article[] {
  const articles: Article[] = [];
  for (const topic of readdirSync(join(dir, 'article')).sort()) {
    for (const file of readdirSync(join(dir, 'article', topic)).sort()) {
      const summaryPath = join(dir, 'summary', topic, file);
      if (!existsSync(summaryPath)) continue;
      const [title = '', ...body] = lines(readFileSync(join(dir, 'article', topic, file), 'utf8'));
      articles.push({ title, body, reference: lines(readFileSync(summaryPath, 'utf8')) });
    }
  }
  return articles;
}

function summarize(article: Article, maxSentences: number, maxChars: number): string {
  const item = {
    title: article.title,
    summary: '',
    content: article.body.join('\n'),
    language: 'en',
    publishedAt: 0,
  };
  return summarizeExtractive([item], { maxSentences, maxChars }).text;
}

/** The article's first sentences: `count` of them, or as many whole ones as fit in `maxChars`. */
function lead(article: Article, count: number, maxChars: number): string {
  const chosen: string[] = [];
  let used = 0;
  for (const sentence of article.body) {
    const cost = sentence.length + (chosen.length > 0 ? 1 : 0);
    if (chosen.length === count || used + cost > maxChars) break;
    chosen.push(sentence);
    used += cost;
  }
  return chosen.join(' ');
}

/**
 * ROUGE-1/2 of Parley's extractive summary and of Lead-k at matched lengths: the reference's number
 * of sentences (no character limit); the reference's length in characters (whole sentences that fit;
 * Lead stops at the first sentence that does not); and Parley's defaults, 3 sentences in 400
 * characters. Parley may return fewer sentences than allowed (it leaves out weak filler).
 */
export function bbcRouge(sharedDir: string): BbcResult | null {
  const dir = join(sharedDir, 'corpora', 'summaries', 'bbc-news-summary-100', 'corpus');
  if (!existsSync(join(dir, 'article'))) return null;
  const articles = readArticles(dir);
  const pairs = (make: (article: Article) => string) =>
    articles.map((article) => ({ candidate: make(article), reference: article.reference.join(' ') }));
  const sentencesOf = (article: Article) => article.reference.length;
  const charsOf = (article: Article) => article.reference.join(' ').length;
  return {
    articles: articles.length,
    bySentences: {
      parley: averageRouge(pairs((a) => summarize(a, sentencesOf(a), Number.POSITIVE_INFINITY))),
      lead: averageRouge(pairs((a) => lead(a, sentencesOf(a), Number.POSITIVE_INFINITY))),
    },
    byChars: {
      parley: averageRouge(pairs((a) => summarize(a, Number.POSITIVE_INFINITY, charsOf(a)))),
      lead: averageRouge(pairs((a) => lead(a, Number.POSITIVE_INFINITY, charsOf(a)))),
    },
    byDefaults: {
      parley: averageRouge(pairs((a) => summarize(a, summaryLimits.maxSentences, summaryLimits.maxChars))),
      lead: averageRouge(pairs((a) => lead(a, summaryLimits.maxSentences, summaryLimits.maxChars))),
    },
  };
}

type FixtureCase = { hyp: string; ref: string; scores: Record<string, RougeScore> };

function isFixtureCase(value: unknown): value is FixtureCase {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  return (
    typeof row['hyp'] === 'string' && typeof row['ref'] === 'string' && typeof row['scores'] === 'object'
  );
}

/** Our ROUGE-1/2 in pltrdy mode against the F/P/R values pltrdy/rouge's tests expect. */
export function checkRougeFixture(sharedDir: string): FixtureCheck | null {
  const path = join(sharedDir, 'corpora', 'summaries', 'rouge-fixture-pltrdy', 'tests', 'data.json');
  if (!existsSync(path)) return null;
  const rows: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const cases = Array.isArray(rows) ? rows.filter(isFixtureCase) : [];
  let maxDifference = 0;
  for (const row of cases) {
    for (const n of [1, 2]) {
      const expected = row.scores[`rouge-${n}`];
      if (expected === undefined) continue;
      const got = rougeN(row.hyp, row.ref, n, 'pltrdy');
      for (const key of ['f', 'p', 'r'] as const) {
        maxDifference = Math.max(maxDifference, Math.abs(got[key] - expected[key]));
      }
    }
  }
  return { cases: cases.length, maxDifference, passed: cases.length > 0 && maxDifference < 1e-9 };
}
