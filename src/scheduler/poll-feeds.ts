import type { Feed } from '../domain/feed.js';
import {
  type FetchSchedulePolicy,
  nextFetchAfterFailure,
  nextFetchAfterSuccess,
} from '../domain/fetch-schedule.js';
import type { ChangedItem, NormalisedItem } from '../domain/item.js';
import type { ArticleReader, FeedReader, FeedStore, ItemStore } from '../domain/ports.js';
import type { Clock } from '../shared/clock.js';
import { describeError, isAppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { createSemaphore } from '../shared/semaphore.js';
import { createArticleMisses, fetchMissingContent } from './full-text.js';
import type { StoryPipeline } from './story-pipeline.js';

export type PollPolicy = FetchSchedulePolicy & {
  maxItemAgeDays: number;
  articleConcurrency: number;
  /**
   * How long a fullText feed's article pages may take in all: pages not begun by then are left for its
   * next poll, so one slow site is not read for items × ingest.timeout (its next poll waits for this one).
   */
  articleBudgetMs: number;
};

export type FeedPollResult = {
  feed: Feed;
  outcome: 'ok' | 'not-modified' | 'failed';
  status: number | null;
  parsed: number;
  inserted: number;
  updated: number;
  /** New or changed items found to be about peace talks. */
  relevant: number;
  skippedOld: number;
  /** New items without a date in the feed's first fetch: stored as already published, not analysed. */
  backlog: number;
  /** Items listed again after retention removed them: stored as seen before, not analysed. */
  relisted: number;
  error: string | null;
  nextFetchAt: number;
  ms: number;
};

export type PollerDeps = {
  feeds: FeedStore;
  items: ItemStore;
  reader: FeedReader;
  articles: ArticleReader | null;
  /** Analysis and story clustering of what each poll stored; null stores items only. */
  stories: StoryPipeline | null;
  clock: Clock;
  log: Logger;
  policy: PollPolicy;
};

export type Poller = {
  /**
   * Polls the given feeds concurrently (the fetcher enforces the limits); one failure never stops the
   * others. A feed already being read by an earlier call is skipped: it has no result in this one.
   */
  pollFeeds(feeds: readonly Feed[], onResult?: (result: FeedPollResult) => void): Promise<FeedPollResult[]>;
  /** Polls the feeds whose next fetch time has come. */
  pollDue(onResult?: (result: FeedPollResult) => void): Promise<FeedPollResult[]>;
  /**
   * The read in flight that started first, or null when none is. Later cycles skip a feed still being
   * read and end at once, so only this tells /healthz that one read hangs.
   */
  oldestRead(): FeedRead | null;
  /**
   * Resolves when every item passed to the pipeline so far is in its story and the story dated
   * (StoryPipeline.placed), and the items a killed run left unfinished too (`recover`, started here if no
   * poll has yet); those a failed run of this process left wait for the feed's next poll
   * (retryUnfinished), and this does not wait for them.
   */
  placed(): Promise<void>;
};

/** A feed read in flight, and when it started (the injected clock). */
export type FeedRead = { feed: Feed; since: number };

function withinAge(items: NormalisedItem[], now: number, maxAgeDays: number): NormalisedItem[] {
  if (maxAgeDays <= 0) return items;
  const oldest = now - maxAgeDays * 86_400_000;
  return items.filter((item) => !item.publishedAtFromFeed || item.publishedAt >= oldest);
}

// Without an age limit, a feed not read for this long is read afresh.
const unlimitedAgeStaleDays = 30;

/** How long a feed may go unread before its next read counts as a first fetch (isFirstFetch). */
export function firstFetchAfterMs(maxAgeDays: number): number {
  return (maxAgeDays > 0 ? maxAgeDays : unlimitedAgeStaleDays) * 86_400_000;
}

/**
 * Whether what the feed lists now is news to Parley or its back catalogue: never read, its last read
 * listed nothing (an empty first read; null: read before version 15 stored it, nothing stored then),
 * or not read for longer than items are kept as news (a feed switched back on after months).
 */
export function isFirstFetch(feed: Feed, now: number, maxAgeDays: number): boolean {
  if (feed.lastSuccessAt === null) return true;
  if (feed.lastListed === 0 || (feed.lastListed === null && feed.itemCount === 0)) return true;
  return feed.lastSuccessAt < now - firstFetchAfterMs(maxAgeDays);
}

/** The counts of a read that stored nothing (a 304, a failure). */
const nothingStored = {
  parsed: 0,
  inserted: 0,
  updated: 0,
  relevant: 0,
  skippedOld: 0,
  backlog: 0,
  relisted: 0,
} as const;

export function createPoller(deps: PollerDeps): Poller {
  const { feeds, items, reader, clock, log, policy } = deps;
  const articleSlots = createSemaphore(Math.max(1, policy.articleConcurrency));
  const articleMisses = createArticleMisses();

  // Feeds whose stored items the pipeline failed on in this process (SQLITE_BUSY, a full disk, a bug): the
  // feed's next poll runs them again (retryUnfinished). The failed read's ETag is recorded, so the next
  // reads get a 304 and list nothing: they waited for a restart's `recover` to reach a story and a digest.
  const failedFeeds = new Set<number>();

  /** Runs stored items through the pipeline and marks them finished once their stories are. */
  async function finish(pipeline: StoryPipeline, changed: ChangedItem[], feed: string | null) {
    const result = await pipeline.process(changed, feed);
    items.finished(changed.map((change) => change.id));
    return result;
  }

  /**
   * How many of the changed items are about peace talks (0 when analysis is off or failed). They stay
   * unfinished (ItemStore.unfinished) until their stories are refreshed: a run killed before that
   * leaves them to the next start's `recover`, a run that failed to the feed's next poll.
   */
  async function analyse(feed: Feed, changed: ChangedItem[]): Promise<number> {
    if (deps.stories === null || changed.length === 0) {
      items.finished(changed.map((change) => change.id));
      return 0;
    }
    try {
      return (await finish(deps.stories, changed, feed.name ?? feed.title)).relevant;
    } catch (error) {
      // The items are stored; a bug in the analysis must not fail the feed. `parley explain` shows them
      // unanalysed; the next poll of the feed tries them again.
      log.error({ feed_url: feed.url, err: error }, 'analysis failed');
      failedFeeds.add(feed.id);
      return 0;
    }
  }

  /**
   * Runs the items a killed run stored but did not finish through the pipeline again, feed by feed:
   * their analysis, their stories and the refresh of those (an unchanged item is never passed on again).
   * Every feed's batch is handed to the pipeline before the first await (its batches take turns, in this
   * order), so that StoryPipeline.placed covers them all at once (see `placed` below).
   */
  async function recover(pipeline: StoryPipeline): Promise<void> {
    const byFeed = new Map<number, { feed: string | null; changed: ChangedItem[] }>();
    for (const { feedId, feed, changed } of items.unfinished()) {
      const batch = byFeed.get(feedId) ?? { feed, changed: [] };
      batch.changed.push(changed);
      byFeed.set(feedId, batch);
    }
    if (byFeed.size === 0) return;
    const counts = { items: 0, relevant: 0, stories: new Set<number>(), failed: 0 };
    const recoverFeed = async (feedId: number, feed: string | null, changed: ChangedItem[]) => {
      try {
        const result = await finish(pipeline, changed, feed);
        counts.items += changed.length;
        counts.relevant += result.relevant;
        for (const story of result.stories) counts.stories.add(story);
      } catch (error) {
        counts.failed += changed.length;
        failedFeeds.add(feedId);
        log.error({ feed_id: feedId, err: error }, 'analysis of unfinished items failed');
      }
    };
    await Promise.all([...byFeed].map(([feedId, { feed, changed }]) => recoverFeed(feedId, feed, changed)));
    log.info(
      { items: counts.items, relevant: counts.relevant, stories: counts.stories.size, failed: counts.failed },
      'recovered items an interrupted run stored without finishing their analysis and stories',
    );
  }

  // Once, before the first poll reads anything: no batch is in flight yet, so none is processed twice.
  let recovered: Promise<void> | null = null;
  // A recovery that failed (the database busy at start) is tried again by the next call: kept, it failed
  // every later poll until a restart.
  const recoverOnce = (): Promise<void> => {
    recovered ??= (deps.stories === null ? Promise.resolve() : recover(deps.stories)).catch((error) => {
      recovered = null;
      throw error;
    });
    return recovered;
  };

  /**
   * Runs the feed's items the pipeline failed on earlier in this process through it again, before the
   * feed is read. Only a feed this poll holds (`reading`): no other batch of its items is in flight.
   */
  async function retryUnfinished(feed: Feed): Promise<void> {
    if (deps.stories === null || !failedFeeds.has(feed.id)) return;
    try {
      const changed = items.unfinished(feed.id).map((row) => row.changed);
      if (changed.length > 0) await finish(deps.stories, changed, feed.name ?? feed.title);
      failedFeeds.delete(feed.id);
      log.info({ feed_url: feed.url, items: changed.length }, 'analysed items again after a failed analysis');
    } catch (error) {
      log.error({ feed_url: feed.url, err: error }, 'analysis failed again');
    }
  }

  async function readAndStore(feed: Feed, started: number): Promise<FeedPollResult> {
    const result = await reader.read(feed);
    const now = clock.now();
    const base = { feed, error: null, ms: now - started };
    if (result.kind === 'not-modified') {
      // The body is the one read last: its <ttl> still holds.
      const cache = { ...result.cache, ttlMinutes: result.cache.ttlMinutes ?? feed.ttlMinutes };
      const nextFetchAt = nextFetchAfterSuccess(started, cache, policy);
      feeds.recordOutcome(feed.id, { kind: 'not-modified', at: now, nextFetchAt });
      return {
        ...base,
        outcome: 'not-modified',
        status: 304,
        ...nothingStored,
        nextFetchAt,
      };
    }
    if (result.leftOut > 0)
      log.warn(
        { feed_url: feed.url, listed: result.items.length + result.leftOut, left_out: result.leftOut },
        'feed lists more items than one read takes: the oldest left out',
      );
    const fresh = withinAge(result.items, now, policy.maxItemAgeDays);
    // Undated items of a first fetch are stored as backlog (ItemStore.upsert): their pages are not read.
    const firstFetch = isFirstFetch(feed, now, policy.maxItemAgeDays);
    const backlog = firstFetch ? fresh.filter((item) => !item.publishedAtFromFeed) : [];
    const dated = backlog.length === 0 ? fresh : fresh.filter((item) => item.publishedAtFromFeed);
    const { items: complete, leftForLater } =
      feed.fullText && deps.articles
        ? await fetchMissingContent(dated, {
            feed,
            items,
            articles: deps.articles,
            slots: articleSlots,
            misses: articleMisses,
            now,
            budgetEndsAt: now + policy.articleBudgetMs,
            clock,
            log,
          })
        : { items: dated, leftForLater: 0 };
    const { changed, ...counts } = items.upsert(feed.id, [...complete, ...backlog], clock.now(), firstFetch);
    const relevant = await analyse(feed, changed);
    const nextFetchAt = nextFetchAfterSuccess(started, result.cache, policy);
    const { status } = result;
    // Pages left for the next poll are read when it lists their items again: a 304 lists none, so the
    // next request goes without validators (a full read of an unchanged feed) instead of leaving them
    // until the feed changes.
    const { etag, lastModified } = leftForLater > 0 ? { etag: null, lastModified: null } : result;
    feeds.recordOutcome(feed.id, {
      kind: 'ok',
      at: now,
      status,
      listed: result.items.length,
      etag,
      lastModified,
      title: result.feed.title,
      ttlMinutes: result.cache.ttlMinutes,
      nextFetchAt,
    });
    const skippedOld = result.items.length - fresh.length;
    const parsed = result.items.length;
    return {
      ...base,
      outcome: 'ok',
      status,
      parsed,
      ...counts,
      relevant,
      skippedOld,
      nextFetchAt,
      ms: clock.now() - started,
    };
  }

  function recordFailure(feed: Feed, error: unknown, started: number): FeedPollResult {
    const now = clock.now();
    const details = isAppError(error) ? error.details : {};
    const status = typeof details['status'] === 'number' ? details['status'] : null;
    const retryAfter = typeof details['retryAfterSeconds'] === 'number' ? details['retryAfterSeconds'] : null;
    const message = describeError(error);
    // Held by its host's Retry-After (another of its requests drew a 429): the feed was not asked, so
    // its backoff does not grow, and it is read once the host's wait ends.
    const held = details['hostWait'] === true;
    const nextFetchAt = held
      ? now + Math.max((retryAfter ?? 0) * 1000, policy.minInterval)
      : nextFetchAfterFailure(now, feed.consecutiveErrors + 1, retryAfter, policy);
    feeds.recordOutcome(
      feed.id,
      held
        ? { kind: 'held', error: message, nextFetchAt }
        : { kind: 'failed', at: now, status, error: message, nextFetchAt },
    );
    if (isAppError(error)) log.warn({ feed_url: feed.url, code: error.code, err: message }, 'feed failed');
    // Not one of ours: a bug in a parser or in Parley. Loud, but it must not stop the other feeds.
    else log.error({ feed_url: feed.url, err: error }, 'feed failed unexpectedly');
    return {
      feed,
      outcome: 'failed',
      status,
      ...nothingStored,
      error: message,
      nextFetchAt,
      ms: now - started,
    };
  }

  /** The feed's result, or null when Parley stopped before its fetch ended: nothing is recorded, it stays due. */
  async function pollFeed(feed: Feed): Promise<FeedPollResult | null> {
    await retryUnfinished(feed);
    const started = clock.now();
    try {
      return await readAndStore(feed, started);
    } catch (error) {
      if (isAppError(error, 'stopped')) return null;
      return recordFailure(feed, error, started);
    }
  }

  // The feeds being read. Cycles overlap (the ticker starts one every minute, whatever the last one is
  // still doing), so a feed still being read when it falls due again is left to the cycle reading it.
  const reading = new Map<number, FeedRead>();

  async function pollFeeds(list: readonly Feed[], onResult?: (result: FeedPollResult) => void) {
    await recoverOnce();
    const free = list.filter((feed) => !reading.has(feed.id));
    const since = clock.now();
    for (const feed of free) reading.set(feed.id, { feed, since });
    const results = await Promise.all(
      free.map(async (feed) => {
        try {
          const result = await pollFeed(feed);
          if (result !== null) onResult?.(result);
          return result;
        } finally {
          reading.delete(feed.id);
        }
      }),
    );
    return results.filter((result) => result !== null);
  }

  function oldestRead(): FeedRead | null {
    let oldest: FeedRead | null = null;
    for (const read of reading.values()) if (oldest === null || read.since < oldest.since) oldest = read;
    return oldest;
  }

  // A healthy feed's next read counts from when its read started (its cycle's tick), not from when the
  // read ended: the cycle one interval later would find it due a few seconds too late and leave it to
  // the tick after (ingest.interval 30m read every 31 min, 1m every 2). The ticks themselves come a few
  // milliseconds late, by varying amounts, hence the tolerance.
  const tickJitterMs = 2_000;
  // No schedule reaches further than this: a later next fetch was set while the clock ran ahead.
  const furthest = Math.max(policy.minInterval, policy.maxInterval, policy.maxBackoff);
  const pollDue = (onResult?: (result: FeedPollResult) => void) => {
    const now = clock.now();
    return pollFeeds(feeds.due(now + tickJitterMs, now + furthest), onResult);
  };

  // A digest due at a start may be composed before the first poll: the items a killed run left unfinished
  // are placed first. recoverOnce (started here if no poll has) hands all their batches to the pipeline at
  // once, so its placed() covers them, without waiting for their summaries (an LLM's).
  const placed = async () => {
    recoverOnce().catch((error) => log.error({ err: error }, 'recovery of unfinished items failed'));
    await deps.stories?.placed();
  };
  return { pollFeeds, pollDue, oldestRead, placed };
}
