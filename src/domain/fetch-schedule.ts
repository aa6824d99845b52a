/** Bounds on how often a feed is fetched. All durations in milliseconds. */
export type FetchSchedulePolicy = {
  /** The normal interval between fetches of a healthy feed. */
  interval: number;
  /** Never fetch more often than this, whatever the feed's caching headers say. */
  minInterval: number;
  /** Never wait longer than this between fetches of a healthy feed, whatever `<ttl>` says. */
  maxInterval: number;
  /** The first retry delay after a failure; doubles with each consecutive failure. */
  backoffBase: number;
  /** The longest a failing feed waits before its next try. */
  maxBackoff: number;
};

export type CacheHints = {
  /** Cache-Control max-age of the response, in seconds. */
  maxAgeSeconds: number | null;
  /** The feed's `<ttl>` (RSS 2.0), in minutes. */
  ttlMinutes: number | null;
};

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

/** When to fetch a healthy feed next: the configured interval, stretched by max-age or ttl, within bounds. */
export function nextFetchAfterSuccess(now: number, hints: CacheHints, policy: FetchSchedulePolicy): number {
  const fromHeaders = (hints.maxAgeSeconds ?? 0) * 1000;
  const fromTtl = (hints.ttlMinutes ?? 0) * 60_000;
  const wanted = Math.max(policy.interval, fromHeaders, fromTtl);
  return now + clamp(wanted, policy.minInterval, Math.max(policy.maxInterval, policy.minInterval));
}

/**
 * When to try a failing feed again: exponential backoff from the number of consecutive failures
 * (including this one), never sooner than a server's Retry-After, never later than maxBackoff.
 */
export function nextFetchAfterFailure(
  now: number,
  consecutiveErrors: number,
  retryAfterSeconds: number | null,
  policy: FetchSchedulePolicy,
): number {
  const exponent = Math.max(0, Math.min(consecutiveErrors - 1, 30));
  const backoff = Math.min(policy.backoffBase * 2 ** exponent, policy.maxBackoff);
  const retryAfter = Math.min((retryAfterSeconds ?? 0) * 1000, policy.maxBackoff);
  return now + Math.max(backoff, retryAfter, policy.minInterval);
}
