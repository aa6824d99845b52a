/**
 * `parley feeds import` of a feed whose URL carries a user name or password: the config loader refuses
 * such a line in feeds.opml, so the import skips it (without quoting the password) and every later
 * command still loads the config.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCliHarness } from '../support/cli-harness.js';

describe('parley feeds import: a feed URL with credentials', () => {
  const cli = createCliHarness();
  afterAll(() => cli.cleanup());

  it('is skipped with a message that names the host only, and the config still loads after', async () => {
    const opmlPath = join(cli.dir, 'feeds.opml');
    const config = cli.writeConfig(
      `database: { path: ${join(cli.dir, 'parley.db')} }\nfeeds: { opml: ${opmlPath} }\nlog: { level: silent }\n`,
    );
    const incoming = cli.writeConfig(
      `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="Paid" xmlUrl="https://reader:hunter2pw@paid.example/rss"/>
<outline text="Good" xmlUrl="https://good.example/rss"/></body></opml>`,
      'incoming.opml',
    );
    const run = await cli.run(['--config', config, 'feeds', 'import', incoming]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 feed added');
    expect(run.stdout).toContain('1 skipped');
    expect(run.stderr).toContain('skipped a feed on paid.example');
    expect(run.stdout + run.stderr).not.toContain('hunter2pw');
    expect(readFileSync(opmlPath, 'utf8')).not.toContain('paid.example');
    const listed = await cli.run(['--config', config, 'feeds', '--json']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('https://good.example/rss');
  });
});
