/**
 * Parley's Telegram side end to end for tests and benchmarks: real SQLite stores, the real chat service,
 * digest composer, scheduler, outbox pump and Telegram sender, and the bot polling the fake Bot API.
 * One clock runs at real speed from a chosen start and can be moved, so the pump's pacing works and the
 * scheduler can be taken to a chat's local digest time.
 */
import { createChatService } from '../../src/delivery/chat-service.js';
import { createPump, type Pump } from '../../src/delivery/pump.js';
import { createDigestComposer } from '../../src/digest/digest-composer.js';
import { labelIn, type TopicLabel, type TopicNamer } from '../../src/domain/chat.js';
import type { ChatService, ChatStore, Outbox, StoryStore } from '../../src/domain/ports.js';
import { parseSchedule } from '../../src/domain/schedule.js';
import { startTelegramFrontEnd, type TelegramFrontEnd } from '../../src/platforms/telegram/front-end.js';
import { createTelegramSender } from '../../src/platforms/telegram/telegram-sender.js';
import { createDigestScheduler, type DigestScheduler } from '../../src/scheduler/digest-scheduler.js';
import type { Clock } from '../../src/shared/clock.js';
import { createLogger, type Logger } from '../../src/shared/logger.js';
import { createChatStore } from '../../src/storage/chat-store.js';
import { type Database, openDatabase } from '../../src/storage/database.js';
import { createOutbox } from '../../src/storage/outbox-store.js';
import { createStoryStore } from '../../src/storage/story-store.js';
import {
  type CallbackAnswer,
  type FakeTelegram,
  type FakeTelegramOptions,
  startFakeTelegram,
  type TelegramEdit,
  type TelegramMessage,
} from '../fakes/telegram-api.js';

export const testTopics: TopicLabel[] = [
  {
    id: 'ukraine',
    label: 'Russia–Ukraine war',
    labels: { ru: 'Российско-украинская война', uk: 'Російсько-українська війна' },
  },
  { id: 'gaza', label: 'Israel–Hamas war, Gaza' },
  { id: 'iran', label: 'Iran nuclear talks' },
  { id: 'sudan', label: 'Sudan war (SAF–RSF)' },
];

export type ShiftedClock = Clock & { set(ms: number): void };

/** Real time, moved to start at `start`; set() jumps while time keeps running. */
export function createShiftedClock(start: number): ShiftedClock {
  let offset = start - Date.now();
  return {
    now: () => Date.now() + offset,
    set: (ms) => {
      offset = ms - Date.now();
    },
  };
}

export type HarnessOptions = {
  clockStart?: number;
  databasePath?: string;
  fake?: FakeTelegramOptions;
  digestCooldownMs?: number;
  /** Topic names the chat commands understand besides ids (ChatServiceOptions.topicNamed). */
  topicNamed?: TopicNamer;
  /** Seeds the story store before the bot starts. */
  seed?: (db: Database, stories: StoryStore) => void;
  /** What the bot gets instead of the real service (to make it fail). */
  wrapService?: (service: ChatService) => ChatService;
  /** false: build everything but start no front end (the test starts its own). */
  polling?: boolean;
};

/** What the bot sent, edited and answered while handling one update. */
export type Exchange = { messages: TelegramMessage[]; edits: TelegramEdit[]; answers: CallbackAnswer[] };

export type BotHarness = {
  fake: FakeTelegram;
  db: Database;
  chats: ChatStore;
  outbox: Outbox;
  service: ChatService;
  scheduler: DigestScheduler;
  pump: Pump;
  clock: ShiftedClock;
  log: Logger;
  /** Every log line the bot wrote, as JSON. */
  logs: Array<Record<string, unknown>>;
  frontEnd: TelegramFrontEnd | null;
  /** Pushes an update, waits until the bot has handled it, returns what the bot did meanwhile. */
  send(update: Record<string, unknown>): Promise<Exchange>;
  stop(): Promise<void>;
};

const fastLimits = {
  telegram: { perSecond: 500, chatGapMs: 0, groupGapMs: 0 },
  slack: { perSecond: 50, chatGapMs: 0, groupGapMs: 0 },
};

export async function startBotHarness(options: HarnessOptions = {}): Promise<BotHarness> {
  const fake = await startFakeTelegram({ limits: false, ...options.fake });
  const db = openDatabase(options.databasePath ?? ':memory:');
  const clock = createShiftedClock(options.clockStart ?? Date.now());
  const logs: Array<Record<string, unknown>> = [];
  const log = createLogger({
    level: 'debug',
    destination: { write: (line: string) => logs.push(JSON.parse(line) as Record<string, unknown>) },
  });
  const stories = createStoryStore(db);
  options.seed?.(db, stories);
  const chats = createChatStore(db);
  const outbox = createOutbox(db);
  const labelsIn = (language: string) =>
    new Map(testTopics.map((topic) => [topic.id, labelIn(topic, language)]));
  const composer = createDigestComposer({
    stories,
    labels: labelsIn('en'),
    translatedLabels: { ru: labelsIn('ru'), uk: labelsIn('uk') },
    clock,
    lagMs: 3_600_000,
  });
  const sender = createTelegramSender({ token: fake.token, apiRoot: fake.url, timeoutMs: 2_000 });
  const retry = { maxAttempts: 3, baseMs: 100, maxMs: 1000, badTokenPauseMs: 60_000 };
  const pump = createPump({
    outbox,
    chats,
    senders: [sender],
    limits: fastLimits,
    clock,
    log,
    retry,
    idleMs: 20,
  });
  const service = createChatService({
    chats,
    outbox,
    composer,
    clock,
    topics: testTopics,
    defaults: { timeZone: 'UTC', schedule: parseSchedule('weekly friday 09:00') },
    onEnqueued: () => pump.wake(),
    ...(options.digestCooldownMs === undefined ? {} : { digestCooldownMs: options.digestCooldownMs }),
    ...(options.topicNamed === undefined ? {} : { topicNamed: options.topicNamed }),
  });
  const scheduler = createDigestScheduler({
    chats,
    outbox,
    composer,
    clock,
    log,
    catchUpMs: 86_400_000,
    platforms: ['telegram'],
  });
  pump.start();
  const frontEnd =
    options.polling === false
      ? null
      : await startTelegramFrontEnd({
          ...{ token: fake.token, apiRoot: fake.url, log, clock, mode: 'polling' },
          service: options.wrapService?.(service) ?? service,
        });
  return {
    ...{ fake, db, chats, outbox, service, scheduler, pump, clock, log, logs, frontEnd },
    async send(update) {
      const before = [fake.messages.length, fake.edits.length, fake.callbackAnswers.length] as const;
      await fake.handled(fake.pushUpdate(update));
      return {
        messages: fake.messages.slice(before[0]),
        edits: fake.edits.slice(before[1]),
        answers: fake.callbackAnswers.slice(before[2]),
      };
    },
    async stop() {
      await frontEnd?.stop();
      await pump.stop();
      await fake.close();
      db.close();
    },
  };
}
