import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createChatStore } from '../../src/storage/chat-store.js';
import { openDatabase } from '../../src/storage/database.js';
import { startFakeTelegram } from '../fakes/telegram-api.js';
import { createCliHarness } from '../support/cli-harness.js';
import { seedDailyChat } from '../support/start-fixtures.js';

describe('parley start with the token of another Telegram bot', () => {
  const cli = createCliHarness();
  afterAll(() => cli.cleanup());

  it('refuses to start while the chats of the bot before are active, and moves to the new bot with --new-bot', async () => {
    // The new bot's token: bot 222. The chat subscribed through bot 111.
    const telegram = await startFakeTelegram({ token: '222:new-bot-token' });
    const dbPath = join(cli.dir, 'bots.db');
    const now = Date.now();
    const chat = seedDailyChat(dbPath, {
      chatId: '4242',
      dueAt: now - 60_000,
      subscribedAt: now - 3_600_000,
    });
    const seeded = openDatabase(dbPath);
    createChatStore(seeded).setBot('telegram', '111');
    seeded.close();
    const config = cli.writeConfig(
      `database: { path: ${dbPath} }
feeds: { opml: null }
server: { port: 0 }
log: { level: silent }
`,
      'bots.yaml',
    );
    const env = { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url };
    const chatNow = () => {
      const db = openDatabase(dbPath);
      try {
        return createChatStore(db).get(chat.id);
      } finally {
        db.close();
      }
    };
    try {
      const refused = await cli.run(['--config', config, 'start'], {
        env,
        stopSignal: async () => 'SIGTERM',
      });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(
        'TELEGRAM_BOT_TOKEN is the token of bot 222, but the 1 active Telegram chats',
      );
      expect(refused.stderr).toContain("put bot 111's token back, or start with --new-bot");
      expect(telegram.messagesTo('4242')).toEqual([]);
      expect(chatNow()?.active).toBe(true);

      const moved = await cli.run(['--config', config, 'start', '--new-bot'], {
        env,
        stopSignal: async () => 'SIGTERM',
      });
      expect(moved.code).toBe(0);
      expect(moved.stdout).toContain('parley: bot 222 replaces bot 111: 1 Telegram chats turned off');
      expect(chatNow()).toMatchObject({
        active: false,
        inactiveReason: 'subscribed through bot 111, not bot 222',
      });
      // The new bot is now the one on record: the next start goes ahead.
      const again = await cli.run(['--config', config, 'start'], { env, stopSignal: async () => 'SIGTERM' });
      expect(again.code).toBe(0);
    } finally {
      await telegram.close();
    }
  });
});
