/**
 * Telegram webhook mode (telegram.mode: webhook) against what arrives at its port besides a good update:
 * oversized and malformed bodies, other methods, resent updates; a shutdown while an update is being
 * handled; and a webhook URL Telegram refuses. Loopback only: the fake Bot API and raw sockets.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTelegramFrontEnd, type TelegramFrontEnd } from '../../src/platforms/telegram/front-end.js';
import { isAppError } from '../../src/shared/errors.js';
import { startFakeTelegram } from '../fakes/telegram-api.js';
import { freePort } from '../support/loopback.js';
import { type BotHarness, type HarnessOptions, startBotHarness } from '../support/telegram-bot-harness.js';
import { command, user } from '../support/telegram-updates.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse())
    await Promise.race([cleanup(), new Promise((resolve) => setTimeout(resolve, 1000))]);
});

const secret = 'parley_s3cret-token';

async function harness(options: HarnessOptions = {}): Promise<BotHarness> {
  const h = await startBotHarness({ polling: false, ...options });
  cleanups.push(() => h.stop());
  return h;
}

function startWebhook(h: BotHarness, url = 'https://parley.example', apiRoot = h.fake.url) {
  return startTelegramFrontEnd({
    ...{ token: h.fake.token, apiRoot, service: h.service, log: h.log },
    mode: 'webhook',
    webhook: { url, port: 0, path: '/telegram', secret, host: '127.0.0.1' },
    pollingRetryMs: { first: 100, max: 200 },
  });
}

async function webhook(h: BotHarness): Promise<TelegramFrontEnd> {
  const frontEnd = await startWebhook(h);
  cleanups.push(() => frontEnd.stop());
  return frontEnd;
}

const post = (port: number | null, body: string, path = '/telegram') =>
  fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body,
  });

/** Sends `head` and then `body` (never ending it) on a raw socket; resolves with the status line, if any. */
function statusOf(port: number, head: string, body: Buffer, waitMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const done = (result: string) => {
      socket.destroy();
      resolve(result);
    };
    socket.on('error', () => {});
    socket.on('data', (data) => {
      answer += String(data);
      if (answer.includes('\r\n')) done(answer.split('\r\n')[0] ?? '');
    });
    socket.on('close', () => done(answer === '' ? 'closed without an answer' : answer));
    setTimeout(() => done('no answer'), waitMs);
    socket.write(`${head}x-telegram-bot-api-secret-token: ${secret}\r\n\r\n`);
    socket.write(body);
  });
}

describe('Telegram webhook: request bodies', () => {
  it('answers 413 at once to a Content-Length over 1 MiB, without waiting for the body', async () => {
    const frontEnd = await webhook(await harness());
    const head = 'POST /telegram HTTP/1.1\r\nHost: parley\r\nContent-Length: 2097152\r\n';
    expect(await statusOf(frontEnd.port ?? 0, head, Buffer.alloc(1024, 'a'))).toBe(
      'HTTP/1.1 413 Payload Too Large',
    );
  });

  it('answers 413 to a chunked body as soon as it passes 1 MiB, before it ends', async () => {
    const frontEnd = await webhook(await harness());
    const head = 'POST /telegram HTTP/1.1\r\nHost: parley\r\nTransfer-Encoding: chunked\r\n';
    const size = 1536 * 1024;
    const chunk = Buffer.concat([
      Buffer.from(`${size.toString(16)}\r\n`),
      Buffer.alloc(size, 'a'),
      Buffer.from('\r\n'),
    ]);
    expect(await statusOf(frontEnd.port ?? 0, head, chunk)).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('answers 400 to a body that is not JSON, and logs it once as a warning', async () => {
    const h = await harness();
    const frontEnd = await webhook(h);
    const res = await post(frontEnd.port, '{"update_id": 5, "message": ');
    // A 500 makes Telegram send the same broken body again and again.
    expect(res.status).toBe(400);
    const refused = h.logs.filter((line) =>
      String(line['msg']).startsWith('telegram webhook request refused'),
    );
    expect(refused).toHaveLength(1);
    expect(refused[0]?.['level']).toBe(40);
    expect(h.logs.filter((line) => Number(line['level']) >= 50)).toHaveLength(0);
  });
});

describe('Telegram webhook: methods and paths', () => {
  it('answers 405 with Allow: POST to another method on the webhook path, and 404 elsewhere', async () => {
    const frontEnd = await webhook(await harness());
    const get = await fetch(`http://127.0.0.1:${frontEnd.port}/telegram`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await fetch(`http://127.0.0.1:${frontEnd.port}/other`)).status).toBe(404);
    expect((await post(frontEnd.port, '{}', '/other')).status).toBe(404);
  });
});

describe('Telegram webhook: resent updates', () => {
  it('handles an update Telegram sends again (same update_id) once, and acknowledges both', async () => {
    const h = await harness();
    const frontEnd = await webhook(h);
    const ann = user(801);
    const body = JSON.stringify({ update_id: 42, ...command('/help', { from: ann }) });
    expect((await post(frontEnd.port, body)).status).toBe(200);
    expect((await post(frontEnd.port, body)).status).toBe(200);
    const other = JSON.stringify({ update_id: 43, ...command('/help', { from: ann }) });
    expect((await post(frontEnd.port, other)).status).toBe(200);
    expect(h.fake.messagesTo(ann.id)).toHaveLength(2);
  });
});

describe('Telegram webhook: shutdown', () => {
  it('lets an update being handled finish and be acknowledged before stop() resolves', async () => {
    // Every Bot API call takes 1.5 s: the /help update (getMe, then sendMessage) takes about 3 s.
    const h = await harness({ fake: { latencyMs: 1500 } });
    const frontEnd = await webhook(h);
    const ann = user(802);
    const answered = post(
      frontEnd.port,
      JSON.stringify({ update_id: 7, ...command('/help', { from: ann }) }),
    ).then(
      (res) => res.status,
      () => 'cut',
    );
    // The update is being handled once its getMe is answered (only bot.init() calls getMe here); its
    // sendMessage then takes 1.5 s more, and stop() must wait for it.
    await h.fake.waitFor('getMe', () => true, 10_000);
    await frontEnd.stop();
    expect(h.fake.messagesTo(ann.id)).toHaveLength(1);
    expect(await answered).toBe(200);
  }, 30_000);
});

// Review: an update that came while grammY was still retrying getMe (Telegram unreachable from here) was
// acknowledged after 10 s and held in memory only: a stop meanwhile lost it.
describe('Telegram webhook: an update before the bot could reach Telegram', () => {
  it('is answered 500 for Telegram to send again, and handled when it comes again', async () => {
    const h = await harness();
    const port = await freePort();
    const frontEnd = await startTelegramFrontEnd({
      ...{ token: h.fake.token, apiRoot: `http://127.0.0.1:${port}`, service: h.service, log: h.log },
      mode: 'webhook',
      webhook: { url: 'https://parley.example', port: 0, path: '/telegram', secret, host: '127.0.0.1' },
      pollingRetryMs: { first: 100, max: 200 },
      initWaitMs: 300,
    });
    cleanups.push(() => frontEnd.stop());
    const ann = user(803);
    const body = JSON.stringify({ update_id: 9, ...command('/help', { from: ann }) });
    expect((await post(frontEnd.port, body)).status).toBe(500);
    const late = await startFakeTelegram({ token: h.fake.token, port });
    cleanups.push(() => late.close());
    await expect
      .poll(async () => (await post(frontEnd.port, body)).status, { timeout: 8000, interval: 200 })
      .toBe(200);
    await expect.poll(() => late.messagesTo(ann.id).length, { timeout: 8000 }).toBe(1);
  }, 20_000);
});

describe('Telegram webhook: a webhook URL Telegram refuses', () => {
  it('fails the start with config_invalid naming Telegram’s reason when the first setWebhook gets 400', async () => {
    const h = await harness();
    const started = startWebhook(h, 'http://parley.example');
    const error = await started.then(
      (frontEnd) => {
        cleanups.push(() => frontEnd.stop());
        return null;
      },
      (failure: unknown) => failure,
    );
    expect(isAppError(error, 'config_invalid')).toBe(true);
    expect((error as Error).message).toMatch(/bad webhook: An HTTPS URL must be provided/);
  });

  it('stops trying setWebhook after a 400 that follows an outage, and logs why', async () => {
    const h = await harness();
    const port = await freePort();
    const frontEnd = await startWebhook(h, 'http://parley.example', `http://127.0.0.1:${port}`);
    cleanups.push(() => frontEnd.stop());
    const late = await startFakeTelegram({ token: h.fake.token, port });
    cleanups.push(() => late.close());
    await expect
      .poll(() => late.requests.filter((r) => r.method === 'setWebhook').length, { timeout: 5000 })
      .toBeGreaterThan(0);
    // Retries come every 100–200 ms here: a second try would show within this wait.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(late.requests.filter((r) => r.method === 'setWebhook')).toHaveLength(1);
    const refused = h.logs.filter((line) => String(line['msg']).startsWith('telegram refused the webhook'));
    expect(refused).toHaveLength(1);
    expect(String(refused[0]?.['reason'])).toMatch(/bad webhook/);
  }, 15_000);
});
