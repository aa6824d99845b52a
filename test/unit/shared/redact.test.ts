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
    ['bot 12345:ABCDEFGHIJKLMNOPQRSTUVWXYZabcd in text', 'bot <token> in text'],
    ['xoxe-1-abc and xoxp-9-def', '<token> and <token>'],
    [
      'https://host:8080@evil.example/ and http://:pw@h/',
      'https://host:<password>@evil.example/ and http://:<password>@h/',
    ],
    ['fetch http://user:pass:word@h/ failed', 'fetch http://user:<password>@h/ failed'],
    ['Authorization: bearer abcdefghijkl', 'Authorization: bearer <token>'],
    ['Authorization: Bearer abcdefgh', 'Authorization: Bearer abcdefgh'],
    [
      'GET https://feeds.example/rss?apikey=s3cr3t&lang=en failed',
      'GET https://feeds.example/rss?apikey=<redacted>&lang=en failed',
    ],
    [
      'https://a.example/f?lang=en&API_KEY=abc#top https://b.example/f?sig=xyz&Access-Token=t',
      'https://a.example/f?lang=en&API_KEY=<redacted>#top https://b.example/f?sig=<redacted>&Access-Token=<redacted>',
    ],
    ['https://a.example/f?keyword=news&monkey=1', 'https://a.example/f?keyword=news&monkey=1'],
    [
      'https://a.example/f?apiToken=a&client_secret=b&access_key=c&private_token=d&consumer-key=e&q=1',
      'https://a.example/f?apiToken=<redacted>&client_secret=<redacted>&access_key=<redacted>&private_token=<redacted>&consumer-key=<redacted>&q=1',
    ],
  ])('redacts %j', (text, redacted) => {
    expect(redactSecrets(text)).toBe(redacted);
  });

  it('stops a bot token at a quote, so that a JSON log line stays JSON', () => {
    const line = JSON.stringify({ url: `https://api.telegram.org/bot${token}`, note: "it's" });
    const redacted = redactSecrets(line);
    expect(redacted).toBe('{"url":"https://api.telegram.org/bot<token>","note":"it\'s"}');
    expect(JSON.parse(redacted)).toEqual({ url: 'https://api.telegram.org/bot<token>', note: "it's" });
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
