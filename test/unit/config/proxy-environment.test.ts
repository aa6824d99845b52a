import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { proxyLine } from '../../../src/cli/commands/start.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { isAppError } from '../../../src/shared/errors.js';
import { createCliHarness } from '../../support/cli-harness.js';

const cwd = mkdtempSync(join(tmpdir(), 'parley-proxy-'));
writeFileSync(join(cwd, 'p.yaml'), 'feeds: { opml: null }\n');
const cli = createCliHarness();
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
  cli.cleanup();
});

const load = (env: Record<string, string>) =>
  loadConfig({ cwd, configPath: 'p.yaml', env, readOpml: () => [] });

function problems(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (error) {
    if (!isAppError(error, 'config_invalid')) throw error;
    return error.message.split('\n').slice(1);
  }
  throw new Error('expected config_invalid');
}

describe('proxy environment', () => {
  it('has no proxy when neither HTTPS_PROXY nor HTTP_PROXY is set, even with NO_PROXY', () => {
    expect(load({ NO_PROXY: 'localhost' }).proxy).toBeNull();
    expect(load({ HTTPS_PROXY: '', HTTP_PROXY: '' }).proxy).toBeNull();
  });

  it.each([
    [
      'upper case',
      { HTTPS_PROXY: 'http://10.0.0.5:3128', NO_PROXY: 'localhost,.corp' },
      { httpsProxy: 'http://10.0.0.5:3128/', httpProxy: null, noProxy: 'localhost,.corp' },
    ],
    [
      'lower case first, as curl reads them',
      { https_proxy: 'http://lower:3128', HTTPS_PROXY: 'http://upper:3128', http_proxy: 'http://plain:8080' },
      { httpsProxy: 'http://lower:3128/', httpProxy: 'http://plain:8080/', noProxy: '' },
    ],
    [
      'no scheme, taken as http:// as curl does',
      { HTTP_PROXY: 'proxy.corp:3128', no_proxy: '127.0.0.1' },
      { httpsProxy: null, httpProxy: 'http://proxy.corp:3128/', noProxy: '127.0.0.1' },
    ],
    [
      'credentials kept for the proxy',
      { HTTPS_PROXY: 'https://parley:s3cret@proxy.corp:8443' },
      { httpsProxy: 'https://parley:s3cret@proxy.corp:8443/', httpProxy: null, noProxy: '' },
    ],
  ])('reads the proxy settings: %s', (_case, env, expected) => {
    expect(load(env).proxy).toEqual(expected);
  });

  it.each([
    ['http://user:pa ss@proxy corp:3128', 'HTTPS_PROXY', /is not a proxy URL: expected http:\/\/host:port/],
    ['socks5://user:s3cret@127.0.0.1:1080', 'HTTPS_PROXY', /socks5 proxy: only http:\/\/ and https:\/\//],
    ['http://user:s3cret@proxy.corp:3128/path', 'HTTPS_PROXY', /no path/],
    ['http://user:s3cret@:3128', 'HTTP_PROXY', /is not a proxy URL/],
  ])('names a malformed proxy URL %s without printing it', (value, name, reason) => {
    const lines = problems({ [name]: value });
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^environment: ${name}: `))]);
    expect(lines[0]).toMatch(reason);
    expect(lines.join('\n')).not.toMatch(/s3cret|pa ss/);
  });

  it('says at start which proxy is used, host and port only', () => {
    const line = proxyLine({
      httpsProxy: 'http://parley:s3cret@10.0.0.5:3128/',
      httpProxy: null,
      noProxy: 'localhost',
    });
    expect(line).toBe(
      'outbound requests: https:// through http://10.0.0.5:3128, http:// through no proxy, direct to NO_PROXY hosts (localhost)',
    );
    expect(proxyLine(null)).toBeNull();
  });
});

describe('parley with a malformed proxy URL', () => {
  it('stops with the configuration problem, not a stack trace, and never prints the password', async () => {
    const config = cli.writeConfig('feeds: { opml: null }\ndatabase: { path: ":memory:" }\n');
    const run = await cli.run(['--config', config, 'start'], {
      env: { HTTPS_PROXY: 'http://parley:s3cret@proxy corp:3128' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('environment: HTTPS_PROXY: is not a proxy URL: expected http://host:port');
    expect(run.stderr).not.toMatch(/s3cret|\n\s+at /);
  });
});
