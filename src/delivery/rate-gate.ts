/**
 * Paces sends so the platform never has to say 429: an even spacing overall (rather than bursts,
 * which a sliding one-second window on the server counts against us), a minimum gap per chat and a
 * longer one per group, and a pause of the whole platform after a 429.
 * Telegram: ~30 messages/s overall, 1/s per chat, 20/min per group; Slack: 1/s per channel
 * (../shared/notes/platform-facts.md §1.1, §2.6).
 */
export type RateLimits = {
  /** Messages per second over all chats of the platform. */
  perSecond: number;
  /** Minimum milliseconds between two messages to one chat. */
  chatGapMs: number;
  /** Minimum milliseconds between two messages to one group (20/min = 3000). */
  groupGapMs: number;
};

export type RateGate = {
  /** Milliseconds until a message to this chat may start; 0 = now. */
  waitFor(chatKey: string, group: boolean, now: number): number;
  /** Records a message to this chat starting now (call only when waitFor said 0). */
  take(chatKey: string, group: boolean, now: number): void;
  /**
   * Records that the send to this chat was answered now: its gap counts from here too, since the server
   * measures from the message's arrival, which a slow request (a new connection) delays past its start.
   * A starting pump gives it the sends the outbox recorded before the start, at their times.
   */
  finish(chatKey: string, group: boolean, now: number): void;
  /** Stops every send until `until` (a 429's retry_after): one 429 pauses all, or the others ignore it. */
  pause(until: number): void;
  pausedUntil(): number;
};

export function createRateGate(limits: RateLimits): RateGate {
  const spacing = limits.perSecond > 0 ? 1000 / limits.perSecond : 0;
  let nextGlobal = 0;
  let paused = 0;
  const nextByChat = new Map<string, number>();
  const gapOf = (group: boolean) =>
    group ? Math.max(limits.groupGapMs, limits.chatGapMs) : limits.chatGapMs;
  const forget = (now: number) => {
    // Keep the map bounded on a 10,000-chat broadcast: entries whose gap has passed say nothing.
    if (nextByChat.size < 4096) return;
    for (const [key, at] of nextByChat) if (at <= now) nextByChat.delete(key);
  };
  return {
    waitFor(chatKey, _group, now) {
      const chat = nextByChat.get(chatKey) ?? 0;
      return Math.max(0, Math.ceil(Math.max(nextGlobal, chat, paused) - now));
    },
    take(chatKey, group, now) {
      forget(now);
      // Catch up on timer lateness (keeps the average rate) but never start two sends closer than half a step.
      nextGlobal = Math.max(nextGlobal + spacing, now + spacing / 2);
      nextByChat.set(chatKey, now + gapOf(group));
    },
    finish(chatKey, group, now) {
      nextByChat.set(chatKey, Math.max(nextByChat.get(chatKey) ?? 0, now + gapOf(group)));
    },
    pause(until) {
      paused = Math.max(paused, until);
    },
    pausedUntil: () => paused,
  };
}
