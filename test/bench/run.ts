/** `npm run bench [-- suite…]`: throughput, latency and memory of each pipeline stage. */
import { runAnalysisBench } from './analysis.js';
import { runIngestBench } from './ingest.js';

const suites: Record<string, () => Promise<void>> = { ingest: runIngestBench, analysis: runAnalysisBench };

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in suites));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown bench suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}\n`,
  );
  process.exitCode = 2;
} else {
  for (const name of wanted.length > 0 ? wanted : Object.keys(suites)) {
    process.stdout.write(
      `== bench ${name} (node ${process.version}, ${process.platform}/${process.arch}) ==\n`,
    );
    await suites[name]?.();
  }
}
