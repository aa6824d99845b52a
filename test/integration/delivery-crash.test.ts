import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatStore } from '../../src/storage/chat-store.js';
import { openDatabase } from '../../src/storage/database.js';
import { createOutbox } from '../../src/storage/outbox-store.js';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram-api.js';
import { seededRandom } from '../support/seeded-random.js';

/**
 * The crash test of issue 4: `parley start` as a child process broadcasts a digest to 200 Telegram chats
 * and is SIGKILLed at random moments, restarted each time. The digest is the quiet-period one (no
 * stories are seeded): what it says does not matter here, only that each chat gets it.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const entry = join(repoRoot, 'dist/src/main.js');
const chatCount = 200;
const firstChatId = 5000;
/** Children this file started, so a failed assertion does not leave one running. */
const children: ChildProcess[] = [];

type Run = {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<number | null>;
  output: () => string;
};

/** Chats on a daily schedule at a UTC minute that has just passed, created a day ago: all due at start. */
function seedChats(path: string, now: number): void {
  const db = openDatabase(path);
  try {
    const chats = createChatStore(db);
    const time = new Date(now - 2 * 60_000).toISOString().slice(11, 16);
    for (let i = 0; i < chatCount; i += 1) {
      const address = { platform: 'telegram', chatId: String(firstChatId + i), threadId: null } as const;
      const defaults = {
        title: `Chat ${i}`,
        timeZone: 'UTC',
        schedule: { frequency: 'daily', time },
      } as const;
      chats.ensure(address, defaults, 'test', now - 86_400_000);
    }
  } finally {
    db.close();
  }
}

function launch(config: string, fake: FakeTelegram): Run {
  const env: Record<string, string | undefined> = { ...process.env };
  // Nor a proxy of the machine running the tests: the fake Bot API is on loopback.
  const proxies = ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY'].flatMap((name) => [name, name.toLowerCase()]);
  for (const name of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', ...proxies])
    delete env[name];
  const child = spawn(process.execPath, [entry, 'start', '--config', config], {
    cwd: repoRoot,
    env: { ...env, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const chunks: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // The pump and the digest ticker start right after this line (src/cli/commands/start.ts).
  const ready = new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout ?? process.stdin });
    lines.on('line', (line) => {
      chunks.push(`${line}\n`);
      if (line.startsWith('parley: delivering to telegram')) resolve();
    });
    void exited.then((code) =>
      reject(new Error(`parley exited (${code}) before delivering:\n${chunks.join('')}`)),
    );
  });
  return { child, ready, exited, output: () => chunks.join('') };
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

describe('parley start killed mid-broadcast', () => {
  let dir = '';
  let fake: FakeTelegram;
  beforeAll(async () => {
    const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: repoRoot, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`the build failed:\n${build.stdout}${build.stderr}`);
    dir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
    // 60/s enforced against a pump configured for 40/s; a little latency widens the window a kill can hit.
    fake = await startFakeTelegram({
      limits: { globalPerSecond: 60, perChatPerSecond: 1, groupPerMinute: 20 },
      latencyMs: 5,
    });
  }, 120_000);
  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await fake?.close();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('every chat gets its digest, none more than twice, and each kill duplicates at most one chat', async () => {
    const database = join(dir, 'parley.db');
    seedChats(database, Date.now());
    const config = join(dir, 'parley.yaml');
    writeFileSync(
      config,
      `database: { path: ${JSON.stringify(database)} }
feeds: { opml: null, list: [] }
server: { port: 0 }
log: { level: warn }
digest: { catchUpHours: 24 }
delivery: { telegram: { perSecond: 40 }, concurrency: 1 }
`,
    );
    const random = seededRandom(20_261_127);
    const kills = 4 + Math.floor(random() * 3);
    const killedAfter: number[] = [];
    const seenBeforeKill: number[] = [];
    for (let kill = 0; kill < kills; kill += 1) {
      const run = launch(config, fake);
      await run.ready;
      const delay = Math.round(150 + random() * 1350);
      await sleep(delay);
      run.child.kill('SIGKILL');
      await run.exited;
      killedAfter.push(delay);
      seenBeforeKill.push(fake.messages.length);
    }
    const last = launch(config, fake);
    await last.ready;
    const chatsSeen = () => new Set(fake.messages.map((message) => message.chatId)).size;
    // A part that reached the fake just before a kill is back to pending and goes again (at-least-once):
    // wait for the outbox to settle too, not only for every chat to have a message.
    const settled = () => {
      const db = openDatabase(database, { readonly: true });
      try {
        const counts = createOutbox(db).counts();
        return counts.pending + counts.sending === 0;
      } finally {
        db.close();
      }
    };
    await until(
      () => chatsSeen() === chatCount && settled(),
      40_000,
      'every chat got a message and the outbox settled',
    );
    last.child.kill('SIGTERM');
    const code = await last.exited;
    expect(code, last.output()).toBe(0);

    const perChat = Array.from({ length: chatCount }, (_, i) => fake.messagesTo(firstChatId + i).length);
    const duplicated = perChat.flatMap((count, i) => (count > 1 ? [firstChatId + i] : []));
    console.log(
      `crash test: ${kills} SIGKILLs, each ${killedAfter.join(', ')} ms after the pump started ` +
        `(messages seen by then: ${seenBeforeKill.join(', ')}); chats with a duplicate: ${duplicated.length} ` +
        `[${duplicated.join(', ')}]; ${fake.messages.length} messages for ${chatCount} chats; ` +
        `${fake.rateLimited} 429s from the fake`,
    );
    expect(perChat.filter((count) => count === 0)).toEqual([]);
    expect(Math.max(...perChat)).toBeLessThanOrEqual(2);
    expect(duplicated.length).toBeLessThanOrEqual(kills);
    const db = openDatabase(database);
    try {
      expect(createOutbox(db).counts()).toEqual({
        pending: 0,
        sending: 0,
        sent: chatCount,
        failed: 0,
        dead: 0,
      });
    } finally {
      db.close();
    }
  }, 120_000);
});
