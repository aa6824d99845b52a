/** Stories for the Telegram tests: the shared seeder, each story reported by two outlets. */
import type { StoryStore } from '../../src/domain/ports.js';
import type { Database } from '../../src/storage/database.js';
import { type StorySeed, seedStories as seedShared } from './seed-stories.js';

export type SeedStory = Omit<StorySeed, 'outlets'>;

/** `stories` is the store the caller holds on the same database; the seeder writes through its own. */
export function seedStories(db: Database, _stories: StoryStore, list: readonly SeedStory[]): void {
  seedShared(
    db,
    list.map((seed) => ({ ...seed, outlets: 2 })),
  );
}
