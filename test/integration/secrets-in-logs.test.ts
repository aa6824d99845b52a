/**
 * Secrets that an SDK error carries must not reach a log line or a stored error: the webhook secret in
 * the payload grammY's GrammyError keeps, a bot token pasted with quotes or a `bot` prefix in the URL
 * a failed request quotes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTelegramFrontEnd } from '../../src/platforms/telegram/front-end.js';
import { createTelegramSender } from '../../src/platforms/telegram/telegram-sender.js';
import { createLogger } from '../../src/shared/logger.js';
import { freePort } from '../support/loopback.js';
import { type BotHarness, startBotHarness } from '../support/telegram-bot-harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse())
    await Promise.race([cleanup(), new Promise((resolve) => setTimeout(resolve, 1000))]);
});

const secret = 'Webhook_Secret_0123456789';

async function harness(): Promise<BotHarness> {
  const h = await startBotHarness({ polling: false });
  cleanups.push(() => h.stop());
  return h;
}

describe('secrets in logs', () => {
  it('logs no TELEGRAM_WEBHOOK_SECRET when Telegram refuses setWebhook', async () => {
    const h = await harness();
    const started = startTelegramFrontEnd({
      ...{ token: h.fake.token, apiRoot: h.fake.url, service: h.service, log: h.log },
      mode: 'webhook',
      // Not https: the fake Bot API answers setWebhook 400 "bad webhook".
      webhook: { url: 'http://parley.example', port: 0, path: '/telegram', secret, host: '127.0.0.1' },
      pollingRetryMs: { first: 100, max: 200 },
    });
    await started.then(
      (frontEnd) => cleanups.push(() => frontEnd.stop()),
      () => null,
    );
    const refused = h.logs.filter((line) => String(line['msg']).startsWith('telegram refused the webhook'));
    expect(refused).toHaveLength(1);
    expect(JSON.stringify(h.logs)).not.toContain(secret);
  });

  it('names telegram.webhook.host when it is no address of this machine, not a bare system error', async () => {
    const h = await harness();
    const started = startTelegramFrontEnd({
      ...{ token: h.fake.token, apiRoot: h.fake.url, service: h.service, log: h.log },
      mode: 'webhook',
      // An address of another machine (TEST-NET-1, RFC 5737).
      webhook: { url: 'https://parley.example', port: 0, path: '/telegram', secret, host: '192.0.2.77' },
      pollingRetryMs: { first: 100, max: 200 },
    });
    await expect(started).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining('telegram.webhook.host 192.0.2.77 is not an address of this machine'),
    });
  });

  it.each([
    ['with quotes', '"123456789:AAHsecretSECRETsecretSECRET_abcdefg"'],
    ['with a bot prefix', 'bot123456789:AAHsecretSECRETsecretSECRET_abcdefg'],
  ])('keeps a bot token pasted %s out of a failed send and its log line', async (_, token) => {
    const sender = createTelegramSender({
      token,
      apiRoot: `http://127.0.0.1:${await freePort()}`,
      timeoutMs: 2000,
    });
    const error = await sender
      .send({ platform: 'telegram', chatId: '1', threadId: null }, { platform: 'telegram', html: 'hi' })
      .then(
        () => null,
        (failure: unknown) => failure,
      );
    const lines: string[] = [];
    createLogger({ destination: { write: (line: string) => lines.push(line) } }).warn(
      { err: error },
      'send failed',
    );
    expect(JSON.stringify(error, ['message', 'details', 'reason'])).toMatch(/bot<token>/);
    expect(JSON.stringify(error, ['message', 'details', 'reason'])).not.toContain('AAHsecret');
    // The line carries the error (its redacted URL), so the check below reads something.
    expect(lines).toHaveLength(1);
    expect(lines.join('')).toContain('bot<token>');
    expect(lines.join('')).not.toContain('AAHsecret');
    // The line is still JSON.
    expect(() => lines.map((line) => JSON.parse(line))).not.toThrow();
  });
});
