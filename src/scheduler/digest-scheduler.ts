import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Chat, Platform } from '../domain/chat.js';
import type { ChatStore, DigestComposer, Outbox } from '../domain/ports.js';
import { dueSlot, nextSlotAfter, periodOf, type Schedule, slotKey } from '../domain/schedule.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

export type DigestSchedulerOptions = {
  chats: Pick<ChatStore, 'list' | 'get'>;
  outbox: Pick<Outbox, 'enqueue'>;
  composer: DigestComposer;
  clock: Clock;
  log: Logger;
  /** A push missed while Parley was down still goes out within this window (digest.catchUpHours). */
  catchUpMs: number;
  /** Platforms that can send now; chats elsewhere wait until their platform's token is set. */
  platforms: readonly Platform[];
  /** Longest stretch of work before the tick lets the event loop run; 0 yields after every chat. */
  sliceMs?: number;
};

const minimumWindowMs = 10 * 60_000;

// The tick shares the process with the Telegram bot, the Slack app (which must ack within 3 s:
// https://api.slack.com/interactivity/slash-commands#responding_basic_receipt) and /healthz. 10 ms keeps
// each of them waiting at most that plus one chat (about 0.2 ms), while the ~150 yields of a
// 10,000-chat tick cost well under 1 % of it.
const defaultSliceMs = 10;

export type TickResult = { due: number; enqueued: number; failed: number };

export type DigestScheduler = { tick(): Promise<TickResult> };

function memoize<A extends unknown[], T>(
  compute: (...args: A) => T,
  keyOf: (...args: A) => string,
): (...args: A) => T {
  const cache = new Map<string, { value: T }>();
  return (...args) => {
    const key = keyOf(...args);
    let entry = cache.get(key);
    if (entry === undefined) {
      entry = { value: compute(...args) };
      cache.set(key, entry);
    }
    return entry.value;
  };
}

/**
 * The zone arithmetic of one tick (one `now`), computed once per schedule and zone: 10,000 chats on the
 * default Friday 09:00 in one zone share it, and it was about 40 % of such a tick.
 */
function slotRulesAt(now: number, catchUpMs: number) {
  const zoned = (s: Schedule, zone: string) => `${JSON.stringify(s)}|${zone}`;
  const at = (s: Schedule, zone: string, ms: number | null) => `${zoned(s, zone)}|${ms}`;
  return {
    due: memoize(
      (s: Schedule, zone: string, last: number | null) => dueSlot(s, zone, now, last, catchUpMs),
      at,
    ),
    next: memoize((s: Schedule, zone: string) => nextSlotAfter(s, zone, now), zoned),
    period: memoize(periodOf, at),
    key: memoize(slotKey, at),
  };
}

type SlotRules = ReturnType<typeof slotRulesAt>;

/**
 * Decides which chats are due in their own time zone and puts their digests in the outbox. The chat's
 * lastSlot is written with the digest in one transaction, and (chat, period) is unique, so however
 * often this runs or restarts, each chat gets each period once. The tick yields to the event loop every
 * `sliceMs`; callers must not start a tick before the previous one has finished (see digest-ticker.ts).
 */
export function createDigestScheduler(options: DigestSchedulerOptions): DigestScheduler {
  const { chats, outbox, composer, clock, log } = options;
  const sliceMs = options.sliceMs ?? defaultSliceMs;
  // `catchUpHours: 0` means no catch-up, not no digest: the tick runs a few seconds after the minute
  // turns, and a busy event loop can delay it, so a slot stays due for a few minutes at least.
  const catchUpMs = Math.max(options.catchUpMs, minimumWindowMs);
  // When a chat that is not due can next be due, so a minute tick over 10,000 chats does no zone
  // arithmetic for most of them. Keyed by what decides it; a changed chat recomputes.
  const notBefore = new Map<number, { key: string; at: number }>();
  const keyOf = (chat: Chat) =>
    `${JSON.stringify(chat.schedule)}|${chat.timeZone}|${chat.lastSlot}|${chat.updatedAt}|${chat.scheduleSetAt}`;

  function dueFor(chat: Chat, now: number, slots: SlotRules): number | null {
    const known = notBefore.get(chat.id);
    if (known !== undefined && known.key === keyOf(chat) && now < known.at) return null;
    const slot = slots.due(chat.schedule, chat.timeZone, chat.lastSlot);
    // A chat that subscribes (or changes its schedule, or is turned on) at 10:00 on Friday starts with the
    // next slot, not with a digest at once.
    if (slot !== null && slot >= chat.scheduleSetAt) return slot;
    const at = slots.next(chat.schedule, chat.timeZone) ?? Number.POSITIVE_INFINITY;
    notBefore.set(chat.id, { key: keyOf(chat), at });
    return null;
  }

  function enqueue(chat: Chat, slot: number, now: number, slots: SlotRules): boolean {
    const period = slots.period(chat.schedule, chat.timeZone, slot);
    // "Since its last digest, at most the schedule period": a chat that went weekly → daily does not
    // get the whole week again, one that went daily → weekly does not miss the days between.
    const since = Math.max(period.since, chat.lastSlot ?? period.since);
    const { storyCount, parts } = composer.compose(chat, { since, until: slot });
    const record = {
      chatId: chat.id,
      period: slots.key(chat.schedule, chat.timeZone, slot),
      since,
      until: slot,
    };
    return outbox.enqueue({ ...record, slot, storyCount, parts }, now).created;
  }

  /** The chat as stored now, and its slot, when it is due; `stale`: the list was read before a yield. */
  function current(listed: Chat, now: number, slots: SlotRules, stale: boolean) {
    if (!options.platforms.includes(listed.platform) || dueFor(listed, now, slots) === null) return null;
    // While the tick yielded, a command may have changed the chat's schedule, zone or topics, or the
    // platform may have turned it off: decide again from what is stored.
    const chat = stale ? chats.get(listed.id) : listed;
    const slot = chat?.active ? dueFor(chat, now, slots) : null;
    return chat && slot !== null ? { chat, slot } : null;
  }

  return {
    async tick() {
      const now = clock.now();
      const slots = slotRulesAt(now, catchUpMs);
      const result: TickResult = { due: 0, enqueued: 0, failed: 0 };
      // Work time, not the injected clock: what matters is how long the event loop waits.
      let sliceStart = performance.now();
      let stale = false;
      for (const listed of chats.list({ active: true })) {
        if (performance.now() - sliceStart >= sliceMs) {
          await yieldToEventLoop();
          stale = true;
          sliceStart = performance.now();
        }
        try {
          const due = current(listed, now, slots, stale);
          if (due === null) continue;
          result.due += 1;
          if (enqueue(due.chat, due.slot, now, slots)) result.enqueued += 1;
        } catch (error) {
          result.failed += 1;
          log.error({ err: error, chat_id: listed.id }, 'digest for chat failed');
        }
      }
      if (result.due > 0) log.info({ ...result }, 'digests scheduled');
      return result;
    },
  };
}
