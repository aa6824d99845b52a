import { describe, expect, it } from 'vitest';
import { digestTimeOf, lateGraceMs } from '../../../src/domain/schedule.js';

const hour = 3_600_000;
const lag = hour;
const published = Date.UTC(2026, 10, 27, 7, 30);

describe('when a report counts for digests', () => {
  it.each([
    ['read within the lag of its date: its date', published + 20 * 60_000, published],
    ['read exactly the lag after its date: its date', published + lag, published],
    ['read three hours late: the lag before it was read', published + 3 * hour, published + 2 * hour],
    ['read two days late: the lag before it was read', published + 49 * hour, published + 48 * hour],
    [
      'read ten days late (a first read): two days after its date',
      published + 240 * hour,
      published + lateGraceMs,
    ],
    ['dated an hour ahead of when it was read: its date', published - hour, published],
  ])('%s', (_case, firstSeenAt, expected) => {
    expect(digestTimeOf({ publishedAt: published, firstSeenAt }, lag)).toBe(expected);
  });

  it('gives late reports two days at most', () => {
    expect(lateGraceMs).toBe(48 * hour);
  });
});
