import { describe, expect, it, vi } from 'vitest';
import { createChatService } from '../../../src/delivery/chat-service.js';
import { type ChatAddress, isTurnedOffByPerson } from '../../../src/domain/chat.js';
import type { DigestComposer } from '../../../src/domain/ports.js';
import { parseSchedule } from '../../../src/domain/schedule.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { AppError } from '../../../src/shared/errors.js';
import { createChatStore } from '../../../src/storage/chat-store.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createOutbox } from '../../../src/storage/outbox-store.js';

const topics = ['ukraine', 'gaza', 'iran'].map((id) => ({ id, label: id.toUpperCase() }));
const group: ChatAddress = { platform: 'telegram', chatId: '-100200', threadId: null };

function setup() {
  const db = openDatabase(':memory:');
  const chats = createChatStore(db);
  const outbox = createOutbox(db);
  const clock = createManualClock(Date.UTC(2026, 10, 26, 12));
  const asked: Array<{ topics: string[]; since: number; until: number }> = [];
  const languages: string[] = [];
  const composer: DigestComposer = {
    compose(chat, period) {
      asked.push({ topics: chat.topics, ...period });
      languages.push(chat.language);
      return {
        storyCount: 2,
        parts: [{ platform: 'telegram', html: `<b>digest</b> ${chat.topics.join(',')}` }],
      };
    },
  };
  let woken = 0;
  const service = createChatService({
    chats,
    outbox,
    composer,
    clock,
    topics,
    defaults: { timeZone: 'UTC', schedule: parseSchedule('weekly friday 09:00') },
    onEnqueued: () => {
      woken += 1;
    },
  });
  return { service, chats, outbox, clock, asked, languages, woken: () => woken };
}

describe('chat service', () => {
  it('subscribes a new chat on the default schedule and says it was new only the first time', () => {
    const { service } = setup();
    const first = service.subscribe(group, 'telegram:7', { title: 'Desk', topics: ['Gaza', 'ukraine'] });
    expect(first.created).toBe(true);
    expect(first.chat).toMatchObject({
      active: true,
      title: 'Desk',
      topics: ['ukraine', 'gaza'],
      timeZone: 'UTC',
    });
    expect(first.chat.schedule).toEqual(parseSchedule('weekly friday 09:00'));
    expect(service.subscribe(group, 'telegram:7').created).toBe(false);
  });

  it('refuses an unknown topic with a suggestion and stores nothing', () => {
    const { service } = setup();
    expect(() => service.subscribe(group, 'telegram:7', { topics: ['ukrain'] })).toThrow(
      /did you mean ukraine/,
    );
    expect(service.find(group)).toBeNull();
  });

  it('stops the scheduled digest on unsubscribe and gives the chat its own schedule back on subscribe', () => {
    const { service } = setup();
    expect(service.subscribe(group, 'telegram:7')).toMatchObject({ created: true, started: true });
    const off = service.unsubscribe(group, 'telegram:7');
    expect(off?.schedule).toEqual({ frequency: 'off' });
    expect(off && service.nextDigestAt(off)).toBeNull();
    const again = service.subscribe(group, 'telegram:7');
    expect(again).toMatchObject({ created: false, started: true });
    expect(service.nextDigestAt(again.chat)).toBe(Date.UTC(2026, 10, 27, 9));
    expect(service.subscribe(group, 'telegram:7').started).toBe(false);
    // A schedule of its own survives an unsubscribe: it comes back, not the default.
    service.setSchedule(group, 'telegram:7', 'daily 07:30');
    service.unsubscribe(group, 'telegram:7');
    expect(service.subscribe(group, 'telegram:7').chat.schedule).toEqual({
      frequency: 'daily',
      time: '07:30',
    });
    service.setSchedule(group, 'telegram:7', 'weekly mon 08:00');
    service.setSchedule(group, 'telegram:7', 'off');
    expect(service.subscribe(group, 'telegram:7').chat.schedule).toEqual({
      frequency: 'weekly',
      weekday: 'monday',
      time: '08:00',
    });
  });

  it('lists the active chats of a platform, and only those with a schedule when asked for subscribed ones', () => {
    const { service } = setup();
    const channel = (chatId: string): ChatAddress => ({ platform: 'slack', chatId, threadId: null });
    service.subscribe(channel('C1'), 'slack:U1');
    service.subscribe(channel('C2'), 'slack:U1');
    service.unsubscribe(channel('C2'), 'slack:U1');
    service.setTimeZone(channel('C3'), 'slack:U1', 'kyiv');
    service.subscribe(channel('C4'), 'slack:U1');
    service.deactivate(channel('C4'), 'channel_not_found', 'system');
    service.subscribe(group, 'telegram:7');
    const ids = (chats: ReturnType<typeof service.list>) => chats.map((chat) => chat.chatId);
    expect(ids(service.list({ platform: 'slack' }))).toEqual(['C1', 'C2', 'C3']);
    expect(ids(service.list({ platform: 'slack', subscribed: true }))).toEqual(['C1']);
    expect(ids(service.list({ subscribed: true }))).toEqual(['C1', group.chatId]);
  });

  it('toggles topics in taxonomy order, and "all" clears the selection', () => {
    const { service } = setup();
    service.toggleTopic(group, 'telegram:7', 'iran');
    expect(service.toggleTopic(group, 'telegram:7', 'ukraine').topics).toEqual(['ukraine', 'iran']);
    expect(service.toggleTopic(group, 'telegram:7', 'iran').topics).toEqual(['ukraine']);
    expect(service.toggleTopic(group, 'telegram:7', 'all').topics).toEqual([]);
  });

  it('takes a city for a time zone and records who changed what', () => {
    const { service, chats } = setup();
    service.subscribe(group, 'telegram:7');
    const chat = service.setTimeZone(group, 'telegram:8', 'kyiv');
    expect(chat.timeZone).toBe('Europe/Kyiv');
    expect(chats.changes(chat.id).at(-1)).toMatchObject({ actor: 'telegram:8', after: 'Europe/Kyiv' });
    expect(() => service.setTimeZone(group, 'telegram:8', 'Mars/Olympus')).toThrow(/unknown time zone/);
    expect(() => service.setSchedule(group, 'telegram:8', 'weekly someday 09:00')).toThrow(/unknown weekday/);
    expect(service.setSchedule(group, 'telegram:8', 'daily 18:30').schedule).toEqual(
      parseSchedule('daily 18:30'),
    );
  });

  it('puts an on-demand digest in the outbox for the named topics and period, and wakes the pump', () => {
    const { service, outbox, asked, woken, clock } = setup();
    const digest = service.requestDigest(group, 'telegram:7', ['3d', 'gaza']);
    expect(asked).toEqual([{ topics: ['gaza'], since: clock.now() - 3 * 86_400_000, until: clock.now() }]);
    expect(digest.storyCount).toBe(2);
    const chat = service.find(group);
    expect(chat).toMatchObject({ active: true, schedule: { frequency: 'off' } });
    const deliveries = outbox.ofChat(chat?.id ?? 0);
    expect(deliveries.map((d) => [d.period, d.state])).toEqual([[`on-demand:${clock.now()}`, 'pending']]);
    expect(woken()).toBe(1);
  });

  it('asks a chat that wants another digest within 30 seconds to wait, saying how long', () => {
    const { service, clock } = setup();
    service.requestDigest(group, 'telegram:7', []);
    clock.advance(10_000);
    expect(() => service.requestDigest(group, 'telegram:7', [])).toThrow(
      expect.objectContaining({ code: 'rate_limited', details: { retryAfterSeconds: 20 } }),
    );
    clock.advance(20_000);
    expect(service.requestDigest(group, 'telegram:7', []).storyCount).toBe(2);
  });

  it('lets a chat ask again at once when its digest could not be queued (found by review)', () => {
    const { service, outbox } = setup();
    vi.spyOn(outbox, 'enqueue').mockImplementationOnce(() => {
      throw new AppError('db_unavailable', 'database is locked');
    });
    expect(() => service.requestDigest(group, 'telegram:7', [])).toThrow(/database is locked/);
    // Nothing was queued, so "a digest was just sent" would be untrue: the retry the apology asks for works.
    expect(service.requestDigest(group, 'telegram:7', []).storyCount).toBe(2);
    expect(outbox.ofChat(service.find(group)?.id ?? 0).map((d) => d.state)).toEqual(['pending']);
  });

  it('keeps a chat an admin turned off off, and queues nothing, when a member asks for /digest', () => {
    const { service, chats, outbox, woken } = setup();
    const chat = service.subscribe(group, 'telegram:7').chat;
    chats.update(chat.id, { active: false }, 'cli', 0);
    const off = service.find(group);
    expect(off && isTurnedOffByPerson(off)).toBe(true);
    expect(() => service.requestDigest(group, 'telegram:99', [])).toThrow(
      /turned off by whoever runs this Parley/,
    );
    // Slack's /digest and Share in channel read the same preview.
    expect(() => service.preview(group, [])).toThrow(/turned off by whoever runs this Parley/);
    expect(service.find(group)).toMatchObject({ active: false, inactiveReason: 'turned off by cli' });
    expect(outbox.ofChat(chat.id)).toEqual([]);
    expect(woken()).toBe(0);
  });

  it('turns a chat the platform deactivated back on when it asks for /digest, and sends the digest', () => {
    const { service, outbox } = setup();
    const chat = service.subscribe(group, 'telegram:7').chat;
    service.deactivate(group, 'Forbidden: bot was kicked from the supergroup chat', 'system');
    const gone = service.find(group);
    expect(gone && isTurnedOffByPerson(gone)).toBe(false);
    service.requestDigest(group, 'telegram:7', []);
    expect(service.find(group)).toMatchObject({ active: true, inactiveReason: null });
    expect(outbox.ofChat(chat.id).map((d) => d.state)).toEqual(['pending']);
  });

  it.each([
    { state: 'turned off with `parley chats off`', active: false, reason: 'turned off by cli', person: true },
    {
      state: 'turned off by a Telegram user',
      active: false,
      reason: 'turned off by telegram:7',
      person: true,
    },
    { state: 'blocked by its user', active: false, reason: 'the user blocked the bot', person: false },
    { state: 'not found by Slack', active: false, reason: 'channel_not_found', person: false },
    { state: 'merged into another chat', active: false, reason: 'merged into 3', person: false },
    { state: 'off with no reason recorded', active: false, reason: null, person: false },
    { state: 'active', active: true, reason: null, person: false },
  ])('says whether a chat $state was turned off by a person ($person)', ({ active, reason, person }) => {
    expect(isTurnedOffByPerson({ active, inactiveReason: reason })).toBe(person);
  });

  it('previews the default period of the chat’s schedule without storing anything', () => {
    const { service, asked, clock } = setup();
    service.subscribe(group, 'telegram:7', { topics: ['iran'] });
    service.setSchedule(group, 'telegram:7', 'daily 08:00');
    service.preview(group, []);
    expect(asked.at(-1)).toEqual({ topics: ['iran'], since: clock.now() - 86_400_000, until: clock.now() });
    expect(() => service.preview(group, ['7d', '2d'])).toThrow(/one period/);
    expect(() => service.preview(group, ['40d'])).toThrow(/31 days/);
  });

  it('gives a preview asked for again within 10 s, unchanged, without composing it again', () => {
    const { service, asked, clock } = setup();
    service.subscribe(group, 'telegram:7', { topics: ['iran'] });
    const first = service.preview(group, []);
    clock.advance(9_000);
    expect(service.preview(group, [])).toBe(first);
    expect(asked).toHaveLength(1);
    // Other words, a changed chat, or the wait over: composed again.
    service.preview(group, ['2d']);
    expect(asked).toHaveLength(2);
    service.setTopics(group, 'telegram:7', ['gaza']);
    expect(service.preview(group, []).parts[0]).toMatchObject({ html: '<b>digest</b> gaza' });
    expect(asked).toHaveLength(3);
    clock.advance(10_000);
    service.preview(group, []);
    expect(asked).toHaveLength(4);
  });

  it('gives Share the preview the /digest just shown made, whose words it carries as its request and without a title', () => {
    const { service, asked, clock } = setup();
    const channel: ChatAddress = { platform: 'slack', chatId: 'C1', threadId: null };
    service.subscribe(channel, 'slack:U1', { title: 'general' });
    const shown = service.preview(channel, ['Iran', '7d'], { title: 'general' });
    clock.advance(3_000);
    // The Share button's value: the request, as shareValue (platforms/slack/digest-reply.ts) writes it.
    expect(service.preview(channel, ['iran', '604800000ms'])).toBe(shown);
    expect(asked).toHaveLength(1);
  });

  it('deactivates the forum topics’ subscriptions with their chat when the bot is removed from it', () => {
    const { service } = setup();
    const topic = { ...group, threadId: '77' };
    const other = { ...group, chatId: '-100999' };
    service.subscribe(group, 'telegram:7');
    service.subscribe(topic, 'telegram:7');
    service.subscribe(other, 'telegram:7');
    service.deactivate(group, 'Forbidden: bot was kicked from the supergroup chat', 'telegram:7');
    expect([service.find(group)?.active, service.find(topic)?.active, service.find(other)?.active]).toEqual([
      false,
      false,
      true,
    ]);
    expect(service.find(topic)?.inactiveReason).toContain('kicked');
  });
});

describe('which stops the chat or the platform lifts', () => {
  const active = (service: ReturnType<typeof setup>['service'], address: ChatAddress) =>
    service.find(address)?.active;

  it('lifts a block or removal when the bot is let back in or the chat writes, a missing right only when the bot is let back in', () => {
    const { service } = setup();
    const muted: ChatAddress = { platform: 'telegram', chatId: '-100300', threadId: null };
    service.subscribe(group, 'telegram:7');
    service.subscribe(muted, 'telegram:7');
    service.deactivate(group, 'the bot was removed from the chat', 'telegram:7');
    service.deactivate(muted, 'the bot may not send messages', 'telegram:7');
    service.setSchedule(group, 'telegram:7', 'daily 09:00');
    service.setSchedule(muted, 'telegram:7', 'daily 09:00');
    expect([active(service, group), active(service, muted)]).toEqual([true, false]);
    service.reactivate(muted, 'telegram:7');
    expect(active(service, muted)).toBe(true);
  });

  it('never lifts a closed forum topic, a Slack channel the app is not in, or a row merged into another', () => {
    const { service, chats } = setup();
    const topic: ChatAddress = { ...group, threadId: '5' };
    service.subscribe(group, 'telegram:7');
    service.subscribe(topic, 'telegram:7');
    service.deactivate(topic, 'Telegram chat is gone: Bad Request: TOPIC_CLOSED', 'system');
    service.reactivate(group, 'telegram:7');
    expect(active(service, topic)).toBe(false);
    const channel: ChatAddress = { platform: 'slack', chatId: 'C1', threadId: null };
    service.subscribe(channel, 'slack:U1');
    service.deactivate(channel, 'Slack channel is gone: not_in_channel', 'system');
    service.setQuiet(channel, 'slack:U1', 'skip');
    expect(active(service, channel)).toBe(false);
    // A group that became a supergroup the bot already served: the supergroup's own row is merged away.
    const old: ChatAddress = { platform: 'telegram', chatId: '-5001', threadId: null };
    const upgraded: ChatAddress = { platform: 'telegram', chatId: '-1005001', threadId: null };
    service.subscribe(old, 'telegram:7');
    service.subscribe(upgraded, 'telegram:7');
    service.migrate(old, '-1005001');
    service.reactivate(upgraded, 'telegram:7');
    const rows = chats.list({ platform: 'telegram' }).filter((c) => c.chatId === '-1005001');
    expect(rows.map((c) => c.active).sort()).toEqual([false, true]);
  });

  it('turns a closed forum topic back on when a command is typed in it (it was reopened)', () => {
    const { service } = setup();
    const topic: ChatAddress = { ...group, threadId: '5' };
    service.subscribe(topic, 'telegram:7');
    service.deactivate(topic, 'Telegram chat is gone: Bad Request: TOPIC_CLOSED', 'system');
    service.requestDigest(topic, 'telegram:8', []);
    expect(active(service, topic)).toBe(true);
  });

  it('refuses /digest in a chat Parley stopped posting to, saying why, instead of enqueuing a dead digest', () => {
    const { service, outbox } = setup();
    const chat = service.subscribe(group, 'telegram:7').chat;
    service.deactivate(group, 'the bot may not send messages', 'system');
    expect(() => service.requestDigest(group, 'telegram:7', [])).toThrow(
      'Parley stopped posting here (the last try said: the bot may not send messages): once it may post again, /start turns the digests back on',
    );
    expect(outbox.ofChat(chat.id)).toEqual([]);
  });

  it("writes every /digest of a private chat in the asker's language until someone chooses the chat's", () => {
    const { service, languages, clock } = setup();
    const direct: ChatAddress = { platform: 'telegram', chatId: '604', threadId: null };
    service.requestDigest(direct, 'telegram:604', [], { language: 'ru' });
    clock.advance(3_600_000);
    service.requestDigest(direct, 'telegram:604', [], { language: 'ru' });
    service.setLanguage(direct, 'telegram:604', 'uk');
    clock.advance(3_600_000);
    service.requestDigest(direct, 'telegram:604', [], { language: 'ru' });
    expect(languages).toEqual(['ru', 'ru', 'uk']);
  });

  it('keeps off a chat the operator turned off after the platform had stopped it', () => {
    const { service, chats } = setup();
    const chat = service.subscribe(group, 'telegram:7').chat;
    service.deactivate(group, 'the bot was removed from the chat', 'telegram:7');
    chats.update(chat.id, { active: false }, 'cli', 0);
    expect(service.find(group)?.inactiveReason).toBe('turned off by cli');
    service.reactivate(group, 'telegram:7');
    service.setSchedule(group, 'telegram:7', 'daily 09:00');
    expect(active(service, group)).toBe(false);
    expect(() => service.subscribe(group, 'telegram:7')).toThrow(/turned off by whoever runs this Parley/);
  });

  it('says a channel the platform had stopped is subscribed again', () => {
    const { service } = setup();
    const channel: ChatAddress = { platform: 'slack', chatId: 'C2', threadId: null };
    service.subscribe(channel, 'slack:U1');
    service.deactivate(channel, 'Slack channel is gone: not_in_channel', 'system');
    expect(service.subscribe(channel, 'slack:U1')).toMatchObject({ started: true, chat: { active: true } });
  });
});
