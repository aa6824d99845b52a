import { afterEach, describe, expect, it } from 'vitest';
import { topicNamed } from '../../src/analysis/topics.js';
import { type SlackFrontEnd, startSlackFrontEnd } from '../../src/platforms/slack/slack-front-end.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.js';
import { twoTopicSeeds } from '../support/seed-stories.js';
import {
  type SlackHarness,
  signingSecret,
  slackSignature,
  startSlackHarness,
} from '../support/slack-harness.js';
import { shareClick } from '../support/slack-requests.js';
import { shippedTopics } from '../unit/analysis/shipped-config.js';

/**
 * The Bolt HTTP receiver as Slack reaches it: signatures and the timestamp window, the ack before the
 * answer, the share button and the App Home tab, against the fake Slack Web API.
 */
const now = Date.UTC(2026, 10, 26, 12);
const seeds = twoTopicSeeds(now);

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((resource) => resource.close()));
});

async function setup(): Promise<SlackHarness> {
  const harness = await startSlackHarness({
    start: now,
    seeds,
    topicNamed: (word) => topicNamed(shippedTopics, word),
  });
  open.push(harness);
  return harness;
}

const seconds = () => Math.floor(Date.now() / 1000);
const channel = { platform: 'slack', chatId: 'C1', threadId: null } as const;

/** Nothing happened: no chat stored, no Web API call but Bolt's start-up auth.test, no response_url post. */
function expectNoSideEffects(harness: SlackHarness): void {
  expect(harness.service.find(channel)).toBeNull();
  expect(harness.fake.callsTo('users.info')).toBe(0);
  expect(harness.fake.responses).toEqual([]);
}

describe('request verification', () => {
  it.each([
    ['a forged signature', { signature: `v0=${'0'.repeat(64)}` }],
    ['a signature made with another secret', { secret: 'another-signing-secret' }],
    ['a timestamp 6 minutes old', { timestamp: seconds() - 360 }],
    ['a timestamp 6 minutes ahead', { timestamp: seconds() + 360 }],
    ['a timestamp an hour ahead', { timestamp: seconds() + 3600 }],
  ])('refuses %s with 401 and does nothing', async (_name, signing) => {
    const harness = await setup();
    const sent = await harness.command('subscribe ukraine', signing);
    expect(sent.status).toBe(401);
    expect(sent.text).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expectNoSideEffects(harness);
  });

  it('accepts a correctly signed request a few seconds ahead (clock skew)', async () => {
    const harness = await setup();
    const sent = await harness.command('help', { timestamp: seconds() + 30 });
    expect(sent.status).toBe(200);
    expect(sent.json()).toMatchObject({ response_type: 'ephemeral' });
  });

  it('refuses a signed body that was changed on the way', async () => {
    const harness = await setup();
    const timestamp = seconds();
    const signature = slackSignature(signingSecret, timestamp, 'command=%2Fdigest&text=help');
    const sent = await harness.command('subscribe', { timestamp, signature });
    expect(sent.status).toBe(401);
    expectNoSideEffects(harness);
  });
});

describe('/digest ukraine', () => {
  it('acks with an empty 200 at once and then answers through the response_url', async () => {
    const harness = await setup();
    const sent = await harness.command('ukraine');
    expect(sent).toMatchObject({ status: 200, text: '' });
    const [answer] = await harness.responses(sent.key, 1);
    expect(answer).toMatchObject({ responseType: 'ephemeral', text: expect.stringContaining('1 story') });
    expect(JSON.stringify(answer?.blocks)).toContain('Envoys meet in Istanbul');
  });
});

describe('Share in channel', () => {
  function shareValueOf(blocks: unknown[] | null | undefined): string | undefined {
    const actions = (blocks ?? []).find((block) => (block as { type: string }).type === 'actions');
    return (actions as { elements: Array<{ value?: string }> } | undefined)?.elements[0]?.value;
  }

  it('posts the digest for everyone with who shared it, then replaces the private copy', async () => {
    const harness = await setup();
    const sent = await harness.command('ukraine 7d');
    const [answer] = await harness.responses(sent.key, 1);
    const value = shareValueOf(answer?.blocks);
    expect(value).toBe('ukraine 604800000ms');
    const clicked = await harness.action(shareClick(harness.fake.responseUrl, value, 'share'));
    expect(clicked.status).toBe(200);
    const [shared, confirmation] = await harness.responses('share', 2);
    expect(shared).toMatchObject({ responseType: 'in_channel', replaceOriginal: false });
    expect(JSON.stringify(shared?.blocks)).toContain('Envoys meet in Istanbul');
    expect(JSON.stringify(shared?.blocks)).not.toContain('Truce talks in Doha');
    expect(JSON.stringify(shared?.blocks)).toContain('Shared by <@U1>');
    expect(confirmation).toMatchObject({ replaceOriginal: true, text: 'Shared in the channel' });
  });

  it("shares a digest asked for by a topic's name with the topic's id", async () => {
    const harness = await setup();
    const [answer] = await harness.responses((await harness.command('украина 7д')).key, 1);
    expect(JSON.stringify(answer?.blocks)).toContain('Envoys meet in Istanbul');
    expect(shareValueOf(answer?.blocks)).toBe('ukraine 604800000ms');
  });

  it('posts the digest once when the button is clicked twice before the private copy is replaced', async () => {
    const harness = await setup();
    const [answer] = await harness.responses((await harness.command('ukraine 7d')).key, 1);
    const value = shareValueOf(answer?.blocks);
    await Promise.all([
      harness.action(shareClick(harness.fake.responseUrl, value, 'share')),
      harness.action(shareClick(harness.fake.responseUrl, value, 'share-again')),
    ]);
    const both = () => [...harness.fake.responsesTo('share'), ...harness.fake.responsesTo('share-again')];
    for (let waited = 0; both().length < 2 && waited < 5_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    // Whichever click came first posted and confirmed; nothing more arrives for the other.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(both()).toHaveLength(2);
    expect(both().filter((post) => post.responseType === 'in_channel')).toHaveLength(1);
  });

  it('shares one digest per channel per 30 s: ten private copies shared at once post one (found by review)', async () => {
    const harness = await setup();
    const [answer] = await harness.responses((await harness.command('ukraine 7d')).key, 1);
    const value = shareValueOf(answer?.blocks);
    const click = (n: number) => {
      const payload = shareClick(harness.fake.responseUrl, value, `share-${n}`);
      return harness.action({
        ...payload,
        container: { ...payload.container, message_ts: `1795000000.00${n}` },
      });
    };
    await click(0);
    await harness.responses('share-0', 2);
    for (let n = 1; n < 10; n++) await click(n);
    const waits = await Promise.all(
      Array.from({ length: 9 }, (_, n) => harness.responses(`share-${n + 1}`, 1)),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(harness.fake.responses.filter((post) => post.responseType === 'in_channel')).toHaveLength(1);
    for (const [wait] of waits)
      expect(wait).toMatchObject({ responseType: 'ephemeral', replaceOriginal: false });
    expect(waits[0]?.[0]?.text).toMatch(
      /^A digest was just shared here\. Please share again in (30|29) s\.$/,
    );
  });

  it('shares the channel’s own selection when the request named no topic', async () => {
    const harness = await setup();
    const [answer] = await harness.responses((await harness.command('')).key, 1);
    expect(shareValueOf(answer?.blocks)).toBeUndefined();
    await harness.action(shareClick(harness.fake.responseUrl, undefined, 'share'));
    const [shared] = await harness.responses('share', 2);
    expect(JSON.stringify(shared?.blocks)).toContain('Truce talks in Doha');
  });

  it('refuses a forged click with 401 and posts nothing', async () => {
    const harness = await setup();
    const clicked = await harness.action(shareClick(harness.fake.responseUrl, 'ukraine', 'share'), {
      signature: `v0=${'f'.repeat(64)}`,
    });
    expect(clicked.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(harness.fake.responses).toEqual([]);
  });
});

describe('App Home', () => {
  async function homeOf(harness: SlackHarness, user: string): Promise<string> {
    const sent = await harness.event({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home' });
    expect(sent.status).toBe(200);
    const before = harness.fake.views.length;
    const deadline = Date.now() + 2000;
    while (harness.fake.views.length === before && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    const published = harness.fake.views.at(-1);
    expect(published?.userId).toBe(user);
    expect(published?.view.blocks.length).toBeLessThanOrEqual(100);
    return JSON.stringify(published?.view.blocks);
  }

  async function subscribeFour(harness: SlackHarness): Promise<void> {
    await harness.responses((await harness.command('subscribe ukraine', { channel: 'C1' })).key, 1);
    await harness.responses((await harness.command('schedule daily 07:30', { channel: 'C2' })).key, 1);
    await harness.command('unsubscribe', { channel: 'C1' });
    await harness.responses((await harness.command('subscribe gaza', { channel: 'C3' })).key, 1);
    await harness.responses((await harness.command('subscribe iran', { channel: 'G4' })).key, 1);
  }

  it('publishes what Parley is, the subscribed channels its viewer is in and the latest digest', async () => {
    // U1 is in 250 channels (two pages of users.conversations), among them C1, C2 and C3 but not G4.
    const many = Array.from({ length: 247 }, (_, i) => `C9${String(i).padStart(4, '0')}`);
    const harness = await startSlackHarness({
      start: now,
      seeds,
      memberships: { U1: [...many.slice(0, 150), 'C1', 'C2', ...many.slice(150), 'C3'], U2: ['G4'] },
    });
    open.push(harness);
    await subscribeFour(harness);
    const text = await homeOf(harness, 'U1');
    expect(text).toContain('Parley reads news feeds about peace talks');
    expect(text).toContain('<#C2>: all topics; daily at 07:30 (Europe/Kyiv)');
    expect(text).toContain('<#C3>: Israel–Hamas, Gaza; weekly on Friday at 09:00 (Europe/Kyiv)');
    expect(text).not.toContain('<#C1>');
    expect(text).not.toContain('G4');
    expect(text).toContain('Envoys meet in Istanbul');
    expect(harness.fake.callsTo('users.conversations')).toBe(2);
    const other = await homeOf(harness, 'U2');
    expect(other).toContain('<#G4>');
    expect(other).not.toContain('<#C2>');
  });

  it('lists no channel, and says why, when the app lacks the scopes to see its viewer’s channels', async () => {
    const harness = await startSlackHarness({ start: now, seeds, memberships: null });
    open.push(harness);
    await subscribeFour(harness);
    const text = await homeOf(harness, 'U1');
    expect(text).toContain('cannot see which channels you are in');
    expect(text).not.toMatch(/<#[CG]\d>/);
    expect(text).toContain('Envoys meet in Istanbul');
  });

  it('says to try again, not that scopes are missing, when Slack rate-limits the channel lookup', async () => {
    const harness = await startSlackHarness({ start: now, seeds, memberships: 'ratelimited' });
    open.push(harness);
    await subscribeFour(harness);
    const text = await homeOf(harness, 'U1');
    expect(text).toContain('open this tab again in a minute');
    expect(text).not.toContain('channels:read');
    expect(text).not.toMatch(/<#[CG]\d>/);
  });

  it('asks Slack nothing when no channel is subscribed', async () => {
    const harness = await startSlackHarness({ start: now, seeds, memberships: { U1: ['C1'] } });
    open.push(harness);
    const text = await homeOf(harness, 'U1');
    expect(text).toContain('None of your channels gets a scheduled digest yet');
    expect(harness.fake.callsTo('users.conversations')).toBe(0);
  });

  it('stops after ten pages of channels and says some may be missing', async () => {
    const many = Array.from({ length: 2100 }, (_, i) => `C8${String(i).padStart(5, '0')}`);
    const harness = await startSlackHarness({ start: now, seeds, memberships: { U1: [...many, 'C3'] } });
    open.push(harness);
    await harness.responses((await harness.command('subscribe gaza', { channel: 'C3' })).key, 1);
    const text = await homeOf(harness, 'U1');
    expect(harness.fake.callsTo('users.conversations')).toBe(10);
    expect(text).not.toContain('<#C3>');
    expect(text).toContain('some of yours may be missing here');
  });

  it('publishes once for a member opening the tab again within seconds, again when the lookup failed', async () => {
    const harness = await startSlackHarness({ start: now, seeds, memberships: { U1: ['C3'] } });
    open.push(harness);
    await harness.responses((await harness.command('subscribe gaza', { channel: 'C3' })).key, 1);
    await homeOf(harness, 'U1');
    for (let i = 0; i < 5; i += 1)
      await harness.event({ type: 'app_home_opened', user: 'U1', channel: 'D0HOME', tab: 'home' });
    await homeOf(harness, 'U2');
    expect(harness.fake.views.map((view) => view.userId)).toEqual(['U1', 'U2']);
    expect(harness.fake.callsTo('users.conversations')).toBe(2);

    const limited = await startSlackHarness({ start: now, seeds, memberships: 'ratelimited' });
    open.push(limited);
    await limited.responses((await limited.command('subscribe gaza', { channel: 'C3' })).key, 1);
    await homeOf(limited, 'U1');
    expect(await homeOf(limited, 'U1')).toContain('open this tab again in a minute');
    expect(limited.fake.views).toHaveLength(2);
  });

  it('publishes once for a member whose openings arrive while the first is still reading the channels', async () => {
    const harness = await startSlackHarness({ start: now, seeds, memberships: { U1: ['C3'] } });
    open.push(harness);
    await harness.responses((await harness.command('subscribe gaza', { channel: 'C3' })).key, 1);
    const opened = { type: 'app_home_opened', user: 'U1', channel: 'D0HOME', tab: 'home' };
    await Promise.all([1, 2, 3].map(() => harness.event(opened)));
    const deadline = Date.now() + 2000;
    while (harness.fake.views.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(harness.fake.views).toHaveLength(1);
    expect(harness.fake.callsTo('users.conversations')).toBe(1);
  });

  it('publishes nothing when the Messages tab is opened', async () => {
    const harness = await setup();
    await harness.event({ type: 'app_home_opened', user: 'U1', channel: 'D0HOME', tab: 'messages' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(harness.fake.views).toEqual([]);
  });
});

describe('startSlackFrontEnd', () => {
  const fakes: FakeSlack[] = [];
  async function start(overrides: Partial<Parameters<typeof startSlackFrontEnd>[0]>) {
    const fake = await startFakeSlack();
    fakes.push(fake);
    open.push(fake);
    const harness = await setup();
    return startSlackFrontEnd({
      botToken: fake.token,
      apiUrl: fake.url,
      mode: 'http',
      appToken: null,
      signingSecret,
      port: 0,
      service: harness.service,
      log: createSilentLogger(),
      ...overrides,
    }).then(
      (frontEnd) => {
        open.push({ close: frontEnd.stop });
        return frontEnd;
      },
      (error: unknown) => error,
    );
  }

  it.each([
    ['Socket Mode without an app token', { mode: 'socket', appToken: null }, /SLACK_APP_TOKEN/],
    ['Socket Mode with a bot token as app token', { mode: 'socket', appToken: 'xoxb-1' }, /xapp-/],
    ['HTTP mode without a signing secret', { signingSecret: null }, /SLACK_SIGNING_SECRET/],
    ['a bot token Slack refuses', { botToken: 'xoxb-revoked' }, /invalid_auth/],
  ] as const)('refuses to start with %s, saying what to set', async (_name, overrides, message) => {
    expect(await start(overrides)).toMatchObject({
      code: 'config_invalid',
      message: expect.stringMatching(message),
    });
  });

  it('opens Socket Mode through SLACK_API_URL and names SLACK_APP_TOKEN when Slack refuses it', async () => {
    expect(await start({ mode: 'socket', appToken: 'xapp-1-revoked' })).toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining('Slack refused SLACK_APP_TOKEN (apps.connections.open): invalid_auth'),
    });
    expect(fakes.at(-1)?.callsTo('apps.connections.open')).toBe(1);
  });

  it.each([
    [{ host: '127.0.0.1' }, '127.0.0.1'],
    [{}, '0.0.0.0'],
  ])('listens in HTTP mode on the interface slack.host names (%j)', async (overrides, expected) => {
    const frontEnd = await start(overrides);
    if (!(typeof frontEnd === 'object' && frontEnd !== null && 'host' in frontEnd)) throw frontEnd;
    const { host, port } = frontEnd as SlackFrontEnd;
    expect(host).toBe(expected);
    const reply = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      body: '{}',
    });
    expect(reply.status).toBe(401);
  });

  it('says which setting to change when the HTTP port is taken', async () => {
    const harness = await setup();
    expect(await start({ port: harness.frontEnd.port ?? 0 })).toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining('is already in use'),
    });
  });
});
