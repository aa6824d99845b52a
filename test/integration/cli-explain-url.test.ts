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

  it('says which acts the headline reports, as clustering reads them', async () => {
    const agreed = await cli.run([
      '--config',
      config,
      'explain',
      'https://wire.example/world/istanbul-talks',
    ]);
    expect(agreed.stdout).toMatch(
      /^headline reports: agreement, talks, exchange \(a story whose reports' headlines tell only of the opposite outcome/m,
    );
    const met = await cli.run(['--config', config, 'explain', 'https://daily.example/gaza/doha-envoys/']);
    expect(met.stdout).toMatch(/^headline reports: talks \(talks and proposals go with any story\)$/m);
    const story = /^story: #(\d+)/m.exec(agreed.stdout)?.[1] ?? '';
    const explained = await cli.run(['--config', config, 'explain', story]);
    expect(explained.stdout).toMatch(
      /^headlines report: agreement, talks, exchange \(a report whose headline tells only of the opposite outcome starts another story\)$/m,
    );
    const other = /^story: #(\d+)/m.exec(met.stdout)?.[1] ?? '';
    expect(other).not.toBe(story);
    expect((await cli.run(['--config', config, 'explain', other])).stdout).not.toContain('headlines report');
  });

  /** A config reading `lexicon` (the shipped one, changed by `edit`) instead of the shipped file. */
  function configWith(edit: (lexicon: string) => string, name: string): string {
    const shipped = readFileSync(join(repoRoot, 'config/lexicon.yaml'), 'utf8');
    const lexicon = cli.writeConfig(edit(shipped), `${name}-lexicon.yaml`);
    return cli.writeConfig(
      readFileSync(config, 'utf8').replace('log:', `analysis: { lexicon: ${lexicon} }\nlog:`),
      `${name}.yaml`,
    );
  }
  const url = 'https://wire.example/world/istanbul-talks';

  it('says nothing more when the lexicon and topics judge the item as they did', async () => {
    const run = await cli.run(['--config', config, 'explain', url]);
    expect(run.stdout).toMatch(/^relevance: RELEVANT, score .* \(threshold 1\)$/m);
    expect(run.stdout).not.toContain('as they are now');
  });

  it('says how the lexicon as it is now judges the item when its threshold changed since', async () => {
    const raised = configWith((lexicon) => lexicon.replace(/^threshold: .*$/m, 'threshold: 9'), 'raised');
    const run = await cli.run(['--config', raised, 'explain', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^relevance: RELEVANT, score .* \(threshold 1\)$/m);
    expect(run.stdout).toMatch(
      /^analysed \S+ .*; the lexicon and topics as they are now say: not relevant, score [\d.]+ \(threshold 9\), topics ukraine\. Items are analysed again only when new or changed/m,
    );
  });

  it('says how it judges the item when a weight changed since, with the same threshold', async () => {
    const titleHalved = configWith(
      (lexicon) => lexicon.replace(/^fields: .*$/m, 'fields: { title: 0.5, lead: 0.6, body: 0.15 }'),
      'halved',
    );
    const before = (await cli.run(['--config', config, 'explain', url])).stdout;
    const scoreOf = (text: string) => Number(/^relevance: \S+ ?\S*, score ([\d.]+)/m.exec(text)?.[1]);
    const run = await cli.run(['--config', titleHalved, 'explain', url]);
    const today = /as they are now say: (?:RELEVANT|not relevant), score ([\d.]+) \(threshold 1\)/.exec(
      run.stdout,
    );
    expect(today).not.toBeNull();
    expect(Number(today?.[1])).toBeLessThan(scoreOf(before));
  });

  it('still says so for a URL no item has', async () => {
    const run = await cli.run(['--config', config, 'explain', 'https://wire.example/world/other-talks']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no stored item has the URL https://wire.example/world/other-talks');
  });
});

describe('parley explain <item-url> after a rule that is not a score changed', () => {
  const cli = createCliHarness();
  let server: FeedServer;

  beforeAll(async () => {
    server = await startFeedServer();
    server.route('/talks.xml', {
      body: `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Talks</title><link>https://talks.example/</link><language>en</language>
<item><title>Negotiators agree on a ceasefire at peace talks</title><link>https://talks.example/ceasefire</link><pubDate>${pubDate}</pubDate><description>The delegations agreed on a ceasefire and a prisoner exchange at peace talks mediated by envoys.</description></item>
</channel></rss>`,
    });
  });
  afterAll(async () => {
    await server.close();
    cli.cleanup();
  });

  function configWith(edit: (lexicon: string) => string, name: string): string {
    const shipped = readFileSync(join(repoRoot, 'config/lexicon.yaml'), 'utf8');
    const lexicon = cli.writeConfig(edit(shipped), `${name}-lexicon.yaml`);
    return cli.writeConfig(
      `database: { path: ${join(cli.dir, 'rules.db')} }
feeds:
  opml: null
  list:
    - { url: "${server.url('/talks.xml')}", name: Talks }
ingest: { allowPrivateNetworks: true }
analysis: { lexicon: ${lexicon} }
log: { level: silent }
`,
      `${name}.yaml`,
    );
  }

  it('says so when an item relevant by its words, with its score and topics, is out by requireTopic now', async () => {
    const before = configWith(
      (lexicon) => lexicon.replace(/^requireTopic: true$/m, 'requireTopic: false'),
      'before',
    );
    expect((await cli.run(['--config', before, 'poll', '--once'])).code).toBe(0);
    const url = 'https://talks.example/ceasefire';
    const stored = await cli.run(['--config', before, 'explain', url]);
    expect(stored.stdout).toMatch(/^relevance: RELEVANT, score /m);
    expect(stored.stdout).toMatch(/^topics: none/m);
    const now = await cli.run(['--config', configWith((lexicon) => lexicon, 'now'), 'explain', url]);
    expect(now.stdout).toMatch(
      /as they are now say: not relevant, score [\d.]+ \(threshold 1\), topics none\./,
    );
  });
});
