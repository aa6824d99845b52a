import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { healthUrl } from '../../src/cli/commands/health.js';
import { createCliHarness } from '../support/cli-harness.js';

/** A stand-in for a running Parley's health server that answers /healthz with `status` and `body`. */
async function healthServer(
  status: number,
  body: string,
  delayMs = 0,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    if (req.url !== '/healthz') {
      res.writeHead(404).end();
      return;
    }
    setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end(body), delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Closes a stand-in at once, cutting a request it is still holding. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

describe('parley health', () => {
  const cli = createCliHarness();
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => closeServer(server)));
  });
  afterAll(() => cli.cleanup());

  async function check(status: number, body: string, delayMs = 0) {
    const { server, port } = await healthServer(status, body, delayMs);
    servers.push(server);
    const config = cli.writeConfig(`feeds: { opml: null }\nserver: { port: ${port} }\n`);
    return { port, run: await cli.run(['--config', config, 'health']) };
  }

  it('exits 0 when /healthz answers 200, ok or degraded, and prints its status and problems', async () => {
    const ok = await check(200, JSON.stringify({ status: 'ok', database: 'ok' }));
    expect(ok.run).toMatchObject({ code: 0, lines: [`http://127.0.0.1:${ok.port}/healthz: ok`] });
    const degraded = await check(
      200,
      JSON.stringify({ status: 'degraded', problems: ['every enabled feed is failing'], database: 'ok' }),
    );
    expect(degraded.run.code).toBe(0);
    expect(degraded.run.lines).toEqual([
      `http://127.0.0.1:${degraded.port}/healthz: degraded: every enabled feed is failing`,
    ]);
  });

  it('exits 1 when /healthz answers otherwise, or nothing listens, saying why', async () => {
    const down = await check(503, JSON.stringify({ status: 'unavailable', database: 'database is locked' }));
    expect(down.run.code).toBe(1);
    expect(down.run.stderr).toContain(
      `http://127.0.0.1:${down.port}/healthz: HTTP 503, unavailable: database database is locked`,
    );
    const { server, port } = await healthServer(200, '{}');
    await closeServer(server);
    const config = cli.writeConfig(`feeds: { opml: null }\nserver: { port: ${port} }\n`);
    const none = await cli.run(['--config', config, 'health']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(
      `http://127.0.0.1:${port}/healthz: not reachable (is parley start running?)`,
    );
  });

  it('exits 1 when /healthz does not answer within 4 s', async () => {
    const slow = await check(200, JSON.stringify({ status: 'ok' }), 6_000);
    expect(slow.run.code).toBe(1);
    expect(slow.run.stderr).toContain('no answer in 4 s');
  }, 10_000);

  it('has nothing to ask with the health server off (server.port 0)', async () => {
    const config = cli.writeConfig('feeds: { opml: null }\nserver: { port: 0 }\n');
    const run = await cli.run(['--config', config, 'health']);
    expect(run).toMatchObject({ code: 0, lines: ['health server off (server.port 0): nothing to ask'] });
  });

  it('reaches a server listening on every address through loopback', () => {
    expect(healthUrl('0.0.0.0', 9464)).toBe('http://127.0.0.1:9464/healthz');
    expect(healthUrl('::', 9464)).toBe('http://[::1]:9464/healthz');
    expect(healthUrl('::1', 9464)).toBe('http://[::1]:9464/healthz');
    expect(healthUrl('127.0.0.1', 80)).toBe('http://127.0.0.1:80/healthz');
  });
});
