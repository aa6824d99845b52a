import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../../src/ingest/host-limiter.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('createLimiter', () => {
  it('lets another host start while tasks queue behind a busy host', async () => {
    const limiter = createLimiter({ concurrency: 2, perHostConcurrency: 1, perHostIntervalMs: 0 });
    const started: string[] = [];
    const gates = { a1: deferred(), a2: deferred(), b1: deferred() };
    const task = (name: keyof typeof gates) => () => {
      started.push(name);
      return gates[name].promise;
    };
    const running = [
      limiter.run('a', task('a1')),
      limiter.run('a', task('a2')),
      limiter.run('b', task('b1')),
    ];
    await tick();
    expect(started).toEqual(['a1', 'b1']);
    gates.a1.resolve();
    await tick();
    expect(started).toEqual(['a1', 'b1', 'a2']);
    gates.a2.resolve();
    gates.b1.resolve();
    await Promise.all(running);
  });

  it('never runs more tasks at once than the global limit', async () => {
    const limiter = createLimiter({ concurrency: 3, perHostConcurrency: 5, perHostIntervalMs: 0 });
    let active = 0;
    let peak = 0;
    const task = async () => {
      active += 1;
      peak = Math.max(peak, active);
      await tick();
      active -= 1;
    };
    await Promise.all(Array.from({ length: 12 }, (_, i) => limiter.run(`host-${i % 4}`, task)));
    expect(peak).toBe(3);
  });

  it('spaces the starts of tasks for one host by the interval', async () => {
    const limiter = createLimiter({ concurrency: 10, perHostConcurrency: 10, perHostIntervalMs: 60 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 4 }, () => limiter.run('a', async () => void starts.push(performance.now()))),
    );
    const gaps = starts.slice(1).map((at, i) => at - (starts[i] ?? 0));
    // The tasks stamp themselves a moment after the limiter records their start: allow 1 ms of that.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(59);
  });

  it('releases slots when a task fails', async () => {
    const limiter = createLimiter({ concurrency: 1, perHostConcurrency: 1, perHostIntervalMs: 0 });
    await expect(limiter.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run('a', () => Promise.resolve('next'))).resolves.toBe('next');
  });
});
