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

/** Parses a duration (`7d`, meaning that long ago) or an ISO 8601 date/date-time into epoch ms. */
export function parseSince(text: string, now: number): number {
  if (/^\d+(?:\.\d+)?\s*(?:ms|[smhdw])$/.test(text.trim())) return now - parseDuration(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    throw new AppError(
      'invalid_input',
      `"${text}" is neither a duration (7d, 36h) nor an ISO 8601 date or date-time`,
    );
  }
  return ms;
}
