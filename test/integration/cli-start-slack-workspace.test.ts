import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSchedule } from '../../src/domain/schedule.js';
import { createChatStore } from '../../src/storage/chat-store.js';
import { openDatabase } from '../../src/storage/database.js';
import { startFakeSlack } from '../fakes/slack-api.js';
import { createCliHarness } from '../support/cli-harness.js';
import { freePort } from '../support/loopback.js';

/** A database with one active Slack channel (its digest not due) and, if given, the workspace on record. */
function seedSlackChat(dbPath: string, recorded: string | null): number {
  const db = openDatabase(dbPath);
  try {
    const chats = createChatStore(db);
    const time = new Date(Date.now() + 12 * 3_600_000).toISOString().slice(11, 16);
    const chat = chats.ensure(
      { platform: 'slack', chatId: 'C0OLDCHAN1', threadId: null },
      { title: 'peace-desk', timeZone: 'UTC', schedule: parseSchedule(`daily ${time}`) },
      'test',
      Date.now() - 3_600_000,
    );
    if (recorded !== null) chats.setBot('slack', recorded);
    return chat.id;
  } finally {
    db.close();
  }
}

function stored(dbPath: string, id: number) {
  const db = openDatabase(dbPath);
  try {
    const chats = createChatStore(db);
    return { chat: chats.get(id), team: chats.botOf('slack') };
  } finally {
    db.close();
  }
}

describe('parley start with a SLACK_BOT_TOKEN of another workspace', () => {
  const cli = createCliHarness();
  afterAll(() => cli.cleanup());
  const stop = { stopSignal: async () => 'SIGTERM' };

  const configFor = (dbPath: string, name: string) =>
    cli.writeConfig(
      `database: { path: ${dbPath} }
feeds: { opml: null }
slack: { mode: http, port: 0, host: 127.0.0.1 }
server: { port: 0 }
log: { level: silent }
`,
      name,
    );
  const envFor = (apiUrl: string, token: string) => ({
    SLACK_BOT_TOKEN: token,
    SLACK_SIGNING_SECRET: 'fake-signing-secret',
    SLACK_API_URL: apiUrl,
  });

  it('refuses to start while the old workspace has active chats, and moves with --new-workspace', async () => {
    const slack = await startFakeSlack({ teamId: 'T0NEWTEAM', teamName: 'New Corp' });
    const dbPath = join(cli.dir, 'moved.db');
    const id = seedSlackChat(dbPath, 'T0OLDTEAM');
    const config = configFor(dbPath, 'moved.yaml');
    const env = envFor(slack.url, slack.token);
    try {
      const refused = await cli.run(['--config', config, 'start'], { env, ...stop });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(
        'SLACK_BOT_TOKEN is a token of Slack workspace T0NEWTEAM (New Corp), but the 1 active Slack chats',
      );
      expect(refused.stderr).toContain(
        "put workspace T0OLDTEAM's token back, or start with --new-workspace to move to workspace T0NEWTEAM",
      );
      expect(stored(dbPath, id)).toMatchObject({ chat: { active: true }, team: 'T0OLDTEAM' });
      expect(slack.messages).toEqual([]);

      const moved = await cli.run(['--config', config, 'start', '--new-workspace'], { env, ...stop });
      expect(moved.code).toBe(0);
      expect(moved.stdout).toContain(
        'parley: Slack workspace T0NEWTEAM replaces T0OLDTEAM: 1 Slack chats turned off',
      );
      expect(stored(dbPath, id)).toMatchObject({
        chat: { active: false, inactiveReason: 'in Slack workspace T0OLDTEAM, not T0NEWTEAM' },
        team: 'T0NEWTEAM',
      });
      // The new workspace is now the one on record: the next start goes ahead.
      const again = await cli.run(['--config', config, 'start'], { env, ...stop });
      expect(again.code).toBe(0);
    } finally {
      await slack.close();
    }
  });

  it('records the workspace at the first start, then starts as usual with the same one', async () => {
    const slack = await startFakeSlack({ teamId: 'T0SAMETEAM' });
    const dbPath = join(cli.dir, 'same.db');
    const id = seedSlackChat(dbPath, null);
    const config = configFor(dbPath, 'same.yaml');
    const env = envFor(slack.url, slack.token);
    try {
      const first = await cli.run(['--config', config, 'start'], { env, ...stop });
      expect(first.code).toBe(0);
      expect(stored(dbPath, id)).toMatchObject({ chat: { active: true }, team: 'T0SAMETEAM' });
      const second = await cli.run(['--config', config, 'start'], { env, ...stop });
      expect(second.code).toBe(0);
      expect(second.stdout).not.toContain('replaces');
      expect(stored(dbPath, id)).toMatchObject({ chat: { active: true }, team: 'T0SAMETEAM' });
    } finally {
      await slack.close();
    }
  });

  it('starts without the check when Slack cannot be reached, and says so', async () => {
    const dead = await freePort();
    const dbPath = join(cli.dir, 'down.db');
    const id = seedSlackChat(dbPath, 'T0OLDTEAM');
    const config = configFor(dbPath, 'down.yaml');
    const run = await cli.run(['--config', config, 'start'], {
      env: envFor(`http://127.0.0.1:${dead}/api/`, 'xoxb-test'),
      ...stop,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('parley: warning: Slack auth.test failed (Cannot reach Slack');
    expect(run.stdout).toContain('the Slack workspace is not checked');
    expect(stored(dbPath, id)).toMatchObject({ chat: { active: true }, team: 'T0OLDTEAM' });
  });
});
