import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { type FakeProxy, startFakeProxy } from '../fakes/http-proxy.js';
import { startFakeTelegram } from '../fakes/telegram-api.js';
import { createCliHarness } from '../support/cli-harness.js';

const rss = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Talks Daily</title><link>https://example.org/</link>
<item><title>Envoys meet in Doha</title><link>https://example.org/a/1</link><guid>g-1</guid></item>
</channel></rss>`;

/** `parley` with HTTP_PROXY set: the feeds are read through the proxy, and start says which one. */
describe('parley behind a proxy', () => {
  const cli = createCliHarness();
  let server: FeedServer;
  let proxy: FakeProxy;
  let config: string;

  beforeAll(async () => {
    server = await startFeedServer();
    server.route('/talks.xml', { body: rss, contentType: 'application/rss+xml' });
    proxy = await startFakeProxy({ credentials: 'parley:pr0xy-pw' });
    config = cli.writeConfig(`database: { path: ${join(cli.dir, 'parley.db')} }
feeds:
  opml: null
  list:
    - { url: "${server.url('/talks.xml')}", name: Talks Daily }
ingest: { allowPrivateNetworks: true, maxItemAgeDays: 0 }
server: { port: 0 }
log: { level: silent }
`);
  });
  afterAll(async () => {
    await proxy.close();
    await server.close();
    cli.cleanup();
  });

  const env = () => ({
    http_proxy: `http://parley:pr0xy-pw@127.0.0.1:${proxy.port}`,
    NO_PROXY: 'example.org',
  });

  it('polls the feeds through the proxy, with its credentials', async () => {
    proxy.requests.length = 0;
    const run = await cli.run(['--config', config, 'poll', '--once'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Talks Daily: 1 items, 1 new/);
    expect(proxy.requests).toEqual([
      {
        method: 'GET',
        target: server.url('/talks.xml'),
        authorization: `Basic ${Buffer.from('parley:pr0xy-pw').toString('base64')}`,
      },
    ]);
  });

  it('says at start which proxy it uses, without the password, and reaches Telegram through it', async () => {
    const telegram = await startFakeTelegram();
    try {
      proxy.requests.length = 0;
      const bot = `${telegram.url}/bot${telegram.token}`;
      const run = await cli.run(['--config', config, 'start'], {
        env: { ...env(), TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url },
        stopSignal: async () => {
          while (!proxy.requests.some((request) => request.target === `${bot}/getUpdates`)) await sleep(10);
          return 'SIGTERM';
        },
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        `parley: outbound requests: https:// through http://127.0.0.1:${proxy.port}, http:// through http://127.0.0.1:${proxy.port}, direct to NO_PROXY hosts (example.org)`,
      );
      expect(run.stdout + run.stderr).not.toContain('pr0xy-pw');
      expect(proxy.requests.map((request) => request.target)).toEqual(
        expect.arrayContaining([`${bot}/getMe`, `${bot}/getUpdates`]),
      );
    } finally {
      await telegram.close();
    }
  });
});
