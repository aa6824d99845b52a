import { GrammyError, HttpError } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatAddress } from '../../../src/domain/chat.js';
import type { MessageSender } from '../../../src/domain/ports.js';
import { translateTelegramError } from '../../../src/platforms/telegram/telegram-errors.js';
import { createTelegramSender } from '../../../src/platforms/telegram/telegram-sender.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { AppError } from '../../../src/shared/errors.js';
import {
  type FakeTelegram,
  type FakeTelegramOptions,
  startFakeTelegram,
  type TelegramFailure,
} from '../../fakes/telegram-api.js';
import type { TelegramLimitOptions } from '../../fakes/telegram-limits.js';
import { describeSenderTransport } from '../../support/sender-transport-contract.js';

const open: FakeTelegram[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((fake) => fake.close()));
});

async function setup(options: FakeTelegramOptions = {}) {
  const fake = await startFakeTelegram(options);
  open.push(fake);
  const sender = createTelegramSender({ token: fake.token, apiRoot: fake.url, timeoutMs: 2_000 });
  return { fake, sender };
}

const chat = (chatId: string, threadId: string | null = null): ChatAddress => ({
  platform: 'telegram',
  chatId,
  threadId,
});
const html = (text: string) => ({ platform: 'telegram', html: text }) as const;

async function failureOf(sender: MessageSender, address: ChatAddress, text = 'Hello'): Promise<AppError> {
  const outcome = await sender.send(address, html(text)).then(
    () => null,
    (error: unknown) => error,
  );
  if (!(outcome instanceof AppError)) throw new Error(`expected an AppError, got ${String(outcome)}`);
  return outcome;
}

/** 'sent' or the AppError code, for tests that look at many sends. */
function outcome(sender: MessageSender, address: ChatAddress): Promise<string> {
  return sender.send(address, html('x')).then(
    () => 'sent',
    (error: unknown) => (error instanceof AppError ? error.code : `not an AppError: ${String(error)}`),
  );
}

describe('telegram sender', () => {
  it('sends HTML with link previews off and returns the message id as remoteId', async () => {
    const { fake, sender } = await setup();
    const first = await sender.send(chat('1001'), html('<b>Talks</b> in Riyadh &amp; Doha'));
    const second = await sender.send(chat('-1002'), html('Second'));
    expect([first.remoteId, second.remoteId]).toEqual(['1', '2']);
    expect(fake.messagesTo('1001')).toMatchObject([
      {
        text: '<b>Talks</b> in Riyadh &amp; Doha',
        parseMode: 'HTML',
        linkPreviewDisabled: true,
        threadId: null,
      },
    ]);
  });

  it('posts into the forum topic named by the address', async () => {
    const { fake, sender } = await setup();
    await sender.send(chat('-100777', '42'), html('In a topic'));
    expect(fake.messagesTo('-100777')[0]?.threadId).toBe('42');
  });

  it('accepts an apiRoot that ends in a slash', async () => {
    const { fake } = await setup();
    const sender = createTelegramSender({ token: fake.token, apiRoot: `${fake.url}/`, timeoutMs: 2_000 });
    await expect(sender.send(chat('5'), html('ok'))).resolves.toEqual({ remoteId: '1' });
  });

  it.each<[string, TelegramFailure, Record<string, unknown>]>([
    [
      'blocked',
      'blocked',
      { code: 'chat_gone', retryable: false, details: { reason: 'Forbidden: bot was blocked by the user' } },
    ],
    [
      'kicked',
      'kicked',
      { code: 'chat_gone', details: { reason: 'Forbidden: bot was kicked from the group chat' } },
    ],
    ['not-found', 'not-found', { code: 'chat_gone', details: { reason: 'Bad Request: chat not found' } }],
    [
      'deleted forum topic',
      'topic-deleted',
      { code: 'chat_gone', retryable: false, details: { reason: 'Bad Request: message thread not found' } },
    ],
    [
      'closed forum topic',
      'topic-closed',
      { code: 'chat_gone', retryable: false, details: { reason: 'Bad Request: TOPIC_CLOSED' } },
    ],
    [
      'migrate',
      { kind: 'migrate', to: '-1009999' },
      { code: 'chat_migrated', retryable: false, details: { migrateTo: '-1009999' } },
    ],
    [
      'server-error',
      'server-error',
      { code: 'http_status', retryable: true, details: { status: 500, outcomeUnknown: false } },
    ],
    [
      'rate-limit',
      { kind: 'rate-limit', retryAfter: 7 },
      { code: 'rate_limited', retryable: true, details: { retryAfterSeconds: 7, platform: 'telegram' } },
    ],
  ])('translates a %s answer', async (_name, failure, expected) => {
    const { fake, sender } = await setup();
    fake.failNext('-500', failure);
    expect(await failureOf(sender, chat('-500'))).toMatchObject(expected);
    expect(fake.calls).toBe(1);
  });

  it('keeps answering "migrated" for the old id while the new id works', async () => {
    const { fake, sender } = await setup();
    fake.failNext('-600', { kind: 'migrate', to: '-100600' });
    await failureOf(sender, chat('-600'));
    expect((await failureOf(sender, chat('-600'))).details).toMatchObject({ migrateTo: '-100600' });
    await expect(sender.send(chat('-100600'), html('moved'))).resolves.toEqual({ remoteId: '1' });
  });

  it('reports a wrong token as config_invalid', async () => {
    const { fake } = await setup();
    const sender = createTelegramSender({ token: '1:wrong', apiRoot: fake.url, timeoutMs: 2_000 });
    expect(await failureOf(sender, chat('1'))).toMatchObject({ code: 'config_invalid', retryable: false });
  });

  it.each([
    ['a tag outside the allowed set', '<p>Talks</p>', 'can\'t parse entities: Unsupported start tag "p"'],
    ['a bare <', 'Ceasefire < truce', "can't parse entities"],
    ['a bare &', 'AT&T', "can't parse entities"],
    ['an unclosed tag', '<b>Talks', "can't parse entities: Can't find end tag"],
    ['4097 visible characters', `<b>${'a'.repeat(4097)}</b>`, 'message is too long'],
  ])('refuses %s as message_rejected without recording it', async (_name, text, reason) => {
    const { fake, sender } = await setup();
    const error = await failureOf(sender, chat('1'), text);
    expect(error).toMatchObject({ code: 'message_rejected', retryable: false });
    expect(error.details['reason']).toContain(reason);
    expect(fake.messages).toEqual([]);
  });

  it('counts the 4096-character limit on visible text, not on markup or entities', async () => {
    const { fake, sender } = await setup();
    const text = `<b>${'a'.repeat(4090)}</b> &lt;&amp;&gt;&#128512;`;
    await sender.send(chat('1'), html(text));
    expect(fake.messages).toHaveLength(1);
  });
});

describeSenderTransport('telegram sender', {
  start: () => startFakeTelegram(),
  sender: (fake, timeoutMs) => createTelegramSender({ token: fake.token, apiRoot: fake.url, timeoutMs }),
  address: chat('1'),
  message: html('Hello'),
});

const apiError = (error_code: number, description: string, parameters = {}) =>
  new GrammyError('Call failed', { ok: false, error_code, description, parameters }, 'sendMessage', {});

describe('translateTelegramError', () => {
  it.each([
    [apiError(403, 'Forbidden: user is deactivated'), 'chat_gone', false],
    [apiError(403, 'Forbidden: bot is not a member of the channel chat'), 'chat_gone', false],
    [apiError(400, 'Bad Request: group chat was deactivated'), 'chat_gone', false],
    [apiError(400, 'Bad Request: message thread not found'), 'chat_gone', false],
    [apiError(400, 'Bad Request: TOPIC_CLOSED'), 'chat_gone', false],
    [apiError(400, 'Bad Request: TOPIC_DELETED'), 'chat_gone', false],
    [apiError(400, 'Bad Request: have no rights to send a message'), 'chat_gone', false],
    [apiError(400, 'Bad Request: need administrator rights in the channel chat'), 'chat_gone', false],
    [apiError(400, 'Bad Request: CHAT_WRITE_FORBIDDEN'), 'chat_gone', false],
    [apiError(400, 'Bad Request: CHAT_RESTRICTED'), 'chat_gone', false],
    [apiError(400, "Bad Request: can't parse entities: unclosed start tag"), 'message_rejected', false],
    [apiError(404, 'Not Found'), 'config_invalid', false],
    [apiError(502, 'Bad Gateway'), 'http_status', true],
    [apiError(429, 'Too Many Requests: retry after 5', { retry_after: 5 }), 'rate_limited', true],
    [
      new HttpError(
        'Network request failed',
        new Error("Request to 'sendMessage' timed out after 5 seconds"),
      ),
      'timeout',
      true,
    ],
  ])('maps %s to %s', (error, code, retryable) => {
    expect(translateTelegramError(error)).toMatchObject({ code, retryable });
  });

  it('rethrows what is not a grammY error, since that is a bug', () => {
    const bug = new TypeError('cannot read properties of undefined');
    expect(() => translateTelegramError(bug)).toThrow(bug);
  });
});

describe('fake Bot API flood limits', () => {
  async function paced(options: TelegramLimitOptions | false) {
    const clock = createManualClock(1_000_000);
    const { fake, sender } = await setup({ now: clock.now, limits: options });
    const send = (chatId: string) => outcome(sender, chat(chatId));
    return { fake, clock, send };
  }

  it('refuses a second message to a private chat within a second, but not one paced at the limit', async () => {
    const { fake, clock, send } = await paced({ toleranceMs: 5 });
    expect(await send('1')).toBe('sent');
    clock.advance(500);
    expect(await send('1')).toBe('rate_limited');
    clock.advance(497);
    expect(await send('1')).toBe('sent');
    expect(fake.rateLimited).toBe(1);
  });

  it('refuses the 21st message to a group within a minute', async () => {
    const { clock, send } = await paced({});
    const results: string[] = [];
    for (let index = 0; index < 21; index += 1) {
      results.push(await send('-100123'));
      clock.advance(1_000);
    }
    expect(results.filter((result) => result === 'sent')).toHaveLength(20);
    expect(results[20]).toBe('rate_limited');
    clock.advance(40_000);
    expect(await send('-100123')).toBe('sent');
  });

  it('refuses the 31st message in one second across chats', async () => {
    const { clock, send } = await paced({});
    const results: string[] = [];
    for (let index = 0; index < 31; index += 1) {
      results.push(await send(String(index + 1)));
      clock.advance(10);
    }
    expect(results.slice(0, 30).every((result) => result === 'sent')).toBe(true);
    expect(results[30]).toBe('rate_limited');
  });

  it('lets everything through when limits are off', async () => {
    const { fake, send } = await paced(false);
    for (let index = 0; index < 40; index += 1) expect(await send('1')).toBe('sent');
    expect(fake.messages).toHaveLength(40);
  });

  it('injects the same seeded faults on every run, recording no delivery for them', async () => {
    const run = async () => {
      const { fake, sender } = await setup({ limits: false, chaos: { rate429: 0.2, rate5xx: 0.2, seed: 7 } });
      const codes: string[] = [];
      for (let index = 0; index < 30; index += 1) codes.push(await outcome(sender, chat('1')));
      return { codes, injected: fake.injected, delivered: fake.messages.length };
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first.injected).toBeGreaterThan(0);
    expect(first.delivered).toBe(30 - first.injected);
  });
});
