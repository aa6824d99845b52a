/**
 * A feed URL with a user name or password: the fetcher refuses it on every poll, and `parley poll` and
 * `parley feeds` would print the password. The config names the key instead, without quoting it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { isAppError } from '../../../src/shared/errors.js';

const cwd = mkdtempSync(join(tmpdir(), 'parley-config-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function failure(yaml: string, opml: string[] = []): { message: string; paths: string[] } {
  writeFileSync(join(cwd, 'bad.yaml'), yaml);
  try {
    loadConfig({
      configPath: 'bad.yaml',
      cwd,
      env: {},
      readOpml: () => opml.map((url) => ({ url, name: null, language: null, fullText: false })),
    });
  } catch (error) {
    if (!isAppError(error, 'config_invalid')) throw error;
    const problems = error.details['problems'] as Array<{ path: string }>;
    return { message: error.message, paths: problems.map((p) => p.path) };
  }
  throw new Error('expected config_invalid');
}

describe('feed URLs with credentials', () => {
  it('refuses one in feeds.list, naming the key and not the password', () => {
    const { message, paths } = failure(
      'feeds:\n  opml: null\n  list:\n    - { url: "https://parley:hunter2pw@news.example/feed" }\n',
    );
    expect(paths).toEqual(['feeds.list[0].url']);
    expect(message).toMatch(/must not carry a user name or password/);
    expect(message).not.toContain('hunter2pw');
  });

  it('refuses one in the OPML file, naming feeds.opml and not the password', () => {
    const { message, paths } = failure('feeds: { opml: feeds.opml }\n', [
      'https://news.example/rss',
      'https://parley:hunter2pw@news.example/feed',
    ]);
    expect(paths).toEqual(['feeds.opml']);
    expect(message).toMatch(/news\.example\) must not carry a user name or password/);
    expect(message).not.toContain('hunter2pw');
  });
});
