import { AppError } from '../shared/errors.js';
import { exactCopy, nearCopy } from './cluster-copies.js';
import { createExpiry } from './cluster-expiry.js';
import { buildItemVectors, createItemVectors } from './cluster-item.js';
import { createFingerprint, fingerprintTokens } from './cluster-minhash.js';
import { createPostings } from './cluster-postings.js';
import { createRetrieval } from './cluster-retrieval.js';
import { similarityBound, storySimilarity } from './cluster-similarity.js';
import { createStoryStore, MEMBER_STRIDE, type Story } from './cluster-story.js';
import {
  type ClusterDecision,
  type ClusterInput,
  type ClusterOptions,
  defaultClusterOptions,
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

// A heap entry (time + reference) and a story-id map entry.
const EXPIRY_ENTRY_BYTES = 16;
const ID_ENTRY_BYTES = 40;

type Match = { story: Story; similarity: number; duplicateOf: number | null };

/** 'en-US' → 'en'; null → '' (compared with every language). */
function languageKey(language: string | null): string {
  return (language ?? '').split(/[-_]/)[0]?.toLowerCase() ?? '';
}

function resolve(options: ClusterOptions): Required<ClusterOptions> {
  const o = { ...defaultClusterOptions, ...options };
  const problems: string[] = [];
  if (!(o.windowHours > 0)) problems.push('windowHours must be > 0');
  if (!(o.threshold > 0 && o.threshold <= 1)) problems.push('threshold must be in (0, 1]');
  if (!(o.termShare >= 0 && o.termShare <= 1)) problems.push('termShare must be in [0, 1]');
  if (!(o.halfLifeHours > 0)) problems.push('halfLifeHours must be > 0');
  if (!(o.duplicateJaccard > 0 && o.duplicateJaccard <= 1))
    problems.push('duplicateJaccard must be in (0, 1]');
  if (!(o.maxCandidates >= 1 && o.maxPostingsPerItem >= 1 && o.titleCandidates >= 1)) {
    problems.push('maxCandidates, maxPostingsPerItem and titleCandidates must be ≥ 1');
  }
  if (problems.length > 0) {
    throw new AppError('invalid_input', `invalid clustering options: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  return o;
}

/**
 * Incremental story clustering over a sliding window. Per item: exact-copy lookup by hash; candidate
 * stories from an inverted index (rarest keys first, bounded budget, pruned by a similarity bound);
 * near-verbatim check against the candidates' members (b-bit MinHash); else the most similar
 * candidate (cluster-similarity.ts) if it reaches the threshold, else a new story. The work per item
 * is bounded, whatever the size of the window; the caller slides the window with evict().
 */
export function createStoryIndex(options: ClusterOptions): StoryIndex {
  const o = resolve(options);
  const window = o.windowHours * 3600;
  const pool = createVectorPool();
  const vocabulary = createVocabulary();
  const postings = createPostings<Story>();
  const store = createStoryStore({ pool, vocabulary, postings, titleCandidates: o.titleCandidates });
  const expiry = createExpiry<Story>();
  const byId = new Map<number, Story>();
  const vectors = createItemVectors();
  const fingerprint = createFingerprint();
  const retrieval = createRetrieval();
  const eligibility = { at: 0, window };
  let epoch: number | null = null;
  let nextId = o.nextStoryId;
  let items = 0;
  let candidatesScored = 0;

  // Seconds since the first item: small integers that V8 keeps unboxed on every story.
  const clock = (ms: number): number => {
    if (epoch === null) epoch = ms;
    return Math.floor((ms - epoch) / 1000);
  };

  const mostSimilar = (language: string, at: number, candidates: readonly Story[]): Match | null => {
    let best: Match | null = null;
    for (const story of candidates) {
      candidatesScored++;
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
    const exact = byHash && inWindow(byHash, at, window) ? exactCopy(byHash, fingerprint) : null;
    if (exact) return exact;
    buildItemVectors(item, vocabulary, o, vectors);
    eligibility.at = at;
    const bound = (story: Story, terms: number, entities: number): number =>
      similarityBound(story, terms, entities, vectors, language, at, pool, o, o.threshold);
    const candidates = retrieval.gather(vectors, postings, vocabulary, o, eligibility, bound);
    return nearCopy(candidates, fingerprint, o.duplicateJaccard) ?? mostSimilar(language, at, candidates);
  };

  const join = (
    story: Story,
    item: ClusterInput,
    language: string,
    at: number,
    match: Match | null,
  ): void => {
    const before = story.lastAt;
    const similarity = match?.similarity ?? 0;
    const duplicate = match !== null && match.duplicateOf !== null;
    const joining = { id: item.id, at, title: item.title, language, similarity, duplicate };
    store.absorb(story, joining, vectors, fingerprint);
    if (story.lastAt !== before || story.members.length === MEMBER_STRIDE) expiry.push(story.lastAt, story);
    items++;
    for (const id of vectors.interned) vocabulary.forgetIfUnused(id);
  };

  const createStory = (id: number, at: number): Story => {
    const story = store.create(id, at);
    byId.set(id, story);
    vocabulary.setDocuments(byId.size);
    if (id >= nextId) nextId = id + 1;
    return story;
  };

  return {
    add(item) {
      const language = languageKey(item.language);
      const at = clock(item.publishedAt);
      vectors.interned.length = 0;
      const match = decide(item, language, at);
      const story = match?.story ?? createStory(nextId, at);
      join(story, item, language, at, match);
      if (!match)
        return { storyId: story.id, created: true, similarity: 0, duplicateOf: null, reason: 'new' };
      return decision(match, match.duplicateOf === null ? 'similar' : 'duplicate');
    },
    seed(item, storyId, similarity) {
      const at = clock(item.publishedAt);
      fingerprintTokens(item.tokens, fingerprint);
      buildItemVectors(item, vocabulary, o, vectors);
      const story = byId.get(storyId) ?? createStory(storyId, at);
      join(story, item, languageKey(item.language), at, { story, similarity, duplicateOf: null });
    },
    evict(before) {
      if (epoch === null) return 0;
      let evicted = 0;
      expiry.popBefore(clock(before), (time, story) => {
        if (!story.alive || story.lastAt !== time) return;
        items -= story.members.length / MEMBER_STRIDE;
        store.release(story);
        byId.delete(story.id);
        evicted++;
      });
      vocabulary.setDocuments(byId.size);
      return evicted;
    },
    stats: () => ({
      stories: byId.size,
      items,
      bytesEstimate:
        pool.bytes() +
        vocabulary.bytes() +
        postings.bytes() +
        store.bytes() +
        expiry.size() * EXPIRY_ENTRY_BYTES +
        byId.size * ID_ENTRY_BYTES,
      vocabulary: vocabulary.size(),
      candidatesScored,
      postingsVisited: retrieval.visited(),
    }),
    members(storyId) {
      const m = byId.get(storyId)?.members ?? [];
      const out = [];
      for (let i = 0; i < m.length; i += MEMBER_STRIDE)
        out.push({ itemId: m[i] ?? 0, similarity: m[i + 1] ?? 0 });
      return out;
    },
    title(storyId) {
      const story = byId.get(storyId);
      return story ? store.title(story) : '';
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
