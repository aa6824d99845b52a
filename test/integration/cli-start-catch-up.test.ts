import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { startFakeTelegram } from '../fakes/telegram-api.js';
import { createCliHarness } from '../support/cli-harness.js';
import { freePort } from '../support/loopback.js';
import { seedDailyChat, waitFor, writeStartConfig } from '../support/start-fixtures.js';

const hour = 3_600_000;
const title = 'Russia and Ukraine agree to hold ceasefire talks in Istanbul';

describe('parley start: a digest caught up after downtime', () => {
  const cli = createCliHarness();
  let feeds: FeedServer;
  const now = Date.now();
  beforeAll(async () => {
    feeds = await startFeedServer();
    // Published 5 hours ago, while Parley was down: inside the period of the digest that fell due 3 hours ago.
    feeds.route('/talks.xml', {
      body: `<rss version="2.0"><channel><title>Wire</title><item><title>${title}</title>
        <link>https://wire.example/istanbul</link><description>Negotiators from Russia and Ukraine will meet in Istanbul on Monday for ceasefire talks mediated by Turkey, officials said.</description>
        <pubDate>${new Date(now - 5 * hour).toUTCString()}</pubDate></item></channel></rss>`,
    });
  });
  afterAll(async () => {
    await feeds.close();
    cli.cleanup();
  });

  it('includes the stories published during the downtime within its period (they are in no later digest)', async () => {
    const telegram = await startFakeTelegram();
    const port = await freePort();
    const dbPath = join(cli.dir, 'down.db');
    // Daily at the minute 3 hours ago (UTC), subscribed two days ago, got yesterday's digest.
    const slot = Math.floor((now - 3 * hour) / 60_000) * 60_000;
    const chat = seedDailyChat(dbPath, {
      chatId: '4242',
      dueAt: slot,
      subscribedAt: now - 48 * hour,
      lastSlot: slot - 24 * hour,
    });
    const config = writeStartConfig(cli, {
      dbPath,
      feedUrl: feeds.url('/talks.xml'),
      port,
      file: 'down.yaml',
    });
    const stopSignal = async () => {
      await waitFor(async () => (telegram.messagesTo('4242').length > 0 ? true : null));
      await waitFor(async () => {
        const body = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<
          string,
          unknown
        >;
        return body['lastPollAt'] ? true : null;
      });
      return 'SIGTERM';
    };
    try {
      const run = await cli.run(['--config', config, 'start'], {
        stopSignal,
        env: { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url },
      });
      expect(run.code).toBe(0);
      const after = openDatabase(dbPath);
      const digest = after
        .prepare('SELECT since, until, story_count FROM digests WHERE chat_id = ?')
        .get(chat.id) as { since: number; until: number; story_count: number };
      const story = after.prepare('SELECT title, updated_at FROM stories').get() as
        | { title: string; updated_at: number }
        | undefined;
      after.close();
      // The story is stored (after the poll), dated inside the caught-up digest's period…
      expect(story?.updated_at).toBeGreaterThanOrEqual(digest.since);
      expect(story?.updated_at).toBeLessThan(digest.until);
      // …and the digest, composed after the first poll, has it (it is in no later digest).
      const [message] = telegram.messagesTo('4242');
      expect(digest.story_count).toBe(1);
      expect(message?.text).toContain(title);
    } finally {
      await telegram.close();
    }
  });
});
