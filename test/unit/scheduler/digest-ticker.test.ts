import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DigestScheduler, TickResult } from '../../../src/scheduler/digest-scheduler.js';
import { startDigestTicker } from '../../../src/scheduler/digest-ticker.js';
import { createSilentLogger } from '../../../src/shared/logger.js';

const minute = 60_000;

/** A scheduler whose ticks finish only when the test says so, counting how many run at once. */
function heldScheduler() {
  const pending: Array<(result: TickResult) => void> = [];
  let running = 0;
  let mostAtOnce = 0;
  let started = 0;
  const scheduler: DigestScheduler = {
    tick() {
      started += 1;
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      return new Promise((resolve) => {
        pending.push((result) => {
          running -= 1;
          resolve(result);
        });
      });
    },
  };
  const finish = (enqueued: number) => pending.shift()?.({ due: enqueued, enqueued, quiet: 0, failed: 0 });
  return { scheduler, finish, started: () => started, mostAtOnce: () => mostAtOnce };
}

/** A ticker over a held scheduler, on fake timers: node-cron arms a setTimeout for the next matching second. */
function startHeldTicker(after?: Promise<unknown>) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.UTC(2026, 10, 27, 9) });
  const held = heldScheduler();
  const results: number[] = [];
  const ticker = startDigestTicker({
    scheduler: held.scheduler,
    log: createSilentLogger(),
    onTick: (result) => results.push(result.enqueued),
    ...(after === undefined ? {} : { after }),
  });
  return { held, results, ticker };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('digest ticker', () => {
  it.each([
    ['the first poll ends', (done: () => void) => done()],
    ['the first poll fails', (_done: () => void, fail: () => void) => fail()],
  ])('waits to tick until %s, minutes passing meanwhile', async (_label, settle) => {
    let done = (): void => {};
    let fail = (): void => {};
    const firstPoll = new Promise<void>((resolve, reject) => {
      done = resolve;
      fail = () => reject(new Error('poll cycle failed'));
    });
    const { held, ticker } = startHeldTicker(firstPoll);
    await vi.advanceTimersByTimeAsync(3 * minute);
    expect(held.started()).toBe(0);
    settle(done, fail);
    await vi.advanceTimersByTimeAsync(0);
    expect(held.started()).toBe(1);
    held.finish(0);
    await ticker.stop();
  });

  it('never ticks when stopped before the first poll ends', async () => {
    let done = (): void => {};
    const { held, ticker } = startHeldTicker(new Promise<void>((resolve) => (done = resolve)));
    await ticker.stop();
    done();
    await vi.advanceTimersByTimeAsync(2 * minute);
    expect(held.started()).toBe(0);
  });

  it('never starts a tick while the previous one is still running, and ticks again once it is done', async () => {
    const { held, results, ticker } = startHeldTicker();
    await vi.advanceTimersByTimeAsync(3 * minute);
    expect(held.started()).toBe(1);
    held.finish(7);
    await vi.advanceTimersByTimeAsync(minute);
    expect(held.started()).toBe(2);
    expect(held.mostAtOnce()).toBe(1);
    expect(results).toEqual([7]);
    held.finish(0);
    await ticker.stop();
  });

  it('waits for the tick in flight before stop() resolves, and ticks no more after', async () => {
    const { held, results, ticker } = startHeldTicker();
    let stopped = false;
    const stopping = ticker.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(2 * minute);
    expect(stopped).toBe(false);
    held.finish(3);
    await stopping;
    expect(results).toEqual([3]);
    await vi.advanceTimersByTimeAsync(5 * minute);
    expect(held.started()).toBe(1);
  });
});
