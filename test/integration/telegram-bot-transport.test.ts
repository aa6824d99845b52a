import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTelegramFrontEnd, type TelegramFrontEnd } from '../../src/platforms/telegram/front-end.js';
import { startFakeTelegram } from '../fakes/telegram-api.js';
import { freePort } from '../support/loopback.js';
import { type BotHarness, startBotHarness } from '../support/telegram-bot-harness.js';
import { command, myChatMember, privateChat, user } from '../support/telegram-updates.js';

/** How the bot reaches Telegram (long polling, webhook), its command menus, and what it does when things fail. */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function bot(options: Parameters<typeof startBotHarness>[0] = {}): Promise<BotHarness> {
  const harness = await startBotHarness(options);
  cleanups.push(() => harness.stop());
  return harness;
}

const ann = user(501);
const levelOf = (level: string) => ({ warn: 40, error: 50 })[level] ?? 0;
const logged = (harness: BotHarness, level: string, msg: string) =>
  harness.logs.filter((line) => line['level'] === levelOf(level) && line['msg'] === msg);

describe('Telegram long polling', () => {
  it('asks for exactly the update types it handles and drops no webhook updates silently', async () => {
    const harness = await bot();
    await harness.send(command('/help', { from: ann }));
    expect(harness.fake.allowedUpdates[0]).toEqual([
      'message',
      'channel_post',
      'callback_query',
      'my_chat_member',
    ]);
    expect(harness.fake.requests.filter((r) => r.method === 'deleteWebhook')).toHaveLength(1);
  });

  it('sets the command menus for everyone and, with the settings commands, for admins, in three languages', async () => {
    const harness = await bot();
    await harness.fake.waitFor(
      'setMyCommands',
      (p) => p['language_code'] === 'uk' && JSON.stringify(p['scope']).includes('admin'),
    );
    const sets = harness.fake.commandSets;
    expect(sets.map((set) => `${set.scope}/${set.languageCode ?? '-'}`)).toEqual([
      'default/-',
      'all_private_chats/-',
      'all_chat_administrators/-',
      'default/ru',
      'all_private_chats/ru',
      'all_chat_administrators/ru',
      'default/uk',
      'all_private_chats/uk',
      'all_chat_administrators/uk',
    ]);
    const names = (index: number) => sets[index]?.commands.map((c) => c.command);
    expect(names(0)).toEqual(['digest', 'settings', 'help']);
    expect(names(2)).toEqual([
      'start',
      'topics',
      'subscribe',
      'unsubscribe',
      'digest',
      'schedule',
      'timezone',
      'quiet',
      'language',
      'settings',
      'help',
    ]);
    expect(sets[3]?.commands[0]?.description).toBe('Дайджест сейчас: /digest [тема…] [7d|24h]');
  });

  it('apologises for an unexpected failure without details, logs it, and keeps polling', async () => {
    const harness = await bot({
      wrapService: (service) => ({
        ...service,
        find: () => {
          throw new Error('SQLITE_IOERR: disk I/O error at /var/lib/parley.db');
        },
      }),
    });
    const failed = await harness.send(command('/settings', { from: ann }));
    expect(failed.messages.map((m) => m.text)).toEqual([
      'Sorry, something went wrong on our side. Please try again in a minute.',
    ]);
    expect(logged(harness, 'error', 'telegram command failed')).toHaveLength(1);
    const help = await harness.send(command('/help', { from: ann }));
    expect(help.messages).toHaveLength(1);
  });

  it('logs an update that fails outside a command, and the next update is still handled', async () => {
    const harness = await bot({
      wrapService: (service) => ({
        ...service,
        deactivate: () => {
          throw new Error('database is locked');
        },
      }),
    });
    await harness.send(myChatMember(privateChat(ann.id), ann, 'kicked'));
    expect(logged(harness, 'error', 'telegram update failed')).toHaveLength(1);
    expect((await harness.send(command('/help', { from: ann }))).messages).toHaveLength(1);
  });

  it('logs a reply Telegram refuses and goes on with the next update', async () => {
    const harness = await bot();
    harness.fake.failNext(ann.id, 'blocked', 2);
    await harness.send(command('/help', { from: ann }));
    expect(logged(harness, 'warn', 'telegram error reply failed')).toHaveLength(1);
    expect((await harness.send(command('/help', { from: ann }))).messages).toHaveLength(1);
  });

  it('logs a refused bot token and stops polling without throwing', async () => {
    const harness = await bot({ polling: false });
    const frontEnd = await startTelegramFrontEnd({
      ...{
        token: 'WRONG:token',
        apiRoot: `${harness.fake.url}/`,
        service: harness.service,
        log: harness.log,
      },
      mode: 'polling',
    });
    await expect
      .poll(() => logged(harness, 'error', 'telegram refused the bot token: check TELEGRAM_BOT_TOKEN').length)
      .toBe(1);
    await frontEnd.stop();
  });

  it('takes commands once Telegram becomes reachable after a start without it', async () => {
    const port = await freePort();
    const harness = await bot({ polling: false });
    const frontEnd = await startTelegramFrontEnd({
      ...{ token: harness.fake.token, apiRoot: `http://127.0.0.1:${port}`, service: harness.service },
      log: harness.log,
      mode: 'polling',
    });
    cleanups.push(() => frontEnd.stop());
    await new Promise((resolve) => setTimeout(resolve, 300));
    const late = await startFakeTelegram({ token: harness.fake.token, port });
    cleanups.push(() => late.close());
    late.pushUpdate(command('/help', { from: ann }));
    await expect.poll(() => late.messagesTo(ann.id).length, { timeout: 8000 }).toBe(1);
  });

  it('stops promptly while Telegram is still unreachable', async () => {
    const harness = await bot({ polling: false });
    const frontEnd = await startTelegramFrontEnd({
      ...{
        token: harness.fake.token,
        apiRoot: `http://127.0.0.1:${await freePort()}`,
        service: harness.service,
      },
      log: harness.log,
      mode: 'polling',
      stopGraceMs: 200,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    await frontEnd.stop();
    expect(performance.now() - started).toBeLessThan(2000);
  });

  // Review: bot.stop() confirms the offset with one more getUpdates, which a Telegram that takes it and
  // never answers held for the request timeout (a minute): past Docker's 10 s, the process is killed.
  it('stops within the grace when the getUpdates that confirms the offset is never answered', async () => {
    const harness = await bot({ polling: false });
    const held: ServerResponse[] = [];
    const server = createServer((req, res) => {
      const method = /\/(\w+)$/.exec(req.url ?? '')?.[1];
      const ok = (result: unknown) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
      if (method === 'getMe') ok(harness.fake.botInfo);
      else if (method === 'getUpdates') held.push(res);
      else ok(true);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const res of held) res.destroy();
      await new Promise((resolve) => server.close(resolve));
    });
    const { port } = server.address() as AddressInfo;
    const frontEnd = await startTelegramFrontEnd({
      ...{ token: harness.fake.token, apiRoot: `http://127.0.0.1:${port}`, service: harness.service },
      log: harness.log,
      mode: 'polling',
      stopGraceMs: 200,
    });
    await expect.poll(() => held.length).toBe(1);
    const started = performance.now();
    await frontEnd.stop();
    expect(performance.now() - started).toBeLessThan(2000);
    // The confirming call was sent, and is still unanswered.
    expect(held).toHaveLength(2);
  });

  it('starts polling again after a 409 (a webhook set elsewhere) and keeps taking commands', async () => {
    const harness = await bot({ polling: false });
    const frontEnd = await startTelegramFrontEnd({
      ...{ token: harness.fake.token, apiRoot: harness.fake.url, service: harness.service },
      log: harness.log,
      mode: 'polling',
      pollingRetryMs: { first: 100, max: 400 },
    });
    cleanups.push(() => frontEnd.stop());
    harness.fake.pushUpdate(command('/help', { from: ann }));
    await expect.poll(() => harness.fake.messagesTo(ann.id).length).toBe(1);
    await fetch(`${harness.fake.url}/bot${harness.fake.token}/setWebhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://elsewhere.example/hook' }),
    });
    // Ends the getUpdates call in flight; the next one meets the webhook: 409.
    harness.fake.pushUpdate(command('/help', { from: ann }));
    await expect
      .poll(() => logged(harness, 'error', 'telegram polling stopped: starting again').length, {
        timeout: 8000,
      })
      .toBeGreaterThan(0);
    harness.fake.pushUpdate(command('/help', { from: ann }));
    await expect.poll(() => harness.fake.messagesTo(ann.id).length, { timeout: 8000 }).toBe(3);
  });
});

describe('Telegram webhook', () => {
  async function webhook(harness: BotHarness, secret: string | null, port = 0): Promise<TelegramFrontEnd> {
    const frontEnd = await startTelegramFrontEnd({
      ...{ token: harness.fake.token, apiRoot: harness.fake.url, service: harness.service, log: harness.log },
      mode: 'webhook',
      webhook: { url: 'https://parley.example', port, path: '/telegram', secret, host: '127.0.0.1' },
    });
    cleanups.push(() => frontEnd.stop());
    return frontEnd;
  }

  const post = (port: number | null, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${port}/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('registers the webhook with its secret and handles only updates that carry it', async () => {
    const harness = await bot({ polling: false });
    const frontEnd = await webhook(harness, 'parley_s3cret-token');
    expect(harness.fake.webhook).toEqual({
      url: 'https://parley.example/telegram',
      secretToken: 'parley_s3cret-token',
      allowedUpdates: ['message', 'channel_post', 'callback_query', 'my_chat_member'],
    });
    const update = { update_id: 1, ...command('/help', { from: ann }) };
    expect((await post(frontEnd.port, update)).status).toBe(401);
    expect((await post(frontEnd.port, update, { 'x-telegram-bot-api-secret-token': 'guess' })).status).toBe(
      401,
    );
    expect(harness.fake.messages).toEqual([]);
    const accepted = await post(frontEnd.port, update, {
      'x-telegram-bot-api-secret-token': 'parley_s3cret-token',
    });
    expect(accepted.status).toBe(200);
    expect(harness.fake.messagesTo(ann.id)[0]?.text).toContain('sends digests of news about peace talks');
    expect((await fetch(`http://127.0.0.1:${frontEnd.port}/other`, { method: 'POST' })).status).toBe(404);
  });

  it.each([
    ['no secret', null, /TELEGRAM_WEBHOOK_SECRET is required in telegram webhook mode/],
    ['an empty secret', '', /must be 1 to 256 of A-Z a-z 0-9 _ -/],
    ['a secret with a space', 'parley secret', /must be 1 to 256 of A-Z a-z 0-9 _ -/],
    ['a secret of 257 characters', 'a'.repeat(257), /must be 1 to 256 of A-Z a-z 0-9 _ -/],
  ])('refuses to start with %s, before it listens or calls Telegram', async (_case, secret, message) => {
    const harness = await bot({ polling: false });
    const port = await freePort();
    const calls = harness.fake.calls;
    await expect(webhook(harness, secret, port)).rejects.toThrow(
      expect.objectContaining({ code: 'config_invalid', message: expect.stringMatching(message) }),
    );
    await expect(fetch(`http://127.0.0.1:${port}/telegram`, { method: 'POST' })).rejects.toThrow();
    expect(harness.fake.calls).toBe(calls);
    expect(harness.fake.webhook).toBeNull();
  });

  it('takes a secret of 256 letters, digits, underscores and hyphens', async () => {
    const harness = await bot({ polling: false });
    const secret = 'Ab9_-'.repeat(51).concat('z');
    await webhook(harness, secret);
    expect(harness.fake.webhook?.secretToken).toBe(secret);
  });

  it('stops taking updates once stopped', async () => {
    const harness = await bot({ polling: false });
    const frontEnd = await webhook(harness, 'parley_s3cret-token');
    await frontEnd.stop();
    await expect(post(frontEnd.port, { update_id: 2 })).rejects.toThrow();
  });
});
