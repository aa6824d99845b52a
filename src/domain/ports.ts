/**
 * The seams between the use cases (scheduler, delivery, cli) and the adapters (ingest, storage,
 * platforms). Use cases see adapters only through these types.
 */

import type { AnalysableItem, ItemAnalysis } from './analysis.js';
import type {
  Chat,
  ChatAddress,
  ChatChange,
  ChatSettings,
  DigestLanguage,
  Platform,
  TopicLabel,
} from './chat.js';
import type { Delivery, DigestRecord, OutboxCounts, OutgoingMessage, SentMessage } from './delivery.js';
import type { DigestRequest } from './digest-request.js';
import type { Feed, FeedFetchOutcome, FeedSource } from './feed.js';
import type { CacheHints } from './fetch-schedule.js';
import type { ChangedItem, NormalisedItem, UpsertResult } from './item.js';
import type { Schedule } from './schedule.js';
import type { StoredAnalysis, StoryQuery, StoryUpdate, StoryWithItems } from './story.js';

/** What the reader needs to know about a feed to fetch it. */
export type FeedReadRequest = Pick<Feed, 'url' | 'language' | 'etag' | 'lastModified'>;

export type FeedMeta = {
  title: string | null;
  link: string | null;
  language: string | null;
  format: 'rss' | 'atom' | 'rdf' | 'json';
};

export type FeedReadResult =
  | { kind: 'not-modified'; status: 304; finalUrl: string; cache: CacheHints }
  | {
      kind: 'ok';
      status: number;
      finalUrl: string;
      etag: string | null;
      lastModified: string | null;
      cache: CacheHints;
      feed: FeedMeta;
      items: NormalisedItem[];
      /** Items the feed listed beyond the most one read passes on (the oldest). */
      leftOut: number;
      bytes: number;
    };

/**
 * Fetches, decodes, parses and normalises one feed. Failures are thrown as AppError
 * (details.status and details.retryAfterSeconds when the server said so).
 */
export type FeedReader = { read(request: FeedReadRequest): Promise<FeedReadResult> };

/** Fetches an article page and returns its main text, or null when none could be extracted. */
export type ArticleReader = { readText(url: string): Promise<string | null> };

export type FeedStore = {
  /** Makes the stored feeds match the configured ones: adds new, updates names, disables the rest. */
  syncSources(sources: readonly FeedSource[]): { added: number; updated: number; disabled: number };
  list(options?: { includeDisabled?: boolean }): Feed[];
  /**
   * Enabled feeds whose next fetch time has come, soonest first; also those whose next fetch lies after
   * `latest`, the furthest any schedule reaches: only a clock that ran ahead (and was put back) sets that.
   */
  due(now: number, latest?: number): Feed[];
  byUrl(url: string): Feed | null;
  recordOutcome(feedId: number, outcome: FeedFetchOutcome): void;
};

export type ItemStore = {
  /**
   * Inserts new items and updates known ones whose title or text changed, in one transaction. With
   * `firstFetch` (the feed was never read before) an item without a feed date is backlog: it was published
   * before Parley followed the feed, at a time nobody knows, so it is stored but never in `changed`
   * (never analysed, never in a digest) until the feed gives it a date. An item retention removed and its
   * feed lists again is held out for good (`relisted`): it was news, or old news, once. Every item given
   * counts as listed at `now` (an unchanged one is written at most once an hour): retention keeps what a
   * feed still lists.
   */
  upsert(feedId: number, items: readonly NormalisedItem[], now: number, firstFetch?: boolean): UpsertResult;
  /**
   * Of these items, the dedupe keys of those whose page need not be fetched: stored with full content,
   * still undated and stored as backlog, or held out as listed again after retention removed them (never
   * analysed, see upsert). A backlog item the feed now dates is news (upsert): its page is read before it
   * is analysed.
   */
  keysWithContent(
    feedId: number,
    items: ReadonlyArray<Pick<NormalisedItem, 'dedupeKey' | 'publishedAtFromFeed'>>,
  ): Set<string>;
  /**
   * The items upsert passed on as changed whose processing (analysis, story, the story's refresh) was
   * never marked finished: a run killed in between. In the order they were stored, with their feed's name;
   * `feedId`: that feed's only (a feed's retry must not read every other feed's, full text and all).
   */
  unfinished(feedId?: number): Array<{ feedId: number; feed: string | null; changed: ChangedItem }>;
  /** Marks these items' processing finished (or given up: no analysis runs). */
  finished(itemIds: readonly number[]): void;
  count(): number;
};

export type StoryStore = {
  /** Stores what the analysis concluded about an item (replacing an earlier analysis of it). */
  saveAnalysis(analysis: Omit<StoredAnalysis, 'storyId'>): void;
  analysisOf(itemId: number): StoredAnalysis | null;
  /** Creates a story; `id` when the clustering index numbered it already. */
  createStory(title: string, at: number, id?: number): number;
  /** Whether the story is stored (retention may have deleted one the clustering index still holds). */
  hasStory(storyId: number): boolean;
  /**
   * Puts an item in a story (moving it from another if it was elsewhere). With `newStory`, creates the
   * story first (`createStory` with the id) in the same transaction: a crash never leaves it without members.
   */
  addMember(
    storyId: number,
    itemId: number,
    similarity: number,
    duplicateOf: number | null,
    newStory?: { title: string; at: number },
  ): void;
  updateStory(storyId: number, update: StoryUpdate): void;
  /**
   * The story with its members, newest first: all of them, or with `newestPerLanguage` the newest that
   * many in each language (a story may gather thousands; what is refreshed after each change reads a
   * bounded few).
   */
  get(storyId: number, newestPerLanguage?: number): StoryWithItems | null;
  /**
   * What all of a story's members' analyses add up to, without their text: the highest relevance
   * score (0 for a member not analysed) and their topic tags, newest member first, each member's in
   * the order stored; and `updatedAt`, the latest of their digest times (domain/schedule.ts digestTimeOf
   * with this lag), 0 for a story without members.
   */
  memberTotals(
    storyId: number,
    lagMs: number,
  ): { relevance: number; tags: Array<{ topic: string; score: number }>; updatedAt: number };
  storyOfItem(itemId: number): number | null;
  /**
   * The items stored with this URL, newest published first, at most `limit`: several when feeds carry one
   * article, or link every item to their front page. `held`: why one is never analysed (ItemStore.upsert):
   * stored undated from a feed's first fetch, or listed again after retention removed it.
   */
  itemsByUrl(
    url: string,
    limit: number,
  ): Array<{ itemId: number; title: string; feed: string; held: 'undated' | 'relisted' | null }>;
  /**
   * The stories a query finds, with their members' titles, links and dates but not their text (each
   * member's summary is empty and its content null): what digests and listings show. `get` reads the text.
   */
  list(query: StoryQuery): StoryWithItems[];
  /**
   * Members of stories updated since `since`, oldest first, with their text and analysis, and the item
   * each copies (`duplicateOf`): to rebuild the clustering index at start. Read one row at a time, as the
   * caller iterates: the database is busy until it ends, so the caller must not use it meanwhile.
   */
  recentMembers(since: number): Iterable<{
    storyId: number;
    itemId: number;
    item: AnalysableItem;
    analysis: ItemAnalysis | null;
    duplicateOf: number | null;
    /** The name of the item's feed (its configured name, else the title it gives itself), if any. */
    outlet: string | null;
  }>;
  /** The highest story id ever stored (retention may have removed it), so a rebuilt index numbers on after it. */
  maxStoryId(): number;
  /** A stored item's text as the analysis reads it, or null: to judge it again by today's lexicon (explain). */
  itemText(itemId: number): AnalysableItem | null;
  /** A feed's `limit` most recent items (by publication time, whatever their relevance): to learn what it repeats in all of them. */
  recentFeedItems(feedId: number, limit: number): AnalysableItem[];
  count(): number;
};

/** Relevance, topics and entities of one item (pure; see src/analysis). */
export type ItemAnalyser = { analyse(item: AnalysableItem): ItemAnalysis };

export type ClusterAssignment = {
  storyId: number;
  created: boolean;
  similarity: number;
  duplicateOf: number | null;
};

/** The story an item would join, with its similarity (StoryClusterer.nearest). */
export type NearestStory = { storyId: number; similarity: number };

/** The in-memory index of recent stories that decides which story a relevant item joins. */
export type StoryClusterer = {
  /** `outlet`: the name of the item's feed, when known (a headline suffix naming it stays out of titles). */
  assign(
    itemId: number,
    item: AnalysableItem,
    analysis: ItemAnalysis,
    outlet?: string | null,
  ): ClusterAssignment;
  /** The story the item would join (similarity at or above the clustering threshold), without adding it. */
  nearest(item: AnalysableItem, analysis: ItemAnalysis): NearestStory | null;
  /** The most representative headline of a story the index knows, or null if it does not know it. */
  title(storyId: number): string | null;
  /**
   * A member of a story re-published with a changed headline: the story's title follows it when it
   * was that member's. False when the index no longer holds the story.
   */
  retitle(
    itemId: number,
    item: AnalysableItem,
    analysis: ItemAnalysis,
    storyId: number,
    outlet?: string | null,
  ): boolean;
  /** Forgets stories older than the window. */
  evict(before: number): void;
};

export type SummaryText = { text: string; engine: 'extractive' | 'llm' };

export type Summarizer = {
  /** `language` null: the language most of the items are in. */
  summarize(items: ReadonlyArray<AnalysableItem>, language: string | null): Promise<SummaryText>;
};

/**
 * When an item may go: its feed's next read after `unreadBefore` is a first fetch (poll-feeds.ts
 * isFirstFetch); ingest skips a dated item published before `agedBefore` (null: no age limit).
 */
export type ItemCutoffs = { unreadBefore: number; agedBefore: number | null };

/**
 * Removes what is older than the retention period (`before`): stories, settled digests and their
 * deliveries, and items their feed no longer lists (seen to drop them, or unread since `unreadBefore`),
 * remembering the keys of those that listed again would be news, for ItemStore.upsert to hold out
 * (see storage/retention.ts). In short transactions, yielding to the event loop between them; when
 * `signal` aborts it stops after the transaction in progress, and the next run does the rest.
 */
export type Pruner = {
  prune(
    before: number,
    items: ItemCutoffs,
    signal?: AbortSignal,
  ): Promise<{ items: number; stories: number; digests: number }>;
};

/** Chats and channels that get digests, and their audit trail. */
export type ChatStore = {
  /** The chat at this address; created with these defaults if new, reactivated (recorded as a change) if inactive. */
  ensure(
    address: ChatAddress,
    defaults: { title: string | null; timeZone: string; schedule: Schedule },
    actor: string,
    now: number,
  ): Chat;
  get(id: number): Chat | null;
  byAddress(address: ChatAddress): Chat | null;
  /**
   * Chats in id order. `afterId` and `limit` read one keyset page (ids above `afterId`, at most `limit`),
   * so a caller can walk thousands of chats in slices: a chat changed between pages is neither skipped
   * nor read twice, and one added meanwhile comes in a later page.
   */
  list(filter?: { active?: boolean; platform?: Platform; afterId?: number; limit?: number }): Chat[];
  /**
   * The rows at a platform chat, in id order, merged ones included: the chat and its forum topics'
   * subscriptions, those `active` or not. Found by address, not by reading every chat of the platform.
   */
  atChat(platform: Platform, chatId: string, active: boolean): Chat[];
  /** Applies the settings that differ, records one change per field, returns the chat as it now is. */
  update(id: number, settings: ChatSettings, actor: string, now: number): Chat;
  /** Stops digests to the chat (the bot was blocked or removed) and drops its unsent deliveries as dead. */
  deactivate(id: number, reason: string, actor: string, now: number): void;
  /** The platform moved the chat to a new id (a Telegram group upgraded to a supergroup). */
  migrate(id: number, newChatId: string, now: number): Chat;
  changes(id: number): ChatChange[];
  count(filter?: { active?: boolean }): number;
  /** The bot the platform's chats subscribed through (Telegram: its token's bot id; Slack: the workspace's team id), null until one is recorded. */
  botOf(platform: Platform): string | null;
  setBot(platform: Platform, bot: string): void;
};

/** The last send to a platform chat, as the outbox recorded it. */
export type RecentSend = { platform: Platform; chatId: string; at: number };

/** The persistent outbox: digests and their per-part deliveries. */
export type Outbox = {
  /**
   * Stores a digest and one pending delivery per part in one immediate transaction (a savepoint inside
   * `batch`), and the chat's lastSlot when the digest has one. `created: false` when this chat already has
   * this period (unique chat, period, part): nothing is written twice.
   */
  enqueue(digest: DigestRecord, now: number): { digestId: number; created: boolean };
  /**
   * Records a scheduled slot as done without a digest (a quiet period of a chat that skips them): only
   * the chat's lastSlot moves, as an enqueue would move it, in the same transaction rules, with the end
   * of the period passed (`until`, null when not known); `now` lets it replace a slot recorded while
   * the clock ran ahead, as an enqueue does.
   */
  passQuiet(chatId: number, slot: number, until?: number | null, now?: number | null): void;
  /**
   * Runs `work`, which must be synchronous, in one immediate write transaction, so that the enqueues it
   * makes share one commit; the transaction begins with the first enqueue, so a batch that enqueues
   * nothing takes no write lock. Each enqueue inside runs in its own savepoint: one that throws leaves nothing
   * behind, and the others stay. Returns what `work` returns once all of it is committed; if `work` throws
   * or the commit fails (SQLITE_FULL, I/O error), nothing of the batch is stored and the error is rethrown,
   * so a caller must treat every enqueue made in it as not done. If SQLite rolls the transaction back
   * during `work` (as it may on SQLITE_FULL or an I/O error), the enqueues after that throw instead of
   * committing alone, and `batch` throws. A batch inside a batch is a savepoint of the outer one.
   */
  batch<T>(work: () => T): T;
  /**
   * Deliveries of active chats on this platform that may go now: pending, due, and every earlier part of
   * their digest sent. Those of digests someone asked for (no slot: a /digest) first, then the scheduled
   * ones; oldest first within each.
   */
  ready(platform: Platform, now: number, limit: number): Delivery[];
  /** pending → sending (attempts + 1); false if the row was not pending any more. */
  markSending(id: number, now: number): boolean;
  markSent(id: number, remoteId: string, now: number): void;
  /** sending → pending, to be tried again at `at`; `countAttempt: false` for a 429 (not the message's fault). */
  retryLater(id: number, at: number, error: string, options?: { countAttempt?: boolean }): void;
  /** Gives up on a delivery ('failed') and on the later parts of its digest. */
  fail(id: number, error: string, now: number): void;
  /**
   * Deliveries left in `sending` by a process that stopped without recording the outcome go back to
   * pending: at-least-once (see README "Delivery guarantees"). One that has had `maxAttempts` attempts
   * fails instead, with the later parts of its digest (as `fail`). Returns how many of each.
   */
  recoverInFlight(now: number, maxAttempts: number): { retried: number; failed: number };
  /**
   * Each platform chat (forum topics are their chat) sent to at or after `since`, with its latest send;
   * one with a delivery still `sending` (a stop interrupted it, call before recoverInFlight) counts as
   * sent at `now`. A starting pump keeps the platform's per-chat gaps from these.
   */
  recentSends(since: number, now: number): RecentSend[];
  /** Keeps a platform's 429 pause (the later end wins), for a pump started before it ends (pausesAfter). */
  keepPause(platform: Platform, until: number): void;
  /** The kept pauses that end after `now`. */
  pausesAfter(now: number): { platform: Platform; until: number }[];
  get(id: number): Delivery | null;
  /** The deliveries of a chat, newest digest first. */
  ofChat(chatId: number, limit?: number): Delivery[];
  counts(): OutboxCounts;
  /** created_at of the oldest pending delivery, or null. */
  oldestPendingAt(): number | null;
};

/** A platform adapter that sends one message. Failures are AppErrors (see MessageSender errors in README). */
export type MessageSender = {
  readonly platform: Platform;
  send(address: ChatAddress, message: OutgoingMessage): Promise<SentMessage>;
};

/** Renders the digest a chat gets for a period, as the messages its platform takes. */
export type DigestComposer = {
  /**
   * The story reads `compose` would make for the chat and period that are not cached yet, one per step:
   * a caller that must not hold the event loop (the digest tick) runs them with yields between, and
   * `compose` then finds them. Without it, `compose` reads what it needs itself.
   */
  reads?(chat: Chat, period: { since: number; until: number }): Array<() => void>;
  compose(
    chat: Chat,
    period: { since: number; until: number },
  ): { storyCount: number; parts: OutgoingMessage[] };
};

/** `request`: what the words asked for, topic names resolved to ids (null topics: the chat's own). */
export type DigestPreview = {
  storyCount: number;
  since: number;
  until: number;
  parts: OutgoingMessage[];
  request: DigestRequest;
};

/**
 * What chats ask of Parley, whatever the platform: subscribe, choose topics, schedule and time zone,
 * and digests on demand. Platform front ends parse and reply; the rules live here and in the domain.
 * `actor` names who did it ("telegram:12345", "slack:U123") for the chat's audit trail.
 *
 * A chat is *subscribed* when its schedule is not off; it is *active* while the platform lets us write
 * to it. A chat first seen through another command (`/topics`, `/digest`) is active but not subscribed.
 */
export type ChatService = {
  topics(): ReadonlyArray<TopicLabel>;
  find(address: ChatAddress): Chat | null;
  /** Active chats, oldest first; `subscribed`: only those whose schedule is on (for an App Home's list). */
  list(filter?: { platform?: Platform; subscribed?: boolean }): Chat[];
  /**
   * Subscribes (creating or turning on) with optional topics; `created` for a chat seen the first time,
   * `started` when it had no scheduled digest before. A chat that unsubscribed gets its last schedule back.
   * `language`: the subscriber's, which the chat's digests are then written in when this starts them
   * (a new chat, or one without scheduled digests) and no language was set before; a chat keeps its own.
   */
  subscribe(
    address: ChatAddress,
    actor: string,
    options?: {
      title?: string | null;
      topics?: readonly string[];
      timeZone?: string;
      language?: DigestLanguage;
    },
  ): {
    chat: Chat;
    created: boolean;
    started: boolean;
    /** This call started the digests of a chat whose zone nobody chose: `timeZone`, if given, was applied. */
    zoneOpen: boolean;
  };
  unsubscribe(address: ChatAddress, actor: string): Chat | null;
  setTopics(address: ChatAddress, actor: string, topics: readonly string[]): Chat;
  /** Adds or removes one topic; "all" clears the selection (all topics). */
  toggleTopic(address: ChatAddress, actor: string, topic: string): Chat;
  setSchedule(address: ChatAddress, actor: string, text: string): Chat;
  setTimeZone(address: ChatAddress, actor: string, text: string): Chat;
  /** What a scheduled period without stories gets: "note" or "skip" (parseQuietMode). */
  setQuiet(address: ChatAddress, actor: string, text: string): Chat;
  /** The language of the digest's own words: "ru", "uk", "en" or their names (parseDigestLanguage). */
  setLanguage(address: ChatAddress, actor: string, text: string): Chat;
  /** The next scheduled push, or null when the schedule is off or the chat is not subscribed. */
  nextDigestAt(chat: Chat): number | null;
  /**
   * The digest for `/digest [topics] [period]`, rendered for the chat's platform, not stored; in
   * `language` (the asker's) when given, else the chat's.
   */
  preview(
    address: ChatAddress,
    words: readonly string[],
    options?: { title?: string | null; language?: DigestLanguage },
  ): DigestPreview;
  /**
   * The same, put in the outbox so it goes out within the platform's limits; throws rate_limited when
   * the chat (any of its forum topics) asked within the cooldown, with `details.repeated` after the first
   * refusal of that wait. `language` (the asker's) holds until someone chose the chat's (/language); a chat
   * Parley stopped posting to (the platform refused it) is refused with a reason, not enqueued as dead.
   */
  requestDigest(
    address: ChatAddress,
    actor: string,
    words: readonly string[],
    options?: { language?: DigestLanguage },
  ): DigestPreview;
  /** The platform says the chat is gone (bot removed, blocked); without a thread, its forum topics' subscriptions too. */
  deactivate(address: ChatAddress, reason: string, actor: string): void;
  /**
   * The platform says the bot may write to the chat again (unblocked, added back): every subscription
   * there that the platform had deactivated is on again (a chat a person turned off stays off).
   */
  reactivate(address: ChatAddress, actor: string): void;
  /** The platform moved the chat (a Telegram group became a supergroup). */
  migrate(address: ChatAddress, newChatId: string): void;
};
