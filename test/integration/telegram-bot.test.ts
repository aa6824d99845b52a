import { afterEach, describe, expect, it } from 'vitest';
import { type BotHarness, startBotHarness } from '../support/telegram-bot-harness.js';
import { seedStories } from '../support/telegram-stories.js';
import { buttonData, buttonsOf } from '../support/telegram-transcript.js';
import { command, press, privateChat, user } from '../support/telegram-updates.js';

/**
 * The Telegram front end in private chats, through the real long-polling path: grammY polls the fake
 * Bot API, handlers call the real chat service on SQLite, digests go through the outbox and the pump.
 */
const hour = 3_600_000;
/** Tuesday 24 Nov 2026, 05:00 UTC = 07:00 in Kyiv. */
const start = Date.UTC(2026, 10, 24, 5, 0);
const stories = [
  { title: 'Envoys agree on a prisoner exchange in Istanbul', topic: 'ukraine', at: start - 2 * hour },
  { title: 'Mediators in Doha present a new ceasefire draft', topic: 'gaza', at: start - 3 * hour },
  { title: 'Iran and the IAEA resume talks in Vienna', topic: 'iran', at: start - 4 * hour },
  { title: 'Jeddah talks on Sudan adjourn without a deal', topic: 'sudan', at: start - 5 * hour },
  { title: 'Kyiv and Moscow return the bodies of fallen soldiers', topic: 'ukraine', at: start - 72 * hour },
];

const harnesses: BotHarness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.stop();
});

async function bot(options: { digestCooldownMs?: number } = {}): Promise<BotHarness> {
  const harness = await startBotHarness({
    clockStart: start,
    seed: (db, store) => seedStories(db, store, stories),
    ...options,
  });
  harnesses.push(harness);
  return harness;
}

const ann = user(501);
const chatOf = (harness: BotHarness, id: number) =>
  harness.chats.byAddress({ platform: 'telegram', chatId: String(id), threadId: null });
const only = (exchange: { messages: Array<{ text: string }> }) => {
  expect(exchange.messages).toHaveLength(1);
  return exchange.messages[0]?.text ?? '';
};

describe('Telegram bot in a private chat', () => {
  it('welcomes on /start, subscribes on the default schedule and shows the topic picker', async () => {
    const harness = await bot();
    const { messages } = await harness.send(command('/start', { from: ann }));
    expect(messages.map((m) => m.chatId)).toEqual(['501', '501']);
    expect(messages[0]?.text).toMatch(/peace talks/);
    expect(messages[0]?.text).toContain('weekly on Friday at 09:00');
    expect(messages[0]?.text).toContain('Next digest: <b>Fri 27 Nov, 09:00</b>');
    expect(buttonsOf(messages[1]?.replyMarkup).map((b) => [b.text, b.callback_data])).toEqual([
      ['Russia–Ukraine war', 't:ukraine'],
      ['Israel–Hamas war, Gaza', 't:gaza'],
      ['Iran nuclear talks', 't:iran'],
      ['Sudan war (SAF–RSF)', 't:sudan'],
      ['✅ All topics', 't:all'],
    ]);
    const chat = chatOf(harness, 501);
    expect(chat).toMatchObject({ active: true, topics: [], timeZone: 'UTC' });
    expect(harness.chats.changes(chat?.id ?? 0).every((change) => change.actor === 'telegram:501')).toBe(
      true,
    );
  });

  it('toggles topics with the buttons, edits the picker in place and answers every tap', async () => {
    const harness = await bot();
    const [, picker] = (await harness.send(command('/start', { from: ann }))).messages;
    if (picker === undefined) throw new Error('no picker');
    const tap = (label: string) =>
      harness.send(press(buttonData(picker, label), picker, ann, privateChat(501)));
    const first = await tap('Russia–Ukraine war');
    expect(first.answers).toEqual([expect.objectContaining({ text: 'Saved' })]);
    expect(first.edits).toHaveLength(1);
    expect(first.edits[0]?.messageId).toBe(picker.messageId);
    expect(buttonsOf(first.edits[0]?.replyMarkup).map((b) => b.text)).toContain('✅ Russia–Ukraine war');
    await tap('Iran nuclear talks');
    expect(chatOf(harness, 501)?.topics).toEqual(['ukraine', 'iran']);
    const all = await tap('All topics');
    expect(all.edits[0]?.text).toContain('Now: <b>All topics</b>');
    expect(chatOf(harness, 501)?.topics).toEqual([]);
    const again = await tap('All topics');
    expect(again.answers).toHaveLength(1);
    expect(again.edits).toEqual([]);
  });

  it('answers a tap on an unknown topic, an unknown button or a too old keyboard without changing anything', async () => {
    const harness = await bot();
    const [, picker] = (await harness.send(command('/start', { from: ann }))).messages;
    if (picker === undefined) throw new Error('no picker');
    const unknown = await harness.send(press('t:atlantis', picker, ann, privateChat(501)));
    expect(unknown.answers[0]?.text).toMatch(
      /Unknown topic "atlantis": choose from ukraine, gaza, iran, sudan, or all/,
    );
    expect(unknown.answers[0]?.showAlert).toBe(true);
    const legacy = await harness.send(press('v1:legacy', picker, ann, privateChat(501)));
    expect(legacy.answers).toHaveLength(1);
    const tap = press('t:gaza', picker, ann, privateChat(501));
    const inaccessible = { chat: privateChat(501), message_id: picker.messageId, date: 0 };
    const old = await harness.send({ callback_query: { ...tap.callback_query, message: inaccessible } });
    expect(old.answers[0]?.text).toBe('This keyboard is too old. Send /topics for a new one.');
    expect(harness.fake.edits).toEqual([]);
    expect(chatOf(harness, 501)?.topics).toEqual([]);
  });

  it('redraws the picker for a tap it saved too late to answer, so the keyboard shows what is stored', async () => {
    const harness = await bot();
    const [, picker] = (await harness.send(command('/start', { from: ann }))).messages;
    if (picker === undefined) throw new Error('no picker');
    // Taken from a backlog after a restart: Telegram refuses the answer ("query is too old").
    const late = press(buttonData(picker, 'Iran nuclear talks'), picker, ann, privateChat(501));
    harness.fake.expireQuery(late.callback_query.id);
    const exchange = await harness.send(late);
    expect(chatOf(harness, 501)?.topics).toEqual(['iran']);
    // The keyboard kept "All topics" ticked: a second tap, made to fix that, took Iran off again.
    expect(exchange.edits).toHaveLength(1);
    expect(buttonsOf(exchange.edits[0]?.replyMarkup).map((b) => b.text)).toContain('✅ Iran nuclear talks');
    expect(exchange.messages).toEqual([]);
  });

  it('subscribes with topics, refuses unknown ones naming the valid ids, and escapes what the user typed', async () => {
    const harness = await bot();
    const ok = only(await harness.send(command('/subscribe gaza Iran', { from: ann })));
    expect(ok).toContain('Topics: <b>Israel–Hamas war, Gaza, Iran nuclear talks</b>');
    const wrong = only(await harness.send(command('/subscribe ukrain', { from: ann })));
    expect(wrong).toContain('did you mean ukraine?');
    expect(wrong).toContain('choose from ukraine, gaza, iran, sudan, or all');
    const html = only(await harness.send(command('/subscribe <b>x</b>', { from: ann })));
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(chatOf(harness, 501)?.topics).toEqual(['gaza', 'iran']);
  });

  it('reads topics typed in full-width forms or pasted with a zero-width space as the topics they show', async () => {
    const harness = await bot();
    const ok = only(await harness.send(command('/subscribe ｇａｚａ iran\u200B', { from: ann })));
    expect(ok).toContain('Topics: <b>Israel–Hamas war, Gaza, Iran nuclear talks</b>');
    expect(chatOf(harness, 501)?.topics).toEqual(['gaza', 'iran']);
  });

  it('stops the schedule on /unsubscribe and says so when there was nothing to stop', async () => {
    const harness = await bot();
    await harness.send(command('/start', { from: ann }));
    expect(only(await harness.send(command('/unsubscribe', { from: ann })))).toMatch(/Unsubscribed/);
    expect(chatOf(harness, 501)?.schedule).toEqual({ frequency: 'off' });
    expect(only(await harness.send(command('/unsubscribe', { from: ann })))).toMatch(/not subscribed/);
  });

  it('sets the schedule, shows it without arguments, and explains a bad weekday or time', async () => {
    const harness = await bot();
    const set = only(await harness.send(command('/schedule daily 18:30', { from: ann })));
    expect(set).toContain('daily at 18:30');
    expect(set).toContain('Next digest: <b>Tue 24 Nov, 18:30</b>');
    expect(only(await harness.send(command('/schedule', { from: ann })))).toContain(
      'Schedule now: <b>daily at 18:30</b>',
    );
    const day = only(await harness.send(command('/schedule weekly funday 09:00', { from: ann })));
    expect(day).toContain('Unknown weekday "funday": use monday to sunday');
    const time = only(await harness.send(command('/schedule daily 25:00', { from: ann })));
    expect(time).toContain('Invalid time "25:00": use HH:MM from 00:00 to 23:59');
    expect(chatOf(harness, 501)?.schedule).toEqual({ frequency: 'daily', time: '18:30' });
  });

  it('reads a command typed in capitals, keeping the words after it as typed', async () => {
    const harness = await bot();
    expect(only(await harness.send(command('/HELP', { from: ann })))).toContain('/digest [topic…] [7d|24h]');
    const wrong = only(await harness.send(command('/Schedule weekly Funday 09:00', { from: ann })));
    expect(wrong).toContain('Unknown weekday "Funday"');
  });

  it('sets what a period without news gets, shows it in /settings, and explains a wrong word', async () => {
    const harness = await bot();
    await harness.send(command('/start', { from: ann }));
    expect(only(await harness.send(command('/quiet', { from: ann })))).toContain(
      'A period without new stories gets: <b>a short note</b>',
    );
    const set = only(await harness.send(command('/quiet SKIP', { from: ann })));
    expect(set).toContain('now gets: <b>nothing</b>');
    expect(chatOf(harness, 501)?.quiet).toBe('skip');
    const wrong = only(await harness.send(command('/quiet <mute>', { from: ann })));
    expect(wrong).toContain('"&lt;mute&gt;" is not a choice for quiet periods: use note');
    expect(chatOf(harness, 501)?.quiet).toBe('skip');
    expect(only(await harness.send(command('/settings', { from: ann })))).toContain(
      'A period without new stories gets: <b>nothing</b>',
    );
  });

  it('sets the time zone from a city, shows the local time, and suggests zones for a typo', async () => {
    const harness = await bot();
    await harness.send(command('/start', { from: ann }));
    const set = only(await harness.send(command('/timezone Kyiv', { from: ann })));
    expect(set).toContain('Time zone: <b>Europe/Kyiv</b> (it is Tue 24 Nov, 07:00 there)');
    expect(set).toContain('Next digest: <b>Fri 27 Nov, 09:00</b>');
    const typo = only(await harness.send(command('/timezone Europe/Kyev', { from: ann })));
    expect(typo).toMatch(/Unknown time zone "Europe\/Kyev": did you mean .*Europe\/Kyiv/);
    expect(only(await harness.send(command('/timezone', { from: ann })))).toContain(
      'Time zone now: <b>Europe/Kyiv</b>',
    );
  });

  it('shows the settings with the next digest in local time, and says when there are none', async () => {
    const harness = await bot();
    expect(only(await harness.send(command('/settings', { from: ann })))).toMatch(/no settings yet/);
    await harness.send(command('/subscribe ukraine', { from: ann }));
    await harness.send(command('/timezone America/New_York', { from: ann }));
    const settings = only(await harness.send(command('/settings', { from: ann })));
    expect(settings).toContain('Topics: <b>Russia–Ukraine war</b>');
    expect(settings).toContain('Schedule: <b>weekly on Friday at 09:00</b>');
    expect(settings).toContain('Time zone: <b>America/New_York</b>');
    expect(settings).toContain('Next digest: <b>Fri 27 Nov, 09:00</b>');
    expect(only(await harness.send(command('/help', { from: ann })))).toContain('/digest [topic…] [7d|24h]');
  });
});
