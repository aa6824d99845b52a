import { describe, expect, it } from 'vitest';
import { createSemaphore } from '../../../src/shared/semaphore.js';

describe('createSemaphore', () => {
  it('never runs more than the limit at once and runs every task', async () => {
    const semaphore = createSemaphore(2);
    let active = 0;
    let peak = 0;
    const task = async (n: number) => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active -= 1;
      return n;
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => semaphore.run(() => task(n))));
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });

  it('releases its slot when a task throws', async () => {
    const semaphore = createSemaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(semaphore.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('runs the alternative for a task that waits longer than it may, and keeps the queue in order', async () => {
    const semaphore = createSemaphore(1);
    let free = (): void => {};
    const holding = semaphore.run(() => new Promise<string>((resolve) => (free = () => resolve('held'))));
    const order: string[] = [];
    const impatient = semaphore.runWithin(
      20,
      async () => 'ran',
      async () => 'instead',
    );
    const patient = semaphore.runWithin(
      10_000,
      async () => {
        order.push('patient');
        return 'ran';
      },
      async () => 'instead',
    );
    expect(await impatient).toBe('instead');
    free();
    expect(await holding).toBe('held');
    expect(await patient).toBe('ran');
    expect(order).toEqual(['patient']);
    // The slot the impatient task gave up is not counted: one more runs at once.
    await expect(
      semaphore.runWithin(
        0,
        async () => 'now',
        async () => 'instead',
      ),
    ).resolves.toBe('now');
  });
});
