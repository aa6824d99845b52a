/**
 * Cheap copy detection on folded tokens: an exact hash of the token sequence, and a 64-bit b-bit
 * MinHash sketch of word bigrams (32 permutations, 2 bits each: Li & König 2010, "b-Bit Minwise
 * Hashing", https://arxiv.org/abs/0910.3349). Two sketches agree on a 2-bit value with probability
 * J + (1 − J) / 4, so J ≈ (4 × agreement − 1) / 3. Eight bytes per item instead of 32 × 4.
 */
export type Fingerprint = {
  /** A hash of the token sequence; 0 and `hasTokens = false` for an item without tokens. */
  exact: number;
  sketch0: number;
  sketch1: number;
  hasTokens: boolean;
};

const PERMUTATIONS = 32;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** MurmurHash3's 32-bit finaliser: https://github.com/aappleby/smhasher/blob/master/src/MurmurHash3.cpp */
function fmix32(input: number): number {
  let h = input;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

// Fixed permutations h_j(x) = a_j·x + b_j mod 2^32 (a_j odd) so that sketches are stable across runs.
const multipliers = new Int32Array(PERMUTATIONS);
const offsets = new Int32Array(PERMUTATIONS);
for (let j = 0, seed = 0x2545f491; j < PERMUTATIONS; j++) {
  seed = fmix32(seed + 0x9e3779b9);
  multipliers[j] = seed | 1;
  seed = fmix32(seed + 0x9e3779b9);
  offsets[j] = seed;
}

let shingles = new Int32Array(256);

function tokenHash(token: string, start: number): number {
  let h = start;
  for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), FNV_PRIME);
  return h;
}

export function createFingerprint(): Fingerprint {
  return { exact: 0, sketch0: 0, sketch1: 0, hasTokens: false };
}

export function fingerprintTokens(tokens: readonly string[], out: Fingerprint): void {
  const count = tokens.length;
  out.hasTokens = count > 0;
  if (count === 0) {
    out.exact = out.sketch0 = out.sketch1 = 0;
    return;
  }
  if (shingles.length < count) shingles = new Int32Array(count * 2);
  let exact = FNV_OFFSET;
  let previous = 0;
  for (let i = 0; i < count; i++) {
    const own = fmix32(tokenHash(tokens[i] ?? '', FNV_OFFSET));
    // The sequence hash chains the token hashes; equal sketches confirm an exact match anyway.
    exact = fmix32(Math.imul(exact, FNV_PRIME) ^ own);
    if (i > 0) shingles[i - 1] = fmix32(Math.imul(previous, 0x9e3779b1) ^ own);
    previous = own;
  }
  const n = count === 1 ? 1 : count - 1;
  if (count === 1) shingles[0] = previous;
  out.exact = exact | 0;
  out.sketch0 = sketchBits(n, 0);
  out.sketch1 = sketchBits(n, 16);
}

/** Sixteen permutations from `first`, two bits of each minimum. */
function sketchBits(n: number, first: number): number {
  let bits = 0;
  for (let b = 0; b < 16; b++) {
    const a = multipliers[first + b] ?? 1;
    const c = offsets[first + b] ?? 0;
    let min = 0xffffffff;
    for (let i = 0; i < n; i++) {
      const h = (Math.imul(a, shingles[i] ?? 0) + c) >>> 0;
      if (h < min) min = h;
    }
    bits |= (fmix32(min) & 3) << (2 * b);
  }
  return bits;
}

function popcount32(input: number): number {
  let v = input - ((input >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** The number of 2-bit groups that differ. */
function differingPairs(x: number): number {
  return popcount32((x | (x >>> 1)) & 0x55555555);
}

/** Estimated Jaccard similarity of the two items' bigram sets, in [0, 1]. */
export function estimateJaccard(a0: number, a1: number, b0: number, b1: number): number {
  const differing = differingPairs(a0 ^ b0) + differingPairs(a1 ^ b1);
  const agreement = 1 - differing / PERMUTATIONS;
  return Math.max(0, (4 * agreement - 1) / 3);
}
