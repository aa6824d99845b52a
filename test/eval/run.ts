/**
 * `npm run eval [-- suite…]`: quality figures measured on real public material in ../shared/corpora.
 * Suites: corpora (feed parser torture suites), articles (article text extraction).
 * The material is not part of the repository; when it is absent each suite says so and is skipped.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { runAnalysisEval } from './analysis.js';
import { runArticlesEval } from './articles.js';
import { runCorpora } from './corpora.js';
import { runSummariesEval } from './summaries.js';

const suites: Record<string, (sharedDir: string) => Promise<unknown>> = {
  corpora: runCorpora,
  articles: runArticlesEval,
  analysis: runAnalysisEval,
  summaries: runSummariesEval,
};

async function main(): Promise<void> {
  const sharedDir = resolve(process.env['PARLEY_SHARED'] ?? resolve(process.cwd(), '..', 'shared'));
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in suites));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}\n`,
    );
    process.exitCode = 2;
    return;
  }
  if (!existsSync(resolve(sharedDir, 'corpora'))) {
    process.stdout.write(
      `shared corpora not found at ${sharedDir}/corpora: nothing to evaluate (set PARLEY_SHARED)\n`,
    );
    return;
  }
  for (const name of wanted.length > 0 ? wanted : Object.keys(suites)) {
    process.stdout.write(`\n== ${name} ==\n`);
    const started = performance.now();
    await suites[name]?.(sharedDir);
    process.stdout.write(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  }
}

await main();
