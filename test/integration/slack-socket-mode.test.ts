import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatService } from '../../src/domain/ports.js';
import { type SlackFrontEnd, startSlackFrontEnd } from '../../src/platforms/slack/slack-front-end.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { openDatabase } from '../../src/storage/database.js';
import { type FakeSlack, type ResponsePost, startFakeSlack } from '../fakes/slack-api.js';
import { type FakeSlackSocket, type SocketAck, startFakeSlackSocket } from '../fakes/slack-socket.js';
import { seededChatService } from '../support/chat-service.js';
import { twoTopicSeeds } from '../support/seed-stories.js';
import { commandBody } from '../support/slack-requests.js';

/**
 * The Slack front end in Socket Mode, its default transport: apps.connections.open on the fake Web API
 * hands out a URL of the loopback WebSocket fake, and slash commands arrive there as envelopes that the
 * app must ack within Slack's 3 seconds. Real chat service, composer and SQLite stores.
 */
const now = Date.UTC(2026, 10, 26, 12);
const seeds = twoTopicSeeds(now);
const channel = { platform: 'slack', chatId: 'C1', threadId: null } as const;

type Setup = { service: ChatService; fake: FakeSlack; socket: FakeSlackSocket; frontEnd: SlackFrontEnd };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakes(): Promise<{ fake: FakeSlack; socket: FakeSlackSocket }> {
  const socket = await startFakeSlackSocket();
  cleanups.push(socket.close);
  const fake = await startFakeSlack({ users: { U1: 'Europe/Kyiv' }, socketUrl: socket.issueUrl });
  cleanups.push(fake.close);
  return { fake, socket };
}

function chatService(): ChatService {
  const db = openDatabase(':memory:');
  cleanups.push(() => {
    db.close();
  });
  return seededChatService({ db, seeds: seeds, now }).service;
}

function startSocketMode(service: ChatService, fake: FakeSlack, appToken: string) {
  return startSlackFrontEnd({
    botToken: fake.token,
    apiUrl: fake.url,
    mode: 'socket',
    appToken,
    signingSecret: null,
    port: 0,
    service,
    log: createSilentLogger(),
    timeoutMs: 2_000,
  });
}

async function setup(): Promise<Setup> {
  const { fake, socket } = await fakes();
  const service = chatService();
  const frontEnd = await startSocketMode(service, fake, fake.appToken);
  cleanups.push(frontEnd.stop);
  return { service, fake, socket, frontEnd };
}

let keys = 0;
/** `/digest <text>` from U1 in C1 as a slash_commands envelope; `key` names its response_url. */
async function command(slack: Setup, text: string): Promise<SocketAck & { key: string }> {
  keys += 1;
  const key = `socket-${keys}`;
  const responseUrl = slack.fake.responseUrl(key);
  const fields = { text, user: 'U1', channel: 'C1', channelName: 'peace-desk', responseUrl };
  // Socket Mode carries the same fields as the HTTP form body, as a JSON object.
  const payload = Object.fromEntries(new URLSearchParams(commandBody(fields)));
  return { ...(await slack.socket.push('slash_commands', payload)), key };
}

async function responses(fake: FakeSlack, key: string, count: number): Promise<ResponsePost[]> {
  const deadline = Date.now() + 5_000;
  while (fake.responsesTo(key).length < count) {
    if (Date.now() > deadline) throw new Error(`response_url ${key}: ${fake.responsesTo(key).length} posts`);
    await sleep(5);
  }
  return fake.responsesTo(key);
}

describe('Slack Socket Mode', () => {
  it('connects with the app token through apps.connections.open and answers /digest settings in the ack', async () => {
    const slack = await setup();
    expect(slack.fake.callsTo('apps.connections.open')).toBe(1);
    expect(slack.socket.connections).toBe(1);
    const ack = await command(slack, 'settings');
    expect(ack.payload).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('no scheduled digest'),
    });
    expect(slack.fake.responses).toEqual([]);
  });

  it('acks /digest ukraine within 3 s and then posts the digest to the response_url', async () => {
    const slack = await setup();
    const ack = await command(slack, 'ukraine');
    expect(ack.ms).toBeLessThan(3_000);
    expect(ack.payload).toEqual({});
    const [answer] = await responses(slack.fake, ack.key, 1);
    expect(answer).toMatchObject({ responseType: 'ephemeral', text: expect.stringContaining('1 story') });
    expect(JSON.stringify(answer?.blocks)).toContain('Envoys meet in Istanbul');
    expect(JSON.stringify(answer?.blocks)).not.toContain('Truce talks in Doha');
  });

  it('subscribes the channel with /digest subscribe ukraine in the member’s time zone', async () => {
    const slack = await setup();
    const ack = await command(slack, 'subscribe ukraine');
    const [answer] = await responses(slack.fake, ack.key, 1);
    expect(JSON.stringify(answer)).toContain('weekly on Friday at 09:00 (Europe/Kyiv)');
    expect(slack.service.find(channel)).toMatchObject({
      topics: ['ukraine'],
      timeZone: 'Europe/Kyiv',
      title: 'peace-desk',
      active: true,
    });
  });

  it('reconnects at once through a new apps.connections.open after a refresh disconnect and still takes commands', async () => {
    const slack = await setup();
    const asked = performance.now();
    slack.socket.refresh();
    await slack.socket.connected(2, 15_000);
    // The SDK alone waits its 5 s ping timeout first, as after a failure (slack-receiver.ts).
    expect(performance.now() - asked).toBeLessThan(2_000);
    expect(slack.fake.callsTo('apps.connections.open')).toBe(2);
    expect(slack.socket.refused).toBe(0);
    expect(slack.socket.openConnections).toBe(1);
    const ack = await command(slack, 'settings');
    expect(ack.payload).toMatchObject({ text: expect.stringContaining('no scheduled digest') });
  });

  it('reconnects at once only once a minute when Slack asks again after every hello', async () => {
    const slack = await setup();
    const until = performance.now() + 2_000;
    let seen = 0;
    while (performance.now() < until) {
      if (slack.socket.connections > seen) {
        seen = slack.socket.connections;
        slack.socket.refresh();
      }
      await sleep(10);
    }
    // One prompt reconnect, then the SDK's 5 s wait (without the limit: hundreds in 2 s).
    expect(slack.fake.callsTo('apps.connections.open')).toBe(2);
  });

  it("keeps the SDK's back-off after a connection is cut without a refresh request", async () => {
    const slack = await setup();
    const dropped = performance.now();
    slack.socket.drop();
    await slack.socket.connected(2, 15_000);
    expect(performance.now() - dropped).toBeGreaterThan(4_000);
    const ack = await command(slack, 'settings');
    expect(ack.payload).toMatchObject({ text: expect.stringContaining('no scheduled digest') });
  });

  it('closes the WebSocket on stop()', async () => {
    const slack = await setup();
    expect(slack.socket.openConnections).toBe(1);
    await slack.frontEnd.stop();
    await slack.socket.allClosed(2_000);
    expect(slack.socket.connections).toBe(1);
  });

  it('refuses to start with an app token Slack rejects, naming SLACK_APP_TOKEN, and opens no socket', async () => {
    const { fake, socket } = await fakes();
    const started = startSocketMode(chatService(), fake, 'xapp-1-revoked');
    await expect(started).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining('SLACK_APP_TOKEN'),
      details: { reason: 'invalid_auth' },
    });
    expect(fake.callsTo('apps.connections.open')).toBe(1);
    expect(socket.connections).toBe(0);
  });
});
