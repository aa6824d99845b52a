import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { createCliHarness } from '../support/cli-harness.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
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

  it('says when the lexicon that judged the item had another threshold than the one configured now', async () => {
    const shipped = readFileSync(join(repoRoot, 'config/lexicon.yaml'), 'utf8');
    const raised = cli.writeConfig(
      shipped.replace(/^threshold: .*$/m, 'threshold: 9'),
      'raised-lexicon.yaml',
    );
    const now = cli.writeConfig(
      readFileSync(config, 'utf8').replace('log:', `analysis: { lexicon: ${raised} }\nlog:`),
      'raised.yaml',
    );
    const url = 'https://wire.example/world/istanbul-talks';
    const before = await cli.run(['--config', config, 'explain', url]);
    expect(before.stdout).not.toContain('the lexicon now says');
    const after = await cli.run(['--config', now, 'explain', url]);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^relevance: RELEVANT, score .* \(threshold 1\)$/m);
    expect(after.stdout).toMatch(
      /^analysed \S+ .*with threshold 1; the lexicon now says 9: items are analysed again only when new or changed/m,
    );
  });

  it('still says so for a URL no item has', async () => {
    const run = await cli.run(['--config', config, 'explain', 'https://wire.example/world/other-talks']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no stored item has the URL https://wire.example/world/other-talks');
  });
});
