import { afterEach, expect, it } from 'vitest';
import { type BotHarness, startBotHarness } from '../support/telegram-bot-harness.js';
import { seedStories } from '../support/telegram-stories.js';
import { command, forum, user } from '../support/telegram-updates.js';

/** /digest end to end through the fake Bot API: whom it reaches, and in which language (found by review). */
const start = Date.UTC(2026, 10, 24, 5, 0);
const harnesses: BotHarness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.stop();
});

/** A bot with one story an hour old and no cooldown between two /digest. */
async function bot(): Promise<BotHarness> {
  const harness = await startBotHarness({
    clockStart: start,
    digestCooldownMs: 0,
    seed: (db, store) =>
      seedStories(db, store, [{ title: 'Talks resume in Geneva', topic: 'ukraine', at: start - 3_600_000 }]),
  });
  harnesses.push(harness);
  return harness;
}

// README: "in a private chat in the asker's [language]". requestDigest created the chat row with the
// default language 'en', so the second /digest of a user who never ran /start came in English.
it("writes every /digest of a private chat without /start in the asker's language", async () => {
  const harness = await bot();
  const ivan = user(604, 'ru');
  const titles = async () => {
    const before = harness.fake.messages.length;
    await harness.send(command('/digest', { from: ivan }));
    await expect.poll(() => harness.fake.messages.length, { timeout: 5000 }).toBeGreaterThan(before);
    return harness.fake.messages[before]?.text.split('\n')[0] ?? '';
  };
  const first = await titles();
  expect(first).toContain('Дайджест мирных переговоров');
  const second = await titles();
  expect(second).toContain('Дайджест мирных переговоров');
}, 20_000);

// A topic closed (a part got TOPIC_CLOSED, its subscription switched off) and reopened: /digest typed
// there was enqueued already dead, and the member got no digest and no answer.
it('answers /digest in a reopened forum topic instead of dropping it silently', async () => {
  const harness = await bot();
  const admin = user(11);
  const member = user(12);
  const newsroom = forum(-100_400);
  const topic = { platform: 'telegram', chatId: String(newsroom.id), threadId: '42' } as const;
  await harness.send(command('/start', { from: admin, chat: newsroom, thread: 42, senderChat: newsroom }));
  // The topic is closed: the next send there fails with TOPIC_CLOSED and the subscription is switched off.
  harness.fake.failNext(newsroom.id, 'topic-closed');
  await harness.send(command('/digest', { from: member, chat: newsroom, thread: 42 }));
  await expect.poll(() => harness.service.find(topic)?.active, { timeout: 5000 }).toBe(false);

  // The topic is reopened; a member asks again.
  const before = harness.fake.messages.length;
  const asked = await harness.send(command('/digest', { from: member, chat: newsroom, thread: 42 }));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = harness.fake.messages.slice(before);
  // Something must reach the topic: the digest, or a reply saying why not.
  expect([...asked.messages, ...after].filter((m) => m.threadId === '42')).not.toEqual([]);
}, 20_000);
