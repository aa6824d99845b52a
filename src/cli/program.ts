import { existsSync, readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { parseOpml } from '../ingest/opml.js';
import { AppError, describeError, isAppError } from '../shared/errors.js';
import { registerChatsCommands } from './commands/chats.js';
import { registerDbCommands } from './commands/db.js';
import { registerExplainCommand } from './commands/explain.js';
import { registerFeedsCommands } from './commands/feeds.js';
import { registerHealthCommand } from './commands/health.js';
import { registerPollCommand } from './commands/poll.js';
import { registerStartCommand } from './commands/start.js';
import { registerStoryCommands } from './commands/stories.js';
import { printable } from './format.js';
import type { CliEnvironment, Runtime } from './runtime.js';

export type GlobalOptions = { config?: string; db?: string };

/** Shared by every command: load the config once, open what it needs, always close it. */
export type CommandContext = {
  cli: CliEnvironment;
  /** Loads the configuration once; `missingOpmlIsEmpty` lets `feeds import` create the OPML file. */
  config(options?: { missingOpmlIsEmpty?: boolean }): Config;
  /**
   * Opens the runtime for `use` and closes it after. `readOnly`: the command only reads the database
   * (or changes records already in it), so a database file that does not exist (a mistyped --db) is
   * an error, not a new empty database. `emptyIfMissing`: such a command runs on an empty database in
   * memory instead (it can say what a new one would hold), and the file is not created. `queryOnly`: the
   * command writes nothing, so the database also opens read-only and is never migrated: a newer Parley's
   * `parley stories` beside an older running `parley start` must not upgrade the schema under it (a
   * schema older or newer than this code's is refused with a message).
   */
  withRuntime<T>(
    use: (runtime: Runtime) => Promise<T>,
    options?: { logLevel?: string; readOnly?: boolean; queryOnly?: boolean; emptyIfMissing?: boolean },
  ): Promise<T>;
  out(line: string): void;
  err(line: string): void;
  /** What `parley` exits with when the command returns normally. */
  exitCode: number;
};

function createContext(cli: CliEnvironment, program: Command): CommandContext {
  let loaded: Config | undefined;
  const config = (loadOptions: { missingOpmlIsEmpty?: boolean } = {}): Config => {
    const options = program.opts<GlobalOptions>();
    loaded ??= loadConfig({
      ...(options.config === undefined ? {} : { configPath: options.config }),
      ...(options.db === undefined ? {} : { dbPath: options.db }),
      env: cli.env,
      cwd: cli.cwd,
      readOpml: (path: string) =>
        loadOptions.missingOpmlIsEmpty === true && !existsSync(path)
          ? []
          : parseOpml(readFileSync(path, 'utf8')),
    });
    return loaded;
  };
  return {
    cli,
    config,
    async withRuntime(use, options = {}) {
      const path = config().database.path;
      const existing = options.readOnly === true || options.queryOnly === true;
      if (existing && path !== ':memory:' && !existsSync(path)) {
        throw new AppError(
          'db_unavailable',
          `no database at ${path}: nothing is stored there yet (run parley poll --once or parley start first, or check --db)`,
        );
      }
      const missing = options.emptyIfMissing === true && path !== ':memory:' && !existsSync(path);
      const loaded = config();
      const runtime = cli.openRuntime(
        missing ? { ...loaded, database: { ...loaded.database, path: ':memory:' } } : loaded,
        {
          ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
          ...(options.queryOnly === true ? { readonly: true } : {}),
        },
      );
      try {
        return await use(runtime);
      } finally {
        await runtime.close();
      }
    },
    out: (line) => cli.stdout.write(`${printable(line)}\n`),
    err: (line) => cli.stderr.write(`${printable(line)}\n`),
    exitCode: 0,
  };
}

export function buildProgram(cli: CliEnvironment): { program: Command; context: CommandContext } {
  const program = new Command('parley')
    .description('Peace-talks news digests for Telegram and Slack')
    .option('--config <file>', 'configuration file (default config/parley.yaml)')
    .option('--db <path>', 'database path (overrides database.path)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => cli.stdout.write(text),
      writeErr: (text) => cli.stderr.write(text),
    });
  const context = createContext(cli, program);
  registerStartCommand(program, context);
  registerPollCommand(program, context);
  registerFeedsCommands(program, context);
  registerStoryCommands(program, context);
  registerExplainCommand(program, context);
  registerDbCommands(program, context);
  registerChatsCommands(program, context);
  registerHealthCommand(program, context);
  return { program, context };
}

/** Runs `parley <argv>` and returns the exit code: 0 ok, 1 the command failed, 2 bad usage or config. */
export async function runCli(argv: readonly string[], cli: CliEnvironment): Promise<number> {
  const { program, context } = buildProgram(cli);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (isAppError(error, 'config_invalid')) {
      context.err(error.message);
      return 2;
    }
    if (isAppError(error)) {
      context.err(`parley: ${describeError(error)}`);
      return isAppError(error, 'invalid_input') ? 2 : 1;
    }
    throw error;
  }
}
