import { pino } from 'pino';
import { redactSecrets } from './redact.js';

export type Logger = pino.Logger;

export type LoggerOptions = { level?: string; pretty?: boolean; destination?: pino.DestinationStream };

/**
 * Structured JSON logs (fields first, constant message second). Secrets never reach here:
 * the redact list is a last line of defence, not the policy.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const base: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { app: 'parley' },
    redact: ['token', 'headers.authorization', '*.token', '*.apiKey'],
    // Error text can quote a URL with the bot token in it (a failed fetch): redacted in every error logged.
    serializers: { err: errWithoutSecrets, error: errWithoutSecrets },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? redactSecrets(arg) : arg)) as Parameters<
            typeof method
          >,
        );
      },
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(base, options.destination) : pino(base, pino.destination(2));
}

/** pino's error serializer, with every string in the result (message, stack, causes) redacted. */
function errWithoutSecrets(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (!(value instanceof Error)) return value;
  return scrub(pino.stdSerializers.err(value));
}

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrub(item, depth + 1)]));
}

/** A logger that drops everything, for tests and one-shot commands run quietly. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
