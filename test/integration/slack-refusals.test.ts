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

const form = 'application/x-www-form-urlencoded';
const address = { platform: 'slack', chatId: 'C1', threadId: null } as const;

/**
 * A channel subscribed to ukraine by a signed /digest that someone captured, then moved to gaza by its
 * members; `replay` sends the captured request again (with another signature header when given) and
 * says whether it was refused and changed nothing.
 */
async function capturedSubscribe() {
  const harness = await startSlackHarness({ start: now });
  open.push(harness);
  const timestamp = Math.floor(Date.now() / 1000);
  const captured = commandBody({
    text: 'subscribe ukraine',
    user: 'U1',
    channel: 'C1',
    channelName: 'peace-desk',
    responseUrl: harness.fake.responseUrl('first'),
  });
  expect((await postSigned(harness.endpoint, captured, form, { timestamp })).status).toBe(200);
  await harness.responses('first', 1);
  await harness.responses((await harness.command('subscribe gaza')).key, 1);
  expect(harness.service.find(address)?.topics).toEqual(['gaza']);
  // Requests with made-up signatures, 100 at a time: their statuses.
  const junk = async (url: string, count: number) => {
    const statuses: number[] = [];
    for (let batch = 0; batch < count / 100; batch += 1) {
      const sent = Array.from({ length: 100 }, (_, i) =>
        postSigned(url, 'x=1', form, { timestamp, signature: `v0=${batch}-${i}` }),
      );
      for (const answer of await Promise.all(sent)) statuses.push(answer.status);
    }
    return statuses;
  };
  const replay = async (signature?: string) => {
    const replayed = await postSigned(harness.endpoint, captured, form, {
      timestamp,
      ...(signature === undefined ? {} : { signature }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { status: replayed.status, topics: harness.service.find(address)?.topics };
  };
  return { harness, timestamp, captured, junk, replay };
}

const refused = { status: 401, topics: ['gaza'] };

describe('Slack HTTP receiver: replayed requests', () => {
  it('refuses a captured signed /digest subscribe sent again within the five-minute window', async () => {
    // Someone who captured the first request sends it again, byte for byte.
    const { replay } = await capturedSubscribe();
    expect(await replay()).toEqual(refused);
  });
});

describe('Slack HTTP receiver: replayed requests with a signature dressed up', () => {
  it('refuses the captured request sent again with text after a second "=" in its signature', async () => {
    const { timestamp, captured, replay } = await capturedSubscribe();
    // Bolt reads only `v0=<hash>` of `v0=<hash>=x`: the same signature, sent again.
    expect(await replay(`${slackSignature(signingSecret, timestamp, captured)}=x`)).toEqual(refused);
  });

  it('still refuses the captured request after many requests with made-up signatures', async () => {
    const { harness, junk, replay } = await capturedSubscribe();
    // Unsigned junk, each with a signature of its own, as many as the guard remembers.
    expect(new Set(await junk(harness.endpoint, 10_000))).toEqual(new Set([401]));
    expect(await replay()).toEqual(refused);
  }, 60_000);

  // Review: only a 401 let a made-up signature go, so the same flood sent to a path Bolt does not serve
  // (answered 404) or with a body past its limit (413) still pushed the real signature out of memory.
  it('still refuses the captured request after made-up signatures sent where Bolt answers 404', async () => {
    const { harness, junk, replay } = await capturedSubscribe();
    const elsewhere = harness.endpoint.replace('/slack/events', '/elsewhere');
    expect(new Set(await junk(elsewhere, 10_000))).toEqual(new Set([404]));
    expect(await replay()).toEqual(refused);
  }, 60_000);
});
