/**
 * The real chat service and digest composer over SQLite stores with seeded stories, as Parley's front
 * ends get them: for tests of the Telegram and Slack front ends. No vitest import: benches use it too.
 */
import { createChatService } from '../../src/delivery/chat-service.js';
import { createDigestComposer } from '../../src/digest/digest-composer.js';
import type { TopicNamer } from '../../src/domain/chat.js';
import type { ChatService, StoryStore } from '../../src/domain/ports.js';
import { parseSchedule } from '../../src/domain/schedule.js';
import { createManualClock } from '../../src/shared/clock.js';
import { createChatStore } from '../../src/storage/chat-store.js';
import type { Database } from '../../src/storage/database.js';
import { createOutbox } from '../../src/storage/outbox-store.js';
import { type StorySeed, seedStories, topicList } from './seed-stories.js';

export type SeededChatService = {
  service: ChatService;
  stories: StoryStore;
  /** The chat service's and composer's clock. */
  clock: ReturnType<typeof createManualClock>;
};

export function seededChatService(options: {
  db: Database;
  seeds: readonly StorySeed[];
  now: number;
  /** The taxonomy (default: four topics of the default one). */
  topics?: ReadonlyArray<{ id: string; label: string }>;
  /** Topic names the commands understand besides ids (ChatServiceOptions.topicNamed). */
  topicNamed?: TopicNamer;
}): SeededChatService {
  const stories = seedStories(options.db, options.seeds);
  const clock = createManualClock(options.now);
  const topics = options.topics ?? topicList;
  const labels = new Map(topics.map((topic) => [topic.id, topic.label]));
  const service = createChatService({
    chats: createChatStore(options.db),
    outbox: createOutbox(options.db),
    composer: createDigestComposer({ stories, labels, clock, lagMs: 3_600_000 }),
    clock,
    topics,
    defaults: { timeZone: 'UTC', schedule: parseSchedule('weekly friday 09:00') },
    ...(options.topicNamed === undefined ? {} : { topicNamed: options.topicNamed }),
  });
  return { service, stories, clock };
}
