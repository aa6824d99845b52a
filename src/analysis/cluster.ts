import { compatibleActs } from './cluster-act.js';
import { exactCopy, nearCopy } from './cluster-copies.js';
import { createExpiry } from './cluster-expiry.js';
import { createIntTable } from './cluster-int-table.js';
import { buildItemVectors, createItemVectors } from './cluster-item.js';
import { createMemberStore } from './cluster-members.js';
import { createFingerprint, fingerprintTokens } from './cluster-minhash.js';
import { createPostings } from './cluster-postings.js';
import { type Bounds, createRetrieval } from './cluster-retrieval.js';
import { similarityBound, similarityCeiling, storySimilarity } from './cluster-similarity.js';
import type { Story } from './cluster-story.js';
import { createStoryStore } from './cluster-story-store.js';
import { createStoryTable } from './cluster-table.js';
import {
  type ClusterDecision,
  type ClusterInput,
  type ClusterOptions,
  resolveClusterOptions,
  type StoryIndex,
} from './cluster-types.js';
import { createVectorPool } from './cluster-vector-pool.js';
import { createVocabulary } from './cluster-vocabulary.js';

export type {
  ClusterDecision,
  ClusterInput,
  ClusterOptions,
  ClusterStats,
  StoryIndex,
  StoryMember,
} from './cluster-types.js';
export { defaultClusterOptions } from './cluster-types.js';

// A heap entry (time + reference); a Map entry with its share of the table.
const EXPIRY_ENTRY_BYTES = 16;
const MAP_ENTRY_BYTES = 40;

function isInt32(id: number): boolean {
  return Number.isInteger(id) && id >= -0x80000000 && id <= 0x7fffffff;
}

type Match = { story: Story; similarity: number; duplicateOf: number | null };

/** An item with the name of its feed, when known: a headline suffix naming it is left out of titles. */
export type TitledInput = ClusterInput & { outlet?: string | null };

/** The index, with items that may carry their feed's name, and members' changed headlines. */
export type TitledStoryIndex = StoryIndex & {
  add(item: TitledInput): ClusterDecision;
  seed(item: TitledInput, storyId: number, similarity: number, duplicateOf?: number | null): void;
  /**
   * A member of a story re-published with a changed headline: the story's title follows it (a title
   * that was its old headline becomes the new one). Membership and centroids stay as they are. False
   * when the index does not hold the story.
   */
  retitle(item: TitledInput, storyId: number): boolean;
};

/** 'en-US' → 'en'; null → '' (compared with every language). */
function languageKey(language: string | null): string {
  return (language ?? '').split(/[-_]/)[0]?.toLowerCase() ?? '';
}

/**
 * Incremental story clustering over a sliding window. Per item: exact-copy lookup by hash; candidate
 * stories from an inverted index (heaviest keys first, bounded budget, pruned by a similarity bound);
 * near-verbatim check against the candidates' members (b-bit MinHash); else the most similar
 * candidate (cluster-similarity.ts) if it reaches the threshold, else a new story. The work per item
 * is bounded, whatever the size of the window; the caller slides the window with evict().
 */
export function createStoryIndex(options: ClusterOptions): TitledStoryIndex {
  const o = resolveClusterOptions(options);
  const window = o.windowHours * 3600;
  const pool = createVectorPool();
  const vocabulary = createVocabulary(o.idfPriorStories);
  const table = createStoryTable();
  const postings = createPostings(table.isLive);
  const members = createMemberStore();
  const store = createStoryStore({ pool, vocabulary, postings, members, table });
  const expiry = createExpiry<Story>();
  // Story id → table reference of the live story: int32 ids (all of them in practice: the database's
  // sequence) in a typed table, any other id in a Map.
  const byId = createIntTable();
  const otherIds = new Map<number, number>();
  const vectors = createItemVectors();
  const fingerprint = createFingerprint();
  const retrieval = createRetrieval();
  // The item being decided: read by the bounds while gathering its candidates.
  const current = { language: '', at: 0 };
  const eligibility = { at: 0, window };
  const bounds: Bounds = {
    story: (story, terms, entities) =>
      similarityBound(story, terms, entities, vectors, current.language, current.at, pool, o, o.threshold),
    ceiling: (terms, entities) => similarityCeiling(terms, entities, o),
  };
  let epoch: number | null = null;
  let nextId = o.nextStoryId;
  let items = 0;
  let candidatesScored = 0;

  // Seconds since the first item: small integers that V8 keeps unboxed on every story.
  const clock = (ms: number): number => {
    if (epoch === null) epoch = ms;
    return Math.floor((ms - epoch) / 1000);
  };

  const mostSimilar = (
    language: string,
    at: number,
    acts: number,
    candidates: readonly Story[],
  ): Match | null => {
    let best: Match | null = null;
    for (const story of candidates) {
      candidatesScored++;
      // A story of the opposite outcome (an agreement against violations) is another story however
      // much the words agree (cluster-act.ts).
      if (o.separateActs && !compatibleActs(acts, story.acts)) continue;
      const similarity = storySimilarity(story, vectors, language, at, pool, o);
      if (similarity >= o.threshold && (!best || similarity > best.similarity)) {
        best = { story, similarity, duplicateOf: null };
      }
    }
    return best;
  };

  const decide = (item: ClusterInput, language: string, at: number): Match | null => {
    fingerprintTokens(item.tokens, fingerprint);
    const byHash = fingerprint.hasTokens ? store.byExactHash(fingerprint.exact) : undefined;
    const exact = byHash && inWindow(byHash, at, window) ? exactCopy(byHash, members, fingerprint) : null;
    if (exact) return exact;
    buildItemVectors(item, vocabulary, o, vectors);
    eligibility.at = at;
    current.language = language;
    current.at = at;
    const candidates = retrieval.gather(vectors, { postings, table }, o, eligibility, bounds);
    return (
      nearCopy(candidates, members, fingerprint, o.duplicateJaccard) ??
      mostSimilar(language, at, item.acts ?? 0, candidates)
    );
  };

  const join = (story: Story, item: TitledInput, language: string, at: number, match: Match | null): void => {
    const before = story.lastAt;
    const similarity = match?.similarity ?? 0;
    const duplicate = match !== null && match.duplicateOf !== null;
    const outlet = item.outlet ?? null;
    const acts = item.acts ?? 0;
    const joining = { id: item.id, at, title: item.title, language, similarity, duplicate, outlet, acts };
    store.absorb(story, joining, vectors, fingerprint);
    if (story.lastAt !== before || members.count(story.slot) === 1) expiry.push(story.lastAt, story);
    items++;
    for (const id of vectors.interned) vocabulary.forgetIfUnused(id);
  };

  const storyById = (id: number): Story | undefined => {
    const ref = isInt32(id) ? byId.get(id) : (otherIds.get(id) ?? -1);
    return ref < 0 ? undefined : table.resolve(ref);
  };

  const createStory = (id: number, at: number, language: string): Story => {
    const story = store.create(id, at, language);
    if (isInt32(id)) byId.set(id, table.ref(story));
    else otherIds.set(id, table.ref(story));
    if (id >= nextId) nextId = id + 1;
    return story;
  };

  return {
    add(item) {
      const language = languageKey(item.language);
      const at = clock(item.publishedAt);
      vectors.interned.length = 0;
      const match = decide(item, language, at);
      const story = match?.story ?? createStory(nextId, at, language);
      join(story, item, language, at, match);
      if (!match)
        return { storyId: story.id, created: true, similarity: 0, duplicateOf: null, reason: 'new' };
      return decision(match, match.duplicateOf === null ? 'similar' : 'duplicate');
    },
    nearest(item) {
      const language = languageKey(item.language);
      const at = clock(item.publishedAt);
      vectors.interned.length = 0;
      const match = decide(item, language, at);
      // Freed in reverse, so that the free list hands the ids out again in the order they were
      // interned: the next add interns the same words as ids as if nearest had not been asked.
      for (let k = vectors.interned.length - 1; k >= 0; k--)
        vocabulary.forgetIfUnused(vectors.interned[k] ?? 0);
      if (!match) return null;
      return { storyId: match.story.id, similarity: match.similarity };
    },
    seed(item, storyId, similarity, duplicateOf = null) {
      const language = languageKey(item.language);
      const at = clock(item.publishedAt);
      vectors.interned.length = 0;
      fingerprintTokens(item.tokens, fingerprint);
      buildItemVectors(item, vocabulary, o, vectors);
      const story = storyById(storyId) ?? createStory(storyId, at, language);
      join(story, item, language, at, { story, similarity, duplicateOf });
    },
    retitle(item, storyId) {
      const story = storyById(storyId);
      if (!story) return false;
      const language = languageKey(item.language);
      vectors.interned.length = 0;
      buildItemVectors(item, vocabulary, o, vectors);
      store.revise(story, { id: item.id, title: item.title, language, outlet: item.outlet ?? null }, vectors);
      // The new headline's acts count too, as they will when the story is seeded after a restart.
      story.acts |= item.acts ?? 0;
      // As after nearest: the words only this headline brought are forgotten, in reverse order.
      for (let k = vectors.interned.length - 1; k >= 0; k--)
        vocabulary.forgetIfUnused(vectors.interned[k] ?? 0);
      return true;
    },
    evict(before) {
      if (epoch === null) return 0;
      let evicted = 0;
      expiry.popBefore(clock(before), (time, story) => {
        if (!story.alive || story.lastAt !== time) return;
        items -= members.count(story.slot);
        if (isInt32(story.id)) byId.delete(story.id);
        else otherIds.delete(story.id);
        store.release(story);
        evicted++;
      });
      return evicted;
    },
    stats: () => ({
      stories: byId.size() + otherIds.size,
      items,
      bytesEstimate:
        pool.bytes() +
        vocabulary.bytes() +
        postings.bytes() +
        table.bytes() +
        store.bytes() +
        expiry.size() * EXPIRY_ENTRY_BYTES +
        byId.bytes() +
        otherIds.size * MAP_ENTRY_BYTES,
      vocabulary: vocabulary.size(),
      candidatesScored,
      postingsVisited: retrieval.visited(),
    }),
    members(storyId) {
      const story = storyById(storyId);
      if (!story) return [];
      const out = [];
      for (let i = 0; i < members.count(story.slot); i++) {
        out.push({ itemId: members.itemId(story.slot, i), similarity: members.similarity(story.slot, i) });
      }
      return out;
    },
    title(storyId) {
      const story = storyById(storyId);
      return story?.title ?? '';
    },
  };
}

function inWindow(story: Story, at: number, window: number): boolean {
  return story.alive && story.lastAt >= at - window && story.firstAt <= at + window;
}

function decision(match: Match, reason: 'duplicate' | 'similar'): ClusterDecision {
  return {
    storyId: match.story.id,
    created: false,
    similarity: match.similarity,
    duplicateOf: match.duplicateOf,
    reason,
  };
}
