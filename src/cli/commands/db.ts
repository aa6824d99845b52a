import type { Command } from 'commander';
import type { CommandContext } from '../program.js';

export function registerDbCommands(program: Command, context: CommandContext): void {
  const db = program.command('db').description('database maintenance');
  db.command('backup <file>')
    .description('online backup of the database to a new file (safe while Parley runs)')
    .option('--overwrite', 'replace the file if it exists')
    .action((file: string, options: { overwrite?: boolean }) =>
      context.withRuntime(
        async (runtime) => {
          const { bytes, pages } = await runtime.backup(file, { overwrite: options.overwrite === true });
          context.out(`backed up ${pages} pages (${(bytes / 1024 / 1024).toFixed(1)} MB) to ${file}`);
        },
        { readOnly: true },
      ),
    );
}
