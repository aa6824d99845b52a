import { describe, expect, it } from 'vitest';
import { nextFetchAfterSuccess } from '../../src/domain/fetch-schedule.js';
import { digestLagMs } from '../../src/domain/schedule.js';
import {
  clusteringHorizonMs,
  schedulePolicy,
  unexpectedErrorLine,
  waitForStopSignal,
} from '../../src/main.js';

const counts = () => ['SIGTERM', 'SIGINT', 'SIGHUP'].map((signal) => process.listenerCount(signal));

describe('waitForStopSignal', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
    'resolves on %s and leaves no listener for any of them, so a second one ends the process',
    async (signal) => {
      const before = counts();
      const stopped = waitForStopSignal(process);
      expect(counts()).toEqual(before.map((count) => count + 1));
      process.emit(signal, signal);
      await expect(stopped).resolves.toBe(signal);
      expect(counts()).toEqual(before);
    },
  );
});

describe('clusteringHorizonMs', () => {
  const hours = (ms: number) => ms / 3_600_000;
  const config = (maxItemAgeDays: number, retentionDays: number) => ({
    analysis: { lexicon: 'config/lexicon.yaml', windowHours: 72 },
    ingest: { maxItemAgeDays } as never,
    retention: { days: retentionDays },
  });

  it.each([
    ['the defaults: the window plus the 14 days the ingest takes', 14, 90, 72 + 14 * 24],
    ['no age limit at ingest: the window plus 30 days', 0, 90, 72 + 30 * 24],
    ['a retention shorter than that: the retention', 14, 7, 7 * 24],
    ['no retention (0 keeps everything): the window plus the age', 14, 0, 72 + 14 * 24],
  ])('is %s', (_label, age, retention, expected) => {
    expect(hours(clusteringHorizonMs(config(age, retention)))).toBe(expected);
  });
});

describe('schedulePolicy', () => {
  const minute = 60_000;
  const ingest = (interval: number, maxInterval: number) => ({
    ingest: {
      interval,
      minInterval: 5 * minute,
      maxInterval,
      maxBackoff: 24 * 60 * minute,
      timeout: 30_000,
    } as never,
  });

  it.each([
    ['<ttl>180</ttl> on the defaults: short of the digest lag (1 h), not 3 h', 30, 360, 180, 57.5],
    ['<ttl>45</ttl>: the ttl, within the lag', 30, 360, 45, 45],
    ['a 2 h interval: ttl 180 within its 4 h lag', 120, 360, 180, 180],
    ['a maxInterval below the lag: maxInterval', 30, 50, 180, 50],
    ['a 1 h interval: ttl 180 short of its 2 h lag', 60, 360, 180, 117.5],
  ])('stretches a feed for %s', (_label, interval, maxInterval, ttl, expected) => {
    const policy = schedulePolicy(ingest(interval * minute, maxInterval * minute));
    const next = nextFetchAfterSuccess(0, { maxAgeSeconds: null, ttlMinutes: ttl }, policy);
    expect(next / minute).toBe(expected);
  });

  it('reads a stretched feed again early enough that a minute tick and a slow fetch still end before the lag', () => {
    const policy = schedulePolicy(ingest(30 * minute, 360 * minute));
    const next = nextFetchAfterSuccess(0, { maxAgeSeconds: null, ttlMinutes: 180 }, policy);
    // Due at `next`, polled by the next minute tick, its fetch taking up to the timeout.
    expect(next + minute + 30_000).toBeLessThan(digestLagMs(30 * minute));
  });
});

// Review: the last line of a crash printed the error's stack as it was, and a library's error can quote
// the Bot API URL with the bot token in it.
describe('unexpectedErrorLine', () => {
  it('keeps a token out of the stack it prints', () => {
    const error = new Error(
      'request to https://api.telegram.org/bot123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef/getMe failed',
    );
    const line = unexpectedErrorLine(error);
    expect(line).toContain('/bot<token>/getMe');
    expect(line).not.toContain('ABCDEFGHIJ');
    expect(unexpectedErrorLine('xoxb-1-2-secret')).toBe('parley: unexpected error: <token>\n');
  });
});
