import { AppError } from './errors.js';

const units: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Parses `90m`, `36h`, `7d` (also `ms`, `s` and `w`) into milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|[smhdw])$/.exec(text.trim());
  const unit = match?.[2];
  if (!match || unit === undefined) {
    // shared/ cannot import domain/: these details are an InvalidDuration (src/domain/input-problems.ts).
    throw new AppError(
      'invalid_input',
      `"${text}" is not a duration: use a number and a unit, like 90m, 36h or 7d`,
      { details: { problem: 'invalid_duration', input: text } },
    );
  }
  return Number(match[1]) * (units[unit] ?? 0);
}

// 2026-11-20, 2026-11-20T09:30, 2026-11-20 09:30:15.250123, with an optional Z, ±hh:mm or ±hhmm.
const isoDateTime =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * An ISO 8601 date or date-time into epoch ms, or null. Without a zone it is UTC, as the command
 * line prints times (a date alone is UTC midnight, as Date.parse reads it too); impossible
 * dates (2026-02-30) and anything else Date.parse would guess at ("5", "foo 12") are refused.
 */
export function parseIsoTime(text: string): number | null {
  const match = isoDateTime.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '0', zone = 'Z'] = match;
  const fields = [y, mo, d, h, mi, sec].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = fields;
  // Date.UTC reads years 0 to 99 as 1900 to 1999; setUTCFullYear takes them as written.
  const back = new Date(
    Date.UTC(2000, month - 1, day, hour, minute, second, Number(frac.padEnd(3, '0').slice(0, 3))),
  );
  back.setUTCFullYear(year, month - 1, day);
  const utc = back.getTime();
  const exact =
    back.getUTCFullYear() === year &&
    back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === day &&
    back.getUTCHours() === hour &&
    back.getUTCMinutes() === minute &&
    back.getUTCSeconds() === second;
  if (!exact) return null;
  if (zone.toUpperCase() === 'Z') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const [zh, zm] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
  if (zh > 23 || zm > 59) return null;
  const zoned = utc - sign * (zh * 60 + zm) * 60_000;
  return zoned >= firstMs && zoned <= lastMs ? zoned : null;
}

// The years a four-digit ISO date can name; times outside print as -025353-… or not at all.
const firstMs = new Date(Date.UTC(2000, 0, 1)).setUTCFullYear(0);
const lastMs = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Parses a duration (`7d`, meaning that long ago) or an ISO 8601 date/date-time (UTC unless it names a zone) into epoch ms. */
export function parseSince(text: string, now: number): number {
  if (/^\d+(?:\.\d+)?\s*(?:ms|[smhdw])$/.test(text.trim())) {
    const ms = now - parseDuration(text);
    if (!(ms >= firstMs)) {
      throw new AppError(
        'invalid_input',
        `"${text}" ago is before the year 0: give a shorter duration or a date`,
      );
    }
    return ms;
  }
  const ms = parseIsoTime(text);
  if (ms === null) {
    throw new AppError(
      'invalid_input',
      `"${text}" is neither a duration (7d, 36h) nor an ISO 8601 date or date-time (2026-11-20, 2026-11-20T09:30, UTC unless it ends in Z or +02:00)`,
    );
  }
  return ms;
}
