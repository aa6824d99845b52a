import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFeedDate, sanePublishedAt } from '../../../src/ingest/feed-date.js';

const at = (iso: string) => Date.parse(iso);

describe('parseFeedDate', () => {
  it.each([
    ['Sat, 16 Aug 2025 12:00:00 +0300', '2025-08-16T09:00:00Z'],
    ['Sat, 16 Aug 2025 12:00:00 MSK', '2025-08-16T09:00:00Z'],
    ['Sat, 16 Aug 2025 12:00:00 EEST', '2025-08-16T09:00:00Z'],
    ['2025-08-16T12:00:00+03:00', '2025-08-16T09:00:00Z'],
    ['2025-08-16', '2025-08-16T00:00:00Z'],
  ])('reads %s', (raw, iso) => {
    expect(parseFeedDate(raw)).toBe(at(iso));
  });

  // Cyrillic feeds that write their dates in their own language (found by review): they fell back to the
  // time Parley first saw the item.
  it.each([
    ['Сб, 16 авг 2025 12:00:00 +0300', '2025-08-16T09:00:00Z'],
    ['16 августа 2025 12:00 +0300', '2025-08-16T09:00:00Z'],
    ['Пн, 05 мая 2025 09:00:00 GMT', '2025-05-05T09:00:00Z'],
    ['Вт, 18 лис 2025 10:00:00 +0200', '2025-11-18T08:00:00Z'],
    ['18 листопада 2025 10:00:00 +0200', '2025-11-18T08:00:00Z'],
    ['01 Січ 2026 00:30:00 +0200', '2025-12-31T22:30:00Z'],
    // Review: the year word ("г.", "року") or "в" before the time left the date unread.
    ['16 августа 2025 г. 12:00 +0300', '2025-08-16T09:00:00Z'],
    ['16 августа 2025 года, 12:00 +0300', '2025-08-16T09:00:00Z'],
    ['16 августа 2025 г. в 12:00 +0300', '2025-08-16T09:00:00Z'],
    ['18 листопада 2025 р. о 10:00 +0200', '2025-11-18T08:00:00Z'],
    ['18 листопада 2025 року, 10:00:00 +0200', '2025-11-18T08:00:00Z'],
  ])('reads the Russian or Ukrainian month of %s', (raw, iso) => {
    expect(parseFeedDate(raw)).toBe(at(iso));
  });

  // V8 reads these in the host's time zone: the same feed gave other dates on another machine. The host's
  // zone is set to Moscow here (Node reads TZ when it changes), so that this fails without the fix on a
  // UTC machine too.
  describe('on a host in Moscow', () => {
    const hostZone = process.env['TZ'];
    beforeAll(() => {
      process.env['TZ'] = 'Europe/Moscow';
    });
    afterAll(() => {
      if (hostZone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = hostZone;
    });
    it('is in Moscow', () => {
      expect(new Date(Date.UTC(2025, 7, 16, 12)).getHours()).toBe(15);
    });
    it.each([
      ['2025-08-16T12:00:00', '2025-08-16T12:00:00Z'],
      ['2025-08-16 12:00', '2025-08-16T12:00:00Z'],
      ['Sat, 16 Aug 2025 12:00:00', '2025-08-16T12:00:00Z'],
      ['16 Aug 2025 12:00', '2025-08-16T12:00:00Z'],
      // Review: forms without a time, with milliseconds or am/pm were still read in the host's zone.
      ['18 листопада 2025', '2025-11-18T00:00:00Z'],
      ['18 Nov 2025', '2025-11-18T00:00:00Z'],
      ['Nov 18, 2025', '2025-11-18T00:00:00Z'],
      ['Sat, 16 Aug 2025 12:00:00.000', '2025-08-16T12:00:00Z'],
      ['2025/08/16 12:00:00', '2025-08-16T12:00:00Z'],
      ['August 16, 2025 9:00 PM', '2025-08-16T21:00:00Z'],
      // Review: its year after a hyphen read as an offset (-20:25), so it stayed in the host's zone.
      ['16-Aug-2025', '2025-08-16T00:00:00Z'],
    ])('reads %s, which has no zone, as UTC whatever the host', (raw, iso) => {
      expect(parseFeedDate(raw)).toBe(at(iso));
    });
    it.each([
      ['Sat, 16 Aug 2025 12:00:00 +0300', '2025-08-16T09:00:00Z'],
      ['Sat, 16 Aug 2025 12:00:00 -05:00', '2025-08-16T17:00:00Z'],
      ['Sat, 16 Aug 2025 12:00:00 GMT+3', '2025-08-16T09:00:00Z'],
      ['Sat, 16 Aug 2025 12:00:00 EST', '2025-08-16T17:00:00Z'],
      ['2025-08-16T12:00:00.5-03:00', '2025-08-16T15:00:00.500Z'],
      ['2025-08-16', '2025-08-16T00:00:00Z'],
    ])('keeps the zone of %s', (raw, iso) => {
      expect(parseFeedDate(raw)).toBe(at(iso));
    });
  });

  it.each(['garbage', 'Сб, 16 фуу 2025 12:00:00', ''])('gives up on %j', (raw) => {
    expect(parseFeedDate(raw)).toBeNull();
  });
});

describe('sanePublishedAt', () => {
  const now = at('2026-11-29T12:00:00Z');
  it('takes a plausible date, and falls back to now for none, 1970 or next week', () => {
    expect(sanePublishedAt('2026-11-29T10:00:00Z', now)).toEqual({
      at: at('2026-11-29T10:00:00Z'),
      fromFeed: true,
    });
    for (const raw of [null, '1970-01-01T00:00:00Z', '2026-12-06T12:00:00Z'])
      expect(sanePublishedAt(raw, now)).toEqual({ at: now, fromFeed: false });
  });
});
