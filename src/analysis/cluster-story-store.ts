import { createIntTable } from './cluster-int-table.js';
import type { ItemVectors } from './cluster-item.js';
import type { MemberStore } from './cluster-members.js';
import type { Fingerprint } from './cluster-minhash.js';
import type { Postings } from './cluster-postings.js';
import {
  countTermMember,
  findLanguage,
  languageCount,
  NO_LANGUAGES,
  type Story,
  termMembersAt,
  termsAt,
} from './cluster-story.js';
import type { StoryTable } from './cluster-table.js';
import { createTitleChooser, type Title } from './cluster-titles.js';
import type { MergeResult, VectorPool } from './cluster-vector-pool.js';
import { type SparseVector, vectorNorm } from './cluster-vectors.js';
import type { Vocabulary } from './cluster-vocabulary.js';

export type StoryStore = {
  create(id: number, at: number, language: string): Story;
  /** Adds an item; a duplicate joins the members but leaves the centroids and title alone. */
  absorb(story: Story, item: Joining, vectors: ItemVectors, fingerprint: Fingerprint): void;
  /**
   * A member re-published with a changed headline: the title follows it (cluster-titles.ts); the
   * centroids keep what the member brought when it came.
   */
  revise(story: Story, item: Title, vectors: ItemVectors): void;
  release(story: Story): void;
  /** The story holding an exact copy of the token sequence, if any. */
  byExactHash(hash: number): Story | undefined;
  /** Bytes of the stories' objects, members and titles (pooled vectors and postings: their owners). */
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
  /** The item's acts (cluster-act.ts), 0 when unknown. */
  acts: number;
  /** The name of the item's feed, when known (a headline suffix naming it is left out of the title). */
  outlet: string | null;
};

/**
 * The reports of one language whose words make up a story's centroids. Past them a report still joins
 * the members and may give the story its title, but adds no term or entity weight and no IDF document,
 * as a copy adds none: a story of 20,000 distinct headlines grew its centroid to 148,000 terms and one
 * add to 90 ms, on the event loop that answers chat commands (`npm run bench -- mega`). 500 reports
 * hold at most 500 × maxTermsPerItem terms; a word all of them use weighs up to 500 times one report's
 * own, so the centroid of the first 500 still says what the story is about. The labelled stories have
 * at most 8 reports.
 */
export const maxCentroidReports = 500;

// V8 without pointer compression: an object is 24 bytes + 8 a field.
const STORY_BYTES = 24 + 14 * 8;

/** Drops the keys of `v` that the pooled vector `handle` lacks (all of them when `handle` is -1). */
function restrictToPooled(pool: VectorPool, v: SparseVector, handle: number): void {
  let n = 0;
  let j = 0;
  if (handle >= 0)
    pool.forEach(handle, (key) => {
      while (j < v.length && (v.keys[j] ?? 0) < key) j++;
      if (j >= v.length || v.keys[j] !== key) return;
      v.keys[n] = key;
      v.weights[n++] = v.weights[j++] ?? 0;
    });
  v.length = n;
  v.norm = vectorNorm(v.weights, 0, n);
}

export function createStoryStore(deps: {
  pool: VectorPool;
  vocabulary: Vocabulary;
  postings: Postings;
  members: MemberStore;
  table: StoryTable;
}): StoryStore {
  const { pool, vocabulary, postings, members, table } = deps;
  const titles = createTitleChooser(pool);
  // Exact hash of a member's tokens → the table reference of the story holding it (the latest).
  const exact = createIntTable();
  const merged: MergeResult = { added: [], posted: [] };
  let stories = 0;

  const mergeInto = (story: Story, handle: number, v: SparseVector): void => {
    if (v.length === 0 || v.norm === 0) return;
    merged.added.length = 0;
    merged.posted.length = 0;
    pool.merge(handle, v, 1 / v.norm, merged);
    for (const key of merged.added) vocabulary.retain(key);
    for (let i = 0; i < v.length; i++) vocabulary.occur(v.keys[i] ?? 0, 1);
    if (merged.posted.length === 0) return;
    const ref = table.ref(story);
    for (const key of merged.posted) postings.add(key, ref);
  };

  const languageIndex = (story: Story, language: string): number => {
    const found = findLanguage(story, language);
    if (found >= 0) return found;
    story.otherLanguages = story.otherLanguages.concat([language, pool.create(), 0]);
    return languageCount(story) - 1;
  };

  const releaseVector = (ref: number, handle: number): void => {
    pool.forEach(handle, (key, posted, count) => {
      if (posted) postings.died(key, ref);
      vocabulary.occur(key, -count);
      vocabulary.release(key);
      if (vocabulary.frequency(key) === 0) postings.drop(key);
    });
    pool.free(handle);
  };

  return {
    create(id, at, language) {
      stories++;
      const terms = pool.create();
      const entities = pool.create();
      // One literal with every field, so that all stories share a hidden class (fast property access).
      const story: Story = {
        id,
        alive: true,
        firstAt: at,
        lastAt: at,
        slot: 0,
        language,
        terms,
        termMembers: 0,
        otherLanguages: NO_LANGUAGES,
        entities,
        title: '',
        titleTerms: -1,
        titleLanguage: language,
        acts: 0,
      };
      story.slot = table.open(story);
      table.touch(story);
      members.open(story.slot);
      return story;
    },
    absorb(story, item, vectors, fingerprint) {
      story.firstAt = Math.min(story.firstAt, item.at);
      story.lastAt = Math.max(story.lastAt, item.at);
      table.touch(story);
      const { exact: hash, sketch0, sketch1 } = fingerprint;
      members.add(story.slot, { id: item.id, similarity: item.similarity, exact: hash, sketch0, sketch1 });
      if (fingerprint.hasTokens) exact.set(hash, table.ref(story));
      // The story reports every act its members report: the same whatever order they come in, so
      // that a story seeded after a restart (members by publication time) keeps out the same items.
      story.acts |= item.acts;
      if (item.duplicate) return;
      const at = languageIndex(story, item.language);
      if (termMembersAt(story, at) >= maxCentroidReports) {
        titles.offer(story, item, vectors.title);
        return;
      }
      vocabulary.addDocuments(1);
      mergeInto(story, termsAt(story, at), vectors.terms);
      countTermMember(story, at);
      mergeInto(story, story.entities, vectors.entities);
      titles.offer(story, item, vectors.title);
    },
    revise(story, item, vectors) {
      // Only words the story's centroid holds: the pooled title keeps no vocabulary id alive itself.
      const at = findLanguage(story, item.language);
      restrictToPooled(pool, vectors.title, at < 0 ? -1 : termsAt(story, at));
      titles.revise(story, item, vectors.title);
    },
    release(story) {
      story.alive = false;
      stories--;
      const ref = table.ref(story);
      for (let i = 0; i < members.count(story.slot); i++) {
        const hash = members.exact(story.slot, i);
        if (exact.get(hash) === ref) exact.delete(hash);
      }
      members.close(story.slot);
      for (let i = 0; i < languageCount(story); i++) {
        vocabulary.addDocuments(-termMembersAt(story, i));
        releaseVector(ref, termsAt(story, i));
      }
      releaseVector(ref, story.entities);
      titles.release(story);
      table.close(story);
      story.otherLanguages = NO_LANGUAGES;
    },
    byExactHash(hash) {
      const ref = exact.get(hash);
      return ref < 0 ? undefined : table.resolve(ref);
    },
    bytes: () => stories * STORY_BYTES + exact.bytes() + titles.bytes() + members.bytes(),
  };
}
