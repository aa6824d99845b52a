import type { Chat, Platform } from '../domain/chat.js';
import type { ChatStore, DigestComposer, Outbox } from '../domain/ports.js';
import { dueSlot, nextSlotAfter, periodOf, slotKey } from '../domain/schedule.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

export type DigestSchedulerOptions = {
  chats: Pick<ChatStore, 'list'>;
  outbox: Pick<Outbox, 'enqueue'>;
  composer: DigestComposer;
  clock: Clock;
  log: Logger;
  /** A push missed while Parley was down still goes out within this window (digest.catchUpHours). */
  catchUpMs: number;
  /** Platforms that can send now; chats elsewhere wait until their platform's token is set. */
  platforms: readonly Platform[];
};

const minimumWindowMs = 10 * 60_000;

export type TickResult = { due: number; enqueued: number; failed: number };

export type DigestScheduler = { tick(): TickResult };

/**
 * Decides which chats are due in their own time zone and puts their digests in the outbox. The chat's
 * lastSlot is written with the digest in one transaction, and (chat, period) is unique, so however
 * often this runs or restarts, each chat gets each period once.
 */
export function createDigestScheduler(options: DigestSchedulerOptions): DigestScheduler {
  const { chats, outbox, composer, clock, log } = options;
  // `catchUpHours: 0` means no catch-up, not no digest: the tick runs a few seconds after the minute
  // turns, and a busy event loop can delay it, so a slot stays due for a few minutes at least.
  const catchUpMs = Math.max(options.catchUpMs, minimumWindowMs);
  // When a chat that is not due can next be due, so a minute tick over 10,000 chats does no zone
  // arithmetic for most of them. Keyed by what decides it; a changed chat recomputes.
  const notBefore = new Map<number, { key: string; at: number }>();
  const keyOf = (chat: Chat) =>
    `${JSON.stringify(chat.schedule)}|${chat.timeZone}|${chat.lastSlot}|${chat.updatedAt}|${chat.scheduleSetAt}`;

  function dueFor(chat: Chat, now: number): number | null {
    const slot = dueSlot(chat.schedule, chat.timeZone, now, chat.lastSlot, catchUpMs);
    // A chat that subscribes (or changes its schedule, or is turned on) at 10:00 on Friday starts with the
    // next slot, not with a digest at once.
    return slot !== null && slot >= chat.scheduleSetAt ? slot : null;
  }

  function enqueue(chat: Chat, slot: number, now: number): boolean {
    const period = periodOf(chat.schedule, chat.timeZone, slot);
    // "Since its last digest, at most the schedule period": a chat that went weekly → daily does not
    // get the whole week again, one that went daily → weekly does not miss the days between.
    const since = Math.max(period.since, chat.lastSlot ?? period.since);
    const { storyCount, parts } = composer.compose(chat, { since, until: slot });
    const record = {
      chatId: chat.id,
      period: slotKey(chat.schedule, chat.timeZone, slot),
      since,
      until: slot,
    };
    return outbox.enqueue({ ...record, slot, storyCount, parts }, now).created;
  }

  return {
    tick() {
      const now = clock.now();
      const result: TickResult = { due: 0, enqueued: 0, failed: 0 };
      for (const chat of chats.list({ active: true })) {
        if (!options.platforms.includes(chat.platform)) continue;
        try {
          const known = notBefore.get(chat.id);
          if (known !== undefined && known.key === keyOf(chat) && now < known.at) continue;
          const slot = dueFor(chat, now);
          if (slot === null) {
            const at = nextSlotAfter(chat.schedule, chat.timeZone, now) ?? Number.POSITIVE_INFINITY;
            notBefore.set(chat.id, { key: keyOf(chat), at });
            continue;
          }
          result.due += 1;
          if (enqueue(chat, slot, now)) result.enqueued += 1;
        } catch (error) {
          result.failed += 1;
          log.error({ err: error, chat_id: chat.id }, 'digest for chat failed');
        }
      }
      if (result.due > 0) log.info({ ...result }, 'digests scheduled');
      return result;
    },
  };
}
