import { describe, expect, it } from 'vitest';
import { parseMaxAge, parseRetryAfter } from '../../../src/ingest/response-headers.js';
import { formatBytes } from '../../../src/shared/read-body.js';

const now = Date.parse('2026-11-26T12:00:00Z');

describe('parseRetryAfter', () => {
  const cases: Array<[string | null, number | null]> = [
    [null, null],
    ['', null],
    ['120', 120],
    [' 0 ', 0],
    ['Thu, 26 Nov 2026 12:01:30 GMT', 90],
    ['Thu, 26 Nov 2026 11:00:00 GMT', 0],
    ['-5', null],
    ['1.5', null],
    ['soon', null],
  ];
  it.each(cases)('%j → %j seconds', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('parseMaxAge', () => {
  const cases: Array<[string | null, number | null]> = [
    [null, null],
    ['max-age=600', 600],
    ['public, max-age=300, must-revalidate', 300],
    ['Max-Age="60"', 60],
    ['no-cache, max-age=600', null],
    ['max-age=600, no-store', null],
    ['s-maxage=600', null],
    ['max-age=abc', null],
    ['private', null],
  ];
  it.each(cases)('%j → %j', (value, expected) => {
    expect(parseMaxAge(value)).toBe(expected);
  });
});

describe('formatBytes', () => {
  const cases: Array<[number, string]> = [
    [10 * 1024 * 1024, '10 MB'],
    [1536, '1.5 KB'],
    [1000, '1000 bytes'],
    [2.25 * 1024 * 1024, '2.3 MB'],
  ];
  it.each(cases)('%d → %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});
