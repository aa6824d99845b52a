import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ChatAddress } from '../../../src/domain/chat.js';
import { deliveryStates } from '../../../src/domain/delivery.js';
import type { Schedule } from '../../../src/domain/schedule.js';
import { isAppError } from '../../../src/shared/errors.js';
import { chatRowsAtSql, createChatStore, listChatsSql } from '../../../src/storage/chat-store.js';
import { openDatabase } from '../../../src/storage/database.js';
import { migrations, schemaVersion } from '../../../src/storage/migrations.js';
import { databaseAtVersion, thrown, useTempDir } from './fixtures.js';

const tempDir = useTempDir();

const friday: Schedule = { frequency: 'weekly', weekday: 'friday', time: '09:00' };
const defaults = { title: 'Peace desk', timeZone: 'Europe/Kyiv', schedule: friday };
const group: ChatAddress = { platform: 'telegram', chatId: '-1001', threadId: null };

function setup() {
  const db = openDatabase(':memory:');
  return { db, chats: createChatStore(db) };
}

describe('chat store: ensure', () => {
  it('creates a new chat with the defaults, every topic, and a "created" change by the actor', () => {
    const { chats } = setup();
    const chat = chats.ensure(group, defaults, 'telegram:42', 1000);
    expect(chat).toEqual({
      id: chat.id,
      ...group,
      title: 'Peace desk',
      topics: [],
      timeZone: 'Europe/Kyiv',
      schedule: friday,
      quiet: 'note',
      language: 'en',
      active: true,
      inactiveReason: null,
      lastSlot: null,
      lastUntil: null,
      createdAt: 1000,
      updatedAt: 1000,
      scheduleSetAt: 1000,
    });
    expect(chats.changes(chat.id)).toEqual([
      {
        chatId: chat.id,
        at: 1000,
        actor: 'telegram:42',
        field: 'created',
        before: null,
        after: 'telegram:-1001',
      },
    ]);
  });

  it('returns an active chat as it is, keeping settings that differ from the defaults', () => {
    const { chats } = setup();
    const first = chats.ensure(group, defaults, 'cli', 1000);
    chats.update(first.id, { timeZone: 'Asia/Tokyo' }, 'cli', 2000);
    const again = chats.ensure(group, { ...defaults, title: null }, 'cli', 3000);
    expect(again).toMatchObject({
      id: first.id,
      timeZone: 'Asia/Tokyo',
      title: 'Peace desk',
      updatedAt: 2000,
    });
    expect(chats.changes(first.id)).toHaveLength(2);
  });

  it('renames an active chat whose title changed, recording the rename', () => {
    const { chats } = setup();
    const first = chats.ensure(group, defaults, 'cli', 1000);
    const renamed = chats.ensure(group, { ...defaults, title: 'Peace desk (UA)' }, 'system', 2000);
    expect(renamed).toMatchObject({ id: first.id, title: 'Peace desk (UA)', updatedAt: 2000 });
    expect(chats.changes(first.id).at(-1)).toMatchObject({
      field: 'title',
      actor: 'system',
      before: 'Peace desk',
      after: 'Peace desk (UA)',
    });
  });

  it('reactivates an inactive chat and records who did it', () => {
    const { chats } = setup();
    const chat = chats.ensure(group, defaults, 'cli', 1000);
    chats.deactivate(chat.id, 'the bot was blocked', 'system', 2000);
    expect(chats.get(chat.id)).toMatchObject({ active: false, inactiveReason: 'the bot was blocked' });
    const back = chats.ensure(group, defaults, 'telegram:7', 3000);
    expect(back).toMatchObject({ id: chat.id, active: true, inactiveReason: null, updatedAt: 3000 });
    expect(chats.changes(chat.id).slice(-2)).toEqual([
      { chatId: chat.id, at: 3000, actor: 'telegram:7', field: 'active', before: 'false', after: 'true' },
      {
        chatId: chat.id,
        at: 3000,
        actor: 'telegram:7',
        field: 'inactiveReason',
        before: 'the bot was blocked',
        after: null,
      },
    ]);
  });
});

describe('chat store: settings', () => {
  it('records one change per changed field, as text, and only for the fields that differ', () => {
    const { chats } = setup();
    const chat = chats.ensure(group, defaults, 'cli', 1000);
    const updated = chats.update(
      chat.id,
      {
        title: 'Peace desk',
        topics: ['gaza', 'ukraine'],
        timeZone: 'Europe/Kyiv',
        schedule: { frequency: 'daily', time: '18:30' },
      },
      'telegram:42',
      2000,
    );
    expect(updated).toMatchObject({
      topics: ['gaza', 'ukraine'],
      schedule: { frequency: 'daily', time: '18:30' },
      updatedAt: 2000,
    });
    expect(chats.changes(chat.id).slice(1)).toEqual([
      {
        chatId: chat.id,
        at: 2000,
        actor: 'telegram:42',
        field: 'topics',
        before: 'all',
        after: 'gaza, ukraine',
      },
      {
        chatId: chat.id,
        at: 2000,
        actor: 'telegram:42',
        field: 'schedule',
        before: 'weekly on Friday at 09:00',
        after: 'daily at 18:30',
      },
    ]);
  });

  it("stores the digest's language with its change, and refuses to read a language it does not know", () => {
    const { db, chats } = setup();
    const chat = chats.ensure(group, defaults, 'cli', 1000);
    expect(chats.update(chat.id, { language: 'uk' }, 'telegram:42', 2000).language).toBe('uk');
    expect(chats.changes(chat.id).at(-1)).toMatchObject({ field: 'language', before: 'en', after: 'uk' });
    db.prepare("UPDATE chats SET language = 'xx' WHERE id = ?").run(chat.id);
    expect(() => chats.byAddress(group)).toThrow('the chats table holds an unknown language "xx"');
  });

  it('writes nothing when no setting differs', () => {
    const { chats } = setup();
    const chat = chats.ensure(group, defaults, 'cli', 1000);
    const same = chats.update(
      chat.id,
      { title: 'Peace desk', topics: [], schedule: { ...friday } },
      'cli',
      2000,
    );
    expect(same.updatedAt).toBe(1000);
    expect(chats.changes(chat.id)).toHaveLength(1);
  });

  it('turns a chat off with the admin named as the reason, and on again clearing it', () => {
    const { chats } = setup();
    const chat = chats.ensure(group, defaults, 'cli', 1000);
    expect(chats.update(chat.id, { active: false }, 'slack:U1', 2000)).toMatchObject({
      active: false,
      inactiveReason: 'turned off by slack:U1',
    });
    expect(chats.update(chat.id, { active: true }, 'slack:U1', 3000)).toMatchObject({
      active: true,
      inactiveReason: null,
    });
    expect(chats.changes(chat.id).map((change) => [change.field, change.after])).toEqual([
      ['created', 'telegram:-1001'],
      ['active', 'false'],
      ['inactiveReason', 'turned off by slack:U1'],
      ['active', 'true'],
      ['inactiveReason', null],
    ]);
  });

  it('refuses to update a chat that does not exist', () => {
    const { chats } = setup();
    expect(
      isAppError(
        thrown(() => chats.update(99, { title: 'x' }, 'cli', 1000)),
        'invalid_input',
      ),
    ).toBe(true);
  });

  const schedules: Array<[string, Schedule]> = [
    ['weekly', { frequency: 'weekly', weekday: 'sunday', time: '23:59' }],
    ['daily', { frequency: 'daily', time: '00:00' }],
    ['off', { frequency: 'off' }],
  ];
  it.each(schedules)('reads back a %s schedule exactly as it was stored', (_, schedule) => {
    const { chats } = setup();
    const chat = chats.ensure(group, defaults, 'cli', 1000);
    chats.update(chat.id, { schedule }, 'cli', 2000);
    expect(chats.get(chat.id)?.schedule).toEqual(schedule);
  });

  it('stores a schedule with stray keys as the schedule its frequency describes', () => {
    const { chats } = setup();
    const configShaped = { frequency: 'daily', weekday: 'friday', time: '07:15' } as Schedule;
    const chat = chats.ensure(group, { ...defaults, schedule: configShaped }, 'cli', 1000);
    expect(chats.get(chat.id)?.schedule).toEqual({ frequency: 'daily', time: '07:15' });
  });

  it('keeps topics in the order given and tells a forum thread apart from its group', () => {
    const { chats } = setup();
    const whole = chats.ensure(group, defaults, 'cli', 1000);
    const thread = chats.ensure({ ...group, threadId: '17' }, defaults, 'cli', 1000);
    chats.update(thread.id, { topics: ['ukraine', 'gaza', 'sudan'] }, 'cli', 2000);
    expect(thread.id).not.toBe(whole.id);
    expect(chats.byAddress({ ...group, threadId: '17' })).toMatchObject({
      id: thread.id,
      threadId: '17',
      topics: ['ukraine', 'gaza', 'sudan'],
    });
    expect(chats.byAddress(group)).toMatchObject({ id: whole.id, threadId: null, topics: [] });
    expect(chats.byAddress({ ...group, platform: 'slack' })).toBeNull();
  });
});

describe('chat store: migration, listing', () => {
  it('moves a chat to its new id, recorded as a change by the system', () => {
    const { chats } = setup();
    const chat = chats.ensure(group, defaults, 'cli', 1000);
    const moved = chats.migrate(chat.id, '-1009', 2000);
    expect(moved).toMatchObject({ id: chat.id, chatId: '-1009', updatedAt: 2000 });
    expect(chats.byAddress(group)).toBeNull();
    expect(chats.byAddress({ ...group, chatId: '-1009' })?.id).toBe(chat.id);
    expect(chats.changes(chat.id).at(-1)).toEqual({
      chatId: chat.id,
      at: 2000,
      actor: 'system',
      field: 'chatId',
      before: '-1001',
      after: '-1009',
    });
  });

  it('merges into the migrated chat a chat that already had the new id, keeping the migrated settings', () => {
    const { chats } = setup();
    const old = chats.ensure(group, defaults, 'cli', 1000);
    chats.update(old.id, { topics: ['iran'] }, 'cli', 1500);
    const added = chats.ensure({ ...group, chatId: '-1009' }, defaults, 'cli', 2000);
    chats.migrate(old.id, '-1009', 3000);
    expect(chats.get(added.id)).toMatchObject({ active: false, inactiveReason: `merged into ${old.id}` });
    const found = chats.ensure({ ...group, chatId: '-1009' }, defaults, 'cli', 4000);
    expect(found).toMatchObject({ id: old.id, topics: ['iran'], active: true });
    expect(chats.count()).toBe(2);
  });

  it('lists chats in id order, filtered by state and platform, and counts them', () => {
    const { chats } = setup();
    const a = chats.ensure(group, defaults, 'cli', 1000);
    const b = chats.ensure({ platform: 'slack', chatId: 'C1', threadId: null }, defaults, 'cli', 1000);
    const c = chats.ensure({ ...group, chatId: '-1002' }, defaults, 'cli', 1000);
    chats.deactivate(c.id, 'removed', 'system', 2000);
    const ids = (list: ReadonlyArray<{ id: number }>) => list.map((chat) => chat.id);
    expect(ids(chats.list())).toEqual([a.id, b.id, c.id]);
    expect(ids(chats.list({ active: true }))).toEqual([a.id, b.id]);
    expect(ids(chats.list({ active: false, platform: 'telegram' }))).toEqual([c.id]);
    expect(ids(chats.list({ platform: 'slack' }))).toEqual([b.id]);
    expect([chats.count(), chats.count({ active: true }), chats.count({ active: false })]).toEqual([3, 2, 1]);
  });

  it('reads chats in keyset pages, so a chat changed between pages is read once and one added comes later', () => {
    const { chats } = setup();
    const make = (n: number) => chats.ensure({ ...group, chatId: String(-1000 - n) }, defaults, 'cli', 1000);
    const one = make(1).id;
    const two = make(2).id;
    const three = make(3).id;
    const four = make(4).id;
    const five = make(5).id;
    chats.deactivate(two, 'removed', 'system', 1500);
    const ids = (list: ReadonlyArray<{ id: number }>) => list.map((chat) => chat.id);
    const first = chats.list({ active: true, limit: 2 });
    expect(ids(first)).toEqual([one, three]);
    // Between pages: a chat already read changes, one not yet read is turned off, a new one arrives.
    chats.update(three, { topics: ['gaza'] }, 'cli', 2000);
    chats.deactivate(four, 'blocked', 'system', 2000);
    const six = make(6).id;
    const second = chats.list({ active: true, limit: 2, afterId: three });
    expect(ids(second)).toEqual([five, six]);
    expect(chats.list({ active: true, limit: 2, afterId: six })).toEqual([]);
    expect(ids(chats.list({ afterId: one, limit: 3 }))).toEqual([two, three, four]);
    expect(ids(chats.list({ platform: 'slack', limit: 2 }))).toEqual([]);
  });

  it('starts each page with a seek on the chat id and reads no more than the page', () => {
    const { db } = setup();
    const plan = db
      .prepare<Record<string, unknown>, { detail: string }>(`EXPLAIN QUERY PLAN ${listChatsSql}`)
      .all({ afterId: 10, active: 1, platform: null, limit: 500 })
      .map((row) => row.detail);
    expect(plan).toEqual([expect.stringMatching(/^SEARCH c USING INTEGER PRIMARY KEY \(rowid>\?\)/)]);
  });

  it("finds a chat's rows (its forum topics too) by address, active or not, through the unique key", () => {
    const { db, chats } = setup();
    const topic = chats.ensure({ ...group, threadId: '7' }, defaults, 'cli', 1000);
    const whole = chats.ensure(group, defaults, 'cli', 1000);
    chats.ensure({ ...group, chatId: '-999' }, defaults, 'cli', 1000);
    chats.deactivate(topic.id, 'blocked', 'system', 1500);
    expect(chats.atChat('telegram', group.chatId, true).map((chat) => chat.id)).toEqual([whole.id]);
    expect(chats.atChat('telegram', group.chatId, false).map((chat) => chat.id)).toEqual([topic.id]);
    expect(chats.atChat('slack', group.chatId, true)).toEqual([]);
    const plan = db
      .prepare<Record<string, unknown>, { detail: string }>(`EXPLAIN QUERY PLAN ${chatRowsAtSql}`)
      .all({ platform: 'telegram', chatId: '-1', active: 1 })
      .map((row) => row.detail);
    expect(plan).toContainEqual(
      expect.stringMatching(/^SEARCH c USING INDEX sqlite_autoindex_chats_1 \(platform=\? AND chat_id=\?\)/),
    );
    expect(plan.join('\n')).not.toMatch(/SCAN c\b/);
  });
});

describe('migration 3', () => {
  it('adds chats and the outbox to a version 2 database and keeps its rows', () => {
    const path = join(tempDir(), 'parley.db');
    databaseAtVersion(path, 2);
    const old = new SQLite(path);
    old.prepare("INSERT INTO feeds (url) VALUES ('https://a.example/rss')").run();
    old.close();

    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare('SELECT url FROM feeds').pluck().all()).toEqual(['https://a.example/rss']);
    const chat = createChatStore(db).ensure(group, defaults, 'cli', 1000);
    expect(createChatStore(db).get(chat.id)?.title).toBe('Peace desk');
    db.close();
  });

  it('accepts exactly the delivery states the domain knows', () => {
    const { db, chats } = setup();
    const chat = chats.ensure(group, defaults, 'cli', 1000);
    db.prepare(
      "INSERT INTO digests (chat_id, period, since, until, story_count, parts, created_at) VALUES (?, 'p', 0, 1, 1, 9, 0)",
    ).run(chat.id);
    const insert = (part: number, state: string) =>
      db
        .prepare(
          `INSERT INTO deliveries (digest_id, chat_id, part, platform, message, state, next_attempt_at, created_at)
           VALUES (1, ?, ?, 'telegram', '{}', ?, 0, 0)`,
        )
        .run(chat.id, part, state);
    deliveryStates.forEach((state, index) => {
      insert(index + 1, state);
    });
    expect(() => insert(9, 'lost')).toThrow(/CHECK constraint/);
  });

  it('dates the schedule of chats from a version 3 database from their creation', () => {
    const path = join(tempDir(), 'parley.db');
    databaseAtVersion(path, 3);
    const old = new SQLite(path);
    old
      .prepare(
        "INSERT INTO chats (platform, chat_id, thread_id, title, time_zone, schedule, created_at, updated_at) VALUES ('telegram', '5', '', NULL, 'UTC', '{\"frequency\":\"off\"}', 700, 900)",
      )
      .run();
    old.close();
    const db = openDatabase(path);
    expect(createChatStore(db).list()[0]).toMatchObject({
      createdAt: 700,
      updatedAt: 900,
      scheduleSetAt: 700,
    });
    db.close();
  });

  it('restarts the schedule clock when the schedule changes or the chat is turned on, not for other settings', () => {
    const { chats } = setup();
    const chat = chats.ensure(group, defaults, 'cli', 1000);
    expect(chats.update(chat.id, { title: 'New title' }, 'cli', 2000).scheduleSetAt).toBe(1000);
    expect(
      chats.update(chat.id, { schedule: { frequency: 'daily', time: '07:00' } }, 'cli', 3000).scheduleSetAt,
    ).toBe(3000);
    chats.update(chat.id, { active: false }, 'cli', 4000);
    expect(chats.update(chat.id, { active: true }, 'cli', 5000).scheduleSetAt).toBe(5000);
  });
});

describe('migration 10', () => {
  it('writes the digests of chats from an older database in English', () => {
    const path = join(tempDir(), 'parley.db');
    databaseAtVersion(
      path,
      8,
      "INSERT INTO chats (platform, chat_id, thread_id, title, time_zone, schedule, created_at, updated_at) VALUES ('telegram', '5', '', NULL, 'UTC', '{\"frequency\":\"off\"}', 700, 900)",
    );
    const db = openDatabase(path);
    expect(createChatStore(db).list()[0]).toMatchObject({ chatId: '5', language: 'en', quiet: 'note' });
    db.close();
  });
});
