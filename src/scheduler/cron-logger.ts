import type { Logger } from '../shared/logger.js';

/**
 * node-cron's own messages (a failed run, a minute skipped by noOverlap, a missed one) for our log. Its
 * default logger writes coloured lines with console.warn to stderr, between the JSON lines there and
 * whatever `log.level` says.
 */
export function cronLogger(log: Logger, task: string) {
  const cronLog = log.child({ task });
  return {
    info: (message: string) => cronLog.info(message),
    warn: (message: string) => cronLog.warn(message),
    error: (message: string | Error, err?: Error) =>
      cronLog.error({ err: err ?? message }, 'node-cron error'),
    debug: (message: string | Error) => cronLog.debug({ detail: String(message) }, 'node-cron debug'),
  };
}
