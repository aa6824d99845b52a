import { afterEach, describe, expect, it } from 'vitest';
import { createChatStore } from '../../src/storage/chat-store.js';
import { twoTopicSeeds } from '../support/seed-stories.js';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.js';
import {
  commandBody,
  postSigned,
  shareClick,
  signingSecret,
  slackSignature,
} from '../support/slack-requests.js';

/**
 * What Slack must refuse (found by review): a digest in a channel the operator turned off (README
 * "Delivery guarantees": it stays off, and its own /digest says so), and a signed request sent again
 * (README: "a captured request cannot be replayed").
 */
const now = Date.UTC(2026, 10, 26, 12);
const open: SlackHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

describe('Slack /digest in a channel the operator turned off', () => {
  it('says the digests are off and offers no Share button', async () => {
    const harness = await startSlackHarness({ start: now, seeds: twoTopicSeeds(now) });
    open.push(harness);
    const address = { platform: 'slack', chatId: 'C1', threadId: null } as const;
    const chat = harness.service.subscribe(address, 'slack:U1').chat;
    // What `parley chats off C1` does.
    createChatStore(harness.db).update(chat.id, { active: false }, 'cli', now);
    expect(harness.service.find(address)?.inactiveReason).toMatch(/^turned off by /);

    const sent = await harness.command('ukraine 7d');
    const [answer] = await harness.responses(sent.key, 1);
    const json = JSON.stringify(answer);
    expect(json).toMatch(/turned off by whoever runs this Parley/);
    expect(json).not.toContain('parley_share_digest');
  });

  it('does not post the digest into the turned-off channel when Share is clicked', async () => {
    const harness = await startSlackHarness({ start: now, seeds: twoTopicSeeds(now) });
    open.push(harness);
    const address = { platform: 'slack', chatId: 'C1', threadId: null } as const;
    const chat = harness.service.subscribe(address, 'slack:U1').chat;
    createChatStore(harness.db).update(chat.id, { active: false }, 'cli', now);
    await harness.action(shareClick(harness.fake.responseUrl, 'ukraine 604800000ms', 'share'));
    const posts = await harness.responses('share', 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(harness.fake.responsesTo('share').filter((p) => p.responseType === 'in_channel')).toEqual([]);
    expect(JSON.stringify(posts)).toMatch(/turned off/);
  });
});

describe('Slack HTTP receiver: replayed requests', () => {
  it('refuses a captured signed /digest subscribe sent again within the five-minute window', async () => {
    const harness = await startSlackHarness({ start: now });
    open.push(harness);
    const address = { platform: 'slack', chatId: 'C1', threadId: null } as const;
    const timestamp = Math.floor(Date.now() / 1000);
    const captured = commandBody({
      text: 'subscribe ukraine',
      user: 'U1',
      channel: 'C1',
      channelName: 'peace-desk',
      responseUrl: harness.fake.responseUrl('first'),
    });
    const type = 'application/x-www-form-urlencoded';
    expect((await postSigned(harness.endpoint, captured, type, { timestamp })).status).toBe(200);
    await harness.responses('first', 1);
    // The channel's members then choose other topics …
    await harness.responses((await harness.command('subscribe gaza')).key, 1);
    expect(harness.service.find(address)?.topics).toEqual(['gaza']);
    // … and someone who captured the first request sends it again, byte for byte.
    const replayed = await postSigned(harness.endpoint, captured, type, { timestamp });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(replayed.status).toBe(401);
    expect(harness.service.find(address)?.topics).toEqual(['gaza']);
  });
});

describe('Slack HTTP receiver: replayed requests with a signature dressed up', () => {
  it('refuses the captured request sent again with text after a second "=" in its signature', async () => {
    const harness = await startSlackHarness({ start: now });
    open.push(harness);
    const address = { platform: 'slack', chatId: 'C1', threadId: null } as const;
    const timestamp = Math.floor(Date.now() / 1000);
    const captured = commandBody({
      text: 'subscribe ukraine',
      user: 'U1',
      channel: 'C1',
      channelName: 'peace-desk',
      responseUrl: harness.fake.responseUrl('first'),
    });
    const type = 'application/x-www-form-urlencoded';
    expect((await postSigned(harness.endpoint, captured, type, { timestamp })).status).toBe(200);
    await harness.responses('first', 1);
    await harness.responses((await harness.command('subscribe gaza')).key, 1);
    expect(harness.service.find(address)?.topics).toEqual(['gaza']);
    // Bolt reads only `v0=<hash>` of `v0=<hash>=x`: the same signature, sent again.
    const signature = `${slackSignature(signingSecret, timestamp, captured)}=x`;
    const replayed = await postSigned(harness.endpoint, captured, type, { timestamp, signature });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(replayed.status).toBe(401);
    expect(harness.service.find(address)?.topics).toEqual(['gaza']);
  });

  it('still refuses the captured request after many requests with made-up signatures', async () => {
    const harness = await startSlackHarness({ start: now });
    open.push(harness);
    const address = { platform: 'slack', chatId: 'C1', threadId: null } as const;
    const timestamp = Math.floor(Date.now() / 1000);
    const captured = commandBody({
      text: 'subscribe ukraine',
      user: 'U1',
      channel: 'C1',
      channelName: 'peace-desk',
      responseUrl: harness.fake.responseUrl('first'),
    });
    const type = 'application/x-www-form-urlencoded';
    expect((await postSigned(harness.endpoint, captured, type, { timestamp })).status).toBe(200);
    await harness.responses('first', 1);
    await harness.responses((await harness.command('subscribe gaza')).key, 1);
    // Unsigned junk, each with a signature of its own, as many as the guard remembers.
    for (let batch = 0; batch < 100; batch += 1) {
      const sent = Array.from({ length: 100 }, (_, i) =>
        postSigned(harness.endpoint, 'x=1', type, { timestamp, signature: `v0=${batch}-${i}` }),
      );
      for (const answer of await Promise.all(sent)) expect(answer.status).toBe(401);
    }
    const replayed = await postSigned(harness.endpoint, captured, type, { timestamp });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(replayed.status).toBe(401);
    expect(harness.service.find(address)?.topics).toEqual(['gaza']);
  }, 60_000);

  // Review: only a 401 let a made-up signature go, so the same flood sent to a path Bolt does not serve
  // (answered 404) or with a body past its limit (413) still pushed the real signature out of memory.
  it('still refuses the captured request after made-up signatures sent where Bolt answers 404', async () => {
    const harness = await startSlackHarness({ start: now });
    open.push(harness);
    const address = { platform: 'slack', chatId: 'C1', threadId: null } as const;
    const timestamp = Math.floor(Date.now() / 1000);
    const captured = commandBody({
      text: 'subscribe ukraine',
      user: 'U1',
      channel: 'C1',
      channelName: 'peace-desk',
      responseUrl: harness.fake.responseUrl('first'),
    });
    const type = 'application/x-www-form-urlencoded';
    expect((await postSigned(harness.endpoint, captured, type, { timestamp })).status).toBe(200);
    await harness.responses('first', 1);
    await harness.responses((await harness.command('subscribe gaza')).key, 1);
    const elsewhere = harness.endpoint.replace('/slack/events', '/elsewhere');
    for (let batch = 0; batch < 100; batch += 1) {
      const sent = Array.from({ length: 100 }, (_, i) =>
        postSigned(elsewhere, 'x=1', type, { timestamp, signature: `v0=${batch}-${i}` }),
      );
      for (const answer of await Promise.all(sent)) expect(answer.status).toBe(404);
    }
    const replayed = await postSigned(harness.endpoint, captured, type, { timestamp });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(replayed.status).toBe(401);
    expect(harness.service.find(address)?.topics).toEqual(['gaza']);
  }, 60_000);
});
