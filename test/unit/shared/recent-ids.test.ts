import { describe, expect, it } from 'vitest';
import { createRecentIds } from '../../../src/shared/recent-ids.js';

describe('createRecentIds', () => {
  it('says an id is new only the first time it is added', () => {
    const ids = createRecentIds(3);
    expect(ids.add(10)).toBe(true);
    expect(ids.add(10)).toBe(false);
  });

  it('keeps at most `capacity` ids, forgetting the oldest first', () => {
    const ids = createRecentIds(3);
    for (let id = 1; id <= 1_000; id += 1) ids.add(id);
    expect(ids.size).toBe(3);
    expect(ids.add(998)).toBe(false);
    expect(ids.add(997)).toBe(true);
  });

  it('takes a forgotten id again (an update that has to be handled after all)', () => {
    const ids = createRecentIds(3);
    ids.add(5);
    ids.forget(5);
    expect(ids.add(5)).toBe(true);
  });
});
