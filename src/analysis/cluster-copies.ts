import { estimateJaccard, type Fingerprint } from './cluster-minhash.js';
import { MEMBER_STRIDE, type Story } from './cluster-story.js';

/** A story an item belongs to as a copy of one of its members. */
export type CopyMatch = { story: Story; similarity: number; duplicateOf: number };

// Near-verbatim copies share every rare key, so they rank among the first candidates.
const COPY_CANDIDATES = 4;

/** A member with the same token sequence (hash and sketch agree): an exact copy, similarity 1. */
export function exactCopy(story: Story | undefined, fingerprint: Fingerprint): CopyMatch | null {
  if (!story || !fingerprint.hasTokens) return null;
  const m = story.members;
  for (let i = 0; i < m.length; i += MEMBER_STRIDE) {
    const same =
      m[i + 2] === fingerprint.exact && m[i + 3] === fingerprint.sketch0 && m[i + 4] === fingerprint.sketch1;
    if (same) return { story, similarity: 1, duplicateOf: m[i] ?? 0 };
  }
  return null;
}

/** The member of the first candidates with the highest estimated Jaccard, if it reaches `minimum`. */
export function nearCopy(
  candidates: readonly Story[],
  fingerprint: Fingerprint,
  minimum: number,
): CopyMatch | null {
  if (!fingerprint.hasTokens) return null;
  let best: CopyMatch | null = null;
  for (let c = 0; c < candidates.length && c < COPY_CANDIDATES; c++) {
    const story = candidates[c] as Story;
    const m = story.members;
    for (let i = 0; i < m.length; i += MEMBER_STRIDE) {
      const j = estimateJaccard(fingerprint.sketch0, fingerprint.sketch1, m[i + 3] ?? 0, m[i + 4] ?? 0);
      if (j >= minimum && (!best || j > best.similarity))
        best = { story, similarity: j, duplicateOf: m[i] ?? 0 };
    }
  }
  return best;
}
