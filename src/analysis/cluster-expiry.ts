/**
 * A binary min-heap of (time, story) entries: a story is pushed again whenever its last-item time
 * moves, and an entry whose time no longer matches the story's is stale and skipped when popped.
 * Items arrive out of order (feeds are polled in any order), which a FIFO queue would mishandle.
 */
export type Expiry<T> = {
  push(time: number, story: T): void;
  /** Pops every entry older than `before`. */
  popBefore(before: number, visit: (time: number, story: T) => void): void;
  size(): number;
};

export function createExpiry<T>(): Expiry<T> {
  const times: number[] = [];
  const stories: T[] = [];

  const swap = (a: number, b: number): void => {
    const t = times[a] ?? 0;
    times[a] = times[b] ?? 0;
    times[b] = t;
    const s = stories[a] as T;
    stories[a] = stories[b] as T;
    stories[b] = s;
  };

  const up = (start: number): void => {
    for (let i = start; i > 0; ) {
      const parent = (i - 1) >> 1;
      if ((times[parent] ?? 0) <= (times[i] ?? 0)) return;
      swap(i, parent);
      i = parent;
    }
  };

  const down = (): void => {
    const n = times.length;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < n && (times[left] ?? 0) < (times[least] ?? 0)) least = left;
      if (right < n && (times[right] ?? 0) < (times[least] ?? 0)) least = right;
      if (least === i) return;
      swap(i, least);
      i = least;
    }
  };

  return {
    push(time, story) {
      times.push(time);
      stories.push(story);
      up(times.length - 1);
    },
    popBefore(before, visit) {
      while (times.length > 0 && (times[0] ?? 0) < before) {
        const time = times[0] ?? 0;
        const story = stories[0] as T;
        const lastTime = times.pop() ?? 0;
        const lastStory = stories.pop() as T;
        if (times.length > 0) {
          times[0] = lastTime;
          stories[0] = lastStory;
          down();
        }
        visit(time, story);
      }
    },
    size: () => times.length,
  };
}
