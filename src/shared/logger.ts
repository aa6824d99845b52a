import { pino } from 'pino';
import { redactSecrets } from './redact.js';

export type Logger = pino.Logger;

export type LoggerOptions = { level?: string; pretty?: boolean; destination?: pino.DestinationStream };

/**
 * Structured JSON logs (fields first, constant message second). Secrets are kept out of what is logged;
 * the redact list and the line redaction (redactSecrets) catch what slips through, such as a token quoted
 * in an error's URL.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const base: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { app: 'parley' },
    // grammY's GrammyError keeps the failed call's payload: setWebhook's carries TELEGRAM_WEBHOOK_SECRET.
    redact: ['token', 'headers.authorization', '*.token', '*.apiKey', '*.payload.secret_token'],
    // Error text can quote a URL with the bot token in it (a failed fetch): every line is redacted as
    // written, whatever field, binding or message carries it.
    hooks: { streamWrite: redactSecrets },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(base, options.destination) : pino(base, pino.destination(2));
}

/** A logger that drops everything, for tests and one-shot commands run quietly. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
