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

describe('rate gate edge cases', () => {
  it('a rate of 0 sets no overall limit, only the per-chat gaps', () => {
    const gate = createRateGate({ perSecond: 0, chatGapMs: 1000, groupGapMs: 3000 });
    gate.take('a', false, 0);
    expect(gate.waitFor('b', false, 0)).toBe(0);
    expect(gate.waitFor('a', false, 0)).toBe(1000);
  });

  it('never gives a group a shorter gap than a private chat', () => {
    const gate = createRateGate({ perSecond: 0, chatGapMs: 1000, groupGapMs: 0 });
    gate.take('-100', true, 0);
    expect(gate.waitFor('-100', true, 0)).toBe(1000);
  });

  it('rounds a fractional wait up, never letting a send start early', () => {
    const gate = createRateGate({ perSecond: 30, chatGapMs: 0, groupGapMs: 0 });
    gate.take('a', false, 0);
    expect(gate.waitFor('b', false, 0)).toBe(34);
  });

  it('after an idle spell, starts afresh rather than letting a burst catch up on the time lost', () => {
    const gate = createRateGate({ perSecond: 10, chatGapMs: 0, groupGapMs: 0 });
    gate.take('a', false, 0);
    gate.take('b', false, 10_000);
    expect(gate.waitFor('c', false, 10_000)).toBe(50);
  });

  it('keeps a gap still running when it forgets the chats of a large broadcast', () => {
    const gate = createRateGate({ perSecond: 0, chatGapMs: 1000, groupGapMs: 3000 });
    gate.take('-100', true, 0);
    for (let chat = 0; chat < 5000; chat += 1) gate.take(String(chat), false, 0);
    gate.take('late', false, 1500);
    expect(gate.waitFor('-100', true, 1500)).toBe(1500);
    expect(gate.waitFor('late', false, 1500)).toBe(1000);
  });

  it('a shorter second pause does not cut a longer one short', () => {
    const gate = createRateGate(telegram);
    gate.pause(5000);
    gate.pause(2000);
    expect(gate.pausedUntil()).toBe(5000);
    expect(gate.waitFor('1', false, 3000)).toBe(2000);
  });
});
