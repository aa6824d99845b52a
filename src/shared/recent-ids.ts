/**
 * The last `capacity` ids seen, oldest forgotten first: remembers enough to spot a resend without
 * growing for as long as the process runs. add() answers whether the id was new.
 */
export function createRecentIds(capacity: number): {
  add(id: number): boolean;
  forget(id: number): void;
  readonly size: number;
} {
  // A Set iterates in insertion order, so its first element is the oldest.
  const ids = new Set<number>();
  return {
    add(id) {
      if (ids.has(id)) return false;
      ids.add(id);
      if (ids.size > capacity) {
        const [oldest] = ids;
        if (oldest !== undefined) ids.delete(oldest);
      }
      return true;
    },
    forget(id) {
      ids.delete(id);
    },
    get size() {
      return ids.size;
    },
  };
}
