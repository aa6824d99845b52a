import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { createCliHarness } from '../support/cli-harness.js';

const hour = 3_600_000;
const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * hour).toUTCString();

const feed = (
  title: string,
  language: string,
  items: Array<{ title: string; text: string; link: string; ago: number }>,
) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${title}</title><link>https://${title}.example/</link><language>${language}</language>
${items.map((i) => `<item><title>${i.title}</title><link>${i.link}</link><guid>${i.link}</guid><pubDate>${at(i.ago)}</pubDate><description>${i.text}</description></item>`).join('\n')}
</channel></rss>`;

describe('parley stories, digest and explain after a poll', () => {
  const cli = createCliHarness();
  let server: FeedServer;
  let config: string;

  beforeAll(async () => {
    server = await startFeedServer();
    server.route('/wire.xml', {
      body: feed('Wire', 'en', [
        {
          title: 'Russia and Ukraine hold peace talks in Istanbul, agree on prisoner exchange',
          text: 'Russian and Ukrainian delegations met in Istanbul for direct peace talks and agreed to exchange 1,000 prisoners of war each, Turkish Foreign Minister Hakan Fidan said.',
          link: 'https://wire.example/istanbul-talks',
          ago: 3,
        },
        {
          title: 'Stocks rise as tech earnings beat forecasts',
          text: 'Shares of large technology companies rallied after quarterly earnings beat analyst forecasts.',
          link: 'https://wire.example/stocks',
          ago: 2,
        },
      ]),
    });
    server.route('/daily.xml', {
      body: feed('Daily', 'en', [
        {
          title: 'Istanbul peace talks: Russia and Ukraine agree to swap 1,000 prisoners each',
          text: 'Delegations from Russia and Ukraine held their first direct peace talks in Istanbul and agreed on an exchange of 1,000 prisoners of war, said Hakan Fidan.',
          link: 'https://daily.example/world/istanbul?utm_source=rss',
          ago: 2,
        },
      ]),
    });
    config = cli.writeConfig(`database: { path: ${join(cli.dir, 'stories.db')} }
feeds:
  opml: null
  list:
    - { url: "${server.url('/wire.xml')}", name: Wire }
    - { url: "${server.url('/daily.xml')}", name: Daily }
ingest: { allowPrivateNetworks: true }
log: { level: silent }
`);
    const poll = await cli.run(['--config', config, 'poll', '--once']);
    expect(poll.code).toBe(0);
    expect(poll.stdout).toContain('3 new items, 0 updated, 2 about peace talks');
  });
  afterAll(async () => {
    await server.close();
    cli.cleanup();
  });

  it('merges the two outlets\u2019 reports of the Istanbul talks into one ukraine story and leaves the markets out', async () => {
    const run = await cli.run(['--config', config, 'stories', '--json']);
    const stories = run.lines.map(
      (line) => JSON.parse(line) as { topics: string[]; items: Array<{ feed: string; url: string }> },
    );
    expect(stories).toHaveLength(1);
    expect(stories[0]?.topics).toContain('ukraine');
    expect(stories[0]?.items.map((item) => item.feed).sort()).toEqual(['Daily', 'Wire']);
    expect(stories[0]?.items.map((item) => item.url)).toContain('https://daily.example/world/istanbul');
    const text = await cli.run(['--config', config, 'stories']);
    expect(text.lines.at(-1)).toBe('1 story');
  });

  // The full-text index over stories (FTS5) was kept up to date and never read: a story is now found by
  // its words, each as the start of a word, and nothing typed is read as FTS5 syntax.
  it('finds stories by the words of their title or summary with --search', async () => {
    const found = await cli.run(['--config', config, 'stories', '--search', 'istanb PRISONER', '--json']);
    expect(found.code).toBe(0);
    expect(found.lines).toHaveLength(1);
    expect(JSON.parse(found.lines[0] ?? '{}')).toMatchObject({ topics: expect.arrayContaining(['ukraine']) });
    for (const miss of ['istanbul earnings', 'tanbul', 'Gaza']) {
      const none = await cli.run(['--config', config, 'stories', '--search', miss]);
      expect(none.code).toBe(0);
      expect(none.lines.at(-1)).toMatch(/^0 stories/);
    }
    // FTS5 operators and quotes are words or separators here, not syntax errors.
    for (const typed of [
      '"Istanbul',
      'title:Istanbul',
      'Istanbul NEAR(prisoner',
      'Istanbul AND -',
      '^Istanbul*',
    ]) {
      const run = await cli.run(['--config', config, 'stories', '--search', typed]);
      expect({ typed, code: run.code, stderr: run.stderr }).toEqual({ typed, code: 0, stderr: '' });
    }
    const empty = await cli.run(['--config', config, 'stories', '--search', '"" *']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('has no word to look for');
  });

  it('prints a digest of the ukraine topic with both outlets as sources', async () => {
    const run = await cli.run(['--config', config, 'digest', 'ukraine']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/== Russia.Ukraine/);
    expect(run.stdout).toMatch(/Sources: (Daily|Wire) <[^>]+>, (Daily|Wire) </);
  });

  it('prints the digest a Ukrainian chat would get, and refuses a language digests are not written in', async () => {
    const run = await cli.run(['--config', config, 'digest', 'ukraine', '--language', 'uk']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Дайджест мирних переговорів, /);
    expect(run.stdout).toContain('== Російсько-українська війна ==');
    expect(run.stdout).toMatch(/Джерела: (Daily|Wire) </);
    const wrong = await cli.run(['--config', config, 'digest', '--language', 'de']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('"de" is not a language digests are written in');
  });

  it('renders the digest as Telegram HTML and as Slack Block Kit messages', async () => {
    const telegram = await cli.run(['--config', config, 'digest', 'ukraine', '--format', 'telegram']);
    expect(telegram.stdout).toMatch(/<b>.*Istanbul.*<\/b>/);
    expect(telegram.stdout).toContain('<a href="https://daily.example/world/istanbul">');
    const slack = JSON.parse(
      (await cli.run(['--config', config, 'digest', 'ukraine', '--format', 'slack'])).stdout,
    ) as Array<{
      blocks: Array<{ type: string }>;
    }>;
    expect(slack[0]?.blocks[0]?.type).toBe('header');
  });

  it('prints the digest as JSON with ISO 8601 times, as stories --json does', async () => {
    const run = await cli.run(['--config', config, 'digest', 'ukraine', '--format', 'json']);
    expect(run.code).toBe(0);
    const digest = JSON.parse(run.stdout) as {
      since: string;
      until: string;
      sections: Array<{ topic: string; more: number; stories: Array<{ updatedAt: string }> }>;
    };
    const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    expect(digest.since).toMatch(isoTime);
    expect(digest.until).toMatch(isoTime);
    expect(digest.sections[0]?.topic).toBe('ukraine');
    expect(digest.sections[0]?.more).toBe(0);
    expect(digest.sections[0]?.stories[0]?.updatedAt).toMatch(isoTime);
  });

  it('says there is no database at a mistyped --db instead of creating an empty one', async () => {
    const missing = join(cli.dir, 'no-such-folder', 'typo.db');
    for (const command of [['stories'], ['digest'], ['explain', '1']]) {
      const run = await cli.run(['--config', config, '--db', missing, ...command]);
      expect(run.code, command[0]).toBe(1);
      expect(run.stderr).toContain(`no database at ${missing}`);
    }
    expect(existsSync(join(cli.dir, 'no-such-folder'))).toBe(false);
  });

  it('calls a mistyped option bad usage (exit 2) whether or not there is a database', async () => {
    const missing = join(cli.dir, 'no-such-folder', 'typo.db');
    for (const command of [
      ['stories', '--since', 'yesterday'],
      ['digest', '--until', 'soon'],
      ['digest', '--format', 'pdf'],
    ]) {
      const run = await cli.run(['--config', config, '--db', missing, ...command]);
      expect(run.code, command.join(' ')).toBe(2);
      expect(run.stderr).not.toContain('no database');
    }
  });

  it('takes the digest topics apart by commas, as stories --topic does, and all as every topic', async () => {
    const run = await cli.run(['--config', config, 'digest', 'ukraine,gaza']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Istanbul');
    const all = await cli.run(['--config', config, 'digest', 'all']);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('Istanbul');
    const typo = await cli.run(['--config', config, 'digest', 'all,ukrain']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown topic "ukrain"');
    const topicAll = await cli.run(['--config', config, 'stories', '--topic', 'all']);
    expect(topicAll.code).toBe(0);
    expect(topicAll.stdout).toContain('Istanbul');
  });

  it('names the unknown topic and lists the valid ones', async () => {
    const run = await cli.run(['--config', config, 'digest', 'narnia']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown topic "narnia"');
    expect(run.stderr).toContain('ukraine');
  });

  it('refuses a period it would have to guess at, or one that ends before it starts', async () => {
    for (const since of ['5', 'foo 12', '2026-02-30']) {
      const run = await cli.run(['--config', config, 'stories', '--since', since]);
      expect(run.code, since).toBe(2);
      expect(run.stderr).toContain(`"${since}" is neither a duration`);
    }
    // --until alone: the week before it
    const untilAlone = await cli.run(['--config', config, 'stories', '--until', '2026-01-01']);
    expect(untilAlone.code).toBe(0);
    expect(untilAlone.lines.at(-1)).toBe(
      '0 stories in the 7 days before --until; --since 30d looks further back',
    );
    const backwards = await cli.run(['--config', config, 'digest', '--since', '1h', '--until', '2026-11-01']);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toMatch(/--until \(2026-11-01T00:00:00.000Z\) must be later than --since/);
    // Without --until, --since is what is wrong (found by walkthrough: the message blamed --until).
    const empty = await cli.run(['--config', config, 'digest', '--since', '0d']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(
      /--since \(.+\) must be earlier than now \(.+\), the end of the period without --until/,
    );
  });

  it('explains why the markets item is not about peace talks', async () => {
    const run = await cli.run(['--config', config, 'explain', 'https://wire.example/stocks']);
    expect(run.stdout).toMatch(/relevance: not relevant, score/);
    expect(run.stdout).toContain('story: none');
  });

  it('explains a story with its members and their similarity', async () => {
    const id = JSON.parse((await cli.run(['--config', config, 'stories', '--json'])).lines[0] ?? '{}')
      .id as number;
    const run = await cli.run(['--config', config, 'explain', String(id)]);
    expect(run.stdout).toContain(`story #${id}`);
    expect(run.stdout).toMatch(/2 items from 2 outlets/);
    expect(run.stdout).toMatch(/; in digests as of \d{4}-\d\d-\d\d \d\d:\d\d.* \(its latest report\)/);
    expect(run.stdout).toMatch(/Wire: Russia and Ukraine hold peace talks/);
  });

  it('exits 1, not 2 (bad usage), for a story or URL it does not have', async () => {
    const story = await cli.run(['--config', config, 'explain', '9999']);
    expect([story.code, story.stderr.trim()]).toEqual([1, 'parley: no story #9999: see `parley stories`']);
    const url = await cli.run(['--config', config, 'explain', 'https://wire.example/none']);
    expect(url.code).toBe(1);
    expect(url.stderr).toContain('no stored item has the URL https://wire.example/none');
  });
});

describe('a backlog of days-old reports (the first poll, a feed added later)', () => {
  const cli = createCliHarness();
  let server: FeedServer;
  const report = (outlet: string, title: string, ago: number) =>
    feed(outlet, 'en', [
      {
        title,
        text: 'Russian and Ukrainian delegations met in Istanbul for direct peace talks and agreed to exchange 1,000 prisoners of war each, Turkish Foreign Minister Hakan Fidan said.',
        link: `https://${outlet.toLowerCase()}.example/istanbul`,
        ago,
      },
    ]);
  const configWith = (names: string[]) =>
    cli.writeConfig(`database: { path: ${join(cli.dir, 'backlog.db')} }
feeds:
  opml: null
  list:
${names.map((name) => `    - { url: "${server.url(`/${name}.xml`)}", name: ${name} }`).join('\n')}
ingest: { allowPrivateNetworks: true }
log: { level: silent }
`);

  beforeAll(async () => {
    server = await startFeedServer();
    // Five days old: past the 72-hour clustering window, within the 14 days the ingest takes.
    server.route('/Wire.xml', {
      body: report('Wire', 'Russia and Ukraine hold peace talks in Istanbul', 120),
    });
    server.route('/Daily.xml', {
      body: report('Daily', 'Istanbul peace talks: Russia and Ukraine agree prisoner swap', 119),
    });
    server.route('/Weekly.xml', {
      body: report('Weekly', 'Russia, Ukraine agree to swap 1,000 prisoners at Istanbul talks', 118),
    });
  });
  afterAll(async () => {
    await server.close();
    cli.cleanup();
  });

  const outlets = async (config: string) => {
    const run = await cli.run(['--config', config, 'stories', '--since', '14d', '--json']);
    return run.lines.map((line) =>
      (JSON.parse(line) as { items: Array<{ feed: string }> }).items.map((i) => i.feed).sort(),
    );
  };

  it('merges the outlets of one poll into one story, and a feed added after a restart joins it', async () => {
    const first = configWith(['Wire', 'Daily']);
    expect((await cli.run(['--config', first, 'poll', '--once'])).code).toBe(0);
    expect(await outlets(first)).toEqual([['Daily', 'Wire']]);
    // `poll --once` opens a new runtime: the clusterer is rebuilt from the database.
    const second = configWith(['Wire', 'Daily', 'Weekly']);
    expect((await cli.run(['--config', second, 'poll', '--once'])).code).toBe(0);
    expect(await outlets(second)).toEqual([['Daily', 'Weekly', 'Wire']]);
  });
});

describe('a feed whose items carry no date', () => {
  const cli = createCliHarness();
  let server: FeedServer;

  const undated = (items: Array<{ title: string; link: string }>) =>
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Undated</title><link>https://undated.example/</link>
${items.map((i) => `<item><title>${i.title}</title><link>${i.link}</link><description>${i.title}.</description></item>`).join('\n')}
</channel></rss>`;
  const old = {
    title: 'Armenia and Azerbaijan agree ceasefire after talks in Moscow',
    link: 'https://undated.example/old',
  };
  const fresh = {
    title: 'Sudan army and RSF agree truce after talks in Jeddah',
    link: 'https://undated.example/new',
  };

  beforeAll(async () => {
    server = await startFeedServer();
    server.route('/undated.xml', { body: undated([old]) });
  });
  afterAll(async () => {
    await server.close();
    cli.cleanup();
  });

  it('takes what the first fetch finds as older news, and what appears later as new', async () => {
    const config = cli.writeConfig(`database: { path: ${join(cli.dir, 'undated.db')} }
feeds:
  opml: null
  list:
    - { url: "${server.url('/undated.xml')}", name: Undated }
ingest: { allowPrivateNetworks: true }
log: { level: silent }
`);
    const first = await cli.run(['--config', config, 'poll', '--once']);
    expect(first.stdout).toContain('1 new, 0 updated, 0 about talks, 1 undated on first fetch');
    const explained = await cli.run(['--config', config, 'explain', old.link]);
    expect(explained.stdout).toMatch(/no date in the first fetch of its feed/);

    server.route('/undated.xml', { body: undated([fresh, old]) });
    const second = await cli.run(['--config', config, 'poll', '--once']);
    expect(second.stdout).toContain('2 items, 1 new, 0 updated, 1 about talks');
    const stories = await cli.run(['--config', config, 'stories', '--json']);
    expect(stories.lines.map((line) => (JSON.parse(line) as { title: string }).title)).toEqual([fresh.title]);

    // Its items all link to the front page: explain shows each, not whichever came last.
    const front = 'https://undated.example/';
    server.route('/undated.xml', {
      body: undated([
        { title: 'Qatar hosts new round of Gaza ceasefire talks', link: front },
        { title: 'Markets close higher in Doha', link: front },
      ]),
    });
    await cli.run(['--config', config, 'poll', '--once']);
    const both = await cli.run(['--config', config, 'explain', front]);
    expect(both.stdout).toContain(`2 stored items link to ${front}`);
    expect(both.stdout).toMatch(
      /item \d+ \(Undated\): Qatar hosts new round of Gaza ceasefire talks\nrelevance: RELEVANT/,
    );
    expect(both.stdout).toMatch(
      /item \d+ \(Undated\): Markets close higher in Doha\nrelevance: not relevant/,
    );
  });
});

describe('a story with reports in two languages', () => {
  const cli = createCliHarness();
  let server: FeedServer;
  let config: string;
  const english = 'Russia and Ukraine hold peace talks in Istanbul, agree on prisoner exchange';
  const ukrainian = 'Росія та Україна провели мирні переговори в Стамбулі й домовилися про обмін полоненими';

  beforeAll(async () => {
    server = await startFeedServer();
    server.route('/wire.xml', {
      body: feed('Wire', 'en', [
        {
          title: english,
          text: 'Russian and Ukrainian delegations met in Istanbul for direct peace talks and agreed to exchange 1,000 prisoners of war each, Turkish Foreign Minister Hakan Fidan said.',
          link: 'https://wire.example/istanbul-talks',
          ago: 3,
        },
        {
          title: 'Istanbul talks: Russia and Ukraine agree to swap 1,000 prisoners each, Fidan says',
          text: 'Delegations of Russia and Ukraine agreed in Istanbul on an exchange of 1,000 prisoners of war, said Hakan Fidan.',
          link: 'https://wire.example/istanbul-swap',
          ago: 2,
        },
      ]),
    });
    server.route('/ua.xml', {
      body: feed('Ukrainska', 'uk', [
        {
          title: ukrainian,
          text: 'Делегації Росії та України зустрілися в Стамбулі на прямих мирних переговорах і домовилися обміняти по 1000 військовополонених, заявив Хакан Фідан.',
          link: 'https://ua.example/istanbul',
          ago: 1,
        },
      ]),
    });
    config = cli.writeConfig(`database: { path: ${join(cli.dir, 'two.db')} }
feeds:
  opml: null
  list:
    - { url: "${server.url('/wire.xml')}", name: Wire }
    - { url: "${server.url('/ua.xml')}", name: Ukrainska }
ingest: { allowPrivateNetworks: true }
log: { level: silent }
`);
    expect((await cli.run(['--config', config, 'poll', '--once'])).code).toBe(0);
  });
  afterAll(async () => {
    await server.close();
    cli.cleanup();
  });

  it('shows it by its Ukrainian report to a Ukrainian digest, and by its own title to others', async () => {
    const stories = await cli.run(['--config', config, 'stories', '--json']);
    expect(stories.lines).toHaveLength(1);
    const ukDigest = await cli.run(['--config', config, 'digest', '--language', 'uk']);
    expect(ukDigest.stdout).toContain(ukrainian);
    const enDigest = await cli.run(['--config', config, 'digest']);
    expect(enDigest.stdout).not.toContain(ukrainian);
    expect(enDigest.stdout).toMatch(/Russia and Ukraine|Istanbul talks/);
  });
});

describe('parley stories and digest on a busy week (more stories than a listing holds)', () => {
  const cli = createCliHarness();
  const db = join(cli.dir, 'busy.db');
  let config: string;
  const busy = 1001;

  beforeAll(() => {
    config = cli.writeConfig(`database: { path: ${db} }\nfeeds: { opml: null }\nlog: { level: silent }\n`);
    const database = openDatabase(db);
    const story = database.prepare(
      'INSERT INTO stories (id, title, topics, relevance, first_seen_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const tag = database.prepare('INSERT INTO story_topics (topic, updated_at, story_id) VALUES (?, ?, ?)');
    const now = Date.now();
    database.transaction(() => {
      for (let id = 1; id <= busy; id += 1) {
        // Story 1 is the oldest and the most relevant: a digest ranks it first, a newest-first read drops it.
        const updatedAt = now - 86_400_000 + id * 1000;
        const title = id === 1 ? 'Envoys agree on a ceasefire\u001b[2J in Geneva' : `Talks update ${id}`;
        story.run(
          id,
          title,
          '[{"topic":"ukraine","score":1,"matches":[]}]',
          id === 1 ? 0.99 : 0.5,
          updatedAt,
          updatedAt,
        );
        tag.run('ukraine', updatedAt, id);
      }
    })();
    database.close();
  });
  afterAll(() => cli.cleanup());

  it('lists the newest 1000 stories and says that more are stored, on stderr with --json', async () => {
    const run = await cli.run(['--config', config, 'stories']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('only the newest 1000 stories are listed');
    expect(run.stdout).toContain('1000+ stories');
    expect(run.stdout).not.toContain('#1 ');
    const json = await cli.run(['--config', config, 'stories', '--json']);
    expect(json.lines).toHaveLength(1000);
    expect(json.stderr).toContain('only the newest 1000 stories are listed');
  });

  it('builds the digest from the best-ranked stories, not the newest, and prints no terminal escapes', async () => {
    const run = await cli.run(['--config', config, 'digest', 'ukraine', '--format', 'text']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Envoys agree on a ceasefire\ufffd[2J in Geneva');
    expect(run.stdout).not.toContain('\u001b');
  });
});
