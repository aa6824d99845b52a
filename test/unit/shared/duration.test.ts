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

describe('parseSince: strict ISO 8601', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it.each([
    ['2026-11-20T09:30', '2026-11-20T09:30:00Z'],
    ['2026-11-20 09:30', '2026-11-20T09:30:00Z'],
    ['2026-11-20T09:30:15.25Z', '2026-11-20T09:30:15.250Z'],
    ['2026-11-20T09:30+02:00', '2026-11-20T07:30:00Z'],
    ['2026-11-20T09:30-05:30', '2026-11-20T15:00:00Z'],
    ['2026-11-20T09:30:15.123456', '2026-11-20T09:30:15.123Z'],
    ['2026-11-20T09:30+0000', '2026-11-20T09:30:00Z'],
  ])('reads %s (a time without a zone is UTC, as the command line prints times)', (text, iso) => {
    expect(parseSince(text, now)).toBe(Date.parse(iso));
  });
  it.each([
    '5',
    'foo 12',
    '2026-02-30',
    '2026-11-20T24:00',
    '2026-13-01',
    'Nov 20 2026',
    '2026-11-20T09:30+25:00',
  ])('refuses %j rather than guess', (text) => {
    expect(() => parseSince(text, now)).toThrow(/neither a duration/);
  });
});

describe('parseSince: the years a date can name', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it('reads a year before 100 as written (Date.UTC would make 0050 into 1950)', () => {
    expect(new Date(parseSince('0050-03-01', now)).toISOString()).toBe('0050-03-01T00:00:00.000Z');
    expect(new Date(parseSince('0001-01-01', now)).toISOString()).toBe('0001-01-01T00:00:00.000Z');
  });
  it('refuses a duration reaching before the year 0 instead of a time that cannot be printed', () => {
    expect(() => parseSince('999999999d', now)).toThrow(/before the year 0/);
    expect(() => parseSince('9999999d', now)).toThrow(AppError);
    expect(() => parseSince(`${'9'.repeat(400)}d`, now)).toThrow(AppError);
    expect(new Date(parseSince('700000d', now)).toISOString()).toMatch(/^0\d{3}-/);
  });
  it('refuses a zone that moves a date outside the years 0 to 9999', () => {
    expect(() => parseSince('0000-01-01T00:00+01:00', now)).toThrow(/neither a duration/);
    expect(parseSince('9999-12-31T23:00Z', now)).toBe(Date.UTC(9999, 11, 31, 23));
  });
});
