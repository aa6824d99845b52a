import { describe, expect, it } from 'vitest';
import { parseDuration, parseSince } from '../../../src/shared/duration.js';
import { AppError } from '../../../src/shared/errors.js';

describe('parseDuration', () => {
  it.each([
    ['90m', 90 * 60_000],
    ['36h', 36 * 3_600_000],
    ['7d', 7 * 86_400_000],
    ['30s', 30_000],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '7', 'd7', '7 days', '-3h'])('refuses %j with an invalid_input error', (text) => {
    expect(() => parseDuration(text)).toThrow(AppError);
  });
});

describe('parseSince', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it('reads a duration as that long before now', () => {
    expect(parseSince('36h', now)).toBe(Date.parse('2026-11-25T00:00:00Z'));
  });
  it('reads an ISO date', () => {
    expect(parseSince('2026-11-20', now)).toBe(Date.parse('2026-11-20T00:00:00Z'));
  });
  it('names the bad value', () => {
    expect(() => parseSince('last week', now)).toThrow(/"last week"/);
  });
});
