/**
 * `npm run bench [-- suite [arg…]…]`: throughput, latency and memory of each pipeline stage. Words after a
 * suite's name that are not suite names are its arguments (`npm run bench -- delivery 1000`).
 */
import { runAnalysisBench } from './analysis.js';
import { runDeliveryBench } from './delivery.js';
import { runIngestBench } from './ingest.js';
import { runMegaBench } from './mega-stories.js';
import { runPollBench } from './poll-batches.js';
import { runRetentionBench } from './retention.js';
import { runScheduleBench } from './schedule.js';
import { runSlackBench } from './slack-ack.js';
import { runSummariesBench } from './summaries.js';
import { runTelegramBench } from './telegram-digest.js';

const suites: Record<string, (args: readonly string[]) => Promise<void>> = {
  ingest: runIngestBench,
  analysis: runAnalysisBench,
  summaries: runSummariesBench,
  delivery: runDeliveryBench,
  schedule: runScheduleBench,
  retention: runRetentionBench,
  slack: runSlackBench,
  telegram: runTelegramBench,
  mega: runMegaBench,
  poll: runPollBench,
};

const wanted: Array<{ name: string; args: string[] }> = [];
const unknown: string[] = [];
for (const word of process.argv.slice(2)) {
  const last = wanted.at(-1);
  if (word in suites) wanted.push({ name: word, args: [] });
  else if (last !== undefined) last.args.push(word);
  else unknown.push(word);
}
if (unknown.length > 0) {
  process.stderr.write(
    `unknown bench suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}\n`,
  );
  process.exitCode = 2;
} else {
  const runs = wanted.length > 0 ? wanted : Object.keys(suites).map((name) => ({ name, args: [] }));
  for (const { name, args } of runs) {
    process.stdout.write(
      `== bench ${name} (node ${process.version}, ${process.platform}/${process.arch}) ==\n`,
    );
    await suites[name]?.(args);
  }
}
