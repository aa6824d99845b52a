import type { ItemVectors } from './cluster-item.js';
import type { Fingerprint } from './cluster-minhash.js';
import type { Postings } from './cluster-postings.js';
import type { MergeResult, VectorPool } from './cluster-vector-pool.js';
import type { SparseVector } from './cluster-vectors.js';
import type { Vocabulary } from './cluster-vocabulary.js';

/**
 * A story of the window. Flat arrays of exact length instead of small objects keep a one-item
 * story near 500 bytes of JS objects (plus its pooled vectors).
 */
export type Story = {
  id: number;
  alive: boolean;
  /** Seconds since the index's epoch: small integers, so V8 stores them unboxed. */
  firstAt: number;
  lastAt: number;
  /** A small integer reused after eviction: the row of this story in scratch columns. */
  slot: number;
  /** Term centroids per language: [language, pool handle, members merged] repeated. */
  langs: Array<string | number>;
  /** Entity centroid (pool handle), language independent. */
  entities: number;
  /** [item id, similarity, exact hash, sketch0, sketch1] repeated. */
  members: number[];
  /** Title candidates: [title, pool handle of its terms, language] repeated. */
  titles: Array<string | number>;
};

export const MEMBER_STRIDE = 5;

const NONE: Array<string | number> = [];
const NO_MEMBERS: number[] = [];

export type StoryStore = {
  create(id: number, at: number): Story;
  /** Adds an item; a duplicate joins the members but leaves the centroids alone. */
  absorb(story: Story, item: Joining, vectors: ItemVectors, fingerprint: Fingerprint): void;
  release(story: Story): void;
  title(story: Story): string;
  /** The story holding an exact copy of the token sequence, if any. */
  byExactHash(hash: number): Story | undefined;
  /** Bytes of the stories' own JS objects (pooled vectors and postings are counted by their owners). */
  bytes(): number;
};

export type Joining = {
  id: number;
  /** Seconds since the index's epoch. */
  at: number;
  title: string;
  language: string;
  similarity: number;
  duplicate: boolean;
};

// V8 without pointer compression: object header 24 + 8 per field; array 32 + 16 header + 8 per slot.
const STORY_BYTES = 24 + 10 * 8 + 3 * 48 + 6 * 8;
const MEMBER_BYTES = MEMBER_STRIDE * 8 + 40; // + one exact-hash map entry
const TITLE_BYTES = 24 + 3 * 8;

export function createStoryStore(deps: {
  pool: VectorPool;
  vocabulary: Vocabulary;
  postings: Postings<Story>;
  titleCandidates: number;
}): StoryStore {
  const { pool, vocabulary, postings } = deps;
  const exact = new Map<number, Story>();
  const merged: MergeResult = { added: [], posted: [] };
  const freeSlots: number[] = [];
  let slots = 0;
  let stories = 0;
  let members = 0;
  let titles = 0;
  let titleChars = 0;

  const mergeInto = (story: Story, handle: number, v: SparseVector): void => {
    if (v.length === 0 || v.norm === 0) return;
    merged.added.length = 0;
    merged.posted.length = 0;
    pool.merge(handle, v, 1 / v.norm, merged);
    for (const key of merged.added) vocabulary.retain(key);
    for (const key of merged.posted) postings.add(key, story);
  };

  const languageSlot = (story: Story, language: string): number => {
    const found = findLanguage(story, language);
    if (found >= 0) return found;
    story.langs = story.langs.concat([language, pool.create(), 0]);
    return story.langs.length - 3;
  };

  const titleScore = (story: Story, at: number, total: number): number => {
    const handle = story.titles[at + 1] as number;
    const language = story.titles[at + 2] as string;
    const slot = findLanguage(story, language);
    if (slot < 0) return 0;
    const centroid = story.langs[slot + 1] as number;
    const norm = pool.norm(handle) * pool.norm(centroid);
    if (norm === 0) return 0;
    const share = (story.langs[slot + 2] as number) / total;
    return (pool.dotPooled(handle, centroid) / norm) * share;
  };

  const offerTitle = (story: Story, item: Joining, title: SparseVector): void => {
    const handle = pool.create();
    merged.added.length = 0;
    merged.posted.length = 0;
    pool.merge(handle, title, 1, merged);
    story.titles = story.titles.concat([item.title, handle, item.language]);
    titleChars += item.title.length;
    titles++;
    if (story.titles.length / 3 <= deps.titleCandidates) return;
    const weakest = rankTitles(story, titleScore).at(-1) ?? 0;
    titleChars -= (story.titles[weakest] as string).length;
    titles--;
    pool.free(story.titles[weakest + 1] as number);
    story.titles = story.titles.filter((_, i) => i < weakest || i >= weakest + 3);
  };

  const releaseVector = (story: Story, handle: number): void => {
    pool.forEach(handle, (key, posted) => {
      if (posted) postings.died(key, story);
      vocabulary.release(key);
      if (vocabulary.frequency(key) === 0) postings.drop(key);
    });
    pool.free(handle);
  };

  return {
    create(id, at) {
      stories++;
      const entities = pool.create();
      // One literal with every field, so that all stories share a hidden class (fast property access).
      return {
        id,
        alive: true,
        firstAt: at,
        lastAt: at,
        slot: freeSlots.pop() ?? slots++,
        langs: [],
        entities,
        members: [],
        titles: [],
      };
    },
    absorb(story, item, vectors, fingerprint) {
      story.firstAt = Math.min(story.firstAt, item.at);
      story.lastAt = Math.max(story.lastAt, item.at);
      // concat allocates the exact length; push would leave ~16 spare slots in every story.
      story.members = story.members.concat([
        item.id,
        item.similarity,
        fingerprint.exact,
        fingerprint.sketch0,
        fingerprint.sketch1,
      ]);
      members++;
      if (fingerprint.hasTokens) exact.set(fingerprint.exact, story);
      if (item.duplicate) return;
      const slot = languageSlot(story, item.language);
      mergeInto(story, story.langs[slot + 1] as number, vectors.terms);
      story.langs[slot + 2] = (story.langs[slot + 2] as number) + 1;
      mergeInto(story, story.entities, vectors.entities);
      offerTitle(story, item, vectors.title);
    },
    release(story) {
      story.alive = false;
      freeSlots.push(story.slot);
      stories--;
      members -= story.members.length / MEMBER_STRIDE;
      for (let i = 2; i < story.members.length; i += MEMBER_STRIDE) {
        const hash = story.members[i] ?? 0;
        if (exact.get(hash) === story) exact.delete(hash);
      }
      for (let i = 1; i < story.langs.length; i += 3) releaseVector(story, story.langs[i] as number);
      releaseVector(story, story.entities);
      for (let i = 0; i < story.titles.length; i += 3) {
        titleChars -= (story.titles[i] as string).length;
        titles--;
        pool.free(story.titles[i + 1] as number);
      }
      // Long posting lists may still hold the story for a while: keep it small.
      story.langs = NONE;
      story.members = NO_MEMBERS;
      story.titles = NONE;
    },
    title(story) {
      const best = rankTitles(story, titleScore)[0];
      return best === undefined ? '' : (story.titles[best] as string);
    },
    byExactHash: (hash) => exact.get(hash),
    bytes: () => stories * STORY_BYTES + members * MEMBER_BYTES + titles * TITLE_BYTES + titleChars * 2,
  };
}

/** The offset of a language's term centroid in `story.langs`, or -1. */
export function findLanguage(story: Story, language: string): number {
  for (let i = 0; i < story.langs.length; i += 3) if (story.langs[i] === language) return i;
  return -1;
}

/** Offsets of the title candidates, best first (ties keep the earlier title). */
function rankTitles(story: Story, score: (story: Story, at: number, total: number) => number): number[] {
  let total = 0;
  for (let i = 2; i < story.langs.length; i += 3) total += story.langs[i] as number;
  const ranked: Array<{ at: number; score: number }> = [];
  for (let at = 0; at < story.titles.length; at += 3) ranked.push({ at, score: score(story, at, total) });
  ranked.sort((a, b) => b.score - a.score || a.at - b.at);
  return ranked.map((entry) => entry.at);
}
