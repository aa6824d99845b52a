import { format } from 'node:util';
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../shared/logger.js';

/**
 * Bolt's and the Web API client's log lines in Parley's pino log, as one `sdk_message` field under a
 * constant message. Their debug lines (which include request bodies) go to pino's trace level only.
 * The level stays pino's: setLevel calls from the SDK are ignored.
 */
export function createBoltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'slack-sdk' });
  const text = (parts: unknown[]) => format(...parts);
  return {
    debug: (...parts: unknown[]) => child.trace({ sdk_message: text(parts) }, 'slack sdk'),
    info: (...parts: unknown[]) => child.info({ sdk_message: text(parts) }, 'slack sdk'),
    warn: (...parts: unknown[]) => child.warn({ sdk_message: text(parts) }, 'slack sdk'),
    error: (...parts: unknown[]) => child.error({ sdk_message: text(parts) }, 'slack sdk'),
    setLevel: () => undefined,
    getLevel: () => {
      if (child.isLevelEnabled('trace')) return LogLevel.DEBUG;
      if (child.isLevelEnabled('info')) return LogLevel.INFO;
      return child.isLevelEnabled('warn') ? LogLevel.WARN : LogLevel.ERROR;
    },
    setName: () => undefined,
  };
}
