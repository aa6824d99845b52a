// A SIGTERM during the first poll: cancelFetches ends the poll early; the digest ticker must not
// then compose the due digest from a poll that read nothing (its lastSlot would hide the stories
// for good).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { startFakeTelegram } from '../fakes/telegram-api.js';
import { createCliHarness } from '../support/cli-harness.js';
import { freePort } from '../support/loopback.js';
import { seedDailyChat, writeStartConfig } from '../support/start-fixtures.js';

const hour = 3_600_000;

describe('parley start stopped during its first poll', () => {
  const cli = createCliHarness();
  let feeds: FeedServer;
  const now = Date.now();
  beforeAll(async () => {
    feeds = await startFeedServer();
    // A slow feed: the first poll is still reading it when the stop signal comes.
    feeds.route('/slow.xml', { hang: true });
  });
  afterAll(async () => {
    await feeds.close();
    cli.cleanup();
  });

  it('composes no digest from the poll the stop cut short', async () => {
    const telegram = await startFakeTelegram();
    const port = await freePort();
    const dbPath = join(cli.dir, 'stop.db');
    const slot = Math.floor((now - 3 * hour) / 60_000) * 60_000;
    const chat = seedDailyChat(dbPath, {
      chatId: '4343',
      dueAt: slot,
      subscribedAt: now - 48 * hour,
      lastSlot: slot - 24 * hour,
    });
    const config = writeStartConfig(cli, {
      dbPath,
      feedUrl: feeds.url('/slow.xml'),
      port,
      file: 'stop.yaml',
    });
    const stopSignal = async () => {
      // Parley is up (healthz answers) and the first poll is hanging on the slow feed.
      for (;;) {
        const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          () => true,
          () => false,
        );
        if (up && feeds.requests.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return 'SIGTERM';
    };
    try {
      const run = await cli.run(['--config', config, 'start'], {
        stopSignal,
        env: { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url },
      });
      expect(run.code).toBe(0);
      const after = openDatabase(dbPath);
      const digests = after.prepare('SELECT period, story_count FROM digests WHERE chat_id = ?').all(chat.id);
      const lastSlot = (
        after.prepare('SELECT last_slot FROM chats WHERE id = ?').get(chat.id) as { last_slot: number }
      ).last_slot;
      after.close();
      // Expected: the due digest waits for the next start's first poll; lastSlot unchanged.
      expect(digests).toEqual([]);
      expect(lastSlot).toBe(slot - 24 * hour);
    } finally {
      await telegram.close();
    }
  });
});
