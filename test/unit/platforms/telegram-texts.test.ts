import type { Chat, ChatMember } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { parseQuietMode, quietModes } from '../../../src/domain/chat.js';
import { type InputProblem, inputProblemKinds } from '../../../src/domain/input-problems.js';
import { parseSchedule, type Schedule, weekdays } from '../../../src/domain/schedule.js';
import { commandList, commandScopes } from '../../../src/platforms/telegram/bot-commands.js';
import { lostReason } from '../../../src/platforms/telegram/membership.js';
import { escapeHtml, languages, textsFor } from '../../../src/platforms/telegram/texts.js';

describe('Telegram texts', () => {
  it.each([
    ['uk', languages.uk],
    ['ru-RU', languages.ru],
    ['en-US', languages.en],
    ['de', languages.en],
    ['', languages.en],
    [undefined, languages.en],
  ])('answers language_code %s in the matching language', (code, expected) => {
    expect(textsFor(code)).toBe(expected);
  });

  it.each([
    ['a < b & c > d', 'a &lt; b &amp; c &gt; d'],
    ['"quoted"', '"quoted"'],
    ['&amp;', '&amp;amp;'],
  ])('escapes %s for Telegram HTML', (text, html) => {
    expect(escapeHtml(text)).toBe(html);
  });

  it('keeps every command menu within Telegram limits in every language', () => {
    for (const texts of Object.values(languages))
      for (const { commands } of commandScopes)
        for (const entry of commandList(texts, commands)) {
          expect(entry.command).toMatch(/^[a-z0-9_]{1,32}$/);
          expect(entry.description.length).toBeGreaterThan(0);
          expect(entry.description.length).toBeLessThanOrEqual(256);
        }
  });

  it('keeps callback answers within 200 characters in every language', () => {
    for (const texts of Object.values(languages)) {
      expect(texts.adminsOnlyShort.length).toBeLessThanOrEqual(200);
      expect(texts.rateLimited(30).length).toBeLessThanOrEqual(200);
      expect(texts.failed.length).toBeLessThanOrEqual(200);
    }
  });

  it.each([
    [
      'ru',
      'Попробуйте снова через 30\u00a0с.',
      'Текущее расписание: <b>выключено</b>.',
      'Текущий часовой пояс: <b>UTC</b>.',
    ],
    [
      'uk',
      'Спробуйте знову через 30\u00a0с.',
      'Поточний розклад: <b>вимкнено</b>.',
      'Поточний часовий пояс: <b>UTC</b>.',
    ],
  ] as const)(
    'names the setting it shows and keeps a count with its unit in %s',
    (language, wait, schedule, zone) => {
      const texts = languages[language];
      expect(texts.rateLimited(30)).toContain(wait);
      expect(texts.scheduleUsage(texts.schedule({ frequency: 'off' }))).toContain(schedule);
      expect(texts.timeZoneUsage('UTC')).toContain(zone);
    },
  );
});

/** One problem per kind, each with input that needs escaping, and what the answer must name. */
const problems: { problem: InputProblem; names: string[] }[] = [
  {
    problem: {
      problem: 'unknown_topic',
      unknown: ['<b>x</b>', 'ukrain'],
      suggestions: { ukrain: 'ukraine' },
      known: ['ukraine', 'gaza'],
    },
    names: ['&lt;b&gt;x&lt;/b&gt;', 'ukrain', 'ukraine', 'gaza', 'all'],
  },
  { problem: { problem: 'all_with_topics' }, names: ['all'] },
  { problem: { problem: 'unknown_weekday', input: '<funday>' }, names: ['&lt;funday&gt;', 'monday', 'sun'] },
  { problem: { problem: 'invalid_time', input: '25:00&' }, names: ['25:00&amp;', '00:00', '23:59'] },
  {
    problem: { problem: 'schedule_shape', input: 'hourly <x>', frequency: null },
    names: ['hourly &lt;x&gt;', 'weekly', 'daily', 'off'],
  },
  {
    problem: { problem: 'schedule_shape', input: 'weekly <x>', frequency: 'weekly' },
    names: ['weekly &lt;x&gt;', 'weekly friday 09:00'],
  },
  { problem: { problem: 'schedule_shape', input: 'daily', frequency: 'daily' }, names: ['daily 18:30'] },
  {
    problem: { problem: 'schedule_shape', input: 'off <now>', frequency: 'off' },
    names: ['off &lt;now&gt;'],
  },
  {
    problem: {
      problem: 'unknown_time_zone',
      input: 'Europe/Kyev<',
      suggestions: ['Europe/Kyiv', 'Europe/Kiev'],
    },
    names: ['Europe/Kyev&lt;', 'Europe/Kyiv', 'Europe/Kiev'],
  },
  {
    problem: { problem: 'unknown_time_zone', input: 'Марс', suggestions: [] },
    names: ['Марс', 'Europe/Kyiv', 'UTC'],
  },
  { problem: { problem: 'two_periods', periods: ['7d', '<24h>'] }, names: ['7d', '&lt;24h&gt;'] },
  { problem: { problem: 'period_range', input: '40d>' }, names: ['40d&gt;', '31'] },
  { problem: { problem: 'invalid_duration', input: '<7 days>' }, names: ['&lt;7 days&gt;', '90m', '7d'] },
  { problem: { problem: 'unknown_quiet_mode', input: '<mute>' }, names: ['&lt;mute&gt;', 'note', 'skip'] },
  { problem: { problem: 'unknown_language', input: '<de>' }, names: ['&lt;de&gt;', 'en', 'ru', 'uk'] },
  { problem: { problem: 'digests_turned_off' }, names: ['Parley'] },
  { problem: { problem: 'digests_stopped', reason: 'Forbidden: <bot> blocked' }, names: ['/start'] },
];

const cases = Object.entries(languages).flatMap(([language, texts]) =>
  problems.map(({ problem, names }) => ({ language, texts, problem, names, kind: problem.problem })),
);

describe('answers to input problems', () => {
  it('covers every problem kind', () => {
    expect(new Set(problems.map(({ problem }) => problem.problem))).toEqual(new Set(inputProblemKinds));
  });

  it.each(cases)(
    'names the input and what is valid for $kind in $language, escaped',
    ({ texts, problem, names }) => {
      const html = texts.problem(problem, escapeHtml);
      expect(html).toMatch(/^⚠️ /);
      expect(html).not.toMatch(/[<>]/);
      for (const name of names) expect(html).toContain(name);
    },
  );

  it.each(cases.filter(({ language }) => language !== 'en'))(
    'leaves no English words in the $language answer to $kind',
    ({ texts, problem }) => {
      const html = texts.problem(problem, escapeHtml);
      expect(html).not.toMatch(/unknown|did you mean|use |choose|must|cannot|not a |needs|give one/i);
      expect(html).toMatch(/[а-яіїєґ]{4}/i);
    },
  );

  it.each(Object.entries(languages))(
    'keeps user input as typed in a plain-text answer in %s',
    (_language, texts) => {
      const plain = texts.problem({ problem: 'invalid_time', input: '<25:00>' }, (text) => text);
      expect(plain).toContain('<25:00>');
    },
  );

  it.each([
    [
      'an unknown topic close to a known one',
      {
        problem: 'unknown_topic',
        unknown: ['ukrain'],
        suggestions: { ukrain: 'ukraine' },
        known: ['ukraine', 'gaza'],
      },
      {
        en: '⚠️ Unknown topic "ukrain" (did you mean ukraine?): choose from ukraine, gaza, or all.',
        ru: '⚠️ Неизвестная тема «ukrain» (вы имели в виду ukraine?). Доступные темы: ukraine, gaza или all.',
        uk: '⚠️ Невідома тема «ukrain» (ви мали на увазі ukraine?). Доступні теми: ukraine, gaza або all.',
      },
    ],
    [
      'a misspelt zone',
      { problem: 'unknown_time_zone', input: 'Kyev', suggestions: ['Europe/Kyiv'] },
      {
        en: '⚠️ Unknown time zone "Kyev": did you mean Europe/Kyiv?',
        ru: '⚠️ Неизвестный часовой пояс «Kyev». Вы имели в виду Europe/Kyiv?',
        uk: '⚠️ Невідомий часовий пояс «Kyev». Ви мали на увазі Europe/Kyiv?',
      },
    ],
  ] satisfies [string, InputProblem, Record<keyof typeof languages, string>][])(
    'words the answer to %s in each language',
    (_case, problem, expected) => {
      const answer = (language: keyof typeof languages) => languages[language].problem(problem, escapeHtml);
      expect({ en: answer('en'), ru: answer('ru'), uk: answer('uk') }).toEqual(expected);
    },
  );
});

const bot = { id: 7, is_bot: true, first_name: 'Parley' } as const;
const group: Chat = { id: -100, type: 'supergroup', title: 'Desk' };
const channel: Chat = { id: -200, type: 'channel', title: 'News' };
const dm: Chat = { id: 5, type: 'private', first_name: 'Ann' };
const admin = (canPost: boolean | undefined): ChatMember => ({
  status: 'administrator',
  user: bot,
  can_be_edited: false,
  is_anonymous: false,
  can_manage_chat: true,
  can_delete_messages: false,
  can_manage_video_chats: false,
  can_restrict_members: false,
  can_promote_members: false,
  can_change_info: false,
  can_invite_users: false,
  can_post_stories: false,
  can_edit_stories: false,
  can_delete_stories: false,
  can_send_welcome_messages: false,
  ...(canPost === undefined ? {} : { can_post_messages: canPost }),
});

describe('lostReason', () => {
  it.each<[string, ChatMember, Chat, string | null]>([
    [
      'removed from a group',
      { status: 'kicked', user: bot, until_date: 0 },
      group,
      'the bot was removed from the chat',
    ],
    [
      'blocked in a private chat',
      { status: 'kicked', user: bot, until_date: 0 },
      dm,
      'the user blocked the bot',
    ],
    ['left a group', { status: 'left', user: bot }, group, 'the bot left the chat'],
    [
      'restricted, may write, but no longer in the group',
      { status: 'restricted', user: bot, is_member: false, can_send_messages: true } as ChatMember,
      group,
      'the bot was removed from the chat',
    ],
    [
      'restricted in the group and may not write',
      { status: 'restricted', user: bot, is_member: true, can_send_messages: false } as ChatMember,
      group,
      'the bot may not send messages',
    ],
    [
      'restricted in the group and may write',
      { status: 'restricted', user: bot, is_member: true, can_send_messages: true } as ChatMember,
      group,
      null,
    ],
    ['a member of a group', { status: 'member', user: bot }, group, null],
    ['a group admin', admin(undefined), group, null],
    ['a channel admin that may post', admin(true), channel, null],
    ['a channel admin that may not post', admin(false), channel, 'the bot may not post in the channel'],
    [
      'a plain member of a channel',
      { status: 'member', user: bot },
      channel,
      'the bot is not an admin of the channel',
    ],
  ])('says whether the bot can still write when it is %s', (_case, member, chat, reason) => {
    expect(lostReason(member, chat)).toBe(reason);
  });
});

describe('settings as the bot writes them, typed back', () => {
  const schedules: Schedule[] = [
    ...weekdays.map((weekday): Schedule => ({ frequency: 'weekly', weekday, time: '07:45' })),
    { frequency: 'daily', time: '18:30' },
    { frequency: 'off' },
  ];
  it.each(Object.keys(languages))(
    'reads back every schedule and quiet mode that /settings shows in %s',
    (language) => {
      const texts = textsFor(language);
      for (const schedule of schedules) expect(parseSchedule(texts.schedule(schedule))).toEqual(schedule);
      for (const mode of quietModes) expect(parseQuietMode(texts.quiet(mode))).toBe(mode);
    },
  );
});
