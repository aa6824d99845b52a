import { describe, expect, it } from 'vitest';
import { createCooldown } from '../../../src/shared/cooldown.js';

const start = Date.UTC(2026, 10, 27, 9);

describe('cooldown', () => {
  it('makes a key wait the rest of its cooldown, and lets it go once that is over', () => {
    const cooldown = createCooldown(30_000);
    expect(cooldown.remainingMs('telegram:-100', start)).toBe(0);
    cooldown.start('telegram:-100', start);
    expect(cooldown.remainingMs('telegram:-100', start + 10_000)).toBe(20_000);
    expect(cooldown.remainingMs('slack:C1', start + 10_000)).toBe(0);
    expect(cooldown.remainingMs('telegram:-100', start + 30_000)).toBe(0);
  });

  it('keeps only the keys still cooling down, however many distinct ones asked over time', () => {
    const cooldown = createCooldown(30_000);
    // A new chat asks every 10 seconds for a month.
    for (let n = 0; n < 30 * 86_400; n += 10) cooldown.start(`telegram:${n}`, start + n * 1000);
    expect(cooldown.size).toBe(3);
    const later = start + 31 * 86_400_000;
    for (let n = 0; n < 100; n += 1) cooldown.start(`slack:C${n}`, later + n * 1000);
    expect(cooldown.size).toBe(30);
    // A key asking again moves to the back, so the ones that asked before it still go first.
    cooldown.start('slack:C70', later + 100_000);
    expect(cooldown.remainingMs('slack:C70', later + 110_000)).toBe(20_000);
    expect(cooldown.remainingMs('slack:C99', later + 110_000)).toBe(19_000);
    expect(cooldown.size).toBe(20);
  });
});
