import { describe, expect, it } from 'vitest';
import { createRateGate } from '../../../src/delivery/rate-gate.js';

const telegram = { perSecond: 25, chatGapMs: 1000, groupGapMs: 3000 };

/** Sends as fast as the gate allows for `ms`, to `chats` distinct chats in turn; returns the start times. */
function simulate(chats: string[], ms: number, limits = telegram): Array<{ chat: string; at: number }> {
  const gate = createRateGate(limits);
  const starts: Array<{ chat: string; at: number }> = [];
  let now = 0;
  let turn = 0;
  while (now < ms) {
    const chat = chats[turn % chats.length] ?? '';
    const wait = gate.waitFor(chat, chat.startsWith('-'), now);
    if (wait > 0) {
      now += wait;
      continue;
    }
    gate.take(chat, chat.startsWith('-'), now);
    starts.push({ chat, at: now });
    turn += 1;
  }
  return starts;
}

describe('rate gate', () => {
  it('spaces sends evenly at the configured rate, so no one-second window holds more', () => {
    const starts = simulate(
      Array.from({ length: 1000 }, (_, i) => String(i)),
      10_000,
    );
    expect(starts.length).toBeGreaterThanOrEqual(249);
    expect(starts.length).toBeLessThanOrEqual(251);
    for (const [index, start] of starts.entries()) {
      const inWindow = starts.slice(index).filter((other) => other.at < start.at + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(26);
    }
  });

  it('lets one private chat have a message a second and one group a message every three seconds', () => {
    expect(simulate(['42'], 10_000).length).toBe(10);
    expect(simulate(['-100'], 30_000).length).toBe(10);
  });

  it('holds every chat while paused after a 429', () => {
    const gate = createRateGate(telegram);
    gate.pause(5000);
    expect(gate.waitFor('1', false, 1000)).toBe(4000);
    expect(gate.waitFor('2', true, 4999)).toBe(1);
    expect(gate.waitFor('3', false, 5000)).toBe(0);
  });

  it('catches up on a late timer without putting two sends closer than half a step', () => {
    const gate = createRateGate({ perSecond: 10, chatGapMs: 0, groupGapMs: 0 });
    gate.take('a', false, 0);
    expect(gate.waitFor('b', false, 0)).toBe(100);
    gate.take('b', false, 130);
    expect(gate.waitFor('c', false, 130)).toBe(70);
  });
});
