import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type LoadConfigOptions, loadConfig } from '../../../src/config/load-config.js';
import { configFileSchema } from '../../../src/config/schema.js';
import type { FeedSource } from '../../../src/domain/feed.js';
import { parseOpml, writeOpml } from '../../../src/ingest/opml.js';
import { isAppError } from '../../../src/shared/errors.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const minutes = 60_000;
const hours = 60 * minutes;

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder to start Parley in, with the given files. */
function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
  temps.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

type Options = Omit<LoadConfigOptions, 'env' | 'readOpml'> & { env?: LoadConfigOptions['env'] };

/** loadConfig wired as the CLI wires it: OPML files read with the real parser. */
function load(options: Options) {
  return loadConfig({ env: {}, ...options, readOpml: (path) => parseOpml(readFileSync(path, 'utf8')) });
}

function problemsOf(options: Options): string[] {
  try {
    load(options);
  } catch (error) {
    if (isAppError(error, 'config_invalid')) return error.message.split('\n').slice(1);
    throw error;
  }
  throw new Error('expected config_invalid');
}

const feed = (url: string, name: string | null = null): FeedSource => ({
  url,
  name,
  language: null,
  fullText: false,
});

/** Every key path in a parsed YAML or config value, like `digest.schedule.time`. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) =>
    keyPaths(child, prefix === '' ? key : `${prefix}.${key}`),
  );
}

describe('loadConfig: the committed config/parley.yaml', () => {
  const committed = parse(readFileSync(join(repo, 'config/parley.yaml'), 'utf8')) as unknown;

  it('names every key there is, with the same values as the built-in defaults', () => {
    const builtIn = configFileSchema.parse({ feeds: { opml: 'config/feeds.opml' } });
    expect(keyPaths(committed).sort()).toEqual(keyPaths(builtIn).sort());
    expect(configFileSchema.parse(committed)).toEqual(builtIn);
  });

  it('loads the documented defaults, durations in ms, sizes in bytes, paths absolute', () => {
    const config = load({ cwd: repo });
    expect(config.database.path).toBe(join(repo, 'data/parley.db'));
    expect(config.feeds.opml).toBe(join(repo, 'config/feeds.opml'));
    expect(config.feeds.list).toEqual([]);
    expect(config.feeds.sources.length).toBeGreaterThan(10);
    expect(config.topics).toBe(join(repo, 'config/topics.yaml'));
    expect(config.ingest).toEqual({
      maxItemAgeDays: 14,
      allowPrivateNetworks: false,
      interval: 30 * minutes,
      minInterval: 5 * minutes,
      maxInterval: 6 * hours,
      maxBackoff: 24 * hours,
      timeout: 30_000,
      connectTimeout: 10_000,
      maxBytes: 10 * 1024 * 1024,
      maxRedirects: 5,
      concurrency: 16,
      perHostConcurrency: 2,
      perHostInterval: 250,
      userAgent: expect.stringMatching(
        /^Parley\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/parley-bot\/parley\)$/,
      ),
      articleConcurrency: 4,
    });
    expect(config.retention).toEqual({ days: 90 });
    expect(config.digest).toEqual({
      schedule: { frequency: 'weekly', weekday: 'friday', time: '09:00' },
      timezone: 'UTC',
      catchUpHours: 24,
    });
    expect(config.telegram).toEqual({
      mode: 'polling',
      webhook: { url: null, port: 8443, host: '0.0.0.0', path: '/telegram' },
    });
    expect(config.slack).toEqual({ mode: 'socket', port: 3000, host: '0.0.0.0' });
    expect(config.server).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(config.log).toEqual({ level: 'info' });
    expect(config.apiRoots).toEqual({
      telegram: 'https://api.telegram.org',
      slack: 'https://slack.com/api/',
      llm: null,
    });
  });

  it('returns a deeply frozen object', () => {
    const config = load({ cwd: repo });
    expect(Object.isFrozen(config.digest.schedule)).toBe(true);
    expect(Object.isFrozen(config.feeds.sources[0])).toBe(true);
    expect(() => Object.assign(config.ingest, { interval: 1 })).toThrow(TypeError);
  });
});

describe('loadConfig: files', () => {
  it('uses built-in defaults when the folder has no config/parley.yaml', () => {
    const cwd = folder({ 'config/feeds.opml': writeOpml([feed('https://a.example/rss', 'A')]) });
    const config = load({ cwd });
    expect(config.ingest.interval).toBe(30 * minutes);
    expect(config.feeds.sources).toEqual([feed('https://a.example/rss', 'A')]);
  });

  it("reads Parley's own default feed list when the folder has none, as from an installed package", () => {
    const config = load({ cwd: folder({}) });
    expect(config.feeds.opml).toBe(join(repo, 'config/feeds.opml'));
    expect(config.feeds.sources.length).toBeGreaterThan(40);
  });

  it('treats an empty file, or one with only comments, as all defaults', () => {
    const cwd = folder({ 'empty.yaml': '# nothing yet\n', 'config/feeds.opml': writeOpml([]) });
    expect(load({ cwd, configPath: 'empty.yaml' }).ingest.maxBytes).toBe(10 * 1024 * 1024);
  });

  it('reads a time zone as the commands do: a city, UTC+3, EST', () => {
    const zoneOf = (word: string) => {
      const cwd = folder({ 'c.yaml': `digest: { timezone: "${word}" }\n` });
      return load({ cwd, configPath: 'c.yaml' }).digest.timezone;
    };
    expect([zoneOf('Kyiv'), zoneOf('UTC+3'), zoneOf('EST')]).toEqual([
      'Europe/Kyiv',
      'Etc/GMT-3',
      'America/New_York',
    ]);
  });

  it('reads a weekday as the commands do: Fri, THURSDAY, sat', () => {
    const weekdayOf = (word: string) => {
      const cwd = folder({ 'c.yaml': `digest: { schedule: { weekday: ${word} } }\n` });
      return load({ cwd, configPath: 'c.yaml' }).digest.schedule.weekday;
    };
    expect([weekdayOf('Fri'), weekdayOf('THURSDAY'), weekdayOf('sat')]).toEqual([
      'friday',
      'thursday',
      'saturday',
    ]);
  });

  it('lets a --config file replace config/parley.yaml: omitted keys are built-in defaults, feeds only its own', () => {
    const cwd = folder({
      'config/parley.yaml':
        'ingest: { interval: 1h }\nlog: { level: debug }\nfeeds: { list: [ { url: "https://default.example/rss" } ] }\n',
      'config/feeds.opml': writeOpml([feed('https://opml.example/rss')]),
      'other.yaml':
        'feeds:\n  list:\n    - { url: "https://mine.example/rss", name: Mine, fullText: true }\nserver: { port: 0 }\n',
    });
    expect(load({ cwd }).ingest.interval).toBe(1 * hours);
    const config = load({ cwd, configPath: 'other.yaml' });
    expect(config.ingest.interval).toBe(30 * minutes);
    expect(config.log.level).toBe('info');
    expect(config.server.port).toBe(0);
    expect(config.feeds.opml).toBeNull();
    expect(config.feeds.sources).toEqual([
      { url: 'https://mine.example/rss', name: 'Mine', language: null, fullText: true },
    ]);
  });

  it('names the path of a --config file that does not exist', () => {
    const cwd = folder();
    expect(problemsOf({ cwd, configPath: 'nope.yaml' })).toEqual([
      'nope.yaml: cannot read the config file: no such file',
    ]);
  });

  it('resolves relative paths against cwd and lets dbPath override database.path', () => {
    const taxonomy = readFileSync(new URL('../../../config/topics.yaml', import.meta.url), 'utf8');
    const cwd = folder({
      'p.yaml': 'database: { path: db/main.db }\ntopics: taxonomy/topics.yaml\nfeeds: { opml: null }\n',
      'taxonomy/topics.yaml': taxonomy,
    });
    const config = load({ cwd, configPath: 'p.yaml' });
    expect(config.database.path).toBe(join(cwd, 'db/main.db'));
    expect(config.topics).toBe(join(cwd, 'taxonomy/topics.yaml'));
    expect(Object.keys(config.specs.topics.topics)).toEqual(Object.keys(parse(taxonomy).topics));
    expect(load({ cwd, configPath: 'p.yaml', dbPath: 'other.db' }).database.path).toBe(join(cwd, 'other.db'));
    expect(load({ cwd, configPath: 'p.yaml', dbPath: ':memory:' }).database.path).toBe(':memory:');
  });
});

describe('loadConfig: analysis files', () => {
  it('lists a missing or invalid topics file with the other problems', () => {
    const cwd = folder({
      'p.yaml':
        'topics: mine.yaml\nanalysis: { lexicon: lexicon.yaml }\nfeeds: { opml: null }\nlog: { level: loud }\n',
      'lexicon.yaml': 'threshold: one\n',
    });
    const problems = problemsOf({ cwd, configPath: 'p.yaml' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('log.level'),
        'p.yaml: topics: cannot read mine.yaml: no such file',
        expect.stringContaining('lexicon.yaml'),
      ]),
    );
  });

  it('names the key that points at a missing lexicon, and says a folder is not a file', () => {
    const cwd = folder({
      'p.yaml': 'topics: taxonomy\nanalysis: { lexicon: gone.yaml }\nfeeds: { opml: null }\n',
      'taxonomy/keep.txt': '',
    });
    expect(problemsOf({ cwd, configPath: 'p.yaml' })).toEqual(
      expect.arrayContaining([
        'p.yaml: analysis.lexicon: cannot read gone.yaml: no such file',
        'p.yaml: topics: cannot read taxonomy: is a folder, not a file',
      ]),
    );
  });

  it('falls back to the shipped taxonomy when the default path is missing from cwd', () => {
    const config = load({ cwd: folder({ 'p.yaml': 'feeds: { opml: null }\n' }), configPath: 'p.yaml' });
    expect(Object.keys(config.specs.topics.topics)).toContain('ukraine');
  });
});

describe('loadConfig: feeds', () => {
  it('polls the list first, then the OPML feeds, each URL once', () => {
    const opml = writeOpml([
      feed('https://b.example/rss', 'B from OPML'),
      feed('https://c.example/rss', 'C'),
    ]);
    const cwd = folder({
      'feeds.opml': opml,
      'p.yaml': `feeds:
  opml: feeds.opml
  list:
    - { url: "https://a.example/rss", name: A, language: en }
    - { url: "https://b.example/rss", name: B }
    - { url: "https://a.example/rss", name: A again }
`,
    });
    const config = load({ cwd, configPath: 'p.yaml' });
    expect(config.feeds.sources.map((s) => s.name)).toEqual(['A', 'B', 'C']);
    expect(config.feeds.sources[0]).toEqual({
      url: 'https://a.example/rss',
      name: 'A',
      language: 'en',
      fullText: false,
    });
    expect(config.feeds.opml).toBe(join(cwd, 'feeds.opml'));
  });

  it('switches off an OPML feed that the list names with enabled: false', () => {
    const cwd = folder({
      'feeds.opml': writeOpml([feed('https://b.example/rss'), feed('https://c.example/rss')]),
      'p.yaml': 'feeds:\n  opml: feeds.opml\n  list: [ { url: "https://b.example/rss", enabled: false } ]\n',
    });
    expect(load({ cwd, configPath: 'p.yaml' }).feeds.sources.map((s) => s.url)).toEqual([
      'https://c.example/rss',
    ]);
  });

  it('reports a missing or malformed OPML file together with the other problems', () => {
    const cwd = folder({
      'broken.opml': '<opml version="2.0"><body><outline text="x"></body></opml>',
      'a.yaml': 'feeds: { opml: missing.opml }\nlog: { level: loud }\n',
      'b.yaml': 'feeds: { opml: broken.opml }\n',
    });
    const missing = problemsOf({ cwd, configPath: 'a.yaml' });
    expect(missing).toContain('a.yaml: feeds.opml: cannot read missing.opml: no such file');
    expect(missing.some((line) => line.startsWith('a.yaml: log.level:'))).toBe(true);
    expect(problemsOf({ cwd, configPath: 'b.yaml' })).toEqual([
      expect.stringMatching(/^b\.yaml: feeds\.opml: cannot read broken\.opml: not valid XML: .*line 1/),
    ]);
  });
});

describe('loadConfig: environment', () => {
  const env = {
    TELEGRAM_BOT_TOKEN: '123:abc',
    SLACK_BOT_TOKEN: 'xoxb-1',
    SLACK_APP_TOKEN: '',
    SLACK_SIGNING_SECRET: 'shh',
    LLM_API_KEY: 'sk-1',
    TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
    SLACK_API_URL: 'http://127.0.0.1:8082/api/',
    LLM_BASE_URL: 'http://127.0.0.1:11434/v1',
  };

  it('reads secrets and API roots from the environment only, empty values as unset', () => {
    const cwd = folder({ 'p.yaml': 'feeds: { opml: null }\n' });
    const config = load({ cwd, configPath: 'p.yaml', env });
    expect(config.secrets).toEqual({
      telegramBotToken: '123:abc',
      telegramWebhookSecret: null,
      slackBotToken: 'xoxb-1',
      slackAppToken: null,
      slackSigningSecret: 'shh',
      llmApiKey: 'sk-1',
    });
    expect(config.apiRoots).toEqual({
      telegram: 'http://127.0.0.1:8081',
      slack: 'http://127.0.0.1:8082/api/',
      llm: 'http://127.0.0.1:11434/v1',
    });
  });

  it.each([
    ['no secret', {}, ['environment: TELEGRAM_WEBHOOK_SECRET: is required in telegram webhook mode']],
    ['a secret with a space', { TELEGRAM_WEBHOOK_SECRET: 'a b' }, ['must be 1 to 256 of A-Z a-z 0-9 _ -']],
    ['a valid secret', { TELEGRAM_WEBHOOK_SECRET: 'parley_s3cret-token' }, []],
  ])('checks the webhook secret of a Telegram bot in webhook mode: %s', (_case, secret, expected) => {
    const yaml =
      'feeds: { opml: null }\ntelegram: { mode: webhook, webhook: { url: "https://parley.example" } }\n';
    const cwd = folder({ 'p.yaml': yaml });
    const options = { cwd, configPath: 'p.yaml', env: { TELEGRAM_BOT_TOKEN: '123:abc', ...secret } };
    if (expected.length === 0)
      expect(load(options).secrets.telegramWebhookSecret).toBe('parley_s3cret-token');
    else expect(problemsOf(options)).toEqual(expected.map((text) => expect.stringContaining(text)));
  });

  it('lists a missing webhook secret with the other problems, and asks none without a bot token', () => {
    const yaml =
      'feeds: { opml: null }\ntelegram: { mode: webhook, webhook: { url: "https://parley.example" } }\n';
    const cwd = folder({ 'p.yaml': `${yaml}log: { levle: info }\n` });
    expect(problemsOf({ cwd, configPath: 'p.yaml', env: { TELEGRAM_BOT_TOKEN: '123:abc' } })).toEqual([
      expect.stringContaining('log.levle: unknown key'),
      expect.stringContaining('TELEGRAM_WEBHOOK_SECRET: is required'),
    ]);
    const polling = folder({ 'p.yaml': 'feeds: { opml: null }\n' });
    expect(
      load({ cwd: polling, configPath: 'p.yaml', env: { TELEGRAM_BOT_TOKEN: '1:a' } }).telegram.mode,
    ).toBe('polling');
    const noBot = folder({ 'p.yaml': yaml });
    expect(load({ cwd: noBot, configPath: 'p.yaml', env: {} }).telegram.mode).toBe('webhook');
  });

  it('refuses tokens written in the YAML file instead of taking them', () => {
    const cwd = folder({ 'p.yaml': 'feeds: { opml: null }\nsecrets: { telegramBotToken: "9:zzz" }\n' });
    expect(problemsOf({ cwd, configPath: 'p.yaml' })).toEqual([
      expect.stringMatching(
        /^p\.yaml: secrets: unknown key: tokens and secrets are read only from the environment/,
      ),
    ]);
  });
});

describe('an OPML outline of type rss without an xmlUrl', () => {
  it('is named as a problem instead of being left out without a word', () => {
    const opml =
      '<opml version="2.0"><body><outline type="rss" text="BBC" htmlUrl="https://www.bbc.com/news"/>' +
      '<outline type="rss" text="DW" xmlUrl="https://rss.dw.com/rdf/rss-en-all"/></body></opml>';
    const cwd = folder({ 'feeds.opml': opml, 'c.yaml': 'feeds: { opml: feeds.opml }\n' });
    expect(problemsOf({ cwd, configPath: 'c.yaml' })).toEqual([
      'c.yaml: feeds.opml: feeds.opml: the feed "BBC" has no xmlUrl (its feed address)',
    ]);
  });
});
