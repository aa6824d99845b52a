import type { AnalysableItem, ItemAnalysis, TopicTag } from '../domain/analysis.js';
import { digestLanguageIn, digestLanguages } from '../domain/chat.js';
import { type ChangedItem, majorityLanguage } from '../domain/item.js';
import type { ItemAnalyser, NearestStory, StoryClusterer, StoryStore, Summarizer } from '../domain/ports.js';
import type { StoryUpdate, StoryVersion, StoryWithItems } from '../domain/story.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { createSlice } from './tick-slices.js';

/**
 * Learns a feed's furniture (the sentences it repeats in many of its items) from its recent items and
 * returns what takes it out of one of them: `furnitureOf` and `withoutFurniture` of
 * src/analysis/feed-furniture.ts, composed in main.ts.
 */
export type FeedCleaner = (recent: readonly AnalysableItem[]) => (item: AnalysableItem) => AnalysableItem;

export type StoryPipelineDeps = {
  analyser: ItemAnalyser;
  clusterer: StoryClusterer;
  summarizer: Summarizer;
  stories: StoryStore;
  clock: Clock;
  log: Logger;
  /**
   * The digest lag (digestLagMs of ingest.interval): a story is dated by its members' digest times
   * (domain/schedule.ts digestTimeOf), which move a report Parley saw late into the next digest.
   */
  lagMs: number;
  /** Without it, summaries see the items as stored. */
  cleaner?: FeedCleaner;
  /**
   * How long the clusterer keeps a story after its last report (the database keeps it for
   * `retention.days`): stories older than this before now leave it before each batch. An item may
   * join a story up to a clustering window older than itself, and the ingest takes items up to
   * `ingest.maxItemAgeDays` old (a new feed's backlog, the first poll), so this is the window plus
   * that age (main.ts: `clusteringHorizonMs`); the window alone would lose the stories of days-old
   * items between one feed's batch and the next. Without it, nothing is evicted.
   */
  horizonMs?: number;
  /**
   * The title of a story the clusterer no longer holds, from the stored title and its members'
   * headlines as they are now (src/analysis/cluster-titles.ts titleAmong, composed in main.ts).
   * Without it, the stored title stays.
   */
  titleAmong?: (current: string, members: ReadonlyArray<{ title: string; outlet: string }>) => string;
  /**
   * What summarises a story's reports in one other digest language for its version (main.ts: the
   * extractive summariser, so that an LLM engine is not asked once more per language). Without it, the
   * summarizer.
   */
  versionSummarizer?: Summarizer;
  /**
   * The language of a text (src/ingest/language.ts detectLanguage, composed in main.ts): the title's,
   * when no member has that headline any more. Without it, the language most reports are in.
   */
  languageOf?: (text: string) => string | null;
  /**
   * The clustering window. With it, a batch older than the horizon (a backlog read with
   * `ingest.maxItemAgeDays: 0`) keeps the stories its items may join: nothing within a window of its
   * oldest item is evicted for an hour (fresh batches in between too), at most twice the horizon back,
   * so the same article in two feeds of such a backlog still meets.
   */
  windowMs?: number;
  /**
   * Relevance by story membership (src/analysis/relevance-story.ts, composed in main.ts): given an
   * item's analysis and a way to ask the clusterer which story it would join, the analysis made
   * relevant by that story, or null. Without it, an item's words alone decide.
   */
  byStory?: ByStory;
  /**
   * The topic ids of config/topics.yaml. A member analysed before a topic was removed or renamed keeps
   * that tag in the database: a story refreshed since is tagged with the taxonomy's topics only, never
   * with an id that chats cannot choose and digests have no heading for. Without it, every tag counts.
   */
  topicIds?: ReadonlySet<string>;
  /** Longest stretch of work before a batch lets the event loop run; 0 yields after every item. */
  sliceMs?: number;
};

export type ByStory = (analysis: ItemAnalysis, nearest: () => NearestStory | null) => ItemAnalysis | null;

// Enough items to see what a feed repeats in most of them; learning from 40 costs about 1 ms with feed
// summaries only, 10–30 ms with full page text (news-dumpster 2025-05-21 feeds).
const recentItemsPerFeed = 40;

// The reports a refresh reads with their text: the newest this many in each language, for the summary,
// the versions and the title of a story the clusterer no longer holds (its relevance, topics and
// counts still come from every member, summed in SQLite). A story can gather thousands (a long-running
// one, a feed repeating one headline), and all of them were read and summarised after each change:
// 0.9 s for 4,000 reports on the event loop that answers chat commands, linear per refresh, so
// quadratic over the story's life (`npm run bench -- mega`). The newest hundred say what the story is
// now; the labelled stories have at most 8 reports, so on them a refresh reads what it read before.
export const refreshReportsPerLanguage = 100;

// A poll runs every changed feed's batch through here, and the bots, the Slack app (which must ack within
// 3 s: https://api.slack.com/interactivity/slash-commands#responding_basic_receipt) and /healthz share
// the event loop: eight feeds' 759 reports held it 1.5 s in one stretch (`npm run bench -- poll`). 10 ms
// as in the digest tick (digest-scheduler.ts); one item's analysis and storage take about 1 ms.
const defaultSliceMs = 10;

// How long a backlog's days stay in the clusterer after its last batch: longer than one poll of every
// feed (the backlog's feeds are polled within minutes of each other).
const backlogHoldMs = 3_600_000;

export type PipelineResult = { analysed: number; relevant: number; stories: number[] };

/** `outlet`: the name of the feed the changed items come from, for story titles (see StoryClusterer). */
export type StoryPipeline = {
  process(changed: readonly ChangedItem[], outlet?: string | null): Promise<PipelineResult>;
  /**
   * Resolves when the batches of the `process` calls so far are placed, later ones not waited for: every
   * report they stored is in its story and the story dated. A batch yields to the event loop while it
   * places its items, and a digest read meanwhile would end after such a report's digest time without
   * it, and the next one start after it (digest-scheduler.ts waits for this).
   */
  placed(): Promise<void>;
};

type Clean = (item: AnalysableItem) => AnalysableItem;

const asAnalysable = (item: AnalysableItem): AnalysableItem => ({
  title: item.title,
  summary: item.summary,
  content: item.content,
  language: item.language,
  publishedAt: item.publishedAt,
});

/** A story's topics: its items' tags summed, strongest first. */
function storyTopics(tags: ReadonlyArray<{ topic: string; score: number }>): TopicTag[] {
  const totals = new Map<string, TopicTag>();
  for (const tag of tags) {
    const seen = totals.get(tag.topic);
    totals.set(
      tag.topic,
      seen ? { ...seen, score: seen.score + tag.score } : { topic: tag.topic, score: tag.score, matches: [] },
    );
  }
  return [...totals.values()].sort((a, b) => b.score - a.score);
}

/**
 * After items are stored: analyse each (an item short of the threshold may be relevant by the story it
 * reports: `byStory`), put the relevant ones in stories (an updated item stays in its
 * story, so a re-published headline updates it instead of making a new one), then refresh the title,
 * topics, relevance and summary of every story that changed.
 */
export function createStoryPipeline(deps: StoryPipelineDeps): StoryPipeline {
  const {
    analyser,
    clusterer,
    summarizer,
    stories,
    clock,
    cleaner,
    byStory,
    horizonMs,
    windowMs,
    titleAmong,
    languageOf,
    versionSummarizer,
    lagMs,
    topicIds,
  } = deps;
  // The work between two yields to the event loop, one for all batches and refreshes: they run on from
  // one another in the same stretch (a refresh awaits an extractive summary that is ready at once), so
  // a slice of each batch's own let several batches run their 10 ms in a row.
  const slice = createSlice(deps.sliceMs ?? defaultSliceMs);

  /** The story the item is in (null: none, `started`: by it) and whether it is about peace talks. */
  function place(
    change: ChangedItem,
    outlet: string | null,
  ): { storyId: number | null; relevant: boolean; started?: boolean } {
    const item = asAnalysable(change.item);
    const own = analyser.analyse(item);
    const existing = change.kind === 'updated' ? stories.storyOfItem(change.id) : null;
    // An item already in a story is no evidence for itself: only an item outside one may join by it.
    const joined = existing !== null ? null : byStory?.(own, () => clusterer.nearest(item, own));
    const analysis = joined ?? own;
    stories.saveAnalysis({ itemId: change.id, ...analysis, analysedAt: clock.now() });
    const relevant = analysis.relevance.relevant;
    // A member re-published (a new headline, a corrected text) stays a member, whatever its new score:
    // its story is refreshed so that neither its title nor its summary quotes the old version.
    if (existing !== null) {
      // Its new headline may become the story's title only while it still reports the story: a feed
      // that reuses an id for another article must not retitle the story after that one.
      if (clusterer.nearest(item, analysis)?.storyId === existing)
        clusterer.retitle(change.id, item, analysis, existing, outlet);
      return { storyId: existing, relevant };
    }
    if (!relevant) return { storyId: null, relevant };
    const decision = clusterer.assign(change.id, item, analysis, outlet);
    // A story the clusterer still holds may have been pruned by retention since: it starts again.
    const starts = decision.created || !stories.hasStory(decision.storyId);
    const newStory = starts ? { title: change.item.title, at: clock.now() } : undefined;
    stories.addMember(decision.storyId, change.id, decision.similarity, decision.duplicateOf, newStory);
    return { storyId: decision.storyId, relevant, started: starts };
  }

  /**
   * The story's items without their feeds' furniture; each feed's is learnt once per `process` call,
   * with a yield between two feeds once the slice is spent (a story in 30 feeds learnt 30 of them).
   */
  async function summaryInput(
    story: StoryWithItems,
    cleaners: Map<number, Clean>,
  ): Promise<AnalysableItem[]> {
    const input: AnalysableItem[] = [];
    for (const member of story.items) {
      if (cleaner === undefined) {
        input.push(asAnalysable(member));
        continue;
      }
      let clean = cleaners.get(member.feedId);
      if (clean === undefined) {
        if (slice.spent()) await slice.pause();
        clean = cleaner(stories.recentFeedItems(member.feedId, recentItemsPerFeed));
        cleaners.set(member.feedId, clean);
      }
      input.push(clean(asAnalysable(member)));
    }
    return input;
  }

  /**
   * The story's title, summary, versions, topics and date from its members. Learning the feeds'
   * furniture and each summary (the extractive one is synchronous work) are steps with a yield between
   * them once `slice` is spent: a story of a few hundred reports in nine languages took 0.4-1 s in one
   * stretch, so that a poll held /healthz and the bots for seconds. Nothing is written before the last
   * step, which reads the members' totals and writes in one stretch (an LLM's summary is awaited too).
   */
  async function refresh(storyId: number, cleaners: Map<number, Clean>): Promise<void> {
    if (slice.spent()) await slice.pause();
    const story = stories.get(storyId, refreshReportsPerLanguage);
    if (story === null || story.items.length === 0) return;
    // A story the clusterer no longer holds: from its members' headlines as they are now.
    const title =
      clusterer.title(storyId) ??
      (titleAmong === undefined
        ? story.title
        : titleAmong(
            story.title,
            story.items.map((member) => ({ title: member.title, outlet: member.feed })),
          ));
    // The summary in the title's language (the headline it is, or the one it was cleaned from), else (a
    // short title no detector reads) the language most reports are in; the versions take the others.
    const shown = title.trim();
    const titled = story.items.find((member) => member.title.trim().startsWith(shown));
    const language = titled?.language ?? languageOf?.(shown) ?? majorityLanguage(story.items);
    const input = await summaryInput(story, cleaners);
    if (slice.spent()) await slice.pause();
    const summary = await summarizer.summarize(input, language);
    const versions = await versionsOf(story, input, language);
    if (slice.spent()) await slice.pause();
    // Pruned by retention while this refresh yielded (its reports dated before retention.days): its
    // topics and versions would now fail their foreign keys and the whole batch with them.
    if (!stories.hasStory(storyId)) return;
    // Summed after the summaries, not before: members that joined meanwhile were dated (dateStory), and
    // totals read before them would take their date back.
    stories.updateStory(storyId, {
      title,
      summary: summary.text,
      summaryEngine: summary.engine,
      ...fromAllMembers(storyId),
      versions,
    });
  }

  /**
   * What every member decides, summed in SQLite: topics, relevance, and the newest report's digest time
   * (a digest period counts what was published in it, and what was seen only after the digest of its
   * date was composed).
   */
  function fromAllMembers(storyId: number): Pick<StoryUpdate, 'topics' | 'relevance' | 'updatedAt'> {
    const totals = stories.memberTotals(storyId, lagMs);
    const tags = topicIds === undefined ? totals.tags : totals.tags.filter((tag) => topicIds.has(tag.topic));
    return { topics: storyTopics(tags), relevance: totals.relevance, updatedAt: totals.updatedAt };
  }

  /**
   * The story's date, topics and relevance from its members, its title and summary as they are: written
   * when its reports are placed, before a summary (an LLM's) is awaited. A digest composed meanwhile ends
   * the lag before it (digest-scheduler.ts), after the digest time of a report stored before it: dated
   * only after the summary, such a report (one seen late: counted from the lag before it was seen) would
   * fall before that digest's end and after the next one's start.
   */
  function dateStory(storyId: number): void {
    const story = stories.get(storyId, 1);
    if (story === null || story.items.length === 0) return;
    const { title, summary, summaryEngine } = story;
    stories.updateStory(storyId, { title, summary, summaryEngine, ...fromAllMembers(storyId) });
  }

  /**
   * The story in each digest language other than its summary's that some of its reports are in: one of
   * their headlines (as titleAmong picks) and a summary of them alone, so that both are in that language.
   */
  async function versionsOf(
    story: StoryWithItems,
    input: readonly AnalysableItem[],
    summaryLanguage: string | null,
  ): Promise<StoryVersion[]> {
    const languages = story.items.map((member) => digestLanguageIn(member.language));
    const told = digestLanguageIn(summaryLanguage);
    const versions: StoryVersion[] = [];
    for (const language of digestLanguages) {
      if (language === told) continue;
      const members = story.items.filter((_, i) => languages[i] === language);
      const [first] = members;
      if (first === undefined) continue;
      const headlines = members.map((member) => ({ title: member.title, outlet: member.feed }));
      // No current title to keep: the first fit and whole headline of theirs, newest first.
      const title = (titleAmong === undefined ? '' : titleAmong('', headlines)) || first.title;
      const own = input.filter((_, i) => languages[i] === language);
      if (slice.spent()) await slice.pause();
      const summary = await (versionSummarizer ?? summarizer).summarize(own, language);
      versions.push({ language, title, summary: summary.text });
    }
    return versions;
  }

  // A backlog older than the horizon keeps its days in the clusterer for a while, so that its other
  // feeds' batches, polled after fresh ones in between, still meet its stories; never more than twice
  // the horizon, so that a feed whose items always carry old dates cannot stop eviction.
  let backlog: { floor: number; until: number } | null = null;

  function evictBefore(changed: readonly ChangedItem[], horizon: number): number {
    const now = clock.now();
    const cutoff = now - horizon;
    if (windowMs === undefined) return cutoff;
    let oldest = Number.POSITIVE_INFINITY;
    for (const change of changed) oldest = Math.min(oldest, change.item.publishedAt - windowMs);
    // Held for backlogHoldMs after its last batch (a clock set back does not extend it).
    const holding = backlog !== null && now < backlog.until && now >= backlog.until - backlogHoldMs;
    const held = holding && backlog !== null ? backlog.floor : Number.POSITIVE_INFINITY;
    if (oldest < cutoff) {
      const floor = Math.max(Math.min(oldest, held), now - 2 * horizon);
      backlog = { floor, until: now + backlogHoldMs };
      return Math.min(cutoff, floor);
    }
    return Math.min(cutoff, held);
  }

  // Feeds' batches are processed concurrently (poll-feeds) and a refresh awaits its summary (an LLM's, up
  // to its timeout): two batches joining one story must not both read it and write in either order, or
  // the one that read it first, finishing last, stores a summary, topics and date without the other's
  // report. A story's refreshes run one after another; one queued and not yet started reads every
  // member placed before it starts, so a later batch waits for it instead of queueing another.
  const queued = new Map<number, { last: Promise<void>; waiting: Promise<void> | null }>();

  function refreshInTurn(storyId: number, cleaners: Map<number, Clean>): Promise<void> {
    const turn = queued.get(storyId) ?? { last: Promise.resolve(), waiting: null };
    if (turn.waiting !== null) return turn.waiting;
    const waiting = turn.last.then(() => {
      turn.waiting = null;
      return refresh(storyId, cleaners);
    });
    const last: Promise<void> = waiting
      .catch(() => undefined)
      .then(() => {
        if (queued.get(storyId)?.last === last) queued.delete(storyId);
      });
    turn.waiting = waiting;
    turn.last = last;
    queued.set(storyId, turn);
    return waiting;
  }

  // A batch yields to the event loop while it places its items, so the next batch of the poll waits
  // for this one's turn: the clusterer meets each batch's items together and in order, as when a batch
  // was placed in one stretch, and decides as it did then. A batch with none before it starts at once,
  // in the stretch that stored its items (poll-feeds), as before: one of a few items ends there.
  let placing: Promise<void> = Promise.resolve();
  let batchesPlacing = 0;

  /** Places the batch's items and dates their stories, yielding every `sliceMs` of work. */
  async function placeAll(changed: readonly ChangedItem[], outlet: string | null) {
    if (horizonMs !== undefined) clusterer.evict(evictBefore(changed, horizonMs));
    const touched = new Set<number>();
    const undated = new Set<number>();
    let relevant = 0;
    // Never a yield before the first: a batch of one item is placed and dated in the stretch that stored it.
    for (const [i, change] of changed.entries()) {
      if (i > 0 && slice.spent()) await slice.pause();
      const { storyId, ...placed } = place(change, outlet);
      if (placed.relevant) relevant += 1;
      if (storyId === null) continue;
      // A stored story joined first is dated before the next yield: one older than retention.days (the
      // clusterer holds stories longer) would be pruned meanwhile, and its new member with it.
      if (!touched.has(storyId) && placed.started !== true) dateStory(storyId);
      else undated.add(storyId);
      touched.add(storyId);
    }
    for (const [i, storyId] of [...undated].entries()) {
      if (i > 0 && slice.spent()) await slice.pause();
      dateStory(storyId);
    }
    return { touched, relevant };
  }

  function placeInTurn(changed: readonly ChangedItem[], outlet: string | null) {
    const run = () => placeAll(changed, outlet);
    const placed = batchesPlacing === 0 ? run() : placing.then(run);
    batchesPlacing += 1;
    placing = placed
      .catch(() => undefined)
      .then(() => {
        batchesPlacing -= 1;
      });
    return placed;
  }

  return {
    async process(changed, outlet = null) {
      const { touched, relevant } = await placeInTurn(changed, outlet);
      const cleaners = new Map<number, Clean>();
      for (const [i, storyId] of [...touched].entries()) {
        if (i > 0 && slice.spent()) await slice.pause();
        await refreshInTurn(storyId, cleaners);
      }
      return { analysed: changed.length, relevant, stories: [...touched] };
    },
    // The last batch queued so far, not the moment none is: with many feeds polled every minute, a batch
    // stored after the call would keep the digest tick waiting behind it, and the next one behind that.
    placed: () => placing,
  };
}
