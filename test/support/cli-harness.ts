import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/program.js';
import { openRuntime } from '../../src/main.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export type CliRun = { code: number; stdout: string; stderr: string; lines: string[] };

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** A temp folder with a config file, and a way to run `parley` commands in-process against it. */
export function createCliHarness() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
  return {
    dir,
    writeConfig(yaml: string, name = 'parley.yaml'): string {
      const path = join(dir, name);
      writeFileSync(path, yaml);
      return path;
    },
    async run(
      argv: string[],
      options: {
        /** Gets what the command has printed so far, to wait for what it says before stopping it. */
        stopSignal?: (stdout: () => string) => Promise<string>;
        env?: Record<string, string>;
        cwd?: string;
      } = {},
    ): Promise<CliRun> {
      const out = collector();
      const err = collector();
      const code = await runCli(argv, {
        env: options.env ?? {},
        // The repository, so that config/topics.yaml and config/lexicon.yaml resolve as in a clone.
        cwd: options.cwd ?? repoRoot,
        stdout: out.stream,
        stderr: err.stream,
        openRuntime,
        stopSignal: () => (options.stopSignal ? options.stopSignal(out.text) : new Promise(() => {})),
      });
      const stdout = out.text();
      return { code, stdout, stderr: err.text(), lines: stdout.split('\n').filter((line) => line !== '') };
    },
    cleanup(): void {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
