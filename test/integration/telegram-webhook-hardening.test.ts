/**
 * Telegram webhook mode (telegram.mode: webhook) against forged requests, slow clients, an unreachable
 * Bot API and failing handlers. Loopback only: the fake Bot API and raw sockets.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatService } from '../../src/domain/ports.js';
import { startTelegramFrontEnd, type TelegramFrontEnd } from '../../src/platforms/telegram/front-end.js';
import { startFakeTelegram } from '../fakes/telegram-api.js';
import { freePort } from '../support/loopback.js';
import { type BotHarness, startBotHarness } from '../support/telegram-bot-harness.js';
import { command, myChatMember, privateChat, user } from '../support/telegram-updates.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  // Bounded: a front end that cannot stop must not hang the suite.
  for (const cleanup of cleanups.splice(0).reverse())
    await Promise.race([cleanup(), new Promise((resolve) => setTimeout(resolve, 1000))]);
});

const secret = 'parley_s3cret-token';

async function harness(): Promise<BotHarness> {
  const h = await startBotHarness({ polling: false });
  cleanups.push(() => h.stop());
  return h;
}

async function webhook(
  h: BotHarness,
  apiRoot = h.fake.url,
  port = 0,
  service: ChatService = h.service,
): Promise<TelegramFrontEnd> {
  const frontEnd = await startTelegramFrontEnd({
    ...{ token: h.fake.token, apiRoot, service, log: h.log },
    mode: 'webhook',
    webhook: { url: 'https://parley.example', port, path: '/telegram', secret, host: '127.0.0.1' },
  });
  cleanups.push(() => frontEnd.stop());
  return frontEnd;
}

const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'timed out'> =>
  Promise.race([promise, new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), ms))]);

async function rawSocket(port: number, bytes: string): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.on('error', () => {});
  socket.write(bytes);
  cleanups.push(() => void socket.destroy());
  await new Promise((resolve) => setTimeout(resolve, 100));
  return socket;
}

describe('Telegram webhook: unauthenticated requests', () => {
  it('refuses a request without the secret without calling the Bot API first', async () => {
    const h = await harness();
    const frontEnd = await webhook(h);
    await h.fake.waitFor('setWebhook', () => true);
    const before = h.fake.requests.filter((r) => r.method === 'getMe').length;
    const res = await fetch(`http://127.0.0.1:${frontEnd.port}/telegram`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    // An unauthenticated request costs no call to Telegram (grammY's webhookCallback would run
    // bot.init(), a getMe, before it compares the secret).
    expect(h.fake.requests.filter((r) => r.method === 'getMe').length).toBe(before);
  });

  it('answers 401 at once to a forged request while the Bot API cannot be reached', async () => {
    const h = await harness();
    // Telegram's API unreachable from here (an outage, a DNS or proxy failure): setWebhook fails and is
    // logged; Telegram may still deliver to the webhook registered earlier, and anyone can reach the port.
    const frontEnd = await webhook(h, `http://127.0.0.1:${await freePort()}`);
    const abort = new AbortController();
    cleanups.push(() => abort.abort());
    const forged = fetch(`http://127.0.0.1:${frontEnd.port}/telegram`, {
      method: 'POST',
      signal: abort.signal,
      headers: { 'x-telegram-bot-api-secret-token': 'guess' },
      body: JSON.stringify({ update_id: 1, ...command('/help', { from: user(7) }) }),
    }).then(
      (res) => res.status,
      () => 'aborted',
    );
    // Not held while grammY retries getMe (no limit, up to 20 min apart) before it looks at the secret.
    expect(await within(forged, 3000)).toBe(401);
  });
});

describe('Telegram webhook: registration', () => {
  it('registers the webhook once Telegram is reachable after a start without it', async () => {
    const h = await harness();
    const port = await freePort();
    await webhook(h, `http://127.0.0.1:${port}`);
    const late = await startFakeTelegram({ token: h.fake.token, port });
    cleanups.push(() => late.close());
    // As polling mode retries until Telegram answers (see telegram-bot-transport.test.ts).
    await expect.poll(() => late.webhook, { timeout: 10_000, interval: 200 }).not.toBeNull();
  }, 15_000);
});

describe('Telegram webhook: slow clients', () => {
  it('stops within a few seconds while a client holds a half-sent request open', async () => {
    const h = await harness();
    const frontEnd = await webhook(h);
    // Anyone who can reach the port (0.0.0.0 by default): headers never finished.
    await rawSocket(frontEnd.port ?? 0, 'POST /telegram HTTP/1.1\r\nHost: parley\r\n');
    const started = performance.now();
    const stopped = frontEnd.stop().then(() => performance.now() - started);
    // README: shutdown within about 8 s, not after node's headersTimeout.
    expect(await within(stopped, 8000)).not.toBe('timed out');
  }, 15_000);
});

describe('Telegram webhook: a failing update', () => {
  it('is logged and acknowledged as in polling mode, not answered 500 (which makes Telegram resend it)', async () => {
    // Same setup as telegram-bot-transport.test.ts "logs an update that fails outside a command, and the
    // next update is still handled" (polling): bot.catch logs 'telegram update failed' and moves on.
    const h = await harness();
    const failing: ChatService = {
      ...h.service,
      deactivate: () => {
        throw new Error('database is locked');
      },
    };
    const frontEnd = await webhook(h, h.fake.url, 0, failing);
    const ann = user(501);
    const res = await fetch(`http://127.0.0.1:${frontEnd.port}/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify({ update_id: 9, ...myChatMember(privateChat(ann.id), ann, 'kicked') }),
    });
    // Telegram redelivers a non-2xx update and slows delivery to the webhook while errors last
    // (tdlib/telegram-bot-api#422, #211): a poison update would be retried for hours.
    expect(res.status).toBe(200);
    expect(h.logs.filter((line) => line['msg'] === 'telegram update failed')).toHaveLength(1);
  });
});
