import { HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { decideOnFailure } from '../../../src/delivery/failure-policy.js';
import { translateTelegramError } from '../../../src/platforms/telegram/telegram-errors.js';
import { createLogger } from '../../../src/shared/logger.js';
import { redactSecrets } from '../../../src/shared/redact.js';

const token = '123456789:ABCdefGHIjklMNOpqrSTUvwxYZ012345678';
const failedFetch = () =>
  Object.assign(
    new Error(
      `request to https://api.telegram.org/bot${token}/sendMessage failed, reason: getaddrinfo ENOTFOUND`,
    ),
    { code: 'ENOTFOUND' },
  );

describe('secrets in error text', () => {
  it.each([
    [`https://api.telegram.org/bot${token}/getUpdates`, 'https://api.telegram.org/bot<token>/getUpdates'],
    [`token ${token} leaked`, 'token <token> leaked'],
    ['Slack said no to xoxb-1234-5678-abcdef and xapp-1-A1-2-ff', 'Slack said no to <token> and <token>'],
    ['Authorization: Bearer sk-abc.def', 'Authorization: Bearer <token>'],
    ['Authorization: Basic dXNlcjpwYXNz', 'Authorization: Basic <token>'],
    ['chat 123:45 at 12:30, story 9', 'chat 123:45 at 12:30, story 9'],
    ['Basic Income, Talks; Bearer of Peace News', 'Basic Income, Talks; Bearer of Peace News'],
    [
      'Request cannot be constructed from a URL that includes credentials: http://parley:s3cret@127.0.0.1:8080/v1',
      'Request cannot be constructed from a URL that includes credentials: http://parley:<password>@127.0.0.1:8080/v1',
    ],
    ['talks at 10:30@Geneva, https://a.example/x?t=1:2', 'talks at 10:30@Geneva, https://a.example/x?t=1:2'],
  ])('redacts %j', (text, redacted) => {
    expect(redactSecrets(text)).toBe(redacted);
  });

  it('keeps the bot token out of the reason a failed send stores', () => {
    const error = translateTelegramError(
      new HttpError('Network request for sendMessage failed', failedFetch()),
    );
    expect(JSON.stringify(error.details)).not.toContain(token);
    const action = decideOnFailure(error, { attempts: 1 }, 0, {
      baseMs: 1,
      maxMs: 10,
      maxAttempts: 3,
      badTokenPauseMs: 10,
    });
    expect('reason' in action ? action.reason : '').toContain('Cannot reach Telegram: ENOTFOUND');
    expect(JSON.stringify(action)).not.toContain(token);
  });

  it('keeps it out of the logs, in an error logged whole or in a message', () => {
    const lines: string[] = [];
    const log = createLogger({ destination: { write: (line: string) => lines.push(line) } });
    log.warn(
      { err: new HttpError('Network request for getUpdates failed', failedFetch()) },
      'polling failed',
    );
    log.warn({ error: failedFetch().message }, 'send failed');
    log.error(`fetch of https://api.telegram.org/bot${token}/getMe failed`);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).not.toContain(token);
    expect(lines.join('\n')).toContain('/bot<token>/');
  });
});
