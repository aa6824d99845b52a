import { describe, expect, it } from 'vitest';
import { waitForStopSignal } from '../../src/main.js';

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
