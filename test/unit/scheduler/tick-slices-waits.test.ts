import { describe, expect, it } from 'vitest';
import type { Chat } from '../../../src/domain/chat.js';
import { createWaits } from '../../../src/scheduler/tick-slices.js';
import { chatRow } from '../../support/chat-row.js';

const day = 86_400_000;
const start = Date.UTC(2026, 10, 27, 9);

const chat = (id: number): Chat =>
  chatRow({
    id,
    platform: 'telegram',
    chatId: String(-1000 - id),
    createdAt: start,
    updatedAt: start,
    scheduleSetAt: start,
  });

/** One digest tick's walk over `chats`, each told to wait a week unless it already waits. */
function tick(waits: ReturnType<typeof createWaits>, chats: Chat[], now: number): Chat[] {
  waits.startWalk();
  const waiting = chats.filter((one) => waits.waiting(one, now));
  for (const one of chats) if (!waiting.includes(one)) waits.wait(one, now + 7 * day);
  waits.endWalk();
  return waiting;
}

describe('waits of chats not due', () => {
  it('keeps only the waits of the chats a tick still visits, however many chats came and went', () => {
    const waits = createWaits();
    const steady = chat(1);
    // A new chat every minute for a week, each active for one tick only (then turned off or deleted).
    for (let n = 0; n < 10_000; n += 1) tick(waits, [steady, chat(100 + n)], start + n * 60_000);
    expect(waits.size).toBe(2);
    // The chat every tick visited still waits: its slot is days away.
    expect(tick(waits, [steady], start + 10_000 * 60_000)).toEqual([steady]);
    expect(waits.size).toBe(1);
  });

  it('forgets a wait once its time has come, and one a changed chat no longer matches', () => {
    const waits = createWaits();
    const one = chat(1);
    waits.wait(one, start + day);
    expect(waits.waiting(one, start)).toBe(true);
    expect(waits.waiting({ ...one, timeZone: 'Europe/Kyiv' }, start)).toBe(false);
    expect(waits.size).toBe(0);
    waits.wait(one, start + day);
    expect(waits.waiting(one, start + day)).toBe(false);
    expect(waits.size).toBe(0);
  });

  it('keeps every wait when a tick ends before its walk does (a failed page read)', () => {
    const waits = createWaits();
    tick(waits, [chat(1), chat(2)], start);
    waits.startWalk();
    expect(waits.waiting(chat(1), start + 60_000)).toBe(true);
    // No endWalk: the next tick starts over and chat 2 must still wait then.
    waits.startWalk();
    expect(waits.waiting(chat(2), start + 120_000)).toBe(true);
  });
});
