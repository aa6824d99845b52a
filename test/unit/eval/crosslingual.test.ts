import { describe, expect, it } from 'vitest';
import { eventDate, pairCounts } from '../../eval/crosslingual.js';

describe('crosslingual eval', () => {
  it("reads an event's date from the end of its slug: a day, or the 15th of a month", () => {
    expect(eventDate('alaska-summit-2025-08-15')).toEqual({
      key: '2025-08-15',
      at: Date.UTC(2025, 7, 15, 12),
    });
    expect(eventDate('gaza-truce-2023-11')).toEqual({ key: '2023-11', at: Date.UTC(2023, 10, 15, 12) });
    expect(eventDate('istanbul-talks')).toBeNull();
    expect(eventDate(null)).toBeNull();
  });

  it('counts pairs across languages by event and story, and pairs within one language apart', () => {
    const counts = pairCounts([
      { language: 'en', event: 'ukraine 2025-08-15', story: 1 },
      { language: 'ru', event: 'ukraine 2025-08-15', story: 1 },
      { language: 'de', event: 'ukraine 2025-08-15', story: 2 },
      { language: 'de', event: 'gaza 2025-10-09', story: 1 },
      { language: 'en', event: 'ukraine 2025-08-15', story: 3 },
    ]);
    // Different languages, one event: en1–ru1 (merged), en1–de2, ru1–de2, ru1–en3, de2–en3.
    expect(counts.sameEvent).toBe(5);
    expect(counts.sameEventMerged).toBe(1);
    // The Gaza item shares story 1 with the English and the Russian Alaska items.
    expect(counts.differentEventMerged).toBe(2);
    expect(counts.oneLanguageSameEvent).toBe(1);
    expect(counts.oneLanguageSameEventMerged).toBe(0);
  });
});
