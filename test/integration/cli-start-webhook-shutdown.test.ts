/**
 * `parley start` with telegram.mode: webhook shuts down "within about 8 s" (README), whoever is
 * connected to the webhook port.
 */
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeTelegram } from '../fakes/telegram-api.js';
import { createCliHarness } from '../support/cli-harness.js';
import { freePort } from '../support/loopback.js';

describe('parley start, webhook mode', () => {
  const cli = createCliHarness();
  afterAll(() => cli.cleanup());

  it('exits within 8 s of SIGTERM while a client holds the webhook port with a half-sent request', async () => {
    const telegram = await startFakeTelegram();
    const webhookPort = await freePort();
    const config = cli.writeConfig(`database: { path: ${join(cli.dir, 'hook.db')} }
feeds: { opml: null, list: [] }
server: { port: 0 }
log: { level: silent }
telegram: { mode: webhook, webhook: { url: "https://parley.example/telegram", port: ${webhookPort}, host: 127.0.0.1 } }
`);
    let socket: Socket | undefined;
    let signalledAt = 0;
    const stopSignal = async () => {
      await telegram.waitFor('setWebhook', () => true);
      socket = connect(webhookPort, '127.0.0.1');
      socket.on('error', () => {});
      await new Promise((resolve) => socket?.once('connect', resolve));
      socket.write('POST /telegram HTTP/1.1\r\nHost: parley\r\n');
      await new Promise((resolve) => setTimeout(resolve, 100));
      signalledAt = performance.now();
      return 'SIGTERM';
    };
    const run = cli.run(['--config', config, 'start'], {
      stopSignal,
      env: {
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.url,
        TELEGRAM_WEBHOOK_SECRET: 'parley_s3cret-token',
      },
    });
    const exited = run.then(() => performance.now() - signalledAt);
    const outcome = await Promise.race([
      exited,
      new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 12_000)),
    ]);
    socket?.destroy();
    await run;
    await telegram.close();
    expect(outcome).not.toBe('still running');
    expect(outcome as number).toBeLessThan(8000);
  }, 30_000);
});
