/**
 * The last time each key (a chat) did something that must not be repeated within `ms`. Only keys still
 * cooling down are kept: a bot in thousands of chats asked once each over months would otherwise keep one
 * entry per chat for good.
 */
export function createCooldown(ms: number) {
  // Insertion order is time order (a key is moved to the end when it starts again), so the expired ones
  // are at the front.
  const startedAt = new Map<string, number>();
  const forgetExpired = (now: number) => {
    for (const [key, at] of startedAt) {
      if (now - at < ms) return;
      startedAt.delete(key);
    }
  };
  return {
    /** How long `key` must still wait, 0 when it may go. */
    remainingMs(key: string, now: number): number {
      forgetExpired(now);
      const at = startedAt.get(key);
      return at === undefined ? 0 : Math.max(0, ms - (now - at));
    },
    start(key: string, now: number): void {
      startedAt.delete(key);
      startedAt.set(key, now);
      forgetExpired(now);
    },
    /** `key` may go again at once (what it started did not happen after all). */
    forget(key: string): void {
      startedAt.delete(key);
    },
    /** Keys still cooling down (or not yet looked at since they stopped). */
    get size(): number {
      return startedAt.size;
    },
  };
}
