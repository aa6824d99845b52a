/** A feed as the operator configured it (YAML list or OPML). */
export type FeedSource = {
  url: string;
  name: string | null;
  language: string | null;
  fullText: boolean;
};

/** A feed as stored, with its HTTP cache state and health. Times are epoch milliseconds. */
export type Feed = FeedSource & {
  id: number;
  enabled: boolean;
  /** The title the feed gives itself, once fetched. */
  title: string | null;
  etag: string | null;
  lastModified: string | null;
  lastFetchAt: number | null;
  lastSuccessAt: number | null;
  /** How many items the last successful read listed (null: never read, or not since version 15). */
  lastListed: number | null;
  lastStatus: number | null;
  lastError: string | null;
  consecutiveErrors: number;
  nextFetchAt: number;
  itemCount: number;
  /** The `<ttl>` of the last body read, in minutes: a 304 carries no body, so it is kept for those. */
  ttlMinutes: number | null;
};

/** What a successful or failed fetch tells the store about a feed. */
export type FeedFetchOutcome =
  | {
      kind: 'ok';
      at: number;
      status: number;
      /** Items the feed listed. */
      listed: number;
      etag: string | null;
      lastModified: string | null;
      title: string | null;
      /** The feed's `<ttl>`; none when left out. */
      ttlMinutes?: number | null;
      nextFetchAt: number;
    }
  | { kind: 'not-modified'; at: number; nextFetchAt: number }
  | { kind: 'failed'; at: number; status: number | null; error: string; nextFetchAt: number }
  /** Not asked: its host is rate-limiting Parley (a 429 to another of its requests). Not a failure of the feed's. */
  | { kind: 'held'; error: string; nextFetchAt: number };
