/**
 * `npm run eval [-- suite…] [--mistakes dev] [--clusters dev]`: quality figures measured on real public material in
 * ../shared/corpora. Suites: corpora (feed parser torture suites), articles (article text extraction),
 * analysis, probes (written probe sets in test/eval/probes, no corpora needed), headlines (real
 * headlines labelled in test/eval/headlines, texts from PARLEY_HEADLINES), summaries, replay (the
 * analysis suite's labelled sets polled from loopback by Parley itself, see replay.ts), agreement (a second,
 * independent labelling of some sets scored against the first, beside Parley, see agreement.ts), crosslingual
 * (reports of one event in different languages merged or not, see crosslingual.ts). `--mistakes dev` lists the analysis suite's relevance mistakes on the dev split
 * with the terms and rules behind each verdict; `--clusters dev` lists its imperfect predicted stories
 * next to the gold ones. The held-out split's items are never listed.
 * The material is not part of the repository; when it is absent each suite says so and is skipped.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { runAgreementEval } from './agreement.js';
import { runAnalysisEval } from './analysis.js';
import { runArticlesEval } from './articles.js';
import { runCorpora } from './corpora.js';
import { runCrosslingualEval } from './crosslingual.js';
import { runHeadlinesEval } from './headlines.js';
import { runProbesEval } from './probes.js';
import { runReplayEval } from './replay.js';
import { runSummariesEval } from './summaries.js';

type EvalOptions = { mistakes: boolean; clusters: boolean };

const suites: Record<string, (sharedDir: string, options: EvalOptions) => Promise<unknown>> = {
  corpora: runCorpora,
  articles: runArticlesEval,
  analysis: (sharedDir, options) => runAnalysisEval(sharedDir, options),
  probes: (sharedDir, options) => runProbesEval(sharedDir, options),
  headlines: (sharedDir, options) => runHeadlinesEval(sharedDir, options),
  summaries: runSummariesEval,
  replay: (sharedDir, options) => runReplayEval(sharedDir, options),
  agreement: (sharedDir) => runAgreementEval(sharedDir),
  crosslingual: () => runCrosslingualEval(),
};
// Suites that need no shared corpora: probes (in the repository), headlines and crosslingual (texts in
// PARLEY_HEADLINES).
const ownMaterial = new Set(['probes', 'headlines', 'crosslingual']);

/** Splits `--mistakes|--clusters <split>` from the suite names; only the dev split may be listed. */
function parseArgs(args: readonly string[]): { wanted: string[]; options: EvalOptions } | string {
  const wanted: string[] = [];
  const options: EvalOptions = { mistakes: false, clusters: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg !== '--mistakes' && arg !== '--clusters') {
      wanted.push(arg);
      continue;
    }
    const split = args[i + 1];
    if (split !== 'dev')
      return `${arg} takes "dev" (the held-out split stays unseen), got ${split ?? 'nothing'}`;
    options[arg === '--mistakes' ? 'mistakes' : 'clusters'] = true;
    i += 1;
  }
  return { wanted, options };
}

async function main(): Promise<void> {
  const sharedDir = resolve(process.env['PARLEY_SHARED'] ?? resolve(process.cwd(), '..', 'shared'));
  const parsed = parseArgs(process.argv.slice(2));
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\n`);
    process.exitCode = 2;
    return;
  }
  const { wanted, options } = parsed;
  const unknown = wanted.filter((name) => !(name in suites));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}\n`,
    );
    process.exitCode = 2;
    return;
  }
  let names = wanted.length > 0 ? wanted : Object.keys(suites);
  if (!existsSync(resolve(sharedDir, 'corpora'))) {
    process.stdout.write(`shared corpora not found at ${sharedDir}/corpora (set PARLEY_SHARED)\n`);
    names = names.filter((name) => ownMaterial.has(name));
    if (names.length === 0) {
      process.stdout.write(
        'nothing to evaluate without them: only `probes`, `headlines` and `crosslingual` run without them\n',
      );
      return;
    }
  }
  for (const name of names) {
    process.stdout.write(`\n== ${name} ==\n`);
    const started = performance.now();
    await suites[name]?.(sharedDir, options);
    process.stdout.write(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  }
}

await main();
