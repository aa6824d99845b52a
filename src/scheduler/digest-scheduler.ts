import type { Chat, Platform } from '../domain/chat.js';
import type { ChatStore, DigestComposer, Outbox } from '../domain/ports.js';
import { clockAheadMs } from '../domain/schedule.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import {
  type ChatCursor,
  createChatCursor,
  createSlice,
  createWaits,
  runSliceInBatch,
  type SlotRules,
  slotRulesAt,
} from './tick-slices.js';

export type DigestSchedulerOptions = {
  chats: Pick<ChatStore, 'list' | 'get'>;
  outbox: Pick<Outbox, 'enqueue' | 'batch' | 'passQuiet'>;
  composer: DigestComposer;
  clock: Clock;
  log: Logger;
  /** A push missed while Parley was down still goes out within this window (digest.catchUpHours). */
  catchUpMs: number;
  /** Platforms that can send now; chats elsewhere wait until their platform's token is set. */
  platforms: readonly Platform[];
  /**
   * How long before it is composed a digest's stories end (digestLagMs): a report published just before
   * the slot is usually fetched just after it, and stories are dated by their reports' publication, so
   * the period ends this much earlier and that report is in the next digest instead of in none. A report
   * seen later still counts from the lag before it was seen (domain/schedule.ts digestTimeOf): after
   * this digest's end, so in the next one.
   */
  lagMs?: number;
  /** Longest stretch of work before the tick lets the event loop run; 0 yields after every chat. */
  sliceMs?: number;
  /** Chats read at a time (reading all 10,000 in one call held the event loop for ~60 ms). */
  pageSize?: number;
  /**
   * Resolves when every report stored so far is in its story and the story dated (Poller.placed): a tick
   * waits for it after taking its time, so that a report stored before then is in this digest or the next.
   */
  placed?: () => Promise<void>;
};

const minimumWindowMs = 10 * 60_000;

// The tick shares the process with the Telegram bot, the Slack app (which must ack within 3 s:
// https://api.slack.com/interactivity/slash-commands#responding_basic_receipt) and /healthz. 10 ms keeps
// each of them waiting at most that plus one chat (about 0.2 ms), while the ~150 yields of a
// 10,000-chat tick cost well under 1 % of it.
const defaultSliceMs = 10;
// A page is read in one go and can end a slice late by its own cost: 200 chats take ~1.2 ms to read and
// map on a file database, 500 take ~3.5 ms; the 50 reads of a 10,000-chat tick cost nothing noticeable.
const defaultPageSize = 200;

/** How far back a digest reaches to its chat's last one: a week's period and a day's margin. */
const longestReachMs = 8 * 86_400_000;

/** The chat as the tick decides on it: what a clock running ahead recorded is dropped. */
function asOf(chat: Chat, now: number): Chat {
  const lastAhead = chat.lastSlot !== null && chat.lastSlot > now + clockAheadMs;
  const setAhead = chat.scheduleSetAt > now + clockAheadMs;
  if (!lastAhead && !setAhead) return chat;
  return {
    ...chat,
    ...(lastAhead ? { lastSlot: null, lastUntil: null } : {}),
    // Set before now by the real clock: its slots since then are due (within the catch-up window), as
    // a slot missed while Parley was down is.
    ...(setAhead ? { scheduleSetAt: 0 } : {}),
  };
}

/** `quiet`: due chats whose period had no stories and that skip such periods (nothing was stored). */
export type TickResult = { due: number; enqueued: number; quiet: number; failed: number };

export type DigestScheduler = { tick(): Promise<TickResult> };

/** `reads`: story reads to make before the next slice; `prepared`: the chat they were made for. */
type TickState = {
  now: number;
  slots: SlotRules;
  result: TickResult;
  reads: Array<() => void>;
  prepared: number | null;
};

/**
 * Decides which chats are due in their own time zone and puts their digests in the outbox. The chat's
 * lastSlot is written with the digest in one transaction, and (chat, period) is unique, so however
 * often this runs or restarts, each chat gets each period once. The tick reads the chats `pageSize` at a
 * time and yields to the event loop every `sliceMs`; the digests of a slice (the work between two yields)
 * share one commit. A chat whose digest needs stories not read yet ends its slice, and those reads run
 * one per turn of the event loop before it (DigestComposer.reads). Callers must not start a tick before
 * the previous one has finished (see digest-ticker.ts).
 */
export function createDigestScheduler(options: DigestSchedulerOptions): DigestScheduler {
  const { chats, outbox, composer, clock, log } = options;
  const sliceMs = options.sliceMs ?? defaultSliceMs;
  const pageSize = Math.max(1, options.pageSize ?? defaultPageSize);
  // `catchUpHours: 0` means no catch-up, not no digest: the tick runs a few seconds after the minute
  // turns, and a busy event loop can delay it, so a slot stays due for a few minutes at least.
  const catchUpMs = Math.max(options.catchUpMs, minimumWindowMs);
  const lagMs = Math.max(0, options.lagMs ?? 0);
  const waits = createWaits();

  function dueFor(chat: Chat, now: number, slots: SlotRules): number | null {
    if (waits.waiting(chat, now)) return null;
    const slot = slots.due(chat.schedule, chat.timeZone, chat.lastSlot);
    // A chat that subscribes (or changes its schedule, or is turned on) at 10:00 on Friday starts with the
    // next slot, not with a digest at once.
    if (slot !== null && slot >= chat.scheduleSetAt) return slot;
    waits.wait(chat, slots.next(chat.schedule, chat.timeZone) ?? Number.POSITIVE_INFINITY);
    return null;
  }

  /**
   * Whether the chat's digest at `slot` starts where its last one ended: no story falls between two digests
   * when the chat changed its schedule (weekly → daily on a Tuesday: Friday to Monday were never sent) or
   * moved its time zone west, or a slot was skipped. A chat with no digest yet (a chat turned back on
   * forgets its last one: chat-store.ts), or that went more than `longestReachMs` without one (Parley down
   * for weeks, or unsubscribed and back), gets one schedule period. A schedule set soon after the last
   * digest ends that wait when it was set, not at this slot: moved to an earlier time on the day of its
   * digest, a weekly chat skips that day's slot, and its next digest must still reach back two weeks. So
   * does one whose previous slot (`since`) alone was missed on the same schedule (Parley down past the
   * catch-up window): 14 days for a weekly chat, past `longestReachMs`, but the README promises that
   * slot's stories to the next digest, and without them a week of stories was in none.
   */
  function reachesLast(chat: Chat, slot: number, since: number, slots: SlotRules): boolean {
    if (chat.lastSlot === null) return false;
    const changed = chat.scheduleSetAt > chat.lastSlot;
    const waitedUntil = changed ? Math.min(slot, chat.scheduleSetAt) : slot;
    if (waitedUntil - chat.lastSlot <= Math.max(longestReachMs, slot - since)) return true;
    return !changed && slots.period(chat.schedule, chat.timeZone, since).since === chat.lastSlot;
  }

  /** What the chat's digest at `slot` covers. */
  function coverOf(
    chat: Chat,
    slot: number,
    now: number,
    slots: SlotRules,
  ): { since: number; until: number } {
    const period = slots.period(chat.schedule, chat.timeZone, slot);
    const reach = reachesLast(chat, slot, period.since, slots);
    // Both ends move back by the lag, so consecutive digests meet without a gap or an overlap. Where the
    // last one ended: the lag may have changed since (ingest.interval), and its slot minus the
    // lag as it is now would leave a gap or an overlap.
    const last = chat.lastSlot === null ? null : (chat.lastUntil ?? chat.lastSlot - lagMs);
    const since = reach && last !== null ? last : period.since - lagMs;
    // It ends the lag before it is composed, not before its slot: a story counts from a report's digest
    // time, at most the lag before Parley first saw it (digestTimeOf), so each report seen by now that
    // counts before this end is in it, and one seen later counts after it. A digest caught up hours late,
    // after the first poll, has what that poll read; one on time ends a few seconds past slot − lag.
    const until = Math.max(slot, now) - lagMs;
    return { since, until };
  }

  /** 'enqueued', 'quiet' (a skipped empty period, done) or 'exists' (the period already has its digest). */
  function enqueue(chat: Chat, slot: number, now: number, slots: SlotRules): 'enqueued' | 'quiet' | 'exists' {
    const { since, until } = coverOf(chat, slot, now, slots);
    // The lag grew (a restart with a longer ingest.interval) by more than the time since the last digest
    // was composed (the schedule moved later just after it): that one already reaches past this one's end.
    // Nothing is left to send; the slot is done and the end stays where it was.
    if (until <= since) {
      outbox.passQuiet(chat.id, slot, since, now);
      return 'quiet';
    }
    const { storyCount, parts } = composer.compose(chat, { since, until });
    if (storyCount === 0 && chat.quiet === 'skip') {
      outbox.passQuiet(chat.id, slot, until, now);
      return 'quiet';
    }
    const record = {
      chatId: chat.id,
      period: slots.key(chat.schedule, chat.timeZone, slot),
      since,
      until,
    };
    return outbox.enqueue({ ...record, slot, storyCount, parts }, now).created ? 'enqueued' : 'exists';
  }

  /** The chat as stored now, and its slot, when it is due; `stale`: its page was read before a yield. */
  function current(stored: Chat, now: number, slots: SlotRules, stale: boolean) {
    const listed = asOf(stored, now);
    if (!options.platforms.includes(listed.platform) || dueFor(listed, now, slots) === null) return null;
    // While the tick yielded, a command may have changed the chat's schedule, zone or topics, or the
    // platform may have turned it off: decide again from what is stored.
    const fresh = stale ? chats.get(listed.id) : listed;
    const chat = fresh && asOf(fresh, now);
    const slot = chat?.active ? dueFor(chat, now, slots) : null;
    return chat && slot !== null ? { chat, slot } : null;
  }

  /**
   * The story reads the chat's digest needs first, unless they were made for it already: the first chat
   * of a period reads each topic's ranked stories, 0.5 s in one stretch with 100,000 stories in a week.
   */
  function readsFirst(chat: Chat, slot: number, tick: TickState): Array<() => void> {
    if (tick.prepared === chat.id || composer.reads === undefined) return [];
    const cover = coverOf(chat, slot, tick.now, tick.slots);
    return cover.until > cover.since ? composer.reads(chat, cover) : [];
  }

  /**
   * Enqueues the chat's digest if it is due; errors are the chat's own and never stop the tick. False:
   * the digest needs story reads first, left in `tick.reads`, and the chat is visited again after them.
   */
  function scheduleOne(listed: Chat, stale: boolean, tick: TickState, slice: TickResult): boolean {
    const { now, slots } = tick;
    try {
      const due = current(listed, now, slots, stale);
      if (due === null) return true;
      const reads = readsFirst(due.chat, due.slot, tick);
      if (reads.length > 0) {
        tick.reads = reads;
        tick.prepared = due.chat.id;
        return false;
      }
      slice.due += 1;
      const outcome = enqueue(due.chat, due.slot, now, slots);
      if (outcome !== 'exists') {
        slice[outcome === 'enqueued' ? 'enqueued' : 'quiet'] += 1;
        return true;
      }
      // The period already has its digest (the chat moved west after it went out, so the same slot is
      // due again in its new zone): wait for the next slot instead of composing it again every minute.
      const at = slots.next(due.chat.schedule, due.chat.timeZone) ?? Number.POSITIVE_INFINITY;
      waits.waitAfterCommit(due.chat, at);
    } catch (error) {
      slice.failed += 1;
      log.error({ err: error, chat_id: listed.id }, 'digest for chat failed');
    }
    return true;
  }

  /** One slice's chats in one batch; false when no chat is left. */
  function runSlice(cursor: ChatCursor, spent: () => boolean, tick: TickState): boolean {
    const { result } = tick;
    const slice: TickResult = { due: 0, enqueued: 0, quiet: 0, failed: 0 };
    const run = runSliceInBatch(outbox, cursor, spent, (chat, stale) =>
      scheduleOne(chat, stale, tick, slice),
    );
    // A failed commit leaves none of the slice's digests and its chats due, for the next tick; its refusals
    // go with it, so that none makes a chat wait for a slot it has not had.
    const stored = run.commitError === null;
    if (!stored) log.error({ err: run.commitError?.error, digests: slice.enqueued }, 'tick slice not stored');
    waits.settle(stored);
    result.due += slice.due;
    result.enqueued += stored ? slice.enqueued : 0;
    result.quiet += stored ? slice.quiet : 0;
    result.failed += slice.failed + (stored ? 0 : slice.enqueued + slice.quiet);
    return run.more;
  }

  /**
   * The reads a chat's digest needs, one at a time with a yield after each. One that fails is left for
   * `compose`, which reads it again and fails that chat's digest alone (logged, counted).
   */
  async function readStories(tick: TickState, slice: ReturnType<typeof createSlice>): Promise<void> {
    for (const read of tick.reads.splice(0)) {
      try {
        read();
      } catch {
        // compose reads it again and reports it
      }
      await slice.pause();
    }
  }

  return {
    async tick() {
      // The time first, then the batches stored before it: a report stored during the wait is seen after
      // this time, so it counts after the periods decided here. A wait for a moment when no batch is placing
      // never ends while feeds keep changing.
      const now = clock.now();
      await options.placed?.();
      const result: TickResult = { due: 0, enqueued: 0, quiet: 0, failed: 0 };
      const state: TickState = { now, slots: slotRulesAt(now, catchUpMs), result, reads: [], prepared: null };
      const slice = createSlice(sliceMs);
      const cursor = createChatCursor(chats, pageSize);
      // Refusals of a slice that a previous tick ended by an error in: dropped, as if not committed.
      waits.settle(false);
      waits.startWalk();
      while (runSlice(cursor, slice.spent, state)) {
        await slice.pause();
        // A page is current until the tick yields; after that a command may have changed its chats.
        cursor.yielded();
        await readStories(state, slice);
      }
      waits.endWalk();
      if (result.due > 0) log.info({ ...result }, 'digests scheduled');
      return result;
    },
  };
}
