import { describe, expect, it } from 'vitest';
import { clusteringHorizonMs, waitForStopSignal } from '../../src/main.js';

const counts = () => [process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')];

describe('waitForStopSignal', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'resolves on %s and leaves no listener for either signal, so a second one ends the process',
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
