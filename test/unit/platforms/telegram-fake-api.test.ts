import { afterEach, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../../fakes/telegram-api.js';

/** The fake Bot API refuses what Telegram refuses, so the bot's tests can fail for the right reasons. */
const fakes: FakeTelegram[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

async function fake(): Promise<FakeTelegram> {
  const started = await startFakeTelegram({ limits: false });
  fakes.push(started);
  return started;
}

async function call(api: FakeTelegram, method: string, params: Record<string, unknown> = {}) {
  const res = await fetch(`${api.url}/bot${api.token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return {
    status: res.status,
    body: (await res.json()) as { ok: boolean; result?: unknown; description?: string },
  };
}

const keyboard = (data: string) => ({ inline_keyboard: [[{ text: 'Gaza', callback_data: data }]] });

describe('fake Telegram Bot API', () => {
  it.each([
    ['callback_data of 64 bytes', keyboard('t:'.padEnd(64, 'x')), 200, null],
    ['callback_data of 65 bytes', keyboard('t:'.padEnd(65, 'x')), 400, 'Bad Request: BUTTON_DATA_INVALID'],
    [
      'callback_data of 33 two-byte letters',
      keyboard('ж'.repeat(33)),
      400,
      'Bad Request: BUTTON_DATA_INVALID',
    ],
    ['empty callback_data', keyboard(''), 400, 'Bad Request: BUTTON_DATA_INVALID'],
    [
      'a button without an action',
      { inline_keyboard: [[{ text: 'Gaza' }]] },
      400,
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    ],
  ])('answers a sendMessage with %s with %i', async (_case, markup, status, description) => {
    const api = await fake();
    const { status: got, body } = await call(api, 'sendMessage', {
      chat_id: 5,
      text: 'Pick',
      reply_markup: markup,
    });
    expect(got).toBe(status);
    expect(body.description ?? null).toBe(description);
    expect(api.messages).toHaveLength(status === 200 ? 1 : 0);
  });

  it('edits a message it sent, refuses an identical edit and an unknown message', async () => {
    const api = await fake();
    await call(api, 'sendMessage', {
      chat_id: 5,
      text: '<b>Topics</b>',
      parse_mode: 'HTML',
      reply_markup: keyboard('t:a'),
    });
    const edit = {
      chat_id: 5,
      message_id: 1,
      text: '<b>Topics</b>',
      parse_mode: 'HTML',
      reply_markup: keyboard('t:b'),
    };
    expect((await call(api, 'editMessageText', edit)).status).toBe(200);
    expect((await call(api, 'editMessageText', edit)).body.description).toMatch(
      /^Bad Request: message is not modified/,
    );
    expect((await call(api, 'editMessageText', { ...edit, text: '<p>x</p>' })).body.description).toMatch(
      /can't parse entities/,
    );
    expect((await call(api, 'editMessageText', { ...edit, message_id: 9 })).body.description).toBe(
      'Bad Request: message to edit not found',
    );
    expect(api.edits).toHaveLength(1);
  });

  it('takes one answer per callback query it delivered', async () => {
    const api = await fake();
    api.pushUpdate({ callback_query: { id: 'q1', data: 't:a' } });
    expect((await call(api, 'answerCallbackQuery', { callback_query_id: 'q1', text: 'Saved' })).status).toBe(
      200,
    );
    const twice = await call(api, 'answerCallbackQuery', { callback_query_id: 'q1' });
    expect(twice.body.description).toMatch(/query is too old/);
    expect((await call(api, 'answerCallbackQuery', { callback_query_id: 'q9' })).status).toBe(400);
    expect(api.callbackAnswers).toEqual([{ queryId: 'q1', text: 'Saved', showAlert: false }]);
  });

  it('holds a long poll until an update is pushed, and an offset confirms what came before', async () => {
    const api = await fake();
    const started = Date.now();
    const poll = call(api, 'getUpdates', { timeout: 5 });
    setTimeout(() => api.pushUpdate({ message: { text: 'hi' } }), 100);
    const first = await poll;
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(first.body.result).toEqual([{ update_id: 1, message: { text: 'hi' } }]);
    const handled = api.handled(1);
    const next = await call(api, 'getUpdates', { offset: 2, timeout: 0 });
    expect(next.body.result).toEqual([]);
    await handled;
  });

  it('refuses a bad command menu and a webhook secret Telegram would not accept', async () => {
    const api = await fake();
    const menu = (command: string) =>
      call(api, 'setMyCommands', { commands: [{ command, description: 'd' }] });
    expect((await menu('digest')).status).toBe(200);
    expect((await menu('Digest-Now')).body.description).toBe('Bad Request: BOT_COMMAND_INVALID');
    const hook = await call(api, 'setWebhook', {
      url: 'https://parley.example/tg',
      secret_token: 'has space',
    });
    expect(hook.body.description).toBe('Bad Request: secret token contains unallowed characters');
    expect(api.webhook).toBeNull();
  });
});
