/**
 * (Found by review.) Every Telegram reply path for a user writing in Russian and in Ukrainian, checked for
 * English sentences (3+ Latin words in a row once data is removed: commands, @names, zones, topic ids,
 * outlet names, the test topics' English-only labels) and the other language's letters. A chat turned
 * off, or one Parley stopped posting to, had answered /digest in English inside a Russian frame; a topic
 * tap by an admin whose Telegram is in another language had answered, and redrawn the picker, in English.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TelegramMessage } from '../fakes/telegram-api.js';
import { englishIn } from '../support/english-sentences.js';
import { type BotHarness, startBotHarness, testTopics } from '../support/telegram-bot-harness.js';
import { seedStories } from '../support/telegram-stories.js';
import { buttonData } from '../support/telegram-transcript.js';
import { command, group, press, privateChat, user } from '../support/telegram-updates.js';

const hour = 3_600_000;
const start = Date.UTC(2026, 10, 24, 5, 0);
// Stories in Cyrillic, so that the digest's own words are all that could be English; 12 on ukraine
// so that the section says what it left out.
const stories = [
  ...Array.from({ length: 12 }, (_, i) => ({
    title: `Переговоры о перемирии, раунд ${i + 1}`,
    summary: `Делегации встретились снова, раунд ${i + 1}.`,
    topic: 'ukraine',
    at: start - (i + 2) * hour,
  })),
  {
    title: 'Переговоры по Газе в Дохе',
    summary: 'Посредники представили проект.',
    topic: 'gaza',
    at: start - 3 * hour,
  },
];

const harnesses: BotHarness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.stop();
});

async function bot(): Promise<BotHarness> {
  const harness = await startBotHarness({ clockStart: start, seed: (db, s) => seedStories(db, s, stories) });
  harnesses.push(harness);
  return harness;
}

const wrongLetters = { ru: /[іїєґІЇЄҐ]/u, uk: /[ыэъёЫЭЪЁ]/u } as const;

async function walk(harness: BotHarness, lang: 'ru' | 'uk'): Promise<Array<{ path: string; text: string }>> {
  const me = user(601, lang);
  const out: Array<{ path: string; text: string }> = [];
  const say = async (path: string, text: string, chatId = 601, from = me) => {
    const chat = chatId === 601 ? privateChat(601) : group(chatId);
    const ex = await harness.send(command(text, { from, chat }));
    for (const m of ex.messages) out.push({ path, text: m.text });
    for (const a of ex.answers) out.push({ path: `${path} (answer)`, text: a.text ?? '' });
    return ex;
  };
  const started = await say('/start', '/start');
  const picker = started.messages[1] as TelegramMessage;
  const tap = await harness.send(
    press(buttonData(picker, testTopics[0]?.labels?.[lang] ?? ''), picker, me, privateChat(601)),
  );
  for (const a of tap.answers) out.push({ path: 'tap (answer)', text: a.text ?? '' });
  for (const e of tap.edits) out.push({ path: 'tap (edit)', text: e.text });
  for (const [path, text] of [
    ['/help', '/help'],
    ['/topics', '/topics'],
    ['/subscribe', '/subscribe'],
    ['/subscribe unknown', '/subscribe <b>atlantis</b> ukrain'],
    ['/subscribe all+topic', '/subscribe all gaza'],
    ['/schedule', '/schedule'],
    ['/schedule set', '/schedule daily 18:30'],
    ['/schedule shape', '/schedule weekly'],
    ['/schedule shape null', '/schedule <hourly>'],
    ['/schedule weekday', '/schedule weekly blursday 09:00'],
    ['/schedule time', '/schedule daily 25:00'],
    ['/timezone', '/timezone'],
    ['/timezone set', '/timezone Europe/Kyiv'],
    ['/timezone unknown', '/timezone Nowhere<&>'],
    ['/timezone ambiguous', '/timezone IST'],
    ['/quiet', '/quiet'],
    ['/quiet set', '/quiet skip'],
    ['/quiet bad', '/quiet <loud>'],
    ['/language', '/language'],
    ['/language bad', '/language <klingon>'],
    ['/settings', '/settings'],
    ['/digest period', '/digest 7d 24h'],
    ['/digest range', '/digest 99d'],
    ['/digest duration', '/digest 1x'],
    ['/digest', '/digest'],
    ['/digest again', '/digest'],
    ['/unsubscribe', '/unsubscribe'],
    ['/unsubscribe again', '/unsubscribe'],
  ] as const)
    await say(path, text);
  // The digest and the quiet note the outbox delivers.
  const isDigest = (m: TelegramMessage) => m.text.startsWith('<b>Дайджест');
  await harness.fake.waitFor('sendMessage', () => harness.fake.messagesTo(601).filter(isDigest).length >= 1);
  harness.clock.set(harness.clock.now() + 60_000);
  await say('/digest sudan (quiet)', '/digest sudan 24h');
  await harness.fake.waitFor('sendMessage', () => harness.fake.messagesTo(601).filter(isDigest).length >= 2);
  for (const m of harness.fake.messagesTo(601).filter(isDigest)) out.push({ path: 'digest', text: m.text });
  // A group: a member who is no admin, a chat the operator turned off, a chat Parley stopped posting to.
  harness.fake.addChat?.({ id: -700, type: 'supergroup', title: 'Peace desk' } as never);
  await say('group /schedule (not admin)', '/schedule daily 09:00', -700);
  const off = harness.service.subscribe({ platform: 'telegram', chatId: '-701', threadId: null }, 'x').chat;
  harness.chats.deactivate(off.id, 'turned off by cli', 'cli', harness.clock.now());
  await say('turned off /digest', '/digest', -701);
  harness.service.subscribe({ platform: 'telegram', chatId: '-702', threadId: null }, 'x');
  harness.service.deactivate(
    { platform: 'telegram', chatId: '-702', threadId: null },
    'the bot may not send messages',
    'x',
  );
  await say('stopped /digest', '/digest', -702);
  return out;
}

describe.each(['ru', 'uk'] as const)('a Telegram user writing in %s', (lang) => {
  it('never gets an English sentence, nor the other language’s letters', async () => {
    const harness = await bot();
    const replies = await walk(harness, lang);
    expect(replies.length).toBeGreaterThan(30);
    const english = replies
      .map(({ path, text }) => ({ path, english: englishIn(text) }))
      .filter((r) => r.english.length > 0);
    const letters = replies.filter(({ text }) =>
      wrongLetters[lang].test(text.replace(/Переговоры[^<]*|Делегации[^<]*|Посредники[^<]*/g, '')),
    );
    expect({ english, letters: letters.map((l) => l.path) }).toEqual({ english: [], letters: [] });
  }, 30_000);
});

describe.each(['ru', 'uk'] as const)('a %s group whose admin’s Telegram is in German', (lang) => {
  it('keeps the topic picker and the tap answer in the chat’s language', async () => {
    const harness = await startBotHarness();
    harnesses.push(harness);
    const desk = group(-800);
    const admin = user(801, 'de');
    harness.fake.setMember(desk.id, admin.id, 'administrator');
    harness.service.subscribe({ platform: 'telegram', chatId: '-800', threadId: null }, 'x', {
      language: lang,
    });
    const shown = await harness.send(command('/topics', { from: admin, chat: desk }));
    const picker = shown.messages[0];
    if (picker === undefined) throw new Error('no picker');
    // The command's answer is in the chat's language…
    expect(picker.text).toMatch(lang === 'ru' ? /^Темы дайджеста/ : /^Теми дайджесту/);
    const label = lang === 'ru' ? 'Российско-украинская война' : 'Російсько-українська війна';
    const tap = await harness.send(press(buttonData(picker, label), picker, admin, desk));
    // …and so should the tap's answer and the redrawn picker be (was "Saved" and "Topics of this chat's digest…").
    expect(tap.answers[0]?.text).toBe(lang === 'ru' ? 'Сохранено' : 'Збережено');
    expect(tap.edits[0]?.text).toMatch(lang === 'ru' ? /^Темы дайджеста/ : /^Теми дайджесту/);
  });
});
