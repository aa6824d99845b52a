/**
 * Slack HTTP mode (slack.mode: http) on loopback: a slow client does not hold up a shutdown.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse())
    await Promise.race([cleanup(), new Promise((resolve) => setTimeout(resolve, 1000))]);
});

const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'timed out'> =>
  Promise.race([promise, new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), ms))]);

describe('Slack HTTP receiver: slow clients', () => {
  it('stops within a few seconds while an unsigned client trickles a request body', async () => {
    const harness: SlackHarness = await startSlackHarness();
    cleanups.push(() => harness.close());
    const socket = connect(harness.frontEnd.port ?? 0, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.on('error', () => {});
    cleanups.push(() => void socket.destroy());
    // No signature needed to get this far: Bolt buffers the body (up to 4 MB) before verifying it.
    socket.write('POST /slack/events HTTP/1.1\r\nHost: parley\r\nContent-Length: 1000\r\n\r\ncommand=');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    const stopped = harness.frontEnd.stop().then(() => performance.now() - started);
    // README: shutdown within about 8 s; HTTPReceiver.stop() alone is server.close(), which waits for
    // the open request (node's requestTimeout).
    expect(await within(stopped, 8000)).not.toBe('timed out');
  }, 15_000);
});
