import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { topicNamed } from '../../src/analysis/topics.js';
import type { TelegramMessage } from '../fakes/telegram-api.js';
import { type BotHarness, startBotHarness } from '../support/telegram-bot-harness.js';
import { seedStories } from '../support/telegram-stories.js';
import { buttonData, createTranscript } from '../support/telegram-transcript.js';
import {
  command,
  forum,
  group,
  groupAnonymousBot,
  press,
  privateChat,
  user,
} from '../support/telegram-updates.js';
import { shippedTopics } from '../unit/analysis/shipped-config.js';

/**
 * Digests through the Telegram front end: `/digest` on demand (the outbox and the pump deliver it),
 * its rate limit, the bot's languages, and the full flow from /start to the scheduled digest.
 */
const hour = 3_600_000;
/** Tuesday 24 Nov 2026, 05:00 UTC = 07:00 in Kyiv. */
const start = Date.UTC(2026, 10, 24, 5, 0);
const titles = {
  ukraine: 'Envoys agree on a prisoner exchange in Istanbul',
  gaza: 'Mediators in Doha present a new ceasefire draft',
  iran: 'Iran and the IAEA resume talks in Vienna',
  sudan: 'Jeddah talks on Sudan adjourn without a deal',
  older: 'Kyiv and Moscow return the bodies of fallen soldiers',
};
const stories = [
  {
    title: titles.ukraine,
    topic: 'ukraine',
    at: start - 2 * hour,
    summary: 'Both delegations agreed to swap 1,000 prisoners each & to meet again next month.',
  },
  {
    title: titles.gaza,
    topic: 'gaza',
    at: start - 3 * hour,
    summary: 'Qatar and Egypt handed both sides a three-phase plan <draft 4> for a truce.',
  },
  { title: titles.iran, topic: 'iran', at: start - 4 * hour },
  { title: titles.sudan, topic: 'sudan', at: start - 5 * hour },
  { title: titles.older, topic: 'ukraine', at: start - 72 * hour },
];

const harnesses: BotHarness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.stop();
});

async function bot(options: { digestCooldownMs?: number } = {}): Promise<BotHarness> {
  const harness = await startBotHarness({
    clockStart: start,
    seed: (db, store) => seedStories(db, store, stories),
    topicNamed: (word) => topicNamed(shippedTopics, word),
    ...options,
  });
  harnesses.push(harness);
  return harness;
}

/** The digest the pump delivers to a chat (digests are the messages with a "Peace talks digest" title). */
async function digestTo(harness: BotHarness, chatId: number, nth = 1): Promise<TelegramMessage> {
  const isDigest = (m: TelegramMessage) => m.text.startsWith('<b>Peace talks digest');
  await harness.fake.waitFor(
    'sendMessage',
    () => harness.fake.messagesTo(chatId).filter(isDigest).length >= nth,
  );
  const digest = harness.fake.messagesTo(chatId).filter(isDigest)[nth - 1];
  if (digest === undefined) throw new Error('no digest');
  return digest;
}

const ann = user(501);

describe('Telegram /digest', () => {
  it('delivers a digest of the last week through the outbox and says nothing else', async () => {
    const harness = await bot();
    const { messages } = await harness.send(command('/digest', { from: ann }));
    expect(messages.filter((m) => !m.text.startsWith('<b>Peace talks digest'))).toEqual([]);
    const digest = await digestTo(harness, 501);
    for (const title of Object.values(titles)) expect(digest.text).toContain(title);
    expect(digest.parseMode).toBe('HTML');
    await vi.waitFor(() => expect(harness.outbox.counts()).toMatchObject({ sent: 1 }));
  });

  it('narrows the digest to the topics and period asked for', async () => {
    const harness = await bot();
    await harness.send(command('/digest ukraine 24h', { from: ann }));
    const digest = await digestTo(harness, 501);
    expect(digest.text).toContain(titles.ukraine);
    for (const title of [titles.gaza, titles.iran, titles.sudan, titles.older])
      expect(digest.text).not.toContain(title);
  });

  it('takes a topic by a name people write in Russian or Ukrainian, with a period in their units', async () => {
    const harness = await bot();
    await harness.send(command('/digest украина 24ч', { from: ann }));
    const digest = await digestTo(harness, 501);
    expect(digest.text).toContain(titles.ukraine);
    for (const title of [titles.gaza, titles.iran, titles.sudan, titles.older])
      expect(digest.text).not.toContain(title);
  });

  it('explains an unknown topic and a double period instead of sending a digest', async () => {
    const harness = await bot();
    const topic = await harness.send(command('/digest atlantis', { from: ann }));
    expect(topic.messages[0]?.text).toContain(
      'Unknown topic "atlantis": choose from ukraine, gaza, iran, sudan, or all',
    );
    const period = await harness.send(command('/digest 7d 24h', { from: ann }));
    expect(period.messages[0]?.text).toContain('Give one period, not 7d and 24h');
    expect(harness.outbox.counts()).toMatchObject({ pending: 0, sent: 0 });
  });

  it('says the digests are off in a chat the operator turned off, sends none and leaves it off', async () => {
    const harness = await bot();
    const address = { platform: 'telegram' as const, chatId: '501', threadId: null };
    const chat = harness.service.subscribe(address, 'telegram:501').chat;
    harness.chats.update(chat.id, { active: false }, 'cli', harness.clock.now());
    const { messages } = await harness.send(command('/digest', { from: ann }));
    const refusal =
      "⚠️ This chat's digests are turned off by whoever runs this Parley: ask them to turn them on.";
    expect(messages.map((m) => m.text)).toEqual([refusal]);
    // The chat's own commands do not undo the operator's switch; `parley chats on` does.
    for (const text of ['/subscribe', '/start', '/schedule daily 09:00'])
      await harness.send(command(text, { from: ann }));
    expect(harness.service.find(address)).toMatchObject({ active: false });
    expect(harness.outbox.counts()).toMatchObject({ pending: 0, sent: 0 });
    harness.chats.update(chat.id, { active: true }, 'cli', harness.clock.now());
    const back = await harness.send(command('/subscribe', { from: ann }));
    expect(back.messages[0]?.text).toContain('Subscribed');
  });

  it('asks politely to wait when a chat asks again within 30 seconds, and sends again after', async () => {
    const harness = await bot();
    await harness.send(command('/digest', { from: ann }));
    const again = await harness.send(command('/digest', { from: ann }));
    expect(again.messages.map((m) => m.text)).toContainEqual(
      expect.stringMatching(/^A digest was just sent here\. Please ask again in (30|29) s\.$/),
    );
    harness.clock.set(harness.clock.now() + 31_000);
    await harness.send(command('/digest', { from: ann }));
    await digestTo(harness, 501, 2);
  });

  it('tells a group to wait once per wait: /digest typed ten times makes one digest and one answer (found by review)', async () => {
    const harness = await bot();
    const room = group(-100_700);
    await harness.send(command('/digest', { from: ann, chat: room }));
    await digestTo(harness, room.id);
    const answers: string[] = [];
    for (let i = 0; i < 10; i++)
      answers.push(
        ...(await harness.send(command('/digest', { from: ann, chat: room }))).messages.map((m) => m.text),
      );
    expect(answers).toEqual([expect.stringMatching(/^A digest was just sent here\. Please ask again in/)]);
    // The next wait is told again.
    harness.clock.set(harness.clock.now() + 31_000);
    await harness.send(command('/digest', { from: ann, chat: room }));
    await digestTo(harness, room.id, 2);
    const next = await harness.send(command('/digest', { from: ann, chat: room }));
    expect(next.messages.map((m) => m.text)).toEqual([expect.stringMatching(/^A digest was just sent here/)]);
  });

  it('counts the forum topics of a group as the group: one digest per 30 s, whichever topic asks (found by review)', async () => {
    const harness = await bot();
    const newsroom = forum(-100_800);
    await harness.send(command('/digest', { from: ann, chat: newsroom, thread: 5 }));
    await digestTo(harness, newsroom.id);
    const other = await harness.send(command('/digest', { from: ann, chat: newsroom, thread: 6 }));
    expect(other.messages.map((m) => m.text)).toEqual([
      expect.stringMatching(/^A digest was just sent here/),
    ]);
    const general = await harness.send(command('/digest', { from: ann, chat: newsroom }));
    expect(general.messages).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(harness.outbox.counts()).toMatchObject({ sent: 1 });
  });
});

describe('Telegram bot languages', () => {
  it.each([
    ['ru', '/help', 'присылает дайджесты новостей о мирных переговорах'],
    ['uk', '/help', 'надсилає дайджести новин про мирні переговори'],
    ['de', '/help', 'sends digests of news about peace talks'],
    ['ru', '/schedule daily 25:00', '⚠️ Неверное время «25:00». Укажите ЧЧ:ММ от 00:00 до 23:59.'],
    ['ru', '/digest gazza', '⚠️ Неизвестная тема «gazza» (вы имели в виду gaza?). Доступные темы:'],
    ['ru', '/digest Израиль', '⚠️ Неизвестная тема «израиль» (вы имели в виду gaza, iran?). Доступные темы:'],
    ['uk', '/timezone Europe/Kyev', '⚠️ Невідомий часовий пояс «Europe/Kyev». Ви мали на увазі Europe/Kyiv?'],
    ['uk', '/settings', 'Цей чат ще не має налаштувань'],
  ])('answers a user whose language is %s in that language (%s)', async (language, text, expected) => {
    const harness = await bot();
    const { messages } = await harness.send(command(text, { from: user(600, language) }));
    expect(messages[0]?.text).toContain(expected);
  });

  it('answers a Russian tap on an unknown topic in Russian plain text, as callback answers are', async () => {
    const harness = await bot();
    const ivan = user(602, 'ru');
    const [, picker] = (await harness.send(command('/start', { from: ivan }))).messages;
    if (picker === undefined) throw new Error('no picker');
    const { answers } = await harness.send(press('t:<atlantis>', picker, ivan, privateChat(602)));
    expect(answers[0]?.text).toBe(
      '⚠️ Неизвестная тема «<atlantis>». Доступные темы: ukraine, gaza, iran, sudan или all.',
    );
  });

  it('writes the schedule and the next digest in Ukrainian', async () => {
    const harness = await bot();
    await harness.send(command('/start', { from: user(601, 'uk') }));
    const { messages } = await harness.send(command('/schedule weekly fri 09:00', { from: user(601, 'uk') }));
    expect(messages[0]?.text).toBe(
      '✅ Розклад: <b>щоп’ятниці о 09:00</b> (UTC). Наступний дайджест: <b>пт, 27 листопада о 09:00</b>.',
    );
  });

  it("writes a chat's digests in the language of whoever started them, until an admin sets another", async () => {
    const harness = await bot();
    const ivan = user(604, 'ru');
    const desk = group(-100604);
    harness.fake.setMember(desk.id, ivan.id, 'creator');
    const [, picker] = (await harness.send(command('/start', { from: ivan, chat: desk }))).messages;
    expect(JSON.stringify(picker?.replyMarkup)).toContain('Российско-украинская война');
    const address = { platform: 'telegram' as const, chatId: '-100604', threadId: null };
    const chat = harness.chats.byAddress(address);
    expect(chat?.language).toBe('ru');
    expect(harness.chats.changes(chat?.id ?? 0).map((c) => c.field)).toContain('language');
    // An anonymous admin (no language), or an admin in a language digests are not written in, leaves it.
    await harness.send(command('/start', { from: groupAnonymousBot, chat: desk, senderChat: desk }));
    const hans = user(606, 'de');
    harness.fake.setMember(desk.id, hans.id, 'administrator');
    await harness.send(command('/subscribe ukraine', { from: hans, chat: desk }));
    expect(harness.chats.byAddress(address)?.language).toBe('ru');

    harness.clock.set(Date.UTC(2026, 10, 27, 9, 0, 1));
    expect((await harness.scheduler.tick()).enqueued).toBe(1);
    const isRussian = (m: TelegramMessage) => m.text.startsWith('<b>Дайджест мирных переговоров');
    await harness.fake.waitFor('sendMessage', () => harness.fake.messagesTo(-100604).some(isRussian));
    const digest = harness.fake.messagesTo(-100604).find(isRussian)?.text ?? '';
    expect(digest).toContain('<b><u>Российско-украинская война</u></b>');
    expect(digest).toContain(titles.ukraine);
    expect(digest).not.toMatch(/Sources|Peace talks digest/);
    // A member asking in Ukrainian gets the group's digest, in the group's language.
    await harness.send(command('/digest', { from: user(605, 'uk'), chat: desk }));
    await harness.fake.waitFor(
      'sendMessage',
      () => harness.fake.messagesTo(-100604).filter(isRussian).length === 2,
    );

    // An admin sets the language; /settings says which it is, in the reader's own words.
    const set = await harness.send(command('/language українська', { from: ivan, chat: desk }));
    expect(set.messages[0]?.text).toBe('✅ Язык дайджеста: <b>украинский</b>.');
    expect(harness.chats.byAddress(address)?.language).toBe('uk');
    const settings = await harness.send(command('/settings', { from: user(605, 'uk'), chat: desk }));
    expect(settings.messages[0]?.text).toContain('Мова дайджесту: <b>українська</b>');
    const wrong = await harness.send(command('/language <klingon>', { from: ivan, chat: desk }));
    expect(wrong.messages[0]?.text).toBe(
      '⚠️ «&lt;klingon&gt;» — не язык дайджеста: укажите ru (русский), uk (украинский) или en (английский).',
    );
    const member = await harness.send(command('/language en', { from: user(605, 'uk'), chat: desk }));
    expect(member.messages[0]?.text).toContain('можуть змінювати лише його адміністратори');
    expect(harness.chats.byAddress(address)?.language).toBe('uk');
  });

  it('writes a digest asked for in a private chat in the asker’s language until the chat has its own', async () => {
    const harness = await bot();
    await harness.send(command('/digest', { from: user(607, 'uk') }));
    const isUkrainian = (m: TelegramMessage) => m.text.startsWith('<b>Дайджест мирних переговорів');
    await harness.fake.waitFor('sendMessage', () => harness.fake.messagesTo(607).some(isUkrainian));
    expect(harness.fake.messagesTo(607).find(isUkrainian)?.text).toContain('Джерела:');

    const olga = user(608, 'ru');
    await harness.send(command('/start', { from: olga }));
    await harness.send(command('/language en', { from: olga }));
    await harness.send(command('/digest', { from: olga }));
    const isEnglish = (m: TelegramMessage) => m.text.startsWith('<b>Peace talks digest');
    await harness.fake.waitFor('sendMessage', () => harness.fake.messagesTo(608).some(isEnglish));
  });

  it('keeps a language chosen with /language when the digests are started later', async () => {
    const harness = await bot();
    const tom = user(609, 'en');
    await harness.send(command('/language uk', { from: tom }));
    await harness.send(command('/start', { from: tom }));
    await harness.send(command('/unsubscribe', { from: tom }));
    await harness.send(command('/subscribe', { from: tom }));
    const chat = harness.chats.byAddress({ platform: 'telegram', chatId: '609', threadId: null });
    expect(chat).toMatchObject({ language: 'uk', schedule: { frequency: 'weekly' } });
  });

  it('reads settings written in Ukrainian and Russian words', async () => {
    const harness = await bot();
    const olena = user(603, 'uk');
    await harness.send(command('/start', { from: olena }));
    await harness.send(command('/timezone Київ', { from: olena }));
    const schedule = await harness.send(command('/schedule щотижня пт о 9:00', { from: olena }));
    expect(schedule.messages[0]?.text).toContain('✅ Розклад: <b>щоп’ятниці о 09:00</b> (Europe/Kyiv)');
    await harness.send(command('/quiet нічого', { from: olena }));
    expect(harness.chats.byAddress({ platform: 'telegram', chatId: '603', threadId: null })).toMatchObject({
      timeZone: 'Europe/Kyiv',
      quiet: 'skip',
      schedule: { frequency: 'weekly', weekday: 'friday', time: '09:00' },
    });
    const ivan = user(604, 'ru');
    await harness.send(command('/start', { from: ivan }));
    await harness.send(command('/schedule ежедневно 18:30', { from: ivan }));
    await harness.send(command('/timezone Москва', { from: ivan }));
    expect(harness.chats.byAddress({ platform: 'telegram', chatId: '604', threadId: null })).toMatchObject({
      timeZone: 'Europe/Moscow',
      schedule: { frequency: 'daily', time: '18:30' },
    });
  });
});

describe('Telegram full flow', () => {
  it('sends nothing for a quiet day to a chat that skips quiet periods, after the digest of a busy one', async () => {
    const harness = await bot();
    await harness.send(command('/start', { from: ann }));
    await harness.send(command('/subscribe sudan', { from: ann }));
    await harness.send(command('/schedule daily 06:00', { from: ann }));
    await harness.send(command('/quiet skip', { from: ann }));
    const chat = harness.chats.byAddress({ platform: 'telegram', chatId: '501', threadId: null });
    // The Sudan story is dated 00:00 on the 24th: the day to that day's 06:00 slot has it, the next day nothing.
    harness.clock.set(Date.UTC(2026, 10, 24, 6, 0, 1));
    expect(await harness.scheduler.tick()).toMatchObject({ due: 1, enqueued: 1, quiet: 0 });
    expect((await digestTo(harness, 501)).text).toContain(titles.sudan);
    harness.clock.set(Date.UTC(2026, 10, 25, 6, 0, 1));
    expect(await harness.scheduler.tick()).toMatchObject({ due: 1, enqueued: 0, quiet: 1 });
    expect(await harness.scheduler.tick()).toMatchObject({ due: 0 });
    expect(harness.outbox.ofChat(chat?.id ?? 0)).toHaveLength(1);
    expect(harness.chats.get(chat?.id ?? 0)?.lastSlot).toBe(Date.UTC(2026, 10, 25, 6));
  });

  it('/start → two topics → /schedule daily 08:30 → the digest at 08:30 local time has only those topics', async () => {
    const harness = await bot();
    const transcript = createTranscript();
    const say = async (text: string) => {
      transcript.user(text);
      const exchange = await harness.send(command(text, { from: ann }));
      transcript.bot(exchange);
      return exchange;
    };
    const [, picker] = (await say('/start')).messages;
    if (picker === undefined) throw new Error('no picker');
    for (const label of ['Russia–Ukraine war', 'Israel–Hamas war, Gaza']) {
      transcript.user(`[taps "${label}"]`);
      transcript.bot(await harness.send(press(buttonData(picker, label), picker, ann, privateChat(501))));
    }
    await say('/schedule daily 08:30');
    await say('/timezone Europe/Kyiv');
    await say('/settings');

    expect((await harness.scheduler.tick()).enqueued).toBe(0);
    const chat = harness.chats.byAddress({ platform: 'telegram', chatId: '501', threadId: null });
    const slot = chat === null ? null : harness.service.nextDigestAt(chat);
    expect(slot).toBe(Date.UTC(2026, 10, 24, 6, 30));
    harness.clock.set((slot ?? 0) + 1_000);
    const tick = await harness.scheduler.tick();
    transcript.note(
      `clock → Tue 24 Nov 08:30:01 Europe/Kyiv; scheduler tick: ${tick.enqueued} digest enqueued`,
    );
    expect(tick.enqueued).toBe(1);
    const digest = await digestTo(harness, 501);
    transcript.message(digest);

    expect(digest.text).toContain(titles.ukraine);
    expect(digest.text).toContain(titles.gaza);
    for (const title of [titles.iran, titles.sudan, titles.older]) expect(digest.text).not.toContain(title);
    expect(harness.fake.callbackAnswers).toHaveLength(2);
    const path = process.env['PARLEY_TRANSCRIPT'];
    if (path !== undefined) writeFileSync(path, `${transcript}\n`);
  });
});

describe('/digest: whom it reaches, and in which language (found by review)', () => {
  // README: "in a private chat in the asker's [language]". requestDigest created the chat row with the
  // default language 'en', so the second /digest of a user who never ran /start came in English.
  it("writes every /digest of a private chat without /start in the asker's language", async () => {
    const harness = await bot({ digestCooldownMs: 0 });
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
    const harness = await bot({ digestCooldownMs: 0 });
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
    // Something must reach the topic: the digest (sent by the pump, later), or a reply saying why not.
    const reached = () =>
      [...asked.messages, ...harness.fake.messages.slice(before)].filter((m) => m.threadId === '42');
    await expect.poll(reached, { timeout: 5000 }).not.toEqual([]);
  }, 20_000);
});
