import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatService } from '../../src/domain/ports.js';
import { createProxyTransport, type ProxyTransport } from '../../src/ingest/outbound-proxy.js';
import { startSlackFrontEnd } from '../../src/platforms/slack/slack-front-end.js';
import { createSlackSender } from '../../src/platforms/slack/slack-sender.js';
import { createTelegramBot } from '../../src/platforms/telegram/bot.js';
import { createTelegramSender } from '../../src/platforms/telegram/telegram-sender.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { openDatabase } from '../../src/storage/database.js';
import { type FakeProxy, startFakeProxy } from '../fakes/http-proxy.js';
import { startFakeSlack } from '../fakes/slack-api.js';
import { startFakeSlackSocket } from '../fakes/slack-socket.js';
import { startFakeTelegram } from '../fakes/telegram-api.js';
import { seededChatService } from '../support/chat-service.js';
import { twoTopicSeeds } from '../support/seed-stories.js';
import { commandBody } from '../support/slack-requests.js';

/**
 * Telegram and Slack through the outbound proxy: the loopback fakes of the Bot API and the Slack Web API
 * and Socket Mode are reached only via a loopback forward proxy, which records what it passed on.
 */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function proxied(noProxy = ''): Promise<{ proxy: FakeProxy; transport: ProxyTransport }> {
  const proxy = await startFakeProxy();
  cleanups.push(proxy.close);
  const transport = createProxyTransport({ httpProxy: proxy.url, httpsProxy: null, noProxy });
  cleanups.push(transport.close);
  return { proxy, transport };
}

function chatService(): ChatService {
  const now = Date.UTC(2026, 10, 26, 12);
  const db = openDatabase(':memory:');
  cleanups.push(() => {
    db.close();
  });
  return seededChatService({ db, seeds: twoTopicSeeds(now), now }).service;
}

const telegramChat = { platform: 'telegram', chatId: '1001', threadId: null } as const;
const slackChannel = { platform: 'slack', chatId: 'C1', threadId: null } as const;

describe('Telegram through the proxy', () => {
  it('sends a digest part and the bot asks getMe via the proxy', async () => {
    const telegram = await startFakeTelegram();
    cleanups.push(telegram.close);
    const { proxy, transport } = await proxied();
    const options = { token: telegram.token, apiRoot: telegram.url, fetch: transport.fetch };
    const sender = createTelegramSender({ ...options, timeoutMs: 2_000 });
    await sender.send(telegramChat, { platform: 'telegram', html: '<b>Talks</b> resume' });
    expect(telegram.messagesTo('1001')).toHaveLength(1);
    const bot = createTelegramBot({ ...options, service: chatService(), log: createSilentLogger() });
    await bot.init();
    expect(bot.botInfo.is_bot).toBe(true);
    expect(proxy.requests.map(({ method, target }) => `${method} ${target}`)).toEqual([
      `POST ${telegram.url}/bot${telegram.token}/sendMessage`,
      `POST ${telegram.url}/bot${telegram.token}/getMe`,
    ]);
  });

  it('still gives up on a send that never answers, after the timeout', async () => {
    const telegram = await startFakeTelegram();
    cleanups.push(telegram.close);
    const { transport } = await proxied();
    const sender = createTelegramSender({
      token: telegram.token,
      apiRoot: telegram.url,
      timeoutMs: 300,
      fetch: transport.fetch,
    });
    telegram.failNext('1001', 'hang');
    const started = Date.now();
    const outcome = await sender
      .send(telegramChat, { platform: 'telegram', html: 'Hello' })
      .catch((error) => error);
    expect(outcome).toMatchObject({ code: 'timeout', retryable: true, details: { outcomeUnknown: true } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('goes direct to a Bot API host NO_PROXY names', async () => {
    const telegram = await startFakeTelegram();
    cleanups.push(telegram.close);
    const { proxy, transport } = await proxied('127.0.0.1');
    const sender = createTelegramSender({
      token: telegram.token,
      apiRoot: telegram.url,
      timeoutMs: 2_000,
      fetch: transport.fetch,
    });
    await sender.send(telegramChat, { platform: 'telegram', html: 'Direct' });
    expect(telegram.messagesTo('1001')).toHaveLength(1);
    expect(proxy.requests).toEqual([]);
  });
});

describe('Slack through the proxy', () => {
  it('posts a digest part with chat.postMessage via the proxy', async () => {
    const slack = await startFakeSlack();
    cleanups.push(slack.close);
    const { proxy, transport } = await proxied();
    const sender = createSlackSender({
      token: slack.token,
      apiUrl: slack.url,
      timeoutMs: 2_000,
      fetch: transport.fetch,
    });
    await sender.send(slackChannel, { platform: 'slack', text: 'Talks resume', blocks: [] });
    expect(slack.messagesTo('C1')).toHaveLength(1);
    expect(proxy.requests.map(({ method, target }) => `${method} ${target}`)).toEqual([
      `POST ${slack.url}chat.postMessage`,
    ]);
  });

  it('opens the Socket Mode WebSocket and answers /digest on its response_url via the proxy', async () => {
    const socket = await startFakeSlackSocket();
    cleanups.push(socket.close);
    const slack = await startFakeSlack({ users: { U1: 'Europe/Kyiv' }, socketUrl: socket.issueUrl });
    cleanups.push(slack.close);
    const { proxy, transport } = await proxied();
    const service = chatService();
    const frontEnd = await startSlackFrontEnd({
      botToken: slack.token,
      apiUrl: slack.url,
      mode: 'socket',
      appToken: slack.appToken,
      signingSecret: null,
      port: 0,
      service,
      log: createSilentLogger(),
      timeoutMs: 2_000,
      fetch: transport.fetch,
      dispatcher: transport.dispatcher,
    });
    cleanups.push(frontEnd.stop);
    const responseUrl = slack.responseUrl('proxied');
    const fields = { text: 'ukraine', user: 'U1', channel: 'C1', channelName: 'peace-desk', responseUrl };
    await socket.push('slash_commands', Object.fromEntries(new URLSearchParams(commandBody(fields))));
    const deadline = Date.now() + 5_000;
    while (slack.responsesTo('proxied').length === 0 && Date.now() < deadline) await sleep(5);
    expect(slack.responsesTo('proxied')).toEqual([expect.objectContaining({ responseType: 'ephemeral' })]);
    const asked = proxy.requests.map(({ method, target }) => `${method} ${new URL(target).pathname}`);
    expect(asked).toEqual(
      expect.arrayContaining([
        'POST /api/auth.test',
        'POST /api/apps.connections.open',
        `GET ${new URL(socket.issueUrl()).pathname}`,
        `POST ${new URL(responseUrl).pathname}`,
      ]),
    );
  });
});
