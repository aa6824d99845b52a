import * as z from 'zod';
import { checkTimeZone, type Weekday, weekdayNamed, weekdays } from '../domain/schedule.js';
import { closestMatch } from '../shared/closest-match.js';
import { parseDuration } from '../shared/duration.js';
import { isAppError } from '../shared/errors.js';
import { hasCredentials, isHttpUrl } from '../shared/url.js';

/** YAML `key:` with nothing after it is null; treat it like an absent key so the default applies. */
const nullAsAbsent = (value: unknown): unknown => (value === null ? undefined : value);

/** A value that takes `fallback` (given in YAML notation, parsed like the file) when absent or empty. */
export function withDefault<T extends z.ZodType>(schema: T, fallback: z.input<T>) {
  return z.preprocess(nullAsAbsent, schema.prefault(fallback));
}

/** A config section: unknown keys are errors, and an absent or empty section takes every default. */
export function section<T extends z.ZodRawShape>(shape: T) {
  const object = z.strictObject(shape);
  // Every key of a section has its own default, so an empty mapping is a valid input.
  return z.preprocess(nullAsAbsent, object.prefault({} as z.input<typeof object>));
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/** `90m`, `6h`, `250ms`… to milliseconds. A bare number is refused: 30 could mean seconds or minutes. */
export const duration = z.unknown().transform((value, ctx): number => {
  const text = typeof value === 'string' ? value : null;
  if (text !== null && /^\d+(?:\.\d+)?\s*(?:ms|[smhd])$/.test(text.trim())) return parseDuration(text);
  ctx.issues.push({
    code: 'custom',
    input: value,
    message: `${show(value)} is not a duration: use a number and a unit (ms, s, m, h, d), like 250ms, 30s, 90m, 6h or 7d`,
  });
  return z.NEVER;
});

/** A duration that must pass before something happens or gives up: 0 would time out at once or spin. */
export const positiveDuration = duration.refine((ms) => ms > 0, {
  error: 'must be longer than 0: use a number and a unit, like 250ms, 30s or 90m',
});

// Node.js runs a longer setTimeout or AbortSignal.timeout after 1 ms (TimeoutOverflowWarning): a
// `timeout: 30d` typed for 30s would time every fetch out at once.
const longestTimerMs = 2_147_483_647;
const timerMessage = 'is longer than a timer can wait: at most 24d (2^31-1 ms)';

/** A duration Parley waits with a timer (a timeout, a pause between sends): at most 24 days. */
export const timerDuration = duration.refine((ms) => ms <= longestTimerMs, { error: timerMessage });

/** A timer duration that must also be longer than 0. */
export const positiveTimerDuration = positiveDuration.refine((ms) => ms <= longestTimerMs, {
  error: timerMessage,
});

const byteUnits: Record<string, number> = {
  b: 1,
  kb: 1024,
  kib: 1024,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** A byte count: a whole number, or a number with KB, MB or GB (1024-based). */
export const byteSize = z.unknown().transform((value, ctx): number => {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  const match = typeof value === 'string' ? /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(value.trim()) : null;
  const factor = byteUnits[match?.[2]?.toLowerCase() ?? ''];
  if (match && factor !== undefined && Number(match[1]) > 0) return Math.round(Number(match[1]) * factor);
  ctx.issues.push({
    code: 'custom',
    input: value,
    message: `${show(value)} is not a size: use a positive number of bytes, or a number with KB, MB or GB, like 10MB`,
  });
  return z.NEVER;
});

export const count = (min: number) => z.number().int().min(min);

export const port = z.number().int().min(0).max(65_535);

export const credentialsMessage =
  'must not carry a user name or password: Parley never fetches such a URL, and would show the password in parley feeds';

/** An absolute http(s) URL, without a user name or password (the fetcher refuses those). */
export const httpUrl = z
  .string()
  .refine((text) => isHttpUrl(text), { error: (issue) => `${show(issue.input)} is not an http(s) URL` })
  .refine((text) => !hasCredentials(text), { error: credentialsMessage });

// "Ports currently supported for webhooks: 443, 80, 88, 8443", and the URL is an "HTTPS URL":
// https://core.telegram.org/bots/api#setwebhook
const webhookPorts = new Set(['', '443', '80', '88', '8443']);

/** What Telegram would refuse in a webhook URL (setWebhook: "bad webhook: …"), or null. */
export function webhookUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${show(text)} is not a URL: the public https URL Telegram calls`;
  }
  if (url.protocol !== 'https:') return `${show(text)} is not https: Telegram calls only https URLs`;
  if (!webhookPorts.has(url.port))
    return `${show(text)} has port ${url.port}: Telegram calls only ports 443, 80, 88 and 8443`;
  return null;
}

/** The public URL Telegram's webhook calls (see webhookUrlProblem). */
export const webhookUrl = z.string().superRefine((text, ctx) => {
  const message = webhookUrlProblem(text.trim());
  if (message !== null) ctx.addIssue({ code: 'custom', message, input: text });
});

/** An IANA time zone that this Node.js knows. */
/** An IANA zone, or what chats may type for one (a city, EST, UTC+3: checkTimeZone), stored canonical. */
export const timeZone = z.string().transform((text, ctx): string => {
  try {
    return checkTimeZone(text);
  } catch (error) {
    const suggestions = isAppError(error, 'invalid_input') ? error.details['suggestions'] : undefined;
    const hint =
      Array.isArray(suggestions) && suggestions.length > 0
        ? ` (did you mean ${suggestions.join(', ')}?)`
        : '';
    ctx.issues.push({
      code: 'custom',
      input: text,
      message: `${show(text)} is not an IANA time zone (like UTC, Europe/Kyiv or America/New_York)${hint}`,
    });
    return z.NEVER;
  }
});

/** A day of the week as the commands read it: `friday`, `Fri`, `thurs` (three letters or more). */
export const weekday = z.string().transform((text, ctx): Weekday => {
  const day = weekdayNamed(text);
  if (day !== null) return day;
  const suggestion = closestMatch(text.trim().toLowerCase(), weekdays);
  const hint = suggestion === null ? '' : ` (did you mean ${suggestion}?)`;
  ctx.issues.push({
    code: 'custom',
    input: text,
    message: `"${text}" is not a weekday: use monday to sunday, or mon to sun${hint}`,
  });
  return z.NEVER;
});

/** `HH:MM` on a 24-hour clock; `9:00` is read as `09:00`. */
export const clockTime = z.string().transform((text, ctx): string => {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (match?.[1] !== undefined && match[2] !== undefined) return `${match[1].padStart(2, '0')}:${match[2]}`;
  ctx.issues.push({
    code: 'custom',
    input: text,
    message: `"${text}" is not a time: use HH:MM on a 24-hour clock, like 09:00 or 18:30`,
  });
  return z.NEVER;
});

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** A language tag such as `en`, `uk` or `pt-BR`. */
export const languageTag = z.string().regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/, {
  error: (issue) => `${show(issue.input)} is not a language code: use ISO 639-1, like en, ru or uk`,
});
