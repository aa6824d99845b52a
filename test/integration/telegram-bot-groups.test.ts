import { afterEach, describe, expect, it } from 'vitest';
import type { ChatAddress } from '../../src/domain/chat.js';
import { type BotHarness, startBotHarness } from '../support/telegram-bot-harness.js';
import { seedStories } from '../support/telegram-stories.js';
import { buttonData } from '../support/telegram-transcript.js';
import {
  automaticForward,
  channel,
  channelPost,
  command,
  forum,
  group,
  groupAnonymousBot,
  migrateTo,
  myChatMember,
  press,
  privateChat,
  user,
} from '../support/telegram-updates.js';

/** Groups, forum topics and channels: who may change settings, where digests go, the bot's membership. */
const start = Date.UTC(2026, 10, 24, 5, 0);
const harnesses: BotHarness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.stop();
});

async function bot(): Promise<BotHarness> {
  const harness = await startBotHarness({
    clockStart: start,
    seed: (db, store) =>
      seedStories(db, store, [{ title: 'Talks resume in Geneva', topic: 'ukraine', at: start - 3_600_000 }]),
  });
  harnesses.push(harness);
  return harness;
}

const desk = group(-100_200);
const admin = user(11);
const member = user(12);
const address = (chatId: number, threadId: number | null = null): ChatAddress => ({
  platform: 'telegram',
  chatId: String(chatId),
  threadId: threadId === null ? null : String(threadId),
});
const textOf = (exchange: { messages: Array<{ text: string }> }) =>
  exchange.messages.map((m) => m.text).join('\n');
const memberLookups = (harness: BotHarness) =>
  harness.fake.requests.filter((request) => request.method === 'getChatMember').length;

describe('Telegram bot in groups', () => {
  it('lets an admin change the schedule and refuses a member, who may still ask for a digest', async () => {
    const harness = await bot();
    harness.fake.setMember(desk.id, admin.id, 'administrator');
    harness.fake.setMember(desk.id, member.id, 'member');
    const refused = await harness.send(command('/schedule daily 10:00', { from: member, chat: desk }));
    expect(textOf(refused)).toContain("Only this chat's admins can change its settings");
    expect(harness.service.find(address(desk.id))).toBeNull();
    const done = await harness.send(command('/schedule daily 10:00', { from: admin, chat: desk }));
    expect(textOf(done)).toContain('daily at 10:00');
    await harness.send(command('/digest', { from: member, chat: desk }));
    await harness.fake.waitFor(
      'sendMessage',
      (p) => String(p['chat_id']) === String(desk.id) && String(p['text']).includes('Geneva'),
    );
    const chat = harness.service.find(address(desk.id));
    expect(harness.chats.changes(chat?.id ?? 0).map((change) => change.actor)).toContain('telegram:11');
  });

  it('takes an anonymous admin at their word without asking Telegram, recorded as the group', async () => {
    const harness = await bot();
    const exchange = await harness.send(
      command('/subscribe gaza', { from: groupAnonymousBot, chat: desk, senderChat: desk }),
    );
    expect(textOf(exchange)).toContain('Subscribed');
    expect(memberLookups(harness)).toBe(0);
    const chat = harness.service.find(address(desk.id));
    expect(chat?.topics).toEqual(['gaza']);
    expect(new Set(harness.chats.changes(chat?.id ?? 0).map((change) => change.actor))).toEqual(
      new Set([`telegram:${desk.id}`]),
    );
  });

  it('re-checks the presser of a topic button: a member gets an alert, an admin changes the topics', async () => {
    const harness = await bot();
    harness.fake.setMember(desk.id, admin.id, 'creator');
    const [, picker] = (await harness.send(command('/start', { from: admin, chat: desk }))).messages;
    if (picker === undefined) throw new Error('no picker');
    const data = buttonData(picker, 'Iran nuclear talks');
    const refused = await harness.send(press(data, picker, member, desk));
    expect(refused.answers).toEqual([
      expect.objectContaining({ text: 'Only admins can change the topics.', showAlert: true }),
    ]);
    expect(refused.edits).toEqual([]);
    const done = await harness.send(press(data, picker, admin, desk));
    expect(done.edits).toHaveLength(1);
    expect(harness.service.find(address(desk.id))?.topics).toEqual(['iran']);
  });

  it('subscribes a forum topic on its own and delivers its digest into that topic', async () => {
    const harness = await bot();
    const newsroom = forum(-100_300);
    const started = await harness.send(
      command('/start', { from: admin, chat: newsroom, thread: 42, senderChat: newsroom }),
    );
    expect(started.messages.map((m) => m.threadId)).toEqual(['42', '42']);
    expect(harness.service.find(address(newsroom.id, 42))?.active).toBe(true);
    expect(harness.service.find(address(newsroom.id))).toBeNull();
    await harness.send(command('/digest', { from: member, chat: newsroom, thread: 42 }));
    const digest = await harness.fake.waitFor('sendMessage', (p) =>
      String(p['text']).startsWith('<b>Peace talks digest'),
    );
    expect(digest.params).toMatchObject({ chat_id: String(newsroom.id), message_thread_id: 42 });
  });

  it('stops the digests of a forum topic that was deleted and keeps the group’s own subscription', async () => {
    const harness = await bot();
    const newsroom = forum(-100_400);
    await harness.send(command('/start', { from: admin, chat: newsroom, thread: 42, senderChat: newsroom }));
    await harness.send(command('/start', { from: admin, chat: newsroom, senderChat: newsroom }));
    harness.fake.failNext(newsroom.id, 'topic-deleted');
    await harness.send(command('/digest', { from: member, chat: newsroom, thread: 42 }));
    await expect
      .poll(() => harness.service.find(address(newsroom.id, 42))?.active, { timeout: 5000 })
      .toBe(false);
    expect(harness.service.find(address(newsroom.id, 42))?.inactiveReason).toContain(
      'message thread not found',
    );
    expect(harness.service.find(address(newsroom.id))?.active).toBe(true);
  });

  it('ignores commands addressed to another bot and takes those addressed to it', async () => {
    const harness = await bot();
    expect((await harness.send(command('/help@otherbot', { from: member, chat: desk }))).messages).toEqual(
      [],
    );
    const mine = await harness.send(command('/help@parley_test_bot', { from: member, chat: desk }));
    expect(textOf(mine)).toContain('sends digests of news about peace talks');
  });
});

describe('Telegram bot in channels', () => {
  const news = channel(-100_400, 'peacenews');

  it('subscribes a channel from a post in it, since only its admins can post', async () => {
    const harness = await bot();
    const exchange = await harness.send(channelPost('/subscribe ukraine', news));
    expect(exchange.messages.map((m) => [m.chatId, m.text.split('\n')[0]])).toEqual([
      ['-100400', '✅ Subscribed.'],
    ]);
    expect(harness.service.find(address(news.id))).toMatchObject({
      topics: ['ukraine'],
      title: 'Peace news',
    });
  });

  it.each([
    ['a public channel', news, '/subscribe @peacenews'],
    ['a private channel', { id: -100_405, type: 'channel', title: 'Closed' } as const, null],
  ])(
    'answers /start and /topics in %s with one short post, without the welcome or a keyboard every subscriber would see',
    async (_kind, where, hint) => {
      const harness = await bot();
      const started = await harness.send(channelPost('/start', where));
      expect(started.messages).toHaveLength(1);
      expect(started.messages[0]?.text.split('\n')[0]).toBe('✅ Subscribed.');
      expect(started.messages[0]?.replyMarkup ?? null).toBeNull();
      expect(harness.service.find(address(where.id))?.active).toBe(true);
      const topics = await harness.send(channelPost('/topics', where));
      expect(topics.messages).toHaveLength(1);
      expect(topics.messages[0]?.replyMarkup ?? null).toBeNull();
      expect(topics.messages[0]?.text).toMatch(/Topics: .*ukraine.*gaza|Topics: .*gaza.*ukraine/);
      for (const message of [...started.messages, ...topics.messages])
        if (hint === null) expect(message.text).not.toContain('private chat');
        else expect(message.text).toContain(hint);
    },
  );

  it('subscribes @channel from a private chat only when the bot and the user are its admins', async () => {
    const harness = await bot();
    harness.fake.addChat(news);
    const ask = () => harness.send(command('/subscribe @peacenews gaza', { from: admin }));
    expect(textOf(await ask())).toContain('I am not an admin of @peacenews who can post messages');
    harness.fake.setMember(news.id, harness.fake.botInfo.id, 'administrator', { can_post_messages: true });
    expect(textOf(await ask())).toContain('Only admins of @peacenews can subscribe it');
    harness.fake.setMember(news.id, admin.id, 'creator');
    expect(textOf(await ask())).toContain('✅ @peacenews is subscribed');
    expect(harness.service.find(address(news.id))?.topics).toEqual(['gaza']);
    const missing = await harness.send(command('/subscribe @nosuchchannel', { from: admin }));
    expect(textOf(missing)).toContain('I cannot find @nosuchchannel');
  });

  it('answers /topics @channel in a private chat with the channel’s topics, not the private chat’s picker', async () => {
    const harness = await bot();
    harness.fake.addChat(news);
    harness.fake.setMember(news.id, harness.fake.botInfo.id, 'administrator', { can_post_messages: true });
    harness.fake.setMember(news.id, admin.id, 'creator');
    await harness.send(command('/subscribe @peacenews gaza', { from: admin }));
    const answer = await harness.send(command('/topics @peacenews', { from: admin }));
    expect(textOf(answer)).toMatch(
      /^Topics of @peacenews: Israel–Hamas war, Gaza\. Change them with \/subscribe @peacenews/,
    );
    expect(answer.messages[0]?.replyMarkup ?? null).toBeNull();
    expect(harness.service.find(address(admin.id))).toBeNull();
    const stranger = await harness.send(command('/topics @peacenews', { from: member }));
    expect(textOf(stranger)).toContain('Only admins of @peacenews');
  });

  it('takes an @word longer than a username (32) for a topic, answered clearly, not a channel to look up', async () => {
    const harness = await bot();
    // Quoted whole in "I cannot find @…", 4,050 characters made a reply Telegram refuses (over 4,096).
    const exchange = await harness.send(command(`/subscribe @${'a'.repeat(4050)}`, { from: admin }));
    expect(textOf(exchange)).toContain('Unknown topic');
    expect(textOf(exchange).length).toBeLessThan(1000);
    expect(harness.fake.requests.filter((request) => request.method === 'getChat')).toEqual([]);
    expect(harness.logs.filter((line) => line['msg'] === 'telegram command failed')).toEqual([]);
  });
});

describe('Telegram answers to a chat whose writer has no language', () => {
  it('answers a channel, and an anonymous group admin, in the chat’s own language', async () => {
    const harness = await bot();
    const news = channel(-100_900, 'mirnews');
    await harness.send(channelPost('/subscribe', news));
    await harness.send(channelPost('/language uk', news));
    expect(harness.service.find(address(news.id))?.language).toBe('uk');
    expect(textOf(await harness.send(channelPost('/schedule daily 10:00', news)))).toContain('Розклад');
    const anonymous = { from: groupAnonymousBot, chat: desk, senderChat: desk };
    await harness.send(command('/language uk', anonymous));
    expect(textOf(await harness.send(command('/schedule daily 10:00', anonymous)))).toContain('Розклад');
  });
});

describe('Telegram channel settings from a private chat', () => {
  it('shows and changes a channel’s settings named by @username, only for its admins', async () => {
    const harness = await bot();
    const news = channel(-100_404, 'peacenews');
    harness.fake.addChat(news);
    harness.fake.setMember(news.id, harness.fake.botInfo.id, 'administrator', { can_post_messages: true });
    const say = async (text: string, from = admin) => textOf(await harness.send(command(text, { from })));
    harness.fake.setMember(news.id, admin.id, 'creator');
    expect(await say('/settings @peacenews')).toContain(
      '@peacenews is not subscribed: /subscribe @peacenews',
    );
    await say('/subscribe @peacenews gaza');
    const schedule = await say('/schedule @peacenews daily 10:00');
    expect(schedule).toMatch(/^<b>@peacenews<\/b>\n✅ Schedule: <b>daily at 10:00<\/b>/);
    expect(await say('/timezone @peacenews Doha')).toContain('Time zone: <b>Asia/Qatar</b>');
    expect(await say('/quiet @peacenews skip')).toContain('now gets: <b>nothing</b>');
    const settings = await say('/settings @peacenews');
    expect(settings).toContain('Schedule: <b>daily at 10:00</b>');
    expect(harness.service.find(address(news.id))).toMatchObject({
      schedule: { frequency: 'daily', time: '10:00' },
      timeZone: 'Asia/Qatar',
      quiet: 'skip',
    });
    // The admin's own private chat is untouched, and a member of the channel who is no admin is refused.
    expect(harness.service.find(address(admin.id))).toBeNull();
    harness.fake.setMember(news.id, member.id, 'member');
    expect(await say('/schedule @peacenews off', member)).toContain('Only admins of @peacenews');
    expect(harness.service.find(address(news.id))?.schedule).toEqual({ frequency: 'daily', time: '10:00' });
  });
});

describe('Telegram bot in a channel with a discussion group', () => {
  it("leaves the channel's own commands, copied into its discussion group, to the channel", async () => {
    const harness = await bot();
    const news = channel(-100_402, 'peacenews3');
    const discussion = { id: -100_403, type: 'supergroup' as const, title: 'Peace news chat' };
    const answered = await harness.send(channelPost('/digest', news));
    expect(answered.messages.length).toBeGreaterThan(0);
    for (const text of ['/digest', '/start']) await harness.send(automaticForward(text, discussion, news));
    expect(harness.fake.messagesTo(discussion.id).map((m) => m.text)).toEqual([]);
    expect(harness.service.find(address(discussion.id))).toBeNull();
  });
});

/** A group that removed the bot and a private chat that blocked it, both subscribed before. */
async function removedAndBlocked(): Promise<BotHarness> {
  const harness = await bot();
  harness.fake.setMember(desk.id, admin.id, 'administrator');
  await harness.send(command('/start', { from: admin, chat: desk }));
  await harness.send(command('/start', { from: member }));
  await harness.send(myChatMember(desk, admin, 'kicked'));
  await harness.send(myChatMember(privateChat(member.id), member, 'kicked'));
  return harness;
}

describe('Telegram bot membership', () => {
  it('deactivates a group that removed the bot and a private chat that blocked it', async () => {
    const harness = await removedAndBlocked();
    expect(harness.service.find(address(desk.id))).toMatchObject({
      active: false,
      inactiveReason: 'the bot was removed from the chat',
    });
    expect(harness.service.find(address(member.id))).toMatchObject({
      inactiveReason: 'the user blocked the bot',
    });
  });

  it('turns a chat the platform had ended on again when the bot is added back or unblocked, or a setting is changed there', async () => {
    const harness = await removedAndBlocked();
    await harness.send(myChatMember(desk, admin, 'member'));
    expect(harness.service.find(address(desk.id))).toMatchObject({ active: true, inactiveReason: null });
    // A blocked user who writes a setting has unblocked the bot, whether or not Telegram said so first.
    const set = await harness.send(command('/schedule daily 09:00', { from: member }));
    expect(textOf(set)).toContain('Next digest:');
    expect(harness.service.find(address(member.id))).toMatchObject({ active: true, inactiveReason: null });
    // A chat a person turned off stays off.
    const chat = harness.service.find(address(desk.id));
    harness.chats.update(chat?.id ?? 0, { active: false }, 'cli', 0);
    await harness.send(myChatMember(desk, admin, 'kicked'));
    await harness.send(myChatMember(desk, admin, 'member'));
    expect(harness.service.find(address(desk.id))).toMatchObject({ active: false });
    expect(harness.service.find(address(desk.id))?.inactiveReason).toMatch(/^turned off by /);
  });

  it('deactivates a channel where the bot may no longer post, and keeps one where it may', async () => {
    const harness = await bot();
    const news = channel(-100_401, 'peacenews2');
    await harness.send(channelPost('/subscribe', news));
    await harness.send(myChatMember(news, admin, 'administrator', { can_post_messages: true }));
    expect(harness.service.find(address(news.id))?.active).toBe(true);
    await harness.send(myChatMember(news, admin, 'administrator', { can_post_messages: false }));
    expect(harness.service.find(address(news.id))?.active).toBe(false);
  });

  it('moves a group that became a supergroup to its new id, where the next digest goes', async () => {
    const harness = await bot();
    const old = { id: -5_001, type: 'group' as const, title: 'Old desk' };
    harness.fake.setMember(old.id, admin.id, 'administrator');
    await harness.send(command('/start', { from: admin, chat: old }));
    await harness.send(migrateTo(old, -1_005_001, admin));
    expect(harness.service.find(address(old.id))).toBeNull();
    expect(harness.service.find(address(-1_005_001))?.title).toBe('Old desk');
    await harness.send(command('/digest', { from: member, chat: group(-1_005_001) }));
    await harness.fake.waitFor('sendMessage', (p) => p['chat_id'] === '-1005001');
  });
});
