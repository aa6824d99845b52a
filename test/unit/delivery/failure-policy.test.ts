import { describe, expect, it } from 'vitest';
import { backoffMs, decideOnFailure, defaultRetryPolicy } from '../../../src/delivery/failure-policy.js';
import { AppError } from '../../../src/shared/errors.js';

const policy = { ...defaultRetryPolicy, maxAttempts: 3, baseMs: 1000, maxMs: 3000 };
const now = 1_000_000;

describe('what the pump does after a failed send', () => {
  const cases: Array<[string, unknown, number, Record<string, unknown>]> = [
    [
      '429 pauses the platform for retry_after',
      new AppError('rate_limited', 'Too Many Requests: retry after 7', { details: { retryAfterSeconds: 7 } }),
      1,
      { kind: 'pause', until: now + 7000, why: 'rate_limited' },
    ],
    [
      'a 429 without retry_after still pauses a second',
      new AppError('rate_limited', 'Too Many Requests'),
      1,
      { kind: 'pause', until: now + 1000 },
    ],
    [
      'a bogus retry_after pauses at most an hour, not for good (found by review)',
      new AppError('rate_limited', 'Too Many Requests', { details: { retryAfterSeconds: 1e9 } }),
      1,
      { kind: 'pause', until: now + 3_600_000 },
    ],
    [
      'a blocked bot deactivates the chat',
      new AppError('chat_gone', 'Forbidden: bot was blocked by the user'),
      1,
      { kind: 'deactivate' },
    ],
    [
      'a group upgraded to a supergroup moves the chat',
      new AppError('chat_migrated', 'upgraded', { details: { migrateTo: '-1001234' } }),
      1,
      { kind: 'migrate', chatId: '-1001234' },
    ],
    [
      'a migration that keeps migrating gives up at the attempt limit',
      new AppError('chat_migrated', 'upgraded', { details: { migrateTo: '-1001234' } }),
      3,
      { kind: 'fail' },
    ],
    [
      'a refused message fails at once',
      new AppError('message_rejected', "Bad Request: can't parse entities"),
      1,
      { kind: 'fail', reason: "Bad Request: can't parse entities" },
    ],
    [
      'a bad token pauses the platform and keeps the message',
      new AppError('config_invalid', 'Unauthorized'),
      1,
      { kind: 'pause', why: 'bad_token', until: now + policy.badTokenPauseMs },
    ],
    [
      'a proxy refusing the credentials (407) pauses the platform and keeps the message, not an attempt',
      new AppError('unreachable', 'The proxy refused to connect to Telegram: HTTP 407', {
        retryable: true,
        details: { status: 407, outcomeUnknown: false },
      }),
      3,
      { kind: 'pause', why: 'proxy_refused', until: now + policy.badTokenPauseMs },
    ],
    [
      'a proxy refusing the destination (403) pauses the platform too',
      new AppError('unreachable', 'The proxy refused to connect to Slack: HTTP 403', {
        retryable: true,
        details: { status: 403, outcomeUnknown: false },
      }),
      1,
      { kind: 'pause', why: 'proxy_refused' },
    ],
    [
      'a proxy unable to reach the platform (502) is an outage, retried after a backoff',
      new AppError('unreachable', 'The proxy refused to connect to Telegram: HTTP 502', {
        retryable: true,
        details: { status: 502, outcomeUnknown: false },
      }),
      2,
      { kind: 'retry', at: now + 2000 },
    ],
    [
      'a 5xx is retried after a backoff',
      new AppError('http_status', 'Internal Server Error', { retryable: true }),
      2,
      { kind: 'retry', at: now + 2000 },
    ],
    [
      'a timeout on the last attempt fails with the reason',
      new AppError('timeout', 'no answer in 20s'),
      3,
      { kind: 'fail', reason: 'gave up after 3 attempts: no answer in 20s' },
    ],
    ['a bug in a sender fails the message loudly', new TypeError('x is undefined'), 1, { kind: 'fail' }],
  ];
  it.each(cases)('%s', (_name, error, attempts, expected) => {
    expect(decideOnFailure(error, { attempts }, now, policy)).toMatchObject(expected);
  });

  it('doubles the retry delay up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, policy))).toEqual([
      1000, 2000, 3000, 3000, 3000,
    ]);
  });

  it('with the defaults (config/parley.yaml), waits out an outage of about 11 hours before giving up', () => {
    const { maxAttempts } = defaultRetryPolicy;
    let waited = 0;
    for (let attempts = 1; attempts < maxAttempts; attempts += 1) {
      const action = decideOnFailure(
        new AppError('unreachable', 'down'),
        { attempts },
        waited,
        defaultRetryPolicy,
      );
      expect(action.kind).toBe('retry');
      waited = action.kind === 'retry' ? action.at : waited;
    }
    expect(
      decideOnFailure(
        new AppError('unreachable', 'down'),
        { attempts: maxAttempts },
        waited,
        defaultRetryPolicy,
      ).kind,
    ).toBe('fail');
    expect(waited / 3_600_000).toBeGreaterThan(11);
    expect(waited / 3_600_000).toBeLessThan(12);
  });
});

describe('the reason a failed send stores', () => {
  const token = '123456789:ABCdefGHIjklMNOpqrSTUvwxYZ012345678';

  it('adds the platform detail once: after the message, not when the message already quotes it', () => {
    const apart = new AppError('message_rejected', 'Bad Request', { details: { reason: 'chat not found' } });
    const quoted = new AppError('message_rejected', 'Bad Request: chat not found', {
      details: { reason: 'chat not found' },
    });
    expect(decideOnFailure(apart, { attempts: 1 }, now, policy)).toMatchObject({
      reason: 'Bad Request (chat not found)',
    });
    expect(decideOnFailure(quoted, { attempts: 1 }, now, policy)).toMatchObject({
      reason: 'Bad Request: chat not found',
    });
  });

  it('keeps a bot token out of it, whether the error is an expected one or a bug', () => {
    const expected = new AppError('unreachable', `fetch https://api.telegram.org/bot${token}/sendMessage`);
    const bug = new TypeError(`bad URL https://api.telegram.org/bot${token}/sendMessage`);
    for (const error of [expected, bug]) {
      const action = decideOnFailure(error, { attempts: 1 }, now, policy);
      expect(action.reason).toContain('/bot<token>/sendMessage');
      expect(action.reason).not.toContain(token);
    }
  });
});

describe('edge cases of the failure policy', () => {
  it('a 429 saying retry_after 0 still pauses a second, so the lane does not spin', () => {
    const error = new AppError('rate_limited', 'Too Many Requests', { details: { retryAfterSeconds: 0 } });
    expect(decideOnFailure(error, { attempts: 1 }, now, policy)).toMatchObject({
      kind: 'pause',
      until: now + 1000,
    });
  });

  it('a migration without a target chat fails instead of moving the chat to an empty id', () => {
    const error = new AppError('chat_migrated', 'upgraded', { details: { migrateTo: '' } });
    expect(decideOnFailure(error, { attempts: 1 }, now, policy).kind).toBe('fail');
  });
});
