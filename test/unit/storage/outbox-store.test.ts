import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ChatAddress } from '../../../src/domain/chat.js';
import type { DigestRecord, OutgoingMessage } from '../../../src/domain/delivery.js';
import { isAppError } from '../../../src/shared/errors.js';
import { createChatStore } from '../../../src/storage/chat-store.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createOutbox, readySql, recentSendsSql } from '../../../src/storage/outbox-store.js';
import { databaseAtVersion, thrown, useTempDir } from './fixtures.js';

const tempDir = useTempDir();

const defaults = {
  title: null,
  timeZone: 'UTC',
  schedule: { frequency: 'weekly', weekday: 'friday', time: '09:00' } as const,
};
const group: ChatAddress = { platform: 'telegram', chatId: '-1001', threadId: '5' };
const html = (text: string): OutgoingMessage => ({ platform: 'telegram', html: text });

function setup() {
  const db = openDatabase(':memory:');
  const chats = createChatStore(db);
  const chat = chats.ensure(group, defaults, 'cli', 0);
  return { db, chats, outbox: createOutbox(db), chat };
}

function digest(
  chatId: number,
  period: string,
  parts: OutgoingMessage[],
  slot: number | null = null,
): DigestRecord {
  return { chatId, period, since: 0, until: 100, slot, storyCount: 4, parts };
}

const parts = (ready: ReadonlyArray<{ part: number }>) => ready.map((delivery) => delivery.part);

describe('outbox: enqueue', () => {
  it('enqueueing the same chat and period twice writes it once and reports created: false', () => {
    const { outbox, chat } = setup();
    const first = outbox.enqueue(digest(chat.id, '2026-W48', [html('a'), html('b')]), 1000);
    const second = outbox.enqueue(digest(chat.id, '2026-W48', [html('x'), html('y'), html('z')]), 2000);
    expect(first.created).toBe(true);
    expect(second).toEqual({ digestId: first.digestId, created: false });
    expect(outbox.ofChat(chat.id).map((delivery) => delivery.message)).toEqual([html('a'), html('b')]);
  });

  it('stores each part as a pending delivery addressed to the chat, numbered from 1', () => {
    const { outbox, chat } = setup();
    const { digestId } = outbox.enqueue(digest(chat.id, '2026-11-26', [html('<b>1</b>'), html('2')]), 1000);
    expect(outbox.ofChat(chat.id)[0]).toEqual({
      id: expect.any(Number),
      digestId,
      chatId: chat.id,
      address: group,
      period: '2026-11-26',
      part: 1,
      parts: 2,
      message: html('<b>1</b>'),
      state: 'pending',
      attempts: 0,
      nextAttemptAt: 1000,
      lastError: null,
      remoteId: null,
      createdAt: 1000,
      sentAt: null,
    });
  });

  it('stores lastSlot with the digest in the same transaction, never moving it back', () => {
    const { outbox, chats, chat } = setup();
    outbox.enqueue(digest(chat.id, 'on-demand:5', [html('a')]), 1000);
    expect(chats.get(chat.id)?.lastSlot).toBeNull();
    outbox.enqueue(digest(chat.id, '2026-W48', [html('a')], 7000), 7000);
    expect(chats.get(chat.id)?.lastSlot).toBe(7000);
    outbox.enqueue(digest(chat.id, '2026-W47', [html('a')], 3000), 8000);
    expect(chats.get(chat.id)?.lastSlot).toBe(7000);
  });

  it('writes nothing for a digest that is already there, not even its slot', () => {
    const { outbox, chats, chat } = setup();
    outbox.enqueue(digest(chat.id, '2026-W48', [html('a')], 5000), 5000);
    outbox.enqueue(digest(chat.id, '2026-W48', [html('a')], 9000), 9000);
    expect(chats.get(chat.id)?.lastSlot).toBe(5000);
  });

  it('refuses a digest without parts, for an unknown chat, or for another platform, writing nothing', () => {
    const { outbox, chat } = setup();
    expect(() => outbox.enqueue(digest(chat.id, 'p', []), 1000)).toThrow(/no parts/);
    expect(
      isAppError(
        thrown(() => outbox.enqueue(digest(99, 'p', [html('a')]), 1000)),
        'invalid_input',
      ),
    ).toBe(true);
    const slack: OutgoingMessage = { platform: 'slack', text: 'a', blocks: [] };
    expect(() => outbox.enqueue(digest(chat.id, 'p', [html('a'), slack]), 1000)).toThrow(/slack message/);
    expect(outbox.enqueue(digest(chat.id, 'p', [html('a')]), 1000).created).toBe(true);
  });

  it('records a digest for a chat turned off meanwhile but queues nothing to send', () => {
    const { outbox, chats, chat } = setup();
    chats.deactivate(chat.id, 'the bot was removed', 'system', 500);
    expect(outbox.enqueue(digest(chat.id, 'p', [html('a')], 900), 1000).created).toBe(true);
    expect(outbox.ofChat(chat.id)[0]).toMatchObject({
      state: 'dead',
      lastError: 'the chat is inactive: the bot was removed',
    });
    expect(chats.get(chat.id)?.lastSlot).toBe(900);
  });

  it('serialises a rendered part shared by many chats once, and each other part as itself', () => {
    const { outbox, chats, chat } = setup();
    const others = [2, 3].map(
      (n) => chats.ensure({ ...group, chatId: String(-1000 - n) }, defaults, 'cli', 0).id,
    );
    // JSON.stringify calls toJSON once per serialisation: the count is how often the part was stringified.
    let serialised = 0;
    const shared = {
      platform: 'telegram' as const,
      html: '<b>shared</b>',
      toJSON: () => {
        serialised += 1;
        return { platform: 'telegram', html: '<b>shared</b>' };
      },
    };
    const parts: OutgoingMessage[] = [shared, html('tail')];
    for (const id of [chat.id, ...others]) outbox.enqueue(digest(id, 'W48', parts), 1000);
    outbox.enqueue(digest(chat.id, 'W49', [html('other'), html('tail')]), 1000);
    expect(serialised).toBe(1);
    const stored = (id: number) => outbox.ofChat(id).map((delivery) => [delivery.period, delivery.message]);
    for (const id of others)
      expect(stored(id)).toEqual([
        ['W48', html('<b>shared</b>')],
        ['W48', html('tail')],
      ]);
    expect(stored(chat.id)).toEqual([
      ['W49', html('other')],
      ['W49', html('tail')],
      ['W48', html('<b>shared</b>')],
      ['W48', html('tail')],
    ]);
  });
});

describe('outbox: ready and sending', () => {
  it('makes the parts of one digest ready one after another, only as earlier parts are sent', () => {
    const { outbox, chat } = setup();
    outbox.enqueue(digest(chat.id, 'p', [html('1'), html('2'), html('3')]), 1000);
    const [first] = outbox.ready('telegram', 1000, 10);
    expect(parts(outbox.ready('telegram', 1000, 10))).toEqual([1]);
    expect(first && outbox.markSending(first.id, 1000)).toBe(true);
    expect(outbox.ready('telegram', 1000, 10)).toEqual([]);
    outbox.markSent(first?.id ?? 0, 'm-1', 1100);
    const [second] = outbox.ready('telegram', 1100, 10);
    expect(second?.part).toBe(2);
    outbox.markSending(second?.id ?? 0, 1100);
    outbox.retryLater(second?.id ?? 0, 5000, 'HTTP 502');
    expect(outbox.ready('telegram', 4999, 10)).toEqual([]);
    expect(parts(outbox.ready('telegram', 5000, 10))).toEqual([2]);
    expect(outbox.get(first?.id ?? 0)).toMatchObject({
      state: 'sent',
      remoteId: 'm-1',
      sentAt: 1100,
      attempts: 1,
    });
  });

  it('returns due deliveries of one platform, oldest due first, up to the limit', () => {
    const { outbox, chats, chat } = setup();
    const other = chats.ensure({ platform: 'telegram', chatId: '77', threadId: null }, defaults, 'cli', 0);
    const slack = chats.ensure({ platform: 'slack', chatId: 'C1', threadId: null }, defaults, 'cli', 0);
    outbox.enqueue(digest(chat.id, 'late', [html('late')]), 3000);
    outbox.enqueue(digest(other.id, 'early', [html('early')]), 1000);
    outbox.enqueue(digest(chat.id, 'middle', [html('middle')]), 2000);
    outbox.enqueue(digest(slack.id, 's', [{ platform: 'slack', text: 's', blocks: [] }]), 500);
    const periods = (list: ReadonlyArray<{ period: string }>) => list.map((delivery) => delivery.period);
    // 'middle' is due before 'late' but is the same chat's younger digest: it waits for 'late' to go.
    expect(periods(outbox.ready('telegram', 2500, 10))).toEqual(['early']);
    expect(periods(outbox.ready('telegram', 9000, 2))).toEqual(['early', 'late']);
    expect(periods(outbox.ready('slack', 9000, 10))).toEqual(['s']);
  });

  it('claims a delivery once: a second markSending is refused and counts no attempt', () => {
    const { outbox, chat } = setup();
    outbox.enqueue(digest(chat.id, 'p', [html('1')]), 1000);
    const id = outbox.ready('telegram', 1000, 1)[0]?.id ?? 0;
    expect([outbox.markSending(id, 1000), outbox.markSending(id, 1000)]).toEqual([true, false]);
    expect(outbox.get(id)?.attempts).toBe(1);
  });

  it('gives the attempt back when a retry was not the message’s fault', () => {
    const { outbox, chat } = setup();
    outbox.enqueue(digest(chat.id, 'p', [html('1')]), 1000);
    const id = outbox.ready('telegram', 1000, 1)[0]?.id ?? 0;
    outbox.markSending(id, 1000);
    outbox.retryLater(id, 2000, 'HTTP 500');
    outbox.markSending(id, 2000);
    outbox.retryLater(id, 3000, 'rate limited', { countAttempt: false });
    expect(outbox.get(id)).toMatchObject({
      state: 'pending',
      attempts: 1,
      nextAttemptAt: 3000,
      lastError: 'rate limited',
    });
  });

  it('fails the later parts of a digest when one part fails, leaving the sent ones sent', () => {
    const { outbox, chat } = setup();
    outbox.enqueue(digest(chat.id, 'p', [html('1'), html('2'), html('3')]), 1000);
    outbox.enqueue(digest(chat.id, 'q', [html('other digest')]), 1000);
    const [first, second, third] = outbox.ofChat(chat.id).filter((delivery) => delivery.period === 'p');
    outbox.markSending(first?.id ?? 0, 1000);
    outbox.markSent(first?.id ?? 0, 'm-1', 1000);
    outbox.markSending(second?.id ?? 0, 1000);
    outbox.fail(second?.id ?? 0, 'message is too long', 1000);
    const states = outbox
      .ofChat(chat.id)
      .map((delivery) => [delivery.period, delivery.state, delivery.lastError]);
    expect(states).toEqual([
      ['q', 'pending', null],
      ['p', 'sent', null],
      ['p', 'failed', 'message is too long'],
      ['p', 'failed', 'an earlier part failed: message is too long'],
    ]);
    expect(third?.part).toBe(3);
    expect(parts(outbox.ready('telegram', 1000, 10))).toEqual([1]);
  });

  it('returns deliveries left sending by a stopped process to pending, due now', () => {
    const { outbox, chats, chat } = setup();
    const other = chats.ensure({ platform: 'telegram', chatId: '77', threadId: null }, defaults, 'cli', 0);
    outbox.enqueue(digest(chat.id, 'p', [html('1')]), 1000);
    outbox.enqueue(digest(other.id, 'q', [html('1')]), 1000);
    for (const delivery of outbox.ready('telegram', 1000, 10)) outbox.markSending(delivery.id, 1000);
    expect(outbox.recoverInFlight(5000, 30)).toEqual({ retried: 2, failed: 0 });
    expect(outbox.recoverInFlight(5000, 30)).toEqual({ retried: 0, failed: 0 });
    expect(outbox.ready('telegram', 5000, 10)).toEqual([
      expect.objectContaining({
        state: 'pending',
        attempts: 1,
        nextAttemptAt: 5000,
        lastError: 'outcome unknown: the process stopped during the send',
      }),
      expect.objectContaining({ state: 'pending', attempts: 1, nextAttemptAt: 5000 }),
    ]);
  });

  // A message whose send crashes the process: retried at every start, it went out again for ever.
  it('fails a delivery left sending once it has had its attempts, with the later parts of its digest', () => {
    const { outbox, chat } = setup();
    outbox.enqueue(digest(chat.id, 'p', [html('1'), html('2')]), 1000);
    const recovered = [];
    for (let start = 1; start <= 3; start += 1) {
      const [first] = outbox.ready('telegram', 10_000, 10);
      if (first === undefined) break;
      outbox.markSending(first.id, 1000);
      recovered.push(outbox.recoverInFlight(5000, 3));
    }
    expect(recovered).toEqual([
      { retried: 1, failed: 0 },
      { retried: 1, failed: 0 },
      { retried: 0, failed: 1 },
    ]);
    expect(outbox.ready('telegram', 10_000, 10)).toEqual([]);
    expect(outbox.ofChat(chat.id).map((delivery) => [delivery.state, delivery.lastError])).toEqual([
      ['failed', 'gave up after 3 attempts: outcome unknown: the process stopped during the send'],
      [
        'failed',
        'an earlier part failed: gave up after 3 attempts: outcome unknown: the process stopped during the send',
      ],
    ]);
  });
});

describe('outbox: chats that move or go away', () => {
  it('addresses a migrated chat’s pending deliveries to the new chat id', () => {
    const { outbox, chats, chat } = setup();
    outbox.enqueue(digest(chat.id, 'p', [html('1')]), 1000);
    chats.migrate(chat.id, '-1009', 1500);
    expect(outbox.ready('telegram', 2000, 10)[0]?.address).toEqual({ ...group, chatId: '-1009' });
  });

  it('drops the unsent deliveries of a chat merged into one that migrated to its id', () => {
    const { outbox, chats, chat } = setup();
    const added = chats.ensure({ ...group, chatId: '-1009' }, defaults, 'cli', 0);
    outbox.enqueue(digest(added.id, 'p', [html('from the duplicate')]), 1000);
    outbox.enqueue(digest(chat.id, 'p', [html('from the original')]), 1000);
    chats.migrate(chat.id, '-1009', 1500);
    expect(outbox.ofChat(added.id)[0]).toMatchObject({ state: 'dead', lastError: `merged into ${chat.id}` });
    expect(outbox.ready('telegram', 2000, 10).map((delivery) => delivery.message)).toEqual([
      html('from the original'),
    ]);
  });

  it('marks the unsent deliveries of a deactivated chat dead and hides them from ready()', () => {
    const { outbox, chats, chat } = setup();
    outbox.enqueue(digest(chat.id, 'p', [html('1'), html('2'), html('3')]), 1000);
    const [first, second] = outbox.ofChat(chat.id);
    outbox.markSending(first?.id ?? 0, 1000);
    outbox.markSent(first?.id ?? 0, 'm-1', 1000);
    outbox.markSending(second?.id ?? 0, 1000);
    chats.deactivate(chat.id, 'the bot was blocked', 'system', 1200);
    outbox.retryLater(second?.id ?? 0, 1300, 'HTTP 502');
    expect(outbox.ofChat(chat.id).map((delivery) => [delivery.state, delivery.lastError])).toEqual([
      ['sent', null],
      ['dead', 'the bot was blocked'],
      ['dead', 'the bot was blocked'],
    ]);
    expect(outbox.ready('telegram', 9000, 10)).toEqual([]);
    expect(outbox.counts()).toEqual({ pending: 0, sending: 0, sent: 1, failed: 0, dead: 2 });
  });

  it('never offers a delivery of an inactive chat, even one left pending', () => {
    const { db, outbox, chat } = setup();
    outbox.enqueue(digest(chat.id, 'p', [html('1')]), 1000);
    db.prepare('UPDATE chats SET active = 0 WHERE id = ?').run(chat.id);
    expect(outbox.ready('telegram', 9000, 10)).toEqual([]);
    db.prepare('UPDATE chats SET active = 1 WHERE id = ?').run(chat.id);
    expect(parts(outbox.ready('telegram', 9000, 10))).toEqual([1]);
  });

  it('drops the unsent deliveries of a chat whose admin turned it off', () => {
    const { outbox, chats, chat } = setup();
    outbox.enqueue(digest(chat.id, 'p', [html('1')]), 1000);
    chats.update(chat.id, { active: false }, 'telegram:42', 1100);
    chats.update(chat.id, { active: true }, 'telegram:42', 1200);
    expect(outbox.ready('telegram', 9000, 10)).toEqual([]);
    expect(outbox.ofChat(chat.id)[0]).toMatchObject({
      state: 'dead',
      lastError: 'turned off by telegram:42',
    });
  });

  // The Friday push of 10,000 chats takes minutes (longer in a 429 pause): a member who types /unsubscribe
  // while the chat's digest waits its turn must not get it after being told the digests stopped.
  it('drops the scheduled digests not begun of a chat that unsubscribes, not one half sent nor one asked for', () => {
    const { outbox, chats, chat } = setup();
    outbox.enqueue(digest(chat.id, 'week-1', [html('1'), html('2')], 100), 1000);
    const [first] = outbox.ofChat(chat.id);
    outbox.markSending(first?.id ?? 0, 1000);
    outbox.markSent(first?.id ?? 0, 'm-1', 1000);
    outbox.enqueue(digest(chat.id, 'week-2', [html('3')], 200), 1000);
    outbox.enqueue(digest(chat.id, 'on-demand:1000', [html('4')]), 1000);
    chats.update(chat.id, { schedule: { frequency: 'off' } }, 'telegram:42', 1100);
    expect(
      outbox.ofChat(chat.id).map((delivery) => [delivery.period, delivery.part, delivery.state]),
    ).toEqual([
      ['on-demand:1000', 1, 'pending'],
      ['week-2', 1, 'dead'],
      ['week-1', 1, 'sent'],
      ['week-1', 2, 'pending'],
    ]);
    expect(outbox.ofChat(chat.id)[1]?.lastError).toBe('scheduled digests turned off by telegram:42');
  });

  // Review: a part whose send timed out (or that a stop interrupted) waits to be sent again, pending, and
  // may well be in the chat: its digest is begun, and is finished rather than cut after its first part.
  it('finishes a scheduled digest whose first part may have gone out, when the chat unsubscribes', () => {
    const { outbox, chats, chat } = setup();
    outbox.enqueue(digest(chat.id, 'week-1', [html('1'), html('2')], 100), 1000);
    const [first] = outbox.ofChat(chat.id);
    outbox.markSending(first?.id ?? 0, 1000);
    outbox.retryLater(first?.id ?? 0, 2000, 'timeout: outcome unknown');
    chats.update(chat.id, { schedule: { frequency: 'off' } }, 'telegram:42', 1100);
    expect(outbox.ofChat(chat.id).map((delivery) => [delivery.part, delivery.state])).toEqual([
      [1, 'pending'],
      [2, 'pending'],
    ]);
  });

  it('still drops a scheduled digest whose first part only waited out a rate limit, when the chat unsubscribes', () => {
    const { outbox, chats, chat } = setup();
    outbox.enqueue(digest(chat.id, 'week-1', [html('1'), html('2')], 100), 1000);
    const [first] = outbox.ofChat(chat.id);
    outbox.markSending(first?.id ?? 0, 1000);
    outbox.retryLater(first?.id ?? 0, 2000, '429', { countAttempt: false });
    chats.update(chat.id, { schedule: { frequency: 'off' } }, 'telegram:42', 1100);
    expect(outbox.ofChat(chat.id).map((delivery) => [delivery.part, delivery.state])).toEqual([
      [1, 'dead'],
      [2, 'dead'],
    ]);
  });
});

describe('outbox: reporting', () => {
  it('counts every state, zero when none, and tells when the oldest pending delivery was queued', () => {
    const { outbox, chat } = setup();
    expect(outbox.counts()).toEqual({ pending: 0, sending: 0, sent: 0, failed: 0, dead: 0 });
    expect(outbox.oldestPendingAt()).toBeNull();
    outbox.enqueue(digest(chat.id, 'p', [html('1'), html('2')]), 1000);
    outbox.enqueue(digest(chat.id, 'q', [html('1')]), 2000);
    outbox.markSending(outbox.ofChat(chat.id).at(-1)?.id ?? 0, 2000);
    expect(outbox.counts()).toEqual({ pending: 2, sending: 1, sent: 0, failed: 0, dead: 0 });
    expect(outbox.oldestPendingAt()).toBe(1000);
  });

  it('lists a chat’s deliveries newest digest first, parts in order, up to the limit', () => {
    const { outbox, chat } = setup();
    outbox.enqueue(digest(chat.id, 'old', [html('1'), html('2')]), 1000);
    outbox.enqueue(digest(chat.id, 'new', [html('1'), html('2')]), 2000);
    const listed = outbox.ofChat(chat.id, 3).map((delivery) => `${delivery.period}:${delivery.part}`);
    expect(listed).toEqual(['new:1', 'new:2', 'old:1']);
  });

  it('finds ready deliveries through the ready index, without sorting', () => {
    const { db } = setup();
    const plan = db
      .prepare<[string, number, number, number], { detail: string }>(`EXPLAIN QUERY PLAN ${readySql}`)
      .all('telegram', 1, 0, 10)
      .map((row) => row.detail);
    expect(plan).toContainEqual(
      expect.stringMatching(
        /^SEARCH d USING INDEX deliveries_ready \(state=\? AND platform=\? AND asked=\? AND next_attempt_at<\?\)/,
      ),
    );
    expect(plan).toContainEqual(expect.stringMatching(/^SEARCH e USING COVERING INDEX deliveries_order/));
    expect(plan).toContainEqual(expect.stringMatching(/^SEARCH m USING INTEGER PRIMARY KEY/));
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE|SCAN d\b|SCAN e\b/);
  });

  it('gives a digest someone asked for before the scheduled ones queued earlier, in due order within each', () => {
    const { outbox, chats, chat } = setup();
    const other = chats.ensure({ ...group, chatId: '-1002' }, defaults, 'cli', 0);
    const third = chats.ensure({ ...group, chatId: '-1003' }, defaults, 'cli', 0);
    outbox.enqueue(digest(chat.id, 'weekly', [html('w1'), html('w2')], 900), 1000);
    outbox.enqueue(digest(other.id, 'weekly', [html('o1')], 900), 1000);
    outbox.enqueue(digest(third.id, 'on-demand:2000', [html('d1')]), 2000);
    outbox.enqueue(digest(other.id, 'on-demand:3000', [html('e1')]), 3000);
    const listed = (limit: number) =>
      outbox.ready('telegram', 5000, limit).map((delivery) => `${delivery.chatId} ${delivery.period}`);
    // The other chat's own weekly digest still goes before its asked one: they never interleave.
    expect(listed(10)).toEqual([`${third.id} on-demand:2000`, `${chat.id} weekly`, `${other.id} weekly`]);
    expect(listed(1)).toEqual([`${third.id} on-demand:2000`]);
    expect(listed(2)).toEqual([`${third.id} on-demand:2000`, `${chat.id} weekly`]);
  });

  it('keeps a chat’s younger digest back until its older one has gone, so their parts never interleave', () => {
    const { outbox, chat } = setup();
    outbox.enqueue(digest(chat.id, 'weekly', [html('w1'), html('w2')]), 1000);
    outbox.enqueue(digest(chat.id, 'on-demand', [html('d1')]), 1000);
    const send = () => {
      const [next] = outbox.ready('telegram', 2000, 10);
      if (next === undefined) return null;
      outbox.markSending(next.id, 2000);
      outbox.markSent(next.id, 'm', 2000);
      return `${next.period} ${next.part}`;
    };
    expect([send(), send(), send(), send()]).toEqual(['weekly 1', 'weekly 2', 'on-demand 1', null]);
  });

  it('keeps a younger digest back while the older one’s last part is still being sent', () => {
    const { outbox, chat } = setup();
    outbox.enqueue(digest(chat.id, 'weekly', [html('w1')]), 1000);
    outbox.enqueue(digest(chat.id, 'on-demand', [html('d1')]), 1000);
    const [older] = outbox.ready('telegram', 2000, 10);
    outbox.markSending(older?.id ?? 0, 2000);
    expect(outbox.ready('telegram', 2000, 10)).toEqual([]);
    outbox.markSent(older?.id ?? 0, 'm', 2000);
    expect(outbox.ready('telegram', 2000, 10).map((delivery) => delivery.period)).toEqual(['on-demand']);
  });

  it('clears the error of an earlier attempt once the part is sent', () => {
    const { outbox, chat } = setup();
    outbox.enqueue(digest(chat.id, 'p', [html('1')]), 1000);
    const id = outbox.ready('telegram', 1000, 1)[0]?.id ?? 0;
    outbox.markSending(id, 1000);
    outbox.retryLater(id, 2000, 'HTTP 500');
    outbox.markSending(id, 2000);
    outbox.markSent(id, 'm-1', 2000);
    expect(outbox.get(id)).toMatchObject({ state: 'sent', lastError: null, attempts: 2 });
  });

  it('leaves the chat’s last slot and end alone for a digest without a slot (/digest on demand)', () => {
    const { outbox, chats, chat } = setup();
    outbox.enqueue(digest(chat.id, 'on-demand', [html('d1')]), 1000);
    expect(chats.get(chat.id)).toMatchObject({ lastSlot: null, lastUntil: null });
  });
});

describe('outbox: each message stored once', () => {
  it('stores one message row per distinct part however many chats share it, and each chat reads all of its own', () => {
    const { db, outbox, chats, chat } = setup();
    const others = [2, 3].map(
      (n) => chats.ensure({ ...group, chatId: String(-1000 - n) }, defaults, 'cli', 0).id,
    );
    const shared = [html('<b>head</b>'), html('body')];
    for (const id of [chat.id, ...others]) outbox.enqueue(digest(id, 'W48', shared), 1000);
    // An equal rendering built anew (another composer run) is the same message.
    const last = others[1] ?? 0;
    outbox.enqueue(digest(last, 'W49', [html('<b>head</b>'), html('only here')]), 2000);
    const bodies = db.prepare('SELECT body FROM messages ORDER BY id').pluck().all();
    expect(bodies).toEqual([shared[0], shared[1], html('only here')].map((m) => JSON.stringify(m)));
    expect(db.prepare("SELECT COUNT(*) FROM deliveries WHERE message <> 'null'").pluck().get()).toBe(0);
    const read = (id: number) => outbox.ofChat(id).map((delivery) => delivery.message);
    expect(read(chat.id)).toEqual(shared);
    expect(read(others[0] ?? 0)).toEqual(shared);
    expect(read(last)).toEqual([html('<b>head</b>'), html('only here'), ...shared]);
  });

  it('still reads and sends a delivery queued before messages were stored apart (schema version 6)', () => {
    const path = join(tempDir(), 'v6.db');
    databaseAtVersion(path, 6);
    const old = new SQLite(path);
    old.exec(`INSERT INTO chats (id, platform, chat_id, time_zone, schedule, created_at, updated_at)
        VALUES (1, 'telegram', '-1001', 'UTC', '{"frequency":"off"}', 0, 0);
      INSERT INTO digests (id, chat_id, period, since, until, story_count, parts, created_at)
        VALUES (1, 1, 'W47', 0, 100, 1, 1, 500);
      INSERT INTO deliveries (digest_id, chat_id, part, platform, message, state, next_attempt_at, created_at)
        VALUES (1, 1, 1, 'telegram', '{"platform":"telegram","html":"queued by v6"}', 'pending', 500, 500);`);
    old.close();
    const db = openDatabase(path);
    const outbox = createOutbox(db);
    outbox.enqueue(digest(1, 'W48', [html('queued by v7')]), 1000);
    const [queued] = outbox.ready('telegram', 1000, 10);
    expect(queued).toMatchObject({ period: 'W47', message: html('queued by v6'), state: 'pending' });
    expect(outbox.markSending(queued?.id ?? 0, 1000)).toBe(true);
    outbox.markSent(queued?.id ?? 0, 'm-1', 1000);
    expect(outbox.get(queued?.id ?? 0)).toMatchObject({ state: 'sent', message: html('queued by v6') });
    expect(outbox.ready('telegram', 1000, 10).map((delivery) => delivery.message)).toEqual([
      html('queued by v7'),
    ]);
    db.close();
  });
});

describe('outbox: the sends before a restart', () => {
  /** One single-part digest to `address`, sent at `sentAt` (left `sending` when null). */
  function sendTo(
    harness: ReturnType<typeof setup>,
    address: ChatAddress,
    period: string,
    sentAt: number | null,
  ) {
    const { chats, outbox } = harness;
    const chat = chats.byAddress(address) ?? chats.ensure(address, defaults, 'cli', 0);
    const part: OutgoingMessage =
      address.platform === 'slack' ? { platform: 'slack', text: period, blocks: [] } : html(period);
    outbox.enqueue(digest(chat.id, period, [part]), 0);
    const id = outbox.ofChat(chat.id, 1)[0]?.id ?? 0;
    outbox.markSending(id, 0);
    if (sentAt !== null) outbox.markSent(id, 'r', sentAt);
  }

  it('tells each chat’s latest send since a time, the topics of a group as one chat, an interrupted send as now', () => {
    const harness = setup();
    sendTo(harness, group, 'a', 8000);
    sendTo(harness, { ...group, threadId: '6' }, 'b', 9000);
    sendTo(harness, { platform: 'telegram', chatId: '42', threadId: null }, 'c', 5000);
    sendTo(harness, { platform: 'telegram', chatId: '42', threadId: null }, 'd', 6000);
    sendTo(harness, { platform: 'slack', chatId: 'C1', threadId: null }, 'e', 2000);
    sendTo(harness, { platform: 'slack', chatId: 'C2', threadId: null }, 'f', null);
    const recent = harness.outbox.recentSends(5500, 10_000);
    expect(recent).toHaveLength(3);
    expect(recent).toEqual(
      expect.arrayContaining([
        { platform: 'telegram', chatId: '-1001', at: 9000 },
        { platform: 'telegram', chatId: '42', at: 6000 },
        { platform: 'slack', chatId: 'C2', at: 10_000 },
      ]),
    );
  });

  it('counts a send at the very start of the window, and a chat id on two platforms as two chats', () => {
    const harness = setup();
    sendTo(harness, { platform: 'telegram', chatId: '42', threadId: null }, 'a', 5500);
    sendTo(harness, { platform: 'slack', chatId: '42', threadId: null }, 'b', 7000);
    const recent = harness.outbox.recentSends(5500, 10_000);
    expect(recent).toHaveLength(2);
    expect(recent).toEqual(
      expect.arrayContaining([
        { platform: 'telegram', chatId: '42', at: 5500 },
        { platform: 'slack', chatId: '42', at: 7000 },
      ]),
    );
  });

  it('reads only the recent and the interrupted sends through indexes, not the sent history', () => {
    const { db } = setup();
    const plan = db
      .prepare<{ since: number; now: number }, { detail: string }>(`EXPLAIN QUERY PLAN ${recentSendsSql}`)
      .all({ since: 0, now: 0 })
      .map((row) => row.detail);
    expect(plan).toContainEqual(
      expect.stringMatching(/^SEARCH d USING INDEX deliveries_sent \(sent_at>\?\)/),
    );
    expect(plan).toContainEqual(expect.stringMatching(/^SEARCH d USING INDEX deliveries_ready \(state=\?\)/));
    expect(plan.join('\n')).not.toMatch(/SCAN d\b|SCAN c\b/);
  });
});

describe("a platform's kept 429 pause", () => {
  it('keeps the later end of each platform, and tells only those not ended', () => {
    const { outbox } = setup();
    outbox.keepPause('telegram', 5000);
    outbox.keepPause('telegram', 4000);
    outbox.keepPause('slack', 3000);
    expect(outbox.pausesAfter(2999)).toEqual([
      { platform: 'slack', until: 3000 },
      { platform: 'telegram', until: 5000 },
    ]);
    expect(outbox.pausesAfter(3000)).toEqual([{ platform: 'telegram', until: 5000 }]);
    outbox.keepPause('telegram', 9000);
    expect(outbox.pausesAfter(5000)).toEqual([{ platform: 'telegram', until: 9000 }]);
  });
});
