import { describe, expect, it } from 'vitest';
import { nextFetchAfterFailure, nextFetchAfterSuccess } from '../../../src/domain/fetch-schedule.js';

const minute = 60_000;
const policy = {
  interval: 30 * minute,
  minInterval: 5 * minute,
  maxInterval: 360 * minute,
  backoffBase: 5 * minute,
  maxBackoff: 1440 * minute,
};

describe('nextFetchAfterSuccess', () => {
  it.each([
    { name: 'no hints: the configured interval', maxAgeSeconds: null, ttlMinutes: null, wait: 30 * minute },
    {
      name: 'a short max-age does not poll faster than the interval',
      maxAgeSeconds: 60,
      ttlMinutes: null,
      wait: 30 * minute,
    },
    { name: 'a long max-age stretches the wait', maxAgeSeconds: 3600, ttlMinutes: null, wait: 60 * minute },
    { name: 'a <ttl> of 2 hours is honoured', maxAgeSeconds: null, ttlMinutes: 120, wait: 120 * minute },
    {
      name: 'a <ttl> of a week is capped at maxInterval',
      maxAgeSeconds: null,
      ttlMinutes: 10_080,
      wait: 360 * minute,
    },
  ])('$name', ({ maxAgeSeconds, ttlMinutes, wait }) => {
    expect(nextFetchAfterSuccess(1_000, { maxAgeSeconds, ttlMinutes }, policy)).toBe(1_000 + wait);
  });
});

describe('nextFetchAfterFailure', () => {
  it.each([
    { errors: 1, retryAfter: null, wait: 5 * minute },
    { errors: 2, retryAfter: null, wait: 10 * minute },
    { errors: 4, retryAfter: null, wait: 40 * minute },
    { errors: 20, retryAfter: null, wait: 1440 * minute },
    { errors: 1, retryAfter: 7200, wait: 120 * minute },
    { errors: 1, retryAfter: 10 * 86_400, wait: 1440 * minute },
    { errors: 1, retryAfter: 1, wait: 5 * minute },
  ])(
    'after $errors failure(s) with Retry-After $retryAfter s waits $wait ms',
    ({ errors, retryAfter, wait }) => {
      expect(nextFetchAfterFailure(0, errors, retryAfter, policy)).toBe(wait);
    },
  );
});
