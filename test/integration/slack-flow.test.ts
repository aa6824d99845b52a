import { afterEach, describe, expect, it } from 'vitest';
import { createPump } from '../../src/delivery/pump.js';
import { createDigestComposer } from '../../src/digest/digest-composer.js';
import { createSlackSender } from '../../src/platforms/slack/slack-sender.js';
import { createDigestScheduler } from '../../src/scheduler/digest-scheduler.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { createChatStore } from '../../src/storage/chat-store.js';
import { createOutbox } from '../../src/storage/outbox-store.js';
import { type StorySeed, topicList } from '../support/seed-stories.js';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.js';

/**
 * Issue 6's full flow: `/digest subscribe ukraine` and `/digest schedule daily 09:00` from a member in
 * Kyiv, then the digest scheduler at 09:00 Kyiv time and the outbox pump with the Slack sender post the
 * day's digest to the channel, with only the Ukraine stories.
 */
const start = Date.UTC(2026, 10, 26, 12); // Thursday 26 Nov 2026, 14:00 in Kyiv (UTC+2)
const nineInKyiv = Date.UTC(2026, 10, 27, 7); // Friday 27 Nov 2026, 09:00 in Kyiv
const hour = 3_600_000;
const seeds: StorySeed[] = [
  {
    title: 'Envoys meet in Istanbul',
    summary: 'Both sides sent delegations.',
    topic: 'ukraine',
    at: start - hour,
  },
  {
    title: 'Black Sea grain corridor talks resume',
    summary: 'Turkey hosts the round.',
    topic: 'ukraine',
    at: start + 5 * hour,
    outlets: 2,
  },
  {
    title: 'Prisoner swap agreed last week',
    summary: 'Older news.',
    topic: 'ukraine',
    at: start - 72 * hour,
  },
  { title: 'Truce talks in Doha', summary: 'Mediators meet.', topic: 'gaza', at: start + 2 * hour },
  { title: 'Nuclear talks in Muscat', summary: 'Oman hosts.', topic: 'iran', at: start + 3 * hour },
];

let harness: SlackHarness | null = null;
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await harness?.close();
  harness = null;
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('Slack full flow', () => {
  it('posts the daily digest to the subscribed channel at 09:00 in the member’s time zone, only with Ukraine stories', async () => {
    harness = await startSlackHarness({ start, seeds, users: { U1: 'Europe/Kyiv' } });
    const { db, clock, fake } = harness;
    for (const text of ['subscribe ukraine', 'schedule daily 09:00']) {
      const sent = await harness.command(text, { channel: 'C1', user: 'U1' });
      expect(sent.status).toBe(200);
      if (sent.text === '') await harness.responses(sent.key, 1);
    }
    const chats = createChatStore(db);
    const outbox = createOutbox(db);
    const log = createSilentLogger();
    const labels = new Map(topicList.map((topic) => [topic.id, topic.label]));
    const composer = createDigestComposer({ stories: harness.stories, labels, clock, lagMs: 3_600_000 });
    const scheduler = createDigestScheduler({
      chats,
      outbox,
      composer,
      clock,
      log,
      catchUpMs: 24 * hour,
      platforms: ['slack'],
    });
    const sender = createSlackSender({ token: fake.token, apiUrl: fake.url, timeoutMs: 2_000 });
    const pump = createPump({
      outbox,
      chats,
      senders: [sender],
      limits: {
        telegram: { perSecond: 30, chatGapMs: 1000, groupGapMs: 3000 },
        slack: { perSecond: 10, chatGapMs: 0, groupGapMs: 0 },
      },
      clock,
      log,
      idleMs: 10,
    });
    pump.start();
    stops.push(() => pump.stop());

    clock.set(nineInKyiv - 60_000);
    expect((await scheduler.tick()).enqueued).toBe(0);
    clock.set(nineInKyiv);
    expect((await scheduler.tick()).enqueued).toBe(1);
    pump.wake();
    await waitFor(() => fake.messagesTo('C1').length === 1 && outbox.counts().pending === 0);

    const [posted] = fake.messagesTo('C1');
    const text = JSON.stringify(posted?.blocks);
    expect(posted?.text).toContain('Peace talks digest, 26 Nov 2026 to 27 Nov 2026: 2 stories');
    expect(text).toContain('Envoys meet in Istanbul');
    expect(text).toContain('Black Sea grain corridor talks resume');
    for (const other of ['Prisoner swap agreed last week', 'Truce talks in Doha', 'Nuclear talks in Muscat'])
      expect(text).not.toContain(other);
    expect(fake.messages).toHaveLength(1);

    clock.set(nineInKyiv + 30 * 60_000);
    expect((await scheduler.tick()).enqueued).toBe(0);
  });
});
