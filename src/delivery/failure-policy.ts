import type { Delivery } from '../domain/delivery.js';
import { type AppError, describeError, isAppError } from '../shared/errors.js';
import { redactSecrets } from '../shared/redact.js';

/**
 * What the pump does after a failed send. One place, so the policy reads in one screen:
 * - 429: pause the whole platform for retry_after (at most an hour) and try the message again, not counted
 *   as an attempt;
 * - chat gone (blocked, kicked, not found): deactivate the chat, its unsent parts are dead;
 * - chat migrated (group → supergroup): move the chat to its new id and send again;
 * - refused message (a rendering bug) or retries exhausted: failed, with the reason;
 * - bad token: pause the platform and keep the message (the operator fixes the token);
 * - the outbound proxy refuses the tunnel with 407 (wrong proxy credentials) or 403 (destination not
 *   allowed): the same, since the operator must fix it and every chat would fail alike (a 502, the
 *   proxy unable to reach the platform, is an outage and retried);
 * - network errors, timeouts, 5xx: retry with exponential backoff. A timeout after the request left
 *   may have been delivered: the retry can duplicate it once (at-least-once, README "Delivery guarantees").
 */
export type FailureAction =
  | { kind: 'pause'; until: number; reason: string; why: 'rate_limited' | 'bad_token' | 'proxy_refused' }
  | { kind: 'deactivate'; reason: string }
  | { kind: 'migrate'; chatId: string; reason: string }
  | { kind: 'retry'; at: number; reason: string }
  | { kind: 'fail'; reason: string };

export type RetryPolicy = { maxAttempts: number; baseMs: number; maxMs: number; badTokenPauseMs: number };

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 30,
  baseMs: 10_000,
  maxMs: 30 * 60_000,
  badTokenPauseMs: 5 * 60_000,
};

/**
 * 10 s, 20 s, 40 s … capped at 30 min: about 11 hours over 30 attempts with the defaults, so that a
 * digest waits out an outage of the platform or of the host's network rather than being lost.
 */
export function backoffMs(attempts: number, policy: RetryPolicy): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * The longest pause a 429 gets, whatever its retry_after says: a bogus one (a proxy's milliseconds read as
 * seconds, a garbled header) would otherwise stop the platform until a restart and keep the message, and
 * so every later digest of its chat, waiting for good. Telegram's real ones run to minutes (tdlib/
 * telegram-bot-api#184: 2282 s); if it still means longer, the next try is answered with the rest.
 */
export const maxRateLimitPauseMs = 60 * 60_000;

/** The stored reason: message and platform detail, without any secret a network error quoted. */
function reasonOf(error: AppError): string {
  const detail = error.details['reason'];
  return redactSecrets(
    typeof detail === 'string' && !error.message.includes(detail)
      ? `${error.message} (${detail})`
      : error.message,
  );
}

/** 407 and 403 from the proxy: its credentials or its rules, which the operator must change. */
function proxyConfigRefusal(error: AppError): boolean {
  const status = error.details['status'];
  return error.code === 'unreachable' && (status === 407 || status === 403);
}

/** `attempts` counts the attempt that just failed. */
export function decideOnFailure(
  error: unknown,
  delivery: Pick<Delivery, 'attempts'>,
  now: number,
  policy: RetryPolicy,
): FailureAction {
  if (!isAppError(error))
    return { kind: 'fail', reason: redactSecrets(`internal error: ${describeError(error)}`) };
  const reason = reasonOf(error);
  switch (error.code) {
    case 'rate_limited': {
      const seconds = Number(error.details['retryAfterSeconds']);
      const wait =
        Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, maxRateLimitPauseMs) : 1000;
      return { kind: 'pause', until: now + wait, reason, why: 'rate_limited' };
    }
    case 'chat_gone':
      return { kind: 'deactivate', reason };
    case 'chat_migrated': {
      const target = error.details['migrateTo'];
      if (typeof target === 'string' && target !== '' && delivery.attempts < policy.maxAttempts)
        return { kind: 'migrate', chatId: target, reason };
      return { kind: 'fail', reason };
    }
    case 'config_invalid':
      return { kind: 'pause', until: now + policy.badTokenPauseMs, reason, why: 'bad_token' };
    default:
      if (proxyConfigRefusal(error))
        return { kind: 'pause', until: now + policy.badTokenPauseMs, reason, why: 'proxy_refused' };
      if (error.retryable && delivery.attempts < policy.maxAttempts)
        return { kind: 'retry', at: now + backoffMs(delivery.attempts, policy), reason };
      return {
        kind: 'fail',
        reason: error.retryable ? `gave up after ${delivery.attempts} attempts: ${reason}` : reason,
      };
  }
}
