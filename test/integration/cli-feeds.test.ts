import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireInstanceLock } from '../../src/storage/instance-lock.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { createCliHarness, repoRoot } from '../support/cli-harness.js';

const rss = (title: string, items: string[]) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${title}</title><link>https://example.org/</link><language>en</language>
${items.map((t, i) => `<item><title>${t}</title><link>https://example.org/a/${i}?utm_source=rss</link><guid>g-${i}</guid><pubDate>${new Date(Date.now() - i * 3_600_000).toUTCString()}</pubDate><description>&lt;p&gt;${t} in detail.&lt;/p&gt;</description></item>`).join('\n')}
</channel></rss>`;

const cyrillic = `<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0"><channel><title>Новости</title><link>https://example.ru/</link>
<item><title>Россия и Украина начали переговоры о перемирии в Стамбуле</title><link>https://example.ru/1</link><description>Делегации встретились.</description></item>
</channel></rss>`;

// BBC Greek's feed as it reads: Greek, a language the lexicon has no words in (Hebrew and Persian were
// ones, until their terms were added; the items about talks in them are then read).
const greek = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Kathimerini</title><link>https://www.kathimerini.gr/</link><language>el</language>
<item><title>Συνομιλίες Ιράν και ΗΠΑ στο Μουσκάτ: δεύτερος γύρος διαπραγματεύσεων</title><link>https://www.kathimerini.gr/1</link><description>Οι αντιπροσωπείες του Ιράν και των ΗΠΑ συναντήθηκαν στο Μουσκάτ για τον δεύτερο γύρο των πυρηνικών συνομιλιών.</description></item>
</channel></rss>`;

// BBC Persian's feed as it reads: the same item in Persian, which the lexicon reads.
const persian = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>BBC Persian</title><link>https://www.bbc.com/persian</link><language>fa</language>
<item><title>مذاکرات ایران و آمریکا در مسقط: دور دوم گفتگوها</title><link>https://www.bbc.com/persian/1</link><description>هیئت‌های ایران و آمریکا برای دور دوم مذاکرات هسته‌ای در مسقط دیدار کردند.</description></item>
</channel></rss>`;

const hebrew = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>ynet</title><link>https://www.ynet.co.il/</link><language>he</language>
<item><title>הפסקת אש: המשא ומתן בקהיר</title><link>https://www.ynet.co.il/1</link><description>המשלחת הישראלית יצאה לקהיר לשיחות על עסקת חטופים.</description></item>
</channel></rss>`;

describe('parley poll and parley feeds against loopback feeds', () => {
  const cli = createCliHarness();
  let server: FeedServer;
  let config: string;

  beforeAll(async () => {
    server = await startFeedServer();
    server.route('/talks.xml', {
      body: rss('Talks Daily', ['Envoys meet in Doha', 'Ceasefire extended']),
      contentType: 'application/rss+xml',
      etag: '"v1"',
    });
    server.route('/broken.xml', { status: 500, body: 'oops' });
    server.route('/ru.xml', { body: iconv.encode(cyrillic, 'win1251'), contentType: 'text/xml' });
    server.route('/he.xml', { body: hebrew, contentType: 'application/rss+xml' });
    server.route('/fa.xml', { body: persian, contentType: 'application/rss+xml' });
    server.route('/el.xml', { body: greek, contentType: 'application/rss+xml' });
    server.route('/page.html', {
      body: '<!doctype html><html><body><p>Not a feed</p></body></html>',
      contentType: 'text/html',
    });
    config = cli.writeConfig(`database: { path: ${join(cli.dir, 'parley.db')} }
feeds:
  opml: null
  list:
    - { url: "${server.url('/talks.xml')}", name: Talks Daily }
    - { url: "${server.url('/broken.xml')}", name: Broken }
    - { url: "${server.url('/ru.xml')}", name: Russian }
ingest: { allowPrivateNetworks: true, maxItemAgeDays: 0 }
server: { port: 0 }
log: { level: silent }
`);
  });
  afterAll(async () => {
    await server.close();
    cli.cleanup();
  });

  it('polls every feed once, stores the good ones, lists the failure and still exits 0', async () => {
    const run = await cli.run(['--config', config, 'poll', '--once']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Talks Daily: 2 items, 2 new/);
    expect(run.stdout).toMatch(/Russian: 1 items, 1 new/);
    expect(run.stdout).toMatch(/FAIL {2}Broken: HTTP 500/);
    expect(run.stdout).toMatch(
      /3 feeds: 2 ok, 0 not modified, 1 failed; 3 new items, 0 updated, [0-3] about peace talks/,
    );
    expect(run.stdout).toContain(`failed feeds:\n  ${server.url('/broken.xml')}`);
  });

  it('refuses to poll while another Parley holds the database (its story ids would collide with ours)', async () => {
    const lock = acquireInstanceLock(join(cli.dir, 'parley.db'));
    try {
      const run = await cli.run(['--config', config, 'poll', '--once']);
      // The command failed; its usage was right (exit 2 would send the operator to the config).
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('another Parley is running on');
      expect(run.stdout).not.toMatch(/Talks Daily/);
    } finally {
      lock.release();
    }
  });

  it('lists the configured feeds without creating a database where none is (a mistyped --db)', async () => {
    const typo = join(cli.dir, 'parely.db');
    const run = await cli.run(['--config', config, '--db', typo, 'feeds']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`no database at ${typo} yet`);
    expect(run.stdout).toMatch(/Talks Daily/);
    expect(run.stdout).toContain('3 feeds, 0 failing');
    expect(existsSync(typo)).toBe(false);
  });

  it('answers `feeds add` with where feeds are configured, exit 2', async () => {
    const run = await cli.run(['--config', config, 'feeds', 'add', 'https://example.org/rss']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('there is no `feeds add`: feeds are listed in the configuration');
  });

  it.each([
    [
      ['feeds', 'chek', 'https://example.org/rss'],
      "unknown command 'feeds chek' (did you mean feeds check?)",
    ],
    [['chats', 'sho', '1'], "unknown command 'chats sho' (did you mean chats show?)"],
    [
      ['chats', 'zzzzz'],
      "unknown command 'chats zzzzz': the chats commands are list, add, set, off, on, show",
    ],
    [['feeds', 'list', 'extra'], "'feeds list' takes no arguments, not 'extra'"],
    [['chats', 'list', 'sho'], "'chats list' takes no arguments, not 'sho'"],
  ])(
    'names a mistyped subcommand %j instead of "too many arguments for list", exit 2',
    async (words, said) => {
      const run = await cli.run(['--config', config, ...words]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(said);
      expect(run.stderr).not.toContain('too many arguments');
    },
  );

  it('exits 1 when every feed fails, saying nothing was fetched', async () => {
    const onlyBroken = cli.writeConfig(
      `database: { path: ${join(cli.dir, 'broken.db')} }
feeds:
  opml: null
  list:
    - { url: "${server.url('/broken.xml')}", name: Broken }
ingest: { allowPrivateNetworks: true }
server: { port: 0 }
log: { level: silent }
`,
      'broken.yaml',
    );
    const run = await cli.run(['--config', onlyBroken, 'poll', '--once']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/1 feeds: 0 ok, 0 not modified, 1 failed/);
    expect(run.stderr).toContain('every feed failed, nothing was fetched');
  });

  it('shows each feed with its error counter and next retry in `feeds --json`', async () => {
    const run = await cli.run(['--config', config, 'feeds', '--json']);
    const feeds = run.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const broken = feeds.find((feed) => feed['name'] === 'Broken');
    expect(broken).toMatchObject({ consecutiveErrors: 1, lastStatus: 500, items: 0 });
    expect(String(broken?.['lastError'])).toMatch(/500/);
    expect(Date.parse(String(broken?.['nextFetchAt']))).toBeGreaterThan(Date.now());
    expect(feeds.find((feed) => feed['name'] === 'Talks Daily')).toMatchObject({
      items: 2,
      consecutiveErrors: 0,
      lastStatus: 200,
    });
  });

  it('uses the stored ETag on the next poll and counts the 304 as success', async () => {
    const run = await cli.run(['--config', config, 'poll', '--once']);
    expect(run.stdout).toMatch(/Talks Daily: not modified/);
    const conditional = server.requests.filter((r) => r.path === '/talks.xml').at(-1);
    expect(conditional?.headers['if-none-match']).toBe('"v1"');
  });

  it('prints the verdict and one JSON line per item for `feeds check --json`, decoding windows-1251', async () => {
    const run = await cli.run(['--config', config, 'feeds', 'check', server.url('/ru.xml'), '--json']);
    expect(run.code).toBe(0);
    const [verdict, item] = run.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(verdict).toMatchObject({ ok: true, status: 200, format: 'rss', title: 'Новости', items: 1 });
    expect(item).toMatchObject({
      title: 'Россия и Украина начали переговоры о перемирии в Стамбуле',
      url: 'https://example.ru/1',
      relevant: true,
      topics: ['ukraine'],
    });
    expect(Object.keys(item ?? {})).toEqual([
      'title',
      'url',
      'publishedAt',
      'summary',
      'language',
      'relevant',
      'topics',
    ]);
  });

  it('says when a feed is in a language the lexicon has no words in, instead of only "not relevant"', async () => {
    const run = await cli.run(['--config', config, 'feeds', 'check', server.url('/el.xml')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\[not relevant\]/);
    expect(run.stdout).toContain('note: the lexicon has no words in el: items in it are never relevant');
    const russian = await cli.run(['--config', config, 'feeds', 'check', server.url('/ru.xml')]);
    expect(russian.stdout).not.toContain('note:');
    const hebrew = await cli.run(['--config', config, 'feeds', 'check', server.url('/he.xml')]);
    expect(hebrew.stdout).toMatch(/\[RELEVANT gaza/);
    expect(hebrew.stdout).not.toContain('note:');
    const persian = await cli.run(['--config', config, 'feeds', 'check', server.url('/fa.xml')]);
    expect(persian.stdout).toMatch(/\[RELEVANT iran/);
    expect(persian.stdout).not.toContain('note:');
  });

  it('explains why an HTML page is not a feed and exits 1', async () => {
    const run = await cli.run(['--config', config, 'feeds', 'check', server.url('/page.html')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/not (a|an RSS|recognised)/i);
  });

  it('refuses a loopback feed when private networks are not allowed', async () => {
    const strict = cli.writeConfig(
      `database: { path: ${join(cli.dir, 'strict.db')} }\nfeeds: { opml: null }\nlog: { level: silent }\n`,
      'strict.yaml',
    );
    const run = await cli.run(['--config', strict, 'feeds', 'check', server.url('/talks.xml'), '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.lines[0] ?? '{}')).toMatchObject({ ok: false, code: 'blocked_address' });
    expect(existsSync(join(cli.dir, 'strict.db'))).toBe(false);
  });

  it('calls a URL that is not one bad usage (exit 2), and a feed that fails a failure (exit 1)', async () => {
    const notUrl = await cli.run(['--config', config, 'feeds', 'check', 'notaurl']);
    expect(notUrl.code).toBe(2);
    expect(notUrl.stdout).toContain('notaurl: not a valid URL');
    expect((await cli.run(['--config', config, 'feeds', 'check', server.url('/missing.xml')])).code).toBe(1);
  });

  it('backs the database up to a new file while it is in use', async () => {
    const target = join(cli.dir, 'backup.db');
    const run = await cli.run(['--config', config, 'db', 'backup', target]);
    expect(run.code).toBe(0);
    expect(existsSync(target)).toBe(true);
    expect(run.stdout).toMatch(/backed up \d+ pages/);
    const again = await cli.run(['--config', config, 'db', 'backup', target]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists: choose another file, or replace it with --overwrite');
    expect((await cli.run(['--config', config, 'db', 'backup', target, '--overwrite'])).code).toBe(0);
    const live = await cli.run([
      '--config',
      config,
      'db',
      'backup',
      join(cli.dir, 'parley.db'),
      '--overwrite',
    ]);
    expect(live.code).toBe(2);
    expect(live.stderr).toContain('is the database itself');
  });

  it('refuses to back up a database that does not exist (a mistyped --db) rather than an empty new one', async () => {
    const missing = join(cli.dir, 'typo.db');
    const target = join(cli.dir, 'typo-backup.db');
    const run = await cli.run(['--config', config, '--db', missing, 'db', 'backup', target]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no database at ${missing}`);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(target)).toBe(false);
  });

  it('exports the configured feeds as OPML', async () => {
    const run = await cli.run(['--config', config, 'feeds', 'export']);
    expect(run.stdout).toContain('<opml version="2.0">');
    expect(run.stdout).toContain(`xmlUrl="${server.url('/talks.xml')}"`);
  });

  it('exports into a folder it creates, and names a file it cannot write instead of crashing', async () => {
    const nested = join(cli.dir, 'exports', 'today', 'feeds.opml');
    const run = await cli.run(['--config', config, 'feeds', 'export', nested]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(nested, 'utf8')).toContain(`xmlUrl="${server.url('/talks.xml')}"`);
    const folder = await cli.run(['--config', config, 'feeds', 'export', cli.dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(new RegExp(`^parley: cannot write ${cli.dir}: EISDIR`));
  });

  it('imports an OPML file into the configured feeds.opml, skipping feeds already there', async () => {
    const opmlPath = join(cli.dir, 'feeds.opml');
    const withOpml = cli.writeConfig(
      `database: { path: ${join(cli.dir, 'parley.db')} }\nfeeds: { opml: ${opmlPath} }\nlog: { level: silent }\n`,
      'opml.yaml',
    );
    const incoming = cli.writeConfig(
      `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline type="rss" text="One" xmlUrl="https://one.example/rss"/><outline type="rss" text="Two &amp; Co" xmlUrl="https://two.example/rss"/>
</body></opml>`,
      'incoming.opml',
    );
    const first = await cli.run(['--config', withOpml, 'feeds', 'import', incoming]);
    expect(first.stdout).toContain('2 feeds added');
    const again = await cli.run(['--config', withOpml, 'feeds', 'import', incoming]);
    expect(again.stdout).toContain('0 feeds added');
    expect(again.stdout).toContain('2 already there');
    expect(readFileSync(opmlPath, 'utf8')).toContain('Two &amp; Co');
  });

  it('skips a feed that feeds.list already has (found by walkthrough: it was added to the OPML again)', async () => {
    const opmlPath = join(cli.dir, 'listed-feeds.opml');
    const withBoth = cli.writeConfig(
      `database: { path: ${join(cli.dir, 'parley.db')} }\nfeeds: { opml: ${opmlPath}, list: [ { url: "https://bell.example/rss", name: Bell } ] }\nlog: { level: silent }\n`,
      'listed.yaml',
    );
    const incoming = cli.writeConfig(
      `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline type="rss" text="Bell" xmlUrl="https://BELL.example/rss"/><outline type="rss" text="New" xmlUrl="https://new.example/rss"/>
</body></opml>`,
      'listed-incoming.opml',
    );
    const run = await cli.run(['--config', withBoth, 'feeds', 'import', incoming]);
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([
      `1 feed added to ${opmlPath}, 1 already there`,
      '  + New  https://new.example/rss',
    ]);
    expect(readFileSync(opmlPath, 'utf8')).not.toContain('bell.example');
  });

  it('imports only http(s) feeds: a javascript: or relative xmlUrl is skipped with a message, and the config still loads after', async () => {
    const opmlPath = join(cli.dir, 'skip-feeds.opml');
    const withOpml = cli.writeConfig(
      `database: { path: ${join(cli.dir, 'parley.db')} }\nfeeds: { opml: ${opmlPath} }\nlog: { level: silent }\n`,
      'skip.yaml',
    );
    const incoming = cli.writeConfig(
      `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="Bad" xmlUrl="javascript:alert(1)"/><outline text="Relative" xmlUrl="feeds/local.xml"/>
<outline text="Good" xmlUrl="https://good.example/rss"/></body></opml>`,
      'mixed.opml',
    );
    const run = await cli.run(['--config', withOpml, 'feeds', 'import', incoming]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 feed added');
    expect(run.stdout).toContain('2 skipped');
    expect(run.stderr).toContain('skipped "javascript:alert(1)": not an http(s) URL');
    expect(run.stderr).toContain('skipped "feeds/local.xml"');
    const written = readFileSync(opmlPath, 'utf8');
    expect(written).not.toContain('javascript:');
    expect(written).not.toContain('local.xml');
    const exported = await cli.run(['--config', withOpml, 'feeds', 'export']);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('https://good.example/rss');
  });

  it('names an rss outline without an xmlUrl that it skips, instead of leaving it out without a word', async () => {
    const opmlPath = join(cli.dir, 'no-url-feeds.opml');
    const withOpml = cli.writeConfig(
      `database: { path: ${join(cli.dir, 'parley.db')} }\nfeeds: { opml: ${opmlPath} }\nlog: { level: silent }\n`,
      'no-url.yaml',
    );
    const incoming = cli.writeConfig(
      `<opml version="2.0"><body><outline type="rss" text="BBC" htmlUrl="https://www.bbc.com/news"/>
<outline type="rss" text="Good" xmlUrl="https://good.example/rss"/></body></opml>`,
      'no-url.opml',
    );
    const run = await cli.run(['--config', withOpml, 'feeds', 'import', incoming]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 feed added');
    expect(run.stdout).toContain('1 skipped');
    expect(run.stderr).toContain('skipped the feed "BBC": it has no xmlUrl (its feed address)');
  });

  it('refuses an import file that is not OPML with exit code 2, writing nothing', async () => {
    const opmlPath = join(cli.dir, 'untouched.opml');
    const withOpml = cli.writeConfig(
      `database: { path: ${join(cli.dir, 'parley.db')} }\nfeeds: { opml: ${opmlPath} }\nlog: { level: silent }\n`,
      'untouched.yaml',
    );
    const broken = cli.writeConfig('<opml><body><outline xmlUrl="https://x.example/rss">', 'broken.opml');
    const run = await cli.run(['--config', withOpml, 'feeds', 'import', broken]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${broken}: not valid XML`);
    expect(existsSync(opmlPath)).toBe(false);
  });

  it("imports outside a folder with its own list into a new one there (the defaults and the additions), never into Parley's own copy", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'parley-elsewhere-'));
    const own = readFileSync(join(repoRoot, 'config', 'feeds.opml'), 'utf8');
    const incoming = cli.writeConfig(
      '<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body><outline type="rss" text="One" xmlUrl="https://one.example/rss"/></body></opml>',
      'one.opml',
    );
    try {
      const run = await cli.run(['feeds', 'import', incoming], { cwd: elsewhere });
      expect(run.code).toBe(0);
      const created = readFileSync(join(elsewhere, 'config', 'feeds.opml'), 'utf8');
      expect(created).toContain('https://one.example/rss');
      expect(created.split('xmlUrl=').length).toBe(own.split('xmlUrl=').length + 1);
      expect(readFileSync(join(repoRoot, 'config', 'feeds.opml'), 'utf8')).toBe(own);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('stops on a config typo with every problem named by its key, and exit code 2', async () => {
    const bad = cli.writeConfig(
      'ingest:\n  maxItemAgeDay: 3\n  timeout: soon\ndigest: { timezone: Mars/Olympus }\n',
      'bad.yaml',
    );
    const run = await cli.run(['--config', bad, 'feeds']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ingest.maxItemAgeDay');
    expect(run.stderr).toContain('ingest.timeout');
    expect(run.stderr).toContain('digest.timezone');
  });

  it('names the database path when it cannot be opened', async () => {
    const blocked = cli.writeConfig(
      `database: { path: ${config}/inside-a-file.db }\nfeeds: { opml: null }\nlog: { level: silent }\n`,
      'nodb.yaml',
    );
    const run = await cli.run(['--config', blocked, 'poll', '--once']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${config}/inside-a-file.db`);
  });
});
