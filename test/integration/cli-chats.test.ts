import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { createOutbox } from '../../src/storage/outbox-store.js';
import { createCliHarness } from '../support/cli-harness.js';

type ChatLine = {
  id: number;
  address: string;
  title: string | null;
  topics: string[];
  timeZone: string;
  schedule: string;
  active: boolean;
  inactiveReason: string | null;
  nextPushAt: string | null;
  nextPushLocal: string | null;
  lastDigest: { period: string; states: Record<string, number> } | null;
};
type Shown = ChatLine & {
  changes: Array<{ actor: string; field: string; before: string | null; after: string | null }>;
  deliveries: Array<{ period: string; part: number; parts: number; state: string; sentAt: string | null }>;
};

const cli = createCliHarness();
// Non-default digest settings, so a chat added without options visibly takes them from the config.
const config = cli.writeConfig(`feeds: { opml: null }
digest: { schedule: { frequency: daily, time: "07:15" }, timezone: America/New_York }
log: { level: silent }
`);
let databases = 0;

/** `parley` against a database of its own, so that each test starts with no chats. */
function freshParley() {
  databases += 1;
  const db = join(cli.dir, `chats-${databases}.db`);
  const run = (...argv: string[]) => cli.run(['--config', config, '--db', db, ...argv]);
  const list = async (): Promise<ChatLine[]> =>
    (await run('chats', 'list', '--all', '--json')).lines.map((line) => JSON.parse(line) as ChatLine);
  const show = async (id: string): Promise<Shown> =>
    JSON.parse((await run('chats', 'show', id, '--json')).stdout) as Shown;
  return { db, run, list, show };
}

afterAll(() => cli.cleanup());

describe('parley chats add', () => {
  it('subscribes a chat with the schedule and time zone of config.digest and every topic', async () => {
    const parley = freshParley();
    const run = await parley.run('chats', 'add', 'telegram', '-1001234567890');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('added chat 1');
    expect(run.stdout).toMatch(/topics: +all/);
    expect(await parley.list()).toMatchObject([
      {
        id: 1,
        address: 'telegram:-1001234567890',
        title: null,
        topics: [],
        timeZone: 'America/New_York',
        schedule: 'daily at 07:15',
        active: true,
      },
    ]);
  });

  it('takes topics in taxonomy order, a city as its canonical zone, a schedule, a title and a thread', async () => {
    const parley = freshParley();
    const run = await parley.run(
      ...['chats', 'add', 'telegram', '-1001234567890', '--thread', '42', '--topics', 'gaza, UKRAINE'],
      ...['--timezone', 'kyiv', '--schedule', 'weekly fri 9:00', '--title', 'Peace desk'],
    );
    expect(run.code).toBe(0);
    expect(await parley.list()).toMatchObject([
      {
        address: 'telegram:-1001234567890/42',
        title: 'Peace desk',
        topics: ['ukraine', 'gaza'],
        timeZone: 'Europe/Kyiv',
        schedule: 'weekly on Friday at 09:00',
      },
    ]);
  });

  it('names ukraine for a mistyped topic, exits 2 and stores nothing', async () => {
    const parley = freshParley();
    const run = await parley.run('chats', 'add', 'slack', 'C0123ABCDE', '--topics', 'ukrane,gaza');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown topic "ukrane" (did you mean ukraine?)');
    expect(run.stderr).toContain('lebanon');
    expect(await parley.list()).toEqual([]);
  });

  it.each([
    ['an unknown time zone', ['--timezone', 'Mars/Olympus'], /unknown time zone "Mars\/Olympus"/],
    [
      'a weekly schedule without a weekday',
      ['--schedule', 'weekly 09:00'],
      /not a schedule: weekly needs a weekday/,
    ],
    ['an impossible time', ['--schedule', 'daily 25:00'], /invalid time "25:00"/],
    ['"all" with other topics', ['--topics', 'all,gaza'], /"all" cannot be combined/],
  ])('refuses %s with a hint and stores nothing', async (_case, options, message) => {
    const parley = freshParley();
    const run = await parley.run('chats', 'add', 'slack', 'C0123ABCDE', ...options);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(await parley.list()).toEqual([]);
  });

  it.each([
    ['telegram', 'mychannel', /not a Telegram chat: use the chat's number/],
    ['telegram', '12.5', /not a Telegram chat/],
    ['telegram', '-99999999999999999999', /not a Telegram chat/],
    ['telegram', '@peace_news', /"@peace_news" is a username: add the channel by its numeric id \(-100…\)/],
    ['telegram', '@abc', /send \/subscribe @abc to the bot in a private chat/],
    [
      'slack',
      'general',
      /not a Slack channel id: C, G or D and at least 8 more uppercase letters and digits/,
    ],
    ['slack', 'C0123456', /not a Slack channel id: C, G or D and at least 8 more/],
    ['slack', '#general', /use the channel id, not its name/],
    ['slack', 'c0123abcde', /did you mean C0123ABCDE\?/],
    ['slack', 'U0123ABCDE', /not a Slack channel id/],
    ['discord', '123', /unknown platform "discord": use telegram or slack/],
  ])('refuses %s chat id %s', async (platform, chatId, message) => {
    const parley = freshParley();
    const run = await parley.run('chats', 'add', platform, chatId);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(await parley.list()).toEqual([]);
  });

  it('accepts private, group, supergroup and channel ids and Slack C, G and D ids', async () => {
    const parley = freshParley();
    const good = [
      ['telegram', '123456789'],
      ['telegram', '-4012345678'],
      ['telegram', '-1001234567890'],
      ['slack', 'G01ABCDEF23'],
      ['slack', 'D0123ABCD'],
    ];
    for (const [platform = '', chatId = ''] of good) {
      expect((await parley.run('chats', 'add', platform, chatId)).code).toBe(0);
    }
    expect((await parley.list()).map((chat) => chat.address)).toEqual(good.map((pair) => pair.join(':')));
  });

  it('refuses a thread that is not the platform\u2019s kind', async () => {
    const parley = freshParley();
    const run = await parley.run('chats', 'add', 'slack', 'C0123ABCDE', '--thread', 'abc');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a slack thread: use a message ts');
  });
});

describe('parley chats on a mistyped --db', () => {
  it('says there is no database for every command but add, and creates none', async () => {
    const parley = freshParley();
    const commands = [['list'], ['show', '1'], ['set', '1', '--timezone', 'UTC'], ['off', '1'], ['on', '1']];
    for (const command of commands) {
      const run = await parley.run('chats', ...command);
      expect(run.code, command.join(' ')).toBe(1);
      expect(run.stderr).toContain(`no database at ${parley.db}`);
    }
    expect(existsSync(parley.db)).toBe(false);
    expect((await parley.run('chats', 'add', 'telegram', '-100123')).code).toBe(0);
    expect(existsSync(parley.db)).toBe(true);
  });
});

describe('parley chats set, off, on and show', () => {
  it('prints what changed and records it in the audit trail as done by cli', async () => {
    const parley = freshParley();
    await parley.run('chats', 'add', 'slack', 'C0123ABCDE');
    const run = await parley.run(
      ...['chats', 'set', '1', '--topics', 'gaza,ukraine', '--schedule', 'off', '--quiet', 'skip'],
      ...['--language', 'UK'],
    );
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([
      'chat 1: topics: all → ukraine, gaza',
      'chat 1: schedule: daily at 07:15 → off',
      'chat 1: quiet: note → skip',
      'chat 1: language: en → uk',
    ]);
    const typo = await parley.run('chats', 'set', '1', '--quiet', 'silent');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('"silent" is not a choice for quiet periods: use note');
    const language = await parley.run('chats', 'set', '1', '--language', 'de');
    expect(language.code).toBe(2);
    expect(language.stderr).toContain(
      '"de" is not a language digests are written in: use en (English), ru (Russian) or uk (Ukrainian)',
    );
    expect((await parley.show('1')).changes).toContainEqual({
      at: expect.any(String),
      actor: 'cli',
      field: 'topics',
      before: 'all',
      after: 'ukraine, gaza',
    });
    const text = await parley.run('chats', 'show', '1');
    expect(text.stdout).toMatch(/cli +topics: all → ukraine, gaza/);
    expect((await parley.run('chats', 'set', '1', '--topics', 'ukraine,gaza')).lines).toEqual([
      'chat 1: nothing changed',
    ]);
  });

  it('turns a chat off and on again, and lists it only with --all while it is off', async () => {
    const parley = freshParley();
    await parley.run('chats', 'add', 'telegram', '-100200300');
    const off = await parley.run('chats', 'off', '1');
    expect(off.stdout).toContain('chat 1: active: true → false');
    expect((await parley.run('chats', 'list', '--json')).lines).toEqual([]);
    expect((await parley.run('chats')).stdout).toContain('chats: 0 active, 1 inactive (--all lists them)');
    expect(await parley.list()).toMatchObject([
      { active: false, inactiveReason: 'turned off by cli', nextPushAt: null },
    ]);
    expect((await parley.run('chats', 'on', 'telegram:-100200300')).code).toBe(0);
    expect(await parley.list()).toMatchObject([{ active: true, inactiveReason: null }]);
  });

  it('refuses an unknown chat with exit code 2 and names the known ones', async () => {
    const parley = freshParley();
    await parley.run('chats', 'add', 'telegram', '-100200300');
    for (const command of [
      ['show', '7'],
      ['off', '7'],
      ['set', 'slack:C0NOTHERE1', '--title', 'x'],
    ]) {
      const run = await parley.run('chats', ...command);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/there is no chat ".+": known chats: 1 \(telegram:-100200300\)/);
    }
  });

  it('finds a chat by the platform chat id `chats add` took, and refuses one that several chats share', async () => {
    const parley = freshParley();
    await parley.run('chats', 'add', 'telegram', '-1001234567890');
    const set = await parley.run('chats', 'set', '-1001234567890', '--title', 'Desk');
    expect(set).toMatchObject({ code: 0, stderr: '' });
    expect(set.stdout).toContain('chat 1: title: - → Desk');
    expect((await parley.run('chats', 'off', '-1001234567890')).code).toBe(0);
    expect(await parley.list()).toMatchObject([{ id: 1, title: 'Desk', active: false }]);
    // A thread of the same group is another chat with the same chat id: the id alone is ambiguous.
    await parley.run('chats', 'add', 'telegram', '-1001234567890', '--thread', '7');
    const both = await parley.run('chats', 'show', '-1001234567890');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain(
      '"-1001234567890" is the id of several chats: 1 (telegram:-1001234567890), 2',
    );
  });

  it('lists the stable JSON fields with the next push in the chat\u2019s zone and in UTC', async () => {
    const parley = freshParley();
    await parley.run('chats', 'add', 'telegram', '-1001', '--timezone', 'Europe/Kyiv');
    await parley.run('chats', 'add', 'slack', 'C0123ABCDE', '--schedule', 'weekly sunday 23:30');
    const [daily, weekly] = (await parley.run('chats', '--json')).lines.map(
      (line) => JSON.parse(line) as Record<string, unknown> & ChatLine,
    );
    expect(Object.keys(daily ?? {})).toEqual([
      ...[
        'id',
        'platform',
        'chatId',
        'threadId',
        'address',
        'title',
        'topics',
        'timeZone',
        'schedule',
        'quiet',
        'language',
      ],
      ...['active', 'inactiveReason', 'nextPushAt', 'nextPushLocal', 'lastDigest', 'createdAt', 'updatedAt'],
    ]);
    const dailyAt = Date.parse(daily?.nextPushAt ?? '');
    expect(dailyAt - Date.now()).toBeGreaterThan(0);
    expect(dailyAt - Date.now()).toBeLessThanOrEqual(86_400_000);
    expect(daily?.nextPushLocal).toMatch(/T07:15$/);
    const localKyiv = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Kyiv',
      dateStyle: 'short',
      timeStyle: 'short',
    }).format(dailyAt);
    expect(daily?.nextPushLocal?.replace('T', ' ')).toBe(localKyiv);
    // America/New_York from the config: Sunday 23:30 there is Monday in UTC.
    expect(weekly?.nextPushLocal).toMatch(/T23:30$/);
    expect(new Date(`${weekly?.nextPushLocal}Z`).getUTCDay()).toBe(0);
    expect(new Date(weekly?.nextPushAt ?? '').getUTCDay()).toBe(1);
  });

  it('shows the deliveries of a digest enqueued in the outbox and the last digest\u2019s states', async () => {
    const parley = freshParley();
    await parley.run('chats', 'add', 'telegram', '-1001');
    const db = openDatabase(parley.db);
    try {
      const outbox = createOutbox(db);
      const html = (text: string) => ({ platform: 'telegram' as const, html: text });
      const record = { chatId: 1, period: '2026-W48', since: 0, until: 1, slot: null, storyCount: 3 };
      outbox.enqueue({ ...record, parts: [html('one'), html('two')] }, Date.now());
      const [first] = outbox.ofChat(1);
      expect(first === undefined ? false : outbox.markSending(first.id, Date.now())).toBe(true);
      if (first !== undefined) outbox.markSent(first.id, '555', Date.now());
    } finally {
      db.close();
    }
    const shown = await parley.show('1');
    expect(shown.deliveries).toMatchObject([
      { period: '2026-W48', part: 1, parts: 2, state: 'sent', sentAt: expect.any(String) },
      { period: '2026-W48', part: 2, parts: 2, state: 'pending', sentAt: null },
    ]);
    expect(shown.lastDigest).toEqual({
      period: '2026-W48',
      states: { pending: 1, sending: 0, sent: 1, failed: 0, dead: 0 },
    });
    const text = await parley.run('chats', 'show', '1');
    expect(text.stdout).toMatch(/2026-W48 +1\/2 +sent +1/);
    expect(text.stdout).toMatch(/2026-W48 +2\/2 +pending +0/);
    expect((await parley.run('chats')).stdout).toContain('2026-W48: 1 pending, 1 sent');
  });
});
