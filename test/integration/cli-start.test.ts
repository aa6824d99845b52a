import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import type { Pruner } from '../../src/domain/ports.js';
import { openRuntime } from '../../src/main.js';
import type { FeedPollResult, Poller } from '../../src/scheduler/poll-feeds.js';
import { AppError } from '../../src/shared/errors.js';
import { createLogger } from '../../src/shared/logger.js';
import { createChatStore } from '../../src/storage/chat-store.js';
import { openDatabase } from '../../src/storage/database.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { startFakeTelegram } from '../fakes/telegram-api.js';
import { type CliRun, createCliHarness } from '../support/cli-harness.js';
import { freePort } from '../support/loopback.js';
import { seedDailyChat, waitFor, writeStartConfig } from '../support/start-fixtures.js';
import { command, user } from '../support/telegram-updates.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('parley start', () => {
  const cli = createCliHarness();
  let feeds: FeedServer;
  beforeAll(async () => {
    feeds = await startFeedServer();
    feeds.route('/a.xml', {
      body: '<rss version="2.0"><channel><title>A</title><item><title>Truce talks resume</title><link>https://a.example/1</link></item></channel></rss>',
    });
    feeds.route('/talks.xml', {
      body: `<rss version="2.0"><channel><title>Wire</title><item><title>Russia and Ukraine agree to hold ceasefire talks in Istanbul</title>
        <link>https://wire.example/istanbul</link><description>Negotiators from Russia and Ukraine will meet in Istanbul on Monday for ceasefire talks mediated by Turkey, officials said.</description>
        <pubDate>${new Date().toUTCString()}</pubDate></item></channel></rss>`,
    });
  });
  afterAll(async () => {
    await feeds.close();
    cli.cleanup();
  });

  it('polls on start, serves /healthz and /metrics (parley health asks it), and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const config = cli.writeConfig(`database: { path: ${join(cli.dir, 'start.db')} }
feeds: { opml: null, list: [ { url: "${feeds.url('/a.xml')}", name: A } ] }
ingest: { allowPrivateNetworks: true, maxItemAgeDays: 0 }
server: { port: ${port} }
log: { level: silent }
`);
    const seen: { health?: Record<string, unknown>; metrics?: string; check?: CliRun } = {};
    const stopSignal = async () => {
      seen.health = await waitFor(async () => {
        const body = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<
          string,
          unknown
        >;
        return body['lastPollAt'] ? body : null;
      });
      seen.metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      seen.check = await cli.run(['--config', config, 'health']);
      return 'SIGTERM';
    };
    const run = await cli.run(['--config', config, 'start'], { stopSignal });
    expect(run.code).toBe(0);
    expect(seen.health).toMatchObject({ status: 'ok', database: 'ok', items: 1, failingFeeds: 0 });
    expect(seen.metrics).toMatch(/^parley_items 1$/m);
    expect(seen.metrics).toMatch(/^parley_stories \d+$/m);
    expect(seen.metrics).toMatch(/^parley_feed_polls_total\{outcome="ok"\} 1$/m);
    expect(run.stdout).toContain('SIGTERM received');
    expect(run.stdout).toMatch(/database \S+start\.db \(new: no chats or stories yet; if Parley ran before/);
    expect(seen.check).toMatchObject({ code: 0, lines: [`http://127.0.0.1:${port}/healthz: ok`] });
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    const after = await cli.run(['--config', config, 'health']);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('not reachable (is parley start running?)');
  });

  it('logs a prune that fails at start (a locked database) and keeps running until stopped', async () => {
    const config = cli.writeConfig(
      `database: { path: ${join(cli.dir, 'locked.db')} }
feeds: { opml: null, list: [ { url: "${feeds.url('/a.xml')}", name: A } ] }
ingest: { allowPrivateNetworks: true, maxItemAgeDays: 0 }
server: { port: 0 }
retention: { days: 30 }
`,
      'locked.yaml',
    );
    const logs: Array<Record<string, unknown>> = [];
    const log = createLogger({
      level: 'error',
      destination: { write: (line: string) => logs.push(JSON.parse(line) as Record<string, unknown>) },
    });
    const locked: Pruner = {
      prune: () => {
        throw new AppError('db_unavailable', 'database is locked');
      },
    };
    let stopAsked = false;
    const code = await runCli(['--config', config, 'start'], {
      env: {},
      cwd: repoRoot,
      stdout: new PassThrough().resume(),
      stderr: new PassThrough().resume(),
      openRuntime: (loaded, options) =>
        Object.defineProperties(openRuntime(loaded, options), {
          log: { value: log },
          pruner: { value: locked },
        }),
      stopSignal: async () => {
        stopAsked = true;
        return 'SIGTERM';
      },
    });
    expect(code).toBe(0);
    expect(stopAsked).toBe(true);
    expect(logs).toContainEqual(
      expect.objectContaining({
        msg: 'retention at start failed',
        err: expect.objectContaining({ message: 'database is locked' }),
      }),
    );
  });

  it('prints the digest of new stories after a poll when no chat token is set', async () => {
    const config = cli.writeConfig(
      `database: { path: ${join(cli.dir, 'console.db')} }
feeds: { opml: null, list: [ { url: "${feeds.url('/talks.xml')}", name: Wire } ] }
ingest: { allowPrivateNetworks: true, maxItemAgeDays: 0 }
server: { port: 0 }
log: { level: silent }
`,
      'console.yaml',
    );
    // Stopped once the first poll's cycle has ended (its summary line is printed then, and its digest right
    // after, in the same turn): a stop before that prints no digest, and on a loaded machine the cycle can
    // end well after its stories are stored.
    const stopSignal = async (stdout: () => string) => {
      await waitFor(async () => (/^parley: 1 feeds: /m.test(stdout()) ? true : null));
      return 'SIGINT';
    };
    const run = await cli.run(['--config', config, 'start'], { stopSignal });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('console mode');
    // Says what to do next, for someone who just typed `npm start`.
    expect(run.stdout).toContain('set TELEGRAM_BOT_TOKEN and/or SLACK_BOT_TOKEN (in .env)');
    expect(run.stdout).toMatch(/Peace talks digest, \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d/);
    expect(run.stdout).toContain('* Russia and Ukraine agree to hold ceasefire talks in Istanbul');
    expect(run.stdout).not.toContain('every feed failed');
  });

  it('says so when a poll read every feed and none answered (a first start offline)', async () => {
    // Refused before any request (a loopback address without allowPrivateNetworks), as an offline
    // machine's DNS refuses every feed of the default list.
    const config = cli.writeConfig(
      `database: { path: ${join(cli.dir, 'offline.db')} }
feeds: { opml: null, list: [ { url: "${feeds.url('/talks.xml')}", name: Wire } ] }
server: { port: 0 }
log: { level: silent }
`,
      'offline.yaml',
    );
    const stopSignal = async (stdout: () => string) => {
      await waitFor(async () => (/^parley: 1 feeds: /m.test(stdout()) ? true : null));
      return 'SIGINT';
    };
    const run = await cli.run(['--config', config, 'start'], { stopSignal });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 feeds: 0 ok, 0 not modified, 1 failed/);
    expect(run.stdout).toContain('every feed failed, nothing was fetched: is this machine online');
  });

  it('prints the first console digest after the first poll, not after a minute\u2019s cycle that ended before it', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
      now: Date.UTC(2026, 10, 27, 9, 0, 30),
    });
    // The first poll reads a slow feed past the minute; the minute's cycle skips it and ends at once.
    const cycles: Array<() => void> = [];
    const poller: Poller = {
      pollFeeds: () => Promise.resolve([]),
      pollDue: () => new Promise<FeedPollResult[]>((resolve) => cycles.push(() => resolve([]))),
      oldestRead: () => null,
      placed: () => Promise.resolve(),
    };
    const config = cli.writeConfig(
      `database: { path: ${join(cli.dir, 'slow-first.db')} }
feeds: { opml: null, list: [ { url: "${feeds.url('/talks.xml')}", name: Wire } ] }
ingest: { allowPrivateNetworks: true, maxItemAgeDays: 0 }
server: { port: 0 }
log: { level: silent }
`,
      'slow-first.yaml',
    );
    const chunks: string[] = [];
    const stdout = new PassThrough().on('data', (chunk) => chunks.push(String(chunk)));
    const seen: { beforeFirst?: string; afterFirst?: string } = {};
    try {
      const code = await runCli(['--config', config, 'start'], {
        env: {},
        cwd: repoRoot,
        stdout,
        stderr: new PassThrough().resume(),
        openRuntime: (loaded, options) =>
          Object.defineProperties(openRuntime(loaded, options), { poller: { value: poller } }),
        stopSignal: async () => {
          await vi.advanceTimersByTimeAsync(60_000);
          expect(cycles).toHaveLength(2);
          cycles[1]?.();
          await vi.advanceTimersByTimeAsync(0);
          seen.beforeFirst = chunks.join('');
          cycles[0]?.();
          await vi.advanceTimersByTimeAsync(0);
          seen.afterFirst = chunks.join('');
          return 'SIGTERM';
        },
      });
      expect(code).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    expect(seen.beforeFirst).toContain('console mode');
    expect(seen.beforeFirst).not.toContain('Peace talks digest');
    expect(seen.afterFirst).toContain('Peace talks digest, 2026-11-20 to 2026-11-27');
  });

  it('sends a due digest to a subscribed Telegram chat through the outbox, answers its commands, and reports it', async () => {
    const telegram = await startFakeTelegram();
    const port = await freePort();
    const dbPath = join(cli.dir, 'chats.db');
    const now = Date.now();
    // Daily at the minute that has just passed (UTC), subscribed an hour ago: due as soon as Parley starts.
    // A topic config/topics.yaml no longer has (renamed by the operator): said at start.
    const chat = seedDailyChat(dbPath, {
      chatId: '4242',
      dueAt: now - 60_000,
      subscribedAt: now - 3_600_000,
      topics: ['ukraine', 'ukraine-war'],
    });
    const config = writeStartConfig(cli, {
      dbPath,
      feedUrl: feeds.url('/talks.xml'),
      port,
      file: 'chats.yaml',
    });
    const seen: { health?: Record<string, unknown>; metrics?: string; check?: CliRun } = {};
    const stopSignal = async () => {
      await waitFor(async () => (telegram.messagesTo('4242').length > 0 ? true : null));
      // The bot takes commands over long polling in the same process; its reply right after the digest
      // meets the fake's strict 1 message/s per chat and waits out the 429.
      telegram.pushUpdate(command('/settings', { from: user(4242) }));
      await waitFor(async () => (telegram.messagesTo('4242').length > 1 ? true : null));
      seen.health = await waitFor(async () => {
        const body = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
          outbox: { pending: number; sending: number };
        };
        return body.outbox.pending + body.outbox.sending === 0 ? body : null;
      });
      seen.metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return 'SIGTERM';
    };
    try {
      const run = await cli.run(['--config', config, 'start'], {
        stopSignal,
        env: { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url },
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('delivering to telegram (1 active chats)');
      expect(run.stdout).not.toContain('(new: no chats');
      expect(run.stdout).toContain(
        `parley: warning: chat ${chat.id} (Peace desk) follows ukraine-war, not in config/topics.yaml\n`,
      );
      const [message, settings, ...more] = telegram.messagesTo('4242');
      expect(more).toEqual([]);
      expect(settings?.text).toContain(`daily at ${chat.time}`);
      expect(message?.parseMode).toBe('HTML');
      expect(message?.linkPreviewDisabled).toBe(true);
      expect(message?.text).toContain('Peace talks digest');
      expect(seen.health).toMatchObject({ status: 'ok', outbox: { pending: 0, failed: 0 } });
      expect(seen.metrics).toMatch(/^parley_deliveries\{state="sent"\} 1$/m);
      expect(seen.metrics).toMatch(/^parley_chats\{state="active"\} 1$/m);
      expect(seen.metrics).toMatch(/^parley_send_duration_seconds_count\{platform="telegram"\} 1$/m);
      expect(seen.metrics).toMatch(/^parley_digests_enqueued_total 1$/m);
      const after = openDatabase(dbPath);
      expect(createChatStore(after).get(chat.id)?.lastSlot).not.toBeNull();
      after.close();
    } finally {
      await telegram.close();
    }
  });

  it('keeps running without the Slack app when Slack cannot be reached at start, and says so', async () => {
    const dead = await freePort();
    const config = cli.writeConfig(
      `database: { path: ${join(cli.dir, 'slack-down.db')} }
feeds: { opml: null, list: [ { url: "${feeds.url('/a.xml')}", name: A } ] }
ingest: { allowPrivateNetworks: true, maxItemAgeDays: 0 }
server: { port: 0 }
log: { level: silent }
`,
      'slack-down.yaml',
    );
    const dbPath = join(cli.dir, 'slack-down.db');
    const stopSignal = async () => {
      await waitFor(async () => {
        const db = openDatabase(dbPath);
        const items = db.prepare('SELECT count(*) AS n FROM items').get() as { n: number };
        db.close();
        return items.n > 0 ? true : null;
      });
      return 'SIGTERM';
    };
    const run = await cli.run(['--config', config, 'start'], {
      stopSignal,
      env: {
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_APP_TOKEN: 'xapp-test',
        SLACK_API_URL: `http://127.0.0.1:${dead}/api/`,
      },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('delivering to slack');
    expect(run.stdout).toContain('SIGTERM received');
  });
});
