/**
 * The inverted index: key id (term or entity) → stories holding it, oldest first. Most keys are rare
 * words held by one story, stored without a list (a list costs ~56 bytes before its first entry).
 * Evicted stories leave short lists at once and long lists lazily: a long list is compacted once a
 * quarter of it is dead, so eviction stays O(1) amortised per entry even for a key that every story
 * of the window holds.
 */
export type Postings<T extends { alive: boolean }> = {
  add(key: number, story: T): void;
  /** The stories of a key; the array may be a scratch buffer, valid until the next call. */
  list(key: number): readonly T[] | undefined;
  /** A story holding `key` was evicted. */
  died(key: number, story: T): void;
  /** No live story holds `key` any more (its id is about to be reused). */
  drop(key: number): void;
  entries(): number;
  bytes(): number;
};

// A JS array of object references: 8 bytes per slot, ~1.3× slack after growth, 48-byte header.
const SLOT_BYTES = 10;
const LIST_BYTES = 48;
const SHORT_LIST = 32;

export function createPostings<T extends { alive: boolean }>(): Postings<T> {
  const lists: Array<T | T[] | undefined> = [];
  const single: T[] = [];
  let dead = new Int32Array(1024);
  let entries = 0;
  let arrays = 0;

  const compact = (key: number, list: T[]): void => {
    let kept = 0;
    for (const story of list) if (story.alive) list[kept++] = story;
    entries -= list.length - kept;
    list.length = kept;
    dead[key] = 0;
  };

  const growDead = (key: number): void => {
    if (key < dead.length) return;
    const grown = new Int32Array(Math.max(key + 1, dead.length * 2));
    grown.set(dead);
    dead = grown;
  };

  const drop = (key: number): void => {
    const held = lists[key];
    if (held === undefined) return;
    if (Array.isArray(held)) {
      entries -= held.length;
      arrays--;
    } else entries--;
    lists[key] = undefined;
    dead[key] = 0;
  };

  return {
    add(key, story) {
      const held = lists[key];
      entries++;
      if (held === undefined) {
        lists[key] = story;
        growDead(key);
        dead[key] = 0;
      } else if (Array.isArray(held)) {
        // push grows a short array to 1.5 × n + 16 slots; most lists stay short, so copy exactly.
        if (held.length < SHORT_LIST) lists[key] = held.concat(story);
        else held.push(story);
      } else {
        lists[key] = [held, story];
        arrays++;
      }
    },
    list(key) {
      const held = lists[key];
      if (held === undefined || Array.isArray(held)) return held;
      single[0] = held;
      return single;
    },
    died(key, story) {
      const held = lists[key];
      if (held === undefined) return;
      if (!Array.isArray(held)) {
        if (held === story) drop(key);
        return;
      }
      if (held.length <= SHORT_LIST) {
        // Short lists drop the story at once, so evicted stories are not kept alive by rare keys.
        const kept = held.filter((other) => other !== story);
        entries -= held.length - kept.length;
        if (kept.length > 1) lists[key] = kept;
        else {
          lists[key] = kept[0];
          arrays--;
        }
        return;
      }
      const count = (dead[key] ?? 0) + 1;
      dead[key] = count;
      if (count * 4 > held.length) compact(key, held);
    },
    drop,
    entries: () => entries,
    bytes: () => entries * SLOT_BYTES + arrays * LIST_BYTES + lists.length * 8 + dead.length * 4,
  };
}
