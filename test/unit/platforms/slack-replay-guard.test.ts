import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createReplayGuard } from '../../../src/platforms/slack/slack-receiver.js';

const signed = (signature: string | undefined) =>
  ({ headers: signature === undefined ? {} : { 'x-slack-signature': signature } }) as IncomingMessage;

describe('createReplayGuard', () => {
  it('refuses a signature taken within the ten minutes a timestamp can be accepted, and forgets it after', () => {
    let now = 0;
    const { replayed } = createReplayGuard(() => now);
    expect(replayed(signed('v0=a'))).toBe(false);
    expect(replayed(signed('v0=b'))).toBe(false);
    now = 9 * 60_000;
    expect(replayed(signed('v0=a'))).toBe(true);
    now = 10 * 60_000 + 1;
    expect(replayed(signed('v0=a'))).toBe(false);
  });

  it('lets a request without a signature through to Bolt, which refuses it', () => {
    const { replayed } = createReplayGuard(() => 0);
    expect(replayed(signed(undefined))).toBe(false);
    expect(replayed(signed(undefined))).toBe(false);
  });

  it('remembers at most 10,000 signatures, the oldest going first', () => {
    const { replayed } = createReplayGuard(() => 0);
    for (let i = 0; i <= 10_000; i += 1) replayed(signed(`v0=${i}`));
    expect(replayed(signed('v0=10000'))).toBe(true);
    expect(replayed(signed('v0=0'))).toBe(false);
  });

  it('takes a signature with text after a second "=" (which Bolt ignores) as the same signature', () => {
    const { replayed } = createReplayGuard(() => 0);
    expect(replayed(signed('v0=abc'))).toBe(false);
    expect(replayed(signed('v0=abc=x'))).toBe(true);
    expect(replayed(signed('v0=abc='))).toBe(true);
  });

  it('keeps a taken signature while made-up ones that Bolt refuses come and go', () => {
    const guard = createReplayGuard(() => 0);
    expect(guard.replayed(signed('v0=real'))).toBe(false);
    for (let i = 0; i <= 10_000; i += 1) {
      const forged = signed(`v0=forged${i}`);
      guard.replayed(forged);
      guard.refused(forged);
    }
    expect(guard.replayed(signed('v0=real'))).toBe(true);
  });
});
