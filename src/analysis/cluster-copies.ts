import type { MemberStore } from './cluster-members.js';
import { estimateJaccard, type Fingerprint } from './cluster-minhash.js';
import type { Story } from './cluster-story.js';

/** A story an item belongs to as a copy of one of its members. */
export type CopyMatch = { story: Story; similarity: number; duplicateOf: number };

// Near-verbatim copies share every rare key, so they rank among the first candidates.
const COPY_CANDIDATES = 4;

/** A member with the same token sequence (hash and sketch agree): an exact copy, similarity 1. */
export function exactCopy(story: Story, members: MemberStore, fingerprint: Fingerprint): CopyMatch | null {
  if (!fingerprint.hasTokens) return null;
  const slot = story.slot;
  for (let i = 0; i < members.count(slot); i++) {
    const same =
      members.exact(slot, i) === fingerprint.exact &&
      members.sketch0(slot, i) === fingerprint.sketch0 &&
      members.sketch1(slot, i) === fingerprint.sketch1;
    if (same) return { story, similarity: 1, duplicateOf: members.itemId(slot, i) };
  }
  return null;
}

/** The member of the first candidates with the highest estimated Jaccard, if it reaches `minimum`. */
export function nearCopy(
  candidates: readonly Story[],
  members: MemberStore,
  fingerprint: Fingerprint,
  minimum: number,
): CopyMatch | null {
  if (!fingerprint.hasTokens) return null;
  let best: CopyMatch | null = null;
  for (let c = 0; c < candidates.length && c < COPY_CANDIDATES; c++) {
    const story = candidates[c] as Story;
    const slot = story.slot;
    for (let i = 0; i < members.count(slot); i++) {
      const a0 = fingerprint.sketch0;
      const j = estimateJaccard(a0, fingerprint.sketch1, members.sketch0(slot, i), members.sketch1(slot, i));
      if (j >= minimum && (!best || j > best.similarity)) {
        best = { story, similarity: j, duplicateOf: members.itemId(slot, i) };
      }
    }
  }
  return best;
}
