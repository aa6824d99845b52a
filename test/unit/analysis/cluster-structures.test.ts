import { describe, expect, it } from 'vitest';
import { createExpiry } from '../../../src/analysis/cluster-expiry.js';
import { createIntTable } from '../../../src/analysis/cluster-int-table.js';
import {
  createFingerprint,
  estimateJaccard,
  fingerprintTokens,
} from '../../../src/analysis/cluster-minhash.js';
import { createPostings, type PostingRange } from '../../../src/analysis/cluster-postings.js';
import { createVectorPool, type MergeResult } from '../../../src/analysis/cluster-vector-pool.js';
import { createSparseVector, pushEntry, sortVector } from '../../../src/analysis/cluster-vectors.js';
import { createVocabulary } from '../../../src/analysis/cluster-vocabulary.js';
import { seededRandom } from '../../support/seeded-random.js';

function fingerprintOf(tokens: string[]): { exact: number; sketch0: number; sketch1: number } {
  const out = createFingerprint();
  fingerprintTokens(tokens, out);
  return { exact: out.exact, sketch0: out.sketch0, sketch1: out.sketch1 };
}

describe('fingerprintTokens and estimateJaccard', () => {
  const words = Array.from({ length: 40 }, (_, i) => `word${i}`);
  const jaccard = (a: string[], b: string[]): number => {
    const x = fingerprintOf(a);
    const y = fingerprintOf(b);
    return estimateJaccard(x.sketch0, x.sketch1, y.sketch0, y.sketch1);
  };

  it.each([
    ['identical texts', words, 1, 1],
    ['one word of forty replaced', [...words.slice(0, 20), 'other', ...words.slice(21)], 0.7, 1],
    ['the same lead under a new title', ['new', 'title', ...words.slice(5)], 0.6, 1],
    ['disjoint texts', words.map((w) => `${w}x`), 0, 0.35],
  ])('estimates the Jaccard similarity of %s', (_, other, low, high) => {
    const estimate = jaccard(words, other);
    expect(estimate).toBeGreaterThanOrEqual(low);
    expect(estimate).toBeLessThanOrEqual(high);
  });

  it('hashes the token sequence, so that word order matters for exact copies', () => {
    expect(fingerprintOf(['a', 'b']).exact).toBe(fingerprintOf(['a', 'b']).exact);
    expect(fingerprintOf(['a', 'b']).exact).not.toBe(fingerprintOf(['b', 'a']).exact);
    expect(fingerprintOf(['ab']).exact).not.toBe(fingerprintOf(['a', 'b']).exact);
  });

  it('marks an item without tokens so that it is never taken for a copy', () => {
    const out = createFingerprint();
    fingerprintTokens([], out);
    expect(out.hasTokens).toBe(false);
  });
});

describe('createVocabulary', () => {
  it('keeps ids stable, frees them at frequency 0 and reuses them, as a Map would', () => {
    const vocabulary = createVocabulary();
    const model = new Map<string, { id: number; frequency: number }>();
    const next = seededRandom(1);
    for (let step = 0; step < 20_000; step++) {
      const text = `k${Math.floor(next() * 3000)}`;
      const known = model.get(text);
      if (known && next() < 0.5) {
        vocabulary.release(known.id);
        known.frequency--;
        if (known.frequency === 0) model.delete(text);
        continue;
      }
      const id = vocabulary.intern(text, false);
      if (known) expect(id).toBe(known.id);
      vocabulary.retain(id);
      model.set(text, { id, frequency: (known?.frequency ?? 0) + 1 });
    }
    expect(vocabulary.size()).toBe(model.size);
    for (const [text, { id, frequency }] of model) {
      expect(vocabulary.intern(text, false)).toBe(id);
      expect(vocabulary.frequency(id)).toBe(frequency);
    }
  });

  it('tells a term from an entity with the same text', () => {
    const vocabulary = createVocabulary();
    expect(vocabulary.intern('putin', false)).not.toBe(vocabulary.intern('putin', true));
  });

  it('gives a key held by every item a lower IDF than a rare one', () => {
    const vocabulary = createVocabulary();
    const common = vocabulary.intern('talks', false);
    const rare = vocabulary.intern('umerov', false);
    vocabulary.retain(common);
    vocabulary.retain(rare);
    vocabulary.occur(common, 100);
    vocabulary.occur(rare, 1);
    vocabulary.addDocuments(100);
    expect(vocabulary.idf(common)).toBeLessThan(0.01);
    expect(vocabulary.idf(rare)).toBeGreaterThan(4);
  });

  it('counts items, not stories: a key of one story of many items is common', () => {
    const vocabulary = createVocabulary();
    const iran = vocabulary.intern('iran', false);
    const umerov = vocabulary.intern('umerov', false);
    vocabulary.retain(iran); // one story of 40 items
    vocabulary.occur(iran, 40);
    for (let i = 0; i < 10; i++) vocabulary.retain(umerov); // ten stories, one item each
    vocabulary.occur(umerov, 10);
    vocabulary.addDocuments(50);
    expect(vocabulary.idf(iran)).toBeLessThan(vocabulary.idf(umerov));
    expect(vocabulary.occurrences(iran)).toBe(40);
  });
});

describe('createPostings', () => {
  it('holds the same references as a list per key through adds, evictions and drops', () => {
    const live = new Set<number>();
    const postings = createPostings((ref) => live.has(ref));
    const model = new Map<number, number[]>();
    const next = seededRandom(2);
    const range: PostingRange = { array: new Int32Array(0), from: 0, count: 0 };
    for (let ref = 0; ref < 4000; ref++) {
      live.add(ref);
      const keys = new Set(Array.from({ length: 3 }, () => Math.floor(next() ** 3 * 200)));
      for (const key of keys) {
        postings.add(key, ref);
        model.set(key, [...(model.get(key) ?? []), ref]);
      }
      if (ref % 7 === 0 && ref > 0) {
        const dead = ref - 1 - Math.floor(next() * Math.min(ref - 1, 50));
        if (!live.delete(dead)) continue;
        for (const [key, refs] of model) if (refs.includes(dead)) postings.died(key, dead);
      }
    }
    for (const [key, refs] of model) {
      postings.range(key, range);
      const held = Array.from(range.array.subarray(range.from, range.from + range.count));
      expect(held.filter((ref) => live.has(ref))).toEqual(refs.filter((ref) => live.has(ref)));
    }
    postings.drop(0);
    postings.range(0, range);
    expect(range.count).toBe(0);
  });
});

describe('createVectorPool', () => {
  it('adds sparse vectors and computes dot products like a dense model', () => {
    const pool = createVectorPool(64);
    const next = seededRandom(3);
    const handles = [pool.create(), pool.create(), pool.create()];
    const models = handles.map(() => new Map<number, number>());
    const result: MergeResult = { added: [], posted: [] };
    const v = createSparseVector();
    for (let step = 0; step < 300; step++) {
      v.length = 0;
      for (let i = 0; i < 12; i++) pushEntry(v, Math.floor(next() * 500), next(), next() < 0.3 ? 1 : 0);
      sortVector(v);
      const which = step % handles.length;
      pool.merge(handles[which] ?? 0, v, 0.5, result);
      const model = models[which] ?? new Map();
      for (let i = 0; i < v.length; i++) {
        const key = v.keys[i] ?? 0;
        model.set(key, (model.get(key) ?? 0) + 0.5 * (v.weights[i] ?? 0));
      }
    }
    v.length = 0;
    for (let key = 0; key < 500; key += 3) pushEntry(v, key, 1, 0);
    sortVector(v);
    handles.forEach((handle, i) => {
      const model = models[i] ?? new Map<number, number>();
      let dot = 0;
      for (let key = 0; key < 500; key += 3) dot += model.get(key) ?? 0;
      expect(pool.dot(handle, v, { shared: 0 })).toBeCloseTo(dot, 2);
      expect(pool.length(handle)).toBe(model.size);
    });
  });
});

describe('createVectorPool under eviction', () => {
  it('keeps every live vector intact while freed blocks are reused and the arena is compacted', () => {
    const pool = createVectorPool(64);
    const next = seededRandom(11);
    const result: MergeResult = { added: [], posted: [] };
    const v = createSparseVector();
    const live = new Map<number, Map<number, { weight: number; count: number; posted: boolean }>>();
    let peak = 0;
    for (let step = 0; step < 4000; step++) {
      if (live.size > 0 && (next() < 0.2 || live.size > 60)) {
        // Evict a random story: its blocks go to the free lists, then compaction moves the rest.
        const handles = [...live.keys()];
        const h = handles[Math.floor(next() * handles.length)] ?? 0;
        pool.free(h);
        live.delete(h);
        continue;
      }
      const handles = [...live.keys()];
      const h =
        handles.length > 0 && next() < 0.6
          ? (handles[Math.floor(next() * handles.length)] ?? 0)
          : pool.create();
      const model = live.get(h) ?? new Map();
      live.set(h, model);
      v.length = 0;
      // Sizes drift over the run, so that freed blocks of one size class pile up.
      const n = 1 + Math.floor(next() * (step < 2000 ? 6 : 40));
      for (let i = 0; i < n; i++) pushEntry(v, Math.floor(next() * 300), next(), next() < 0.3 ? 1 : 0);
      sortVector(v);
      pool.merge(h, v, 1, result);
      for (let i = 0; i < v.length; i++) {
        const key = v.keys[i] ?? 0;
        const entry = model.get(key) ?? { weight: 0, count: 0, posted: false };
        entry.weight += v.weights[i] ?? 0;
        entry.count++;
        entry.posted ||= v.flags[i] === 1;
        model.set(key, entry);
      }
      peak = Math.max(peak, pool.bytes());
    }
    expect(live.size).toBeGreaterThan(10);
    for (const [h, model] of live) {
      const seen = new Map<number, { count: number; posted: boolean }>();
      pool.forEach(h, (key, posted, count) => seen.set(key, { count, posted }));
      expect(seen).toEqual(
        new Map([...model].map(([key, e]) => [key, { count: e.count, posted: e.posted }])),
      );
      const norm = Math.sqrt([...model.values()].reduce((sum, e) => sum + e.weight * e.weight, 0));
      expect(pool.norm(h)).toBeCloseTo(norm, 3);
    }
    // Compaction gave the free blocks back: the arena ends well below its peak.
    expect(pool.bytes()).toBeLessThan(peak);
  });
});

describe('createVectorPool counts', () => {
  it('counts past what an entry holds (65,535 merges of one key) and forgets the spill when the vector is freed', () => {
    const pool = createVectorPool(64);
    const result: MergeResult = { added: [], posted: [] };
    const v = createSparseVector();
    const [big, small] = [pool.create(), pool.create()];
    const countsOf = (h: number) => {
      const seen = new Map<number, number>();
      pool.forEach(h, (key, _posted, count) => seen.set(key, count));
      return seen;
    };
    for (let step = 0; step < 70_000; step++) {
      v.length = 0;
      pushEntry(v, 7, 1, 0);
      if (step % 2 === 0) pushEntry(v, 9, 1, 0);
      // A new key now and then moves the block to bigger ones; the spilled count must follow it.
      if (step % 10_000 === 0) pushEntry(v, 100 + step / 10_000, 1, 0);
      sortVector(v);
      pool.merge(big, v, 1, result);
      if (step < 3) pool.merge(small, v, 1, result);
    }
    const counts = countsOf(big);
    expect(counts.get(7)).toBe(70_000);
    expect(counts.get(9)).toBe(35_000);
    expect(counts.get(100)).toBe(1);
    expect(countsOf(small).get(7)).toBe(3);
    const spilled = pool.bytes();
    pool.free(big);
    expect(pool.bytes()).toBeLessThan(spilled);
    // A new vector in the freed handle counts from one.
    const again = pool.create();
    v.length = 0;
    pushEntry(v, 7, 1, 0);
    pool.merge(again, v, 1, result);
    expect(countsOf(again).get(7)).toBe(1);
  });
});

describe('createIntTable', () => {
  it('stores, finds and deletes like a Map through growth, collisions and shrinking', () => {
    const table = createIntTable();
    const model = new Map<number, number>();
    const next = seededRandom(5);
    // Keys from a small range collide often; negative and extreme int32 keys are keys too.
    const key = (): number =>
      next() < 0.1
        ? ([0, -1, 0x7fffffff, -0x80000000][Math.floor(next() * 4)] ?? 0)
        : Math.floor(next() * 3000) - 1500;
    for (let step = 0; step < 20_000; step++) {
      const k = key();
      const growing = step < 10_000;
      if (next() < (growing ? 0.7 : 0.2)) {
        const value = Math.floor(next() * 0x7fffffff);
        table.set(k, value);
        model.set(k, value);
      } else {
        table.delete(k);
        model.delete(k);
      }
      if (step % 997 === 0)
        for (let probe = -1600; probe < 1600; probe++) expect(table.get(probe)).toBe(model.get(probe) ?? -1);
    }
    expect(table.size()).toBe(model.size);
    for (const [k, value] of model) expect(table.get(k)).toBe(value);
    expect(table.get(123_456_789)).toBe(-1);
  });

  it('finds every key after deletes in runs that wrap around the end of a small table', () => {
    const table = createIntTable();
    const model = new Map<number, number>();
    const next = seededRandom(9);
    // 800,000 lookups: compared in plain code, as one expect() each they took over 20 s on a loaded machine.
    const wrong: Array<{ step: number; probe: number; got: number; want: number }> = [];
    for (let step = 0; step < 20_000 && wrong.length === 0; step++) {
      // At most 7 keys: the table stays at 16 slots, so runs often cross its end.
      const k = Math.floor(next() * 40);
      if (model.size < 7 && next() < 0.5) {
        table.set(k, step);
        model.set(k, step);
      } else {
        table.delete(k);
        model.delete(k);
      }
      for (let probe = 0; probe < 40; probe++) {
        const got = table.get(probe);
        const want = model.get(probe) ?? -1;
        if (got !== want) wrong.push({ step, probe, got, want });
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses values that are not non-negative int32 (-1 means absent)', () => {
    const table = createIntTable();
    expect(() => table.set(1, -1)).toThrow(RangeError);
    expect(() => table.set(1, 2 ** 31)).toThrow(RangeError);
  });
});

describe('createExpiry', () => {
  it('pops entries older than a time in time order, whatever order they came in', () => {
    const expiry = createExpiry<string>();
    for (const [time, name] of [
      [30, 'c'],
      [10, 'a'],
      [50, 'e'],
      [20, 'b'],
      [40, 'd'],
    ] as const) {
      expiry.push(time, name);
    }
    const popped: string[] = [];
    expiry.popBefore(35, (_, name) => popped.push(name));
    expect(popped).toEqual(['a', 'b', 'c']);
    expect(expiry.size()).toBe(2);
  });
});
