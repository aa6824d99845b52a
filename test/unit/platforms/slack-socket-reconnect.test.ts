import { setTimeout as sleep } from 'node:timers/promises';
import type { FetchFunction } from '@slack/web-api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBoltLogger } from '../../../src/platforms/slack/bolt-logger.js';
import { createSlackReceiver } from '../../../src/platforms/slack/slack-receiver.js';
import { systemClock } from '../../../src/shared/clock.js';
import { createLogger, createSilentLogger } from '../../../src/shared/logger.js';
import { type FakeSlackSocket, startFakeSlackSocket } from '../../fakes/slack-socket.js';

/**
 * The Socket Mode client's reconnects (slack-receiver.ts): how often it asks apps.connections.open again
 * while Slack or the network is down (what decides how long `/digest` keeps failing with dispatch_failed
 * once they are back), and what a reconnect that Slack refuses for good does to the process.
 */
afterEach(() => {
  vi.useRealTimers();
});

type Client = { start(): Promise<unknown> };

describe('Socket Mode reconnect while Slack cannot be reached', () => {
  it('asks for a new connection at least once a minute however long the outage, not ever more rarely', async () => {
    vi.useFakeTimers();
    const attempts: number[] = [];
    let down = true;
    // A network outage (fetch rejects as undici does), then Slack refusing the token so that the
    // client's start() ends and the test can finish.
    const fetch: FetchFunction = async () => {
      attempts.push(Date.now());
      if (down) throw new TypeError('fetch failed', { cause: new Error('getaddrinfo EAI_AGAIN slack.com') });
      return new Response(JSON.stringify({ ok: false, error: 'invalid_auth' }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    };
    const log = createSilentLogger();
    const receiver = createSlackReceiver({
      mode: 'socket',
      appToken: 'xapp-1-fake-token',
      signingSecret: null,
      port: 0,
      clock: systemClock,
      log,
      boltLogger: createBoltLogger(log),
      clientOptions: { slackApiUrl: 'http://127.0.0.1:9/api/', timeout: 10_000, fetch },
    }) as unknown as { client: Client };
    const started = receiver.client.start().catch((error: unknown) => error);
    const outageMs = 3 * 60 * 60_000;
    await vi.advanceTimersByTimeAsync(outageMs);
    down = false;
    const back = Date.now();
    // Slack is reachable again: the next attempt comes within a minute (and is refused, ending start()).
    await vi.advanceTimersByTimeAsync(60_000);
    const after = attempts.filter((at) => at >= back);
    expect(
      after.length,
      `last attempt ${((back - (attempts.at(-1) ?? 0)) / 60_000).toFixed(0)} min before`,
    ).toBe(1);
    const gaps = attempts.slice(1).map((at, i) => at - (attempts[i] ?? at));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(60_000);
    expect(await started).toMatchObject({ data: { error: 'invalid_auth' } });
  });
});

describe('Socket Mode reconnect after Slack stops taking the app token', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it.each([
    ['Slack’s routine refresh (the prompt reconnect)', (socket: FakeSlackSocket) => socket.refresh()],
    ['a lost connection (the SDK’s own reconnect, 5 s later)', (socket: FakeSlackSocket) => socket.drop()],
  ])(
    'after %s, logs that SLACK_APP_TOKEN was refused instead of crashing the process (an unhandled rejection)',
    async (_name, cut) => {
      const socket = await startFakeSlackSocket();
      cleanups.push(socket.close);
      let opened = 0;
      // The first apps.connections.open hands out a socket; later ones find the token revoked.
      const fetch: FetchFunction = async () => {
        opened += 1;
        const body =
          opened === 1 ? { ok: true, url: socket.issueUrl() } : { ok: false, error: 'invalid_auth' };
        return new Response(JSON.stringify(body), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      };
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      cleanups.push(() => {
        process.off('unhandledRejection', onUnhandled);
      });
      const lines: string[] = [];
      const log = createLogger({ destination: { write: (line: string) => lines.push(line) } });
      const receiver = createSlackReceiver({
        mode: 'socket',
        appToken: 'xapp-1-fake-token',
        signingSecret: null,
        port: 0,
        clock: systemClock,
        log,
        boltLogger: createBoltLogger(createSilentLogger()),
        clientOptions: { slackApiUrl: 'http://127.0.0.1:9/api/', timeout: 2_000, fetch },
      }) as unknown as { client: Client & { disconnect(): Promise<void> } };
      await receiver.client.start();
      cleanups.push(() => receiver.client.disconnect());
      cut(socket);
      // Until the refused reconnect has ended one way or the other (the SDK's own comes 5 s after a drop):
      // logged, or an unhandled rejection.
      const refused = () => lines.join('').includes('SLACK_APP_TOKEN');
      await vi.waitFor(() => expect(unhandled.length > 0 || refused()).toBe(true), { timeout: 15_000 });
      await sleep(100);
      expect(opened).toBe(2);
      expect(unhandled).toEqual([]);
      expect(lines.join('')).toContain('SLACK_APP_TOKEN');
    },
  );
});
