import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { createCliHarness } from '../support/cli-harness.js';

const pubDate = new Date(Date.now() - 2 * 3_600_000).toUTCString();

describe('parley explain <item-url> with the address as a browser shows it', () => {
  const cli = createCliHarness();
  let server: FeedServer;
  let config: string;

  beforeAll(async () => {
    server = await startFeedServer();
    server.route('/wire.xml', {
      body: `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link><language>en</language>
<item><title>Russia and Ukraine hold peace talks in Istanbul, agree on prisoner exchange</title><link>https://wire.example/world/istanbul-talks</link><pubDate>${pubDate}</pubDate><description>Russian and Ukrainian delegations met in Istanbul for direct peace talks and agreed to exchange 1,000 prisoners of war each.</description></item>
<item><title>Envoys meet in Doha on a Gaza ceasefire</title><link>http://daily.example/gaza/doha-envoys/</link><pubDate>${pubDate}</pubDate><description>Mediators from Qatar and Egypt met Israeli and Hamas negotiators in Doha on a ceasefire and hostage deal.</description></item>
</channel></rss>`,
    });
    config = cli.writeConfig(`database: { path: ${join(cli.dir, 'explain.db')} }
feeds:
  opml: null
  list:
    - { url: "${server.url('/wire.xml')}", name: Wire }
ingest: { allowPrivateNetworks: true }
log: { level: silent }
`);
    expect((await cli.run(['--config', config, 'poll', '--once'])).code).toBe(0);
  });
  afterAll(async () => {
    await server.close();
    cli.cleanup();
  });

  it.each([
    ['as stored', 'https://wire.example/world/istanbul-talks'],
    ['with tracking parameters', 'https://wire.example/world/istanbul-talks?utm_source=tg&utm_medium=social'],
    ['over http', 'http://wire.example/world/istanbul-talks'],
    ['with a trailing slash', 'https://wire.example/world/istanbul-talks/'],
    ['over https, without the slash the feed gave', 'https://daily.example/gaza/doha-envoys'],
  ])('finds the item by its URL %s', async (_, url) => {
    const run = await cli.run(['--config', config, 'explain', url]);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/^relevance: RELEVANT, score /m);
  });

  it('still says so for a URL no item has', async () => {
    const run = await cli.run(['--config', config, 'explain', 'https://wire.example/world/other-talks']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no stored item has the URL https://wire.example/world/other-talks');
  });
});
