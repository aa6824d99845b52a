import { parseSchedule } from '../../src/domain/schedule.js';
import { createChatStore } from '../../src/storage/chat-store.js';
import { openDatabase } from '../../src/storage/database.js';
import { createOutbox } from '../../src/storage/outbox-store.js';
import type { createCliHarness } from './cli-harness.js';

/** Polls `probe` every 50 ms until it gives a value (a throw counts as none yet), or fails after the timeout. */
export async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export type DailyChat = {
  chatId: string;
  /** The minute the digest is due each day (UTC). */
  dueAt: number;
  subscribedAt: number;
  /** The slot of the last digest the chat got (passed quietly in the outbox), if any. */
  lastSlot?: number;
  topics?: readonly string[];
};

/** A database at `dbPath` with one Telegram chat subscribed to a daily digest in UTC: its row id and time. */
export function seedDailyChat(dbPath: string, chat: DailyChat): { id: number; time: string } {
  const db = openDatabase(dbPath);
  try {
    const chats = createChatStore(db);
    const time = new Date(chat.dueAt).toISOString().slice(11, 16);
    const stored = chats.ensure(
      { platform: 'telegram', chatId: chat.chatId, threadId: null },
      { title: 'Peace desk', timeZone: 'UTC', schedule: parseSchedule(`daily ${time}`) },
      'test',
      chat.subscribedAt,
    );
    if (chat.topics !== undefined)
      chats.update(stored.id, { topics: [...chat.topics] }, 'test', chat.subscribedAt);
    if (chat.lastSlot !== undefined) createOutbox(db).passQuiet(stored.id, chat.lastSlot);
    return { id: stored.id, time };
  } finally {
    db.close();
  }
}

/** The configuration `parley start` runs with in these tests: one feed, the health server on `port`. */
export function writeStartConfig(
  cli: ReturnType<typeof createCliHarness>,
  options: { dbPath: string; feedUrl: string; port: number; file: string },
): string {
  return cli.writeConfig(
    `database: { path: ${options.dbPath} }
feeds: { opml: null, list: [ { url: "${options.feedUrl}", name: Wire } ] }
ingest: { allowPrivateNetworks: true, maxItemAgeDays: 0 }
server: { port: ${options.port} }
log: { level: silent }
`,
    options.file,
  );
}
