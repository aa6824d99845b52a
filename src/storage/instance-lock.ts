import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { AppError } from '../shared/errors.js';

export type InstanceLock = { release(): void };

/**
 * Whether a process with this id runs (EPERM: it does, as another user) and, where /proc says, is a
 * Node.js process: after a container restart another program may have the pid the lock names.
 */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return /node|parley/i.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true;
  }
}

function holder(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * One `parley start` per database: `<database>.lock` holds the pid of the one that runs. A second start
 * would poll every feed twice and, with a Telegram token, make both bots' long polls fail with 409
 * Conflict. A lock left by a process that is gone (a crash, a killed container, whose pid may even be
 * this one's) is taken over. `:memory:` databases need none.
 */
export function acquireInstanceLock(databasePath: string, pid = process.pid): InstanceLock {
  if (databasePath === ':memory:') return { release: () => {} };
  const file = `${databasePath}.lock`;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      writeFileSync(file, `${pid}\n`, { flag: 'wx' });
      return {
        release: () => {
          if (holder(file) === pid) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const other = holder(file);
      if (other !== null && other !== pid && isRunning(other))
        throw new AppError(
          'config_invalid',
          `another Parley (pid ${other}) is running on ${databasePath}: stop it first, or start this one ` +
            `with another --db (if no Parley runs, remove ${file})`,
          { details: { pid: other, lock: file } },
        );
      rmSync(file, { force: true });
    }
  }
  throw new AppError('db_unavailable', `could not take the lock ${file}`, { details: { lock: file } });
}
