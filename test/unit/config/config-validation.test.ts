import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { minimumRetentionDays } from '../../../src/config/schema.js';
import { digestLagMs, parseSchedule, periodOf } from '../../../src/domain/schedule.js';
import { isAppError } from '../../../src/shared/errors.js';

type Reported = { message: string; problems: Array<{ file: string; path: string; message: string }> };

const cwd = mkdtempSync(join(tmpdir(), 'parley-config-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** Loads `yaml` as a --config file and returns what config_invalid reported; fails if it loads. */
function reported(yaml: string, env: Record<string, string> = {}): Reported {
  writeFileSync(join(cwd, 'bad.yaml'), yaml);
  try {
    loadConfig({ configPath: 'bad.yaml', cwd, env, readOpml: () => [] });
  } catch (error) {
    if (!isAppError(error, 'config_invalid')) throw error;
    const { problems: raw } = error.details;
    const problems = (Array.isArray(raw) ? raw : []).map(
      ({ file, path, message }: Record<string, unknown>) => ({
        file: String(file),
        path: String(path),
        message: String(message),
      }),
    );
    return { message: error.message, problems };
  }
  throw new Error(`expected config_invalid for:\n${yaml}`);
}

describe('config validation', () => {
  it.each([
    [
      'ingest:\n  maxItemAgeDay: 3\n',
      'ingest.maxItemAgeDay',
      /^unknown key \(did you mean maxItemAgeDays\?\)$/,
    ],
    [
      'feeds: { list: [ { url: "https://a.example/rss", fulltext: true } ] }',
      'feeds.list[0].fulltext',
      /did you mean fullText\?/,
    ],
    ['loggin: { level: info }', 'loggin', /did you mean log\?/],
    ['telegram: { token: "123:abc" }', 'telegram.token', /read only from the environment/],
    ['secrets: { llmApiKey: sk-1 }', 'secrets', /read only from the environment/],
    ['ingest: { concurrency: many }', 'ingest.concurrency', /^expected a number, got "many"$/],
    ['ingest: { concurrency: 2.5 }', 'ingest.concurrency', /whole number/],
    ['ingest: { concurrency: 0 }', 'ingest.concurrency', /^must be at least 1$/],
    // a positive number: 0 is below it, and the message must not say 0 would do
    ['analysis: { windowHours: 0 }', 'analysis.windowHours', /^must be more than 0$/],
    [
      'ingest: { allowPrivateNetworks: yes }',
      'ingest.allowPrivateNetworks',
      /^expected true or false, got "yes"$/,
    ],
    ['ingest: { interval: soon }', 'ingest.interval', /"soon" is not a duration/],
    ['ingest: { timeout: 30 }', 'ingest.timeout', /30 is not a duration/],
    // a timeout of 0 fails every request at once; a retry delay of 0 retries in a tight loop
    ['ingest: { timeout: 0s }', 'ingest.timeout', /^must be longer than 0/],
    ['ingest: { connectTimeout: 0ms }', 'ingest.connectTimeout', /^must be longer than 0/],
    ['summary: { timeout: 0s }', 'summary.timeout', /^must be longer than 0/],
    ['summary: { concurrency: 0 }', 'summary.concurrency', /^must be at least 1$/],
    ['summary: { concurrency: 64 }', 'summary.concurrency', /16/],
    ['delivery: { sendTimeout: 0s }', 'delivery.sendTimeout', /^must be longer than 0/],
    ['delivery: { retryDelay: 0m }', 'delivery.retryDelay', /^must be longer than 0/],
    // Node.js runs a longer timer after 1 ms: `timeout: 30d` (meant 30s) would time every fetch out at once
    ['ingest: { timeout: 30d }', 'ingest.timeout', /^is longer than a timer can wait: at most 24d/],
    ['summary: { timeout: 25d }', 'summary.timeout', /^is longer than a timer can wait/],
    ['delivery: { maxRetryDelay: 30d }', 'delivery.maxRetryDelay', /^is longer than a timer can wait/],
    [
      'delivery: { telegram: { chatInterval: 900h } }',
      'delivery.telegram.chatInterval',
      /^is longer than a timer/,
    ],
    ['ingest: { maxBytes: 10XB }', 'ingest.maxBytes', /"10XB" is not a size/],
    ['ingest: { minInterval: 2h, maxInterval: 1h }', 'ingest.minInterval', /longer than ingest.maxInterval/],
    ['ingest: { interval: 12h }', 'ingest.interval', /between ingest.minInterval and ingest.maxInterval/],
    // A Retry-After as absurd would set a next fetch past the last valid Date.
    ['ingest: { maxBackoff: 100000000d }', 'ingest.maxBackoff', /longer than a year/],
    ['ingest: { maxInterval: 400d }', 'ingest.maxInterval', /longer than a year/],
    ['retention: { days: -1 }', 'retention.days', /at least 0/],
    // The nightly prune would delete the first days of every weekly digest before it is composed.
    [
      'retention: { days: 3 }',
      'retention.days',
      /^must be 0 \(keep everything\) or at least 9: a weekly digest covers 7 days ending 1 h before/,
    ],
    ['retention: { days: 8 }\ndigest: { catchUpHours: 72 }', 'retention.days', /at least 11/],
    ['digest: { timezone: Mars/Olympus }', 'digest.timezone', /"Mars\/Olympus" is not an IANA time zone/],
    [
      'digest: { timezone: Europe/Kyev }',
      'digest.timezone',
      /is not an IANA time zone .*\(did you mean Europe\/Kyiv\?\)/,
    ],
    ['digest: { schedule: { time: "25:00" } }', 'digest.schedule.time', /"25:00" is not a time: use HH:MM/],
    [
      'digest: { schedule: { weekday: fridey } }',
      'digest.schedule.weekday',
      /^"fridey" is not a weekday: use monday to sunday, or mon to sun \(did you mean friday\?\)$/,
    ],
    ['digest: { schedule: { weekday: fr } }', 'digest.schedule.weekday', /"fr" is not a weekday/],
    [
      'digest: { schedule: { frequency: hourly } }',
      'digest.schedule.frequency',
      /not one of weekly, daily, off/,
    ],
    [
      'feeds: { list: [ { url: "https://ok.example/rss" }, { url: "ftp://files.example/feed" } ] }',
      'feeds.list[1].url',
      /not an http\(s\) URL/,
    ],
    ['feeds: { list: [ { name: No URL } ] }', 'feeds.list[0].url', /^is required$/],
    [
      'feeds: { list: [ { url: "https://a.example/rss", language: English } ] }',
      'feeds.list[0].language',
      /language code/,
    ],
    [
      'telegram: { mode: webhook, webhook: { url: "not a url", path: hook } }',
      'telegram.webhook.path',
      /start with \//,
    ],
    ['telegram: { mode: webhook }', 'telegram.webhook.url', /required in webhook mode/],
    // setWebhook takes only https URLs on ports 443, 80, 88 and 8443: https://core.telegram.org/bots/api#setwebhook
    [
      'telegram: { mode: webhook, webhook: { url: "http://bot.example.org/telegram" } }',
      'telegram.webhook.url',
      /is not https: Telegram calls only https URLs/,
    ],
    [
      'telegram: { mode: webhook, webhook: { url: "https://bot.example.org:8080/telegram" } }',
      'telegram.webhook.url',
      /has port 8080: Telegram calls only ports 443, 80, 88 and 8443/,
    ],
    ['slack: { mode: rtm }', 'slack.mode', /not one of socket, http/],
    ['server: { port: 70000 }', 'server.port', /at most 65535/],
    ['log: { level: verbose }', 'log.level', /not one of trace, debug, info/],
    ['ingest: 5', 'ingest', /expected a mapping/],
  ])('rejects %j at %s', (yaml, path, pattern) => {
    const { problems } = reported(yaml);
    const problem = problems.find((p) => p.path === path);
    expect(problem, JSON.stringify(problems)).toBeDefined();
    expect(problem?.message).toMatch(pattern);
  });

  it('lists every problem at once, one per line, as <file>: <path>: <what is wrong>', () => {
    const { message, problems } = reported(
      'ingest:\n  maxItemAgeDay: 3\n  timeout: soon\ndigest: { timezone: Mars/Olympus, schedule: { time: "25:00" } }\n',
    );
    expect(new Set(problems.map((p) => p.path))).toEqual(
      new Set(['ingest.maxItemAgeDay', 'ingest.timeout', 'digest.timezone', 'digest.schedule.time']),
    );
    const lines = message.split('\n');
    expect(lines[0]).toBe('invalid configuration (4 problems):');
    expect(lines).toContain('bad.yaml: ingest.maxItemAgeDay: unknown key (did you mean maxItemAgeDays?)');
    expect(lines.filter((line) => line.startsWith('bad.yaml: '))).toHaveLength(4);
  });

  it('reports a bad API root from the environment with the file problems', () => {
    const { message } = reported('log: { level: loud }', { TELEGRAM_API_ROOT: 'api.telegram.org' });
    expect(message).toContain('bad.yaml: log.level:');
    expect(message).toContain('environment: TELEGRAM_API_ROOT: is not an http(s) URL');
  });

  it('does not print a bad API root, which may be a token pasted into the wrong variable', () => {
    const token = 'xoxb-1111-2222-abcdefabcdefabcdef';
    const { message } = reported('log: { level: info }', { SLACK_API_URL: token });
    expect(message).toContain('environment: SLACK_API_URL: is not an http(s) URL');
    expect(message).not.toContain('abcdef');
  });

  it('refuses a password in LLM_BASE_URL, which fetch would refuse and every failure would log', () => {
    const { message } = reported('log: { level: info }', {
      LLM_BASE_URL: 'http://parley:s3cret@127.0.0.1:8080/v1',
    });
    expect(message).toContain('environment: LLM_BASE_URL: must not carry a user name or password');
    expect(message).not.toContain('s3cret');
  });

  it('names the line and column of a YAML syntax error', () => {
    const { problems } = reported(
      'database:\n  path: data/x.db\ningest:\n  interval: [5m\nlog: { level: info }\n',
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^line [45], column \d+: /);
  });

  it('refuses a key given twice, naming its line', () => {
    const { problems } = reported('log: { level: info }\nserver: { port: 1 }\nlog: { level: debug }\n');
    expect(problems[0]?.message).toMatch(/^line 3, column 1: .*unique/);
  });

  it('refuses a file whose top level is not a mapping', () => {
    const { problems } = reported('- database\n- feeds\n');
    expect(problems).toEqual([{ file: 'bad.yaml', path: '', message: expect.stringMatching(/mapping/) }]);
  });

  it('keeps a retention of 0 (everything) or of a weekly digest period with its catch-up and lag', () => {
    const load = (yaml: string) => {
      writeFileSync(join(cwd, 'good.yaml'), yaml);
      return loadConfig({ configPath: 'good.yaml', cwd, env: {}, readOpml: () => [] }).retention.days;
    };
    expect(load('retention: { days: 0 }\n')).toBe(0);
    expect(load('retention: { days: 9 }\n')).toBe(9);
    expect(load('retention: { days: 8 }\ndigest: { catchUpHours: 0 }\n')).toBe(8);
    // Only the latest slot is composed: a digest is at most a week late, whatever the window says.
    expect(load('retention: { days: 16 }\ndigest: { catchUpHours: 720 }\n')).toBe(16);
  });
});

describe('the least retention', () => {
  it.each([
    ['Europe/Kyiv', 'weekly friday 09:00', Date.UTC(2026, 9, 30, 7), 23, 30 * 60_000],
    ['Antarctica/Troll', 'weekly friday 09:00', Date.UTC(2026, 9, 30, 9), 22, 30 * 60_000],
    ['America/New_York', 'weekly sunday 09:00', Date.UTC(2026, 10, 1, 14), 22, 60 * 60_000],
  ])(
    'keeps the whole week of a %s digest (%s) caught up at the end of its window after the fall-back (found by review)',
    (zone, schedule, slot, catchUpHours, interval) => {
      const lag = digestLagMs(interval);
      const { since } = periodOf(parseSchedule(schedule), zone, slot);
      // The prune at start runs before the digest is composed, after the first poll.
      const prunedBefore =
        slot + catchUpHours * 3_600_000 - minimumRetentionDays(catchUpHours, interval) * 86_400_000;
      expect(prunedBefore).toBeLessThanOrEqual(since - lag);
    },
  );
});
