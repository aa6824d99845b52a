import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../../../src/shared/clock.js';
import { failure, useFixtures } from './fetch-helpers.js';

const feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>Talks</title></channel></rss>';
const fixtures = useFixtures();

describe('http fetcher: responses', () => {
  it('returns the body with its validators, content type and max-age, sending honest headers', async () => {
    const server = await fixtures.server({
      '/feed.xml': {
        body: feed,
        contentType: 'application/rss+xml; charset=utf-8',
        etag: '"v1"',
        lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT',
        headers: { 'cache-control': 'public, max-age=900' },
      },
    });
    const response = await fixtures.fetcher().fetch({ url: server.url('/feed.xml') });
    expect(response).toEqual({
      kind: 'ok',
      status: 200,
      finalUrl: server.url('/feed.xml'),
      body: Buffer.from(feed),
      contentType: 'application/rss+xml; charset=utf-8',
      etag: '"v1"',
      lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT',
      maxAgeSeconds: 900,
    });
    const headers = server.requests[0]?.headers;
    expect(headers).toMatchObject({
      'user-agent': 'ParleyTest/0.1 (+https://example.org/parley)',
      accept: expect.stringMatching(
        /^application\/rss\+xml, application\/atom\+xml, application\/feed\+json/,
      ),
      'accept-encoding': 'gzip, deflate, br',
    });
    expect(headers?.['if-none-match']).toBeUndefined();
  });

  it('sends the Accept header the caller asks for', async () => {
    const server = await fixtures.server({ '/page': { body: '<html></html>', contentType: 'text/html' } });
    await fixtures.fetcher().fetch({ url: server.url('/page'), accept: 'text/html' });
    expect(server.requests[0]?.headers).toMatchObject({ accept: 'text/html' });
  });

  it('answers not-modified when the ETag still matches', async () => {
    const server = await fixtures.server({
      '/feed.xml': { body: feed, etag: '"v7"', headers: { 'cache-control': 'max-age=60' } },
    });
    const fetcher = fixtures.fetcher();
    const response = await fetcher.fetch({ url: server.url('/feed.xml'), etag: '"v7"' });
    expect(response).toEqual({
      kind: 'not-modified',
      status: 304,
      finalUrl: server.url('/feed.xml'),
      maxAgeSeconds: 60,
    });
    expect(server.requests[0]?.headers['if-none-match']).toBe('"v7"');
    expect((await fetcher.fetch({ url: server.url('/feed.xml'), etag: '"v6"' })).kind).toBe('ok');
  });

  it('answers not-modified when nothing changed since Last-Modified', async () => {
    const lastModified = 'Wed, 25 Nov 2026 10:00:00 GMT';
    const server = await fixtures.server({ '/feed.xml': { body: feed, lastModified } });
    const fetcher = fixtures.fetcher();
    expect((await fetcher.fetch({ url: server.url('/feed.xml'), lastModified })).kind).toBe('not-modified');
    expect(server.requests[0]?.headers['if-modified-since']).toBe(lastModified);
    const older = 'Tue, 24 Nov 2026 10:00:00 GMT';
    expect((await fetcher.fetch({ url: server.url('/feed.xml'), lastModified: older })).kind).toBe('ok');
  });

  it.each(['gzip', 'br', 'deflate'] as const)('decodes a %s body', async (encoding) => {
    const server = await fixtures.server({ '/feed.xml': { body: feed, encoding } });
    const response = await fixtures.fetcher().fetch({ url: server.url('/feed.xml') });
    expect(response.kind === 'ok' && response.body.toString()).toBe(feed);
  });

  it('reports a corrupt compressed body as unreachable', async () => {
    const server = await fixtures.server({
      '/feed.xml': { body: 'not gzip at all', headers: { 'content-encoding': 'gzip' } },
    });
    const error = await failure(fixtures.fetcher().fetch({ url: server.url('/feed.xml') }));
    expect(error.code).toBe('unreachable');
  });
});

describe('http fetcher: status errors', () => {
  const clock = createManualClock(Date.parse('2026-11-26T12:00:00Z'));
  const cases = [
    { status: 404, headers: {}, message: 'HTTP 404 Not Found', retryable: false, retryAfterSeconds: null },
    {
      status: 500,
      headers: {},
      message: 'HTTP 500 Internal Server Error',
      retryable: true,
      retryAfterSeconds: null,
    },
    {
      status: 429,
      headers: { 'retry-after': '120' },
      message: 'HTTP 429 Too Many Requests',
      retryable: true,
      retryAfterSeconds: 120,
    },
    {
      status: 503,
      headers: { 'retry-after': 'Thu, 26 Nov 2026 12:05:00 GMT' },
      message: 'HTTP 503 Service Unavailable',
      retryable: true,
      retryAfterSeconds: 300,
    },
  ];
  it.each(cases)(
    'turns $status into http_status ($message)',
    async ({ status, headers, message, retryable, retryAfterSeconds }) => {
      const server = await fixtures.server({ '/feed.xml': { status, headers, body: 'nope' } });
      const error = await failure(fixtures.fetcher({}, { clock }).fetch({ url: server.url('/feed.xml') }));
      expect(error).toMatchObject({
        code: 'http_status',
        message,
        retryable,
        details: { status, retryAfterSeconds },
      });
    },
  );

  /** A host that answered one feed 429 with a Retry-After of 120 s, on a clock of its own. */
  async function heldHost() {
    const at = createManualClock(Date.parse('2026-11-26T12:00:00Z'));
    const server = await fixtures.server({
      '/limited.xml': { status: 429, headers: { 'retry-after': '120' }, body: 'slow down' },
      '/other.xml': { body: '<rss/>' },
    });
    const fetcher = fixtures.fetcher({}, { clock: at });
    await failure(fetcher.fetch({ url: server.url('/limited.xml') }));
    return { at, server, fetcher };
  }

  it("holds the host's other requests until its 429's Retry-After, failing them as that answer would", async () => {
    const { at, server, fetcher } = await heldHost();
    const held = await failure(fetcher.fetch({ url: server.url('/other.xml') }));
    expect(held).toMatchObject({
      code: 'http_status',
      retryable: true,
      details: { status: 429, retryAfterSeconds: 120, hostWait: true },
    });
    expect(held.message).toMatch(/^not asked: 127\.0\.0\.1:\d+ answered another request with HTTP 429/);
    expect(server.requests.map((request) => request.path)).toEqual(['/limited.xml']);
    at.advance(90_000);
    expect((await failure(fetcher.fetch({ url: server.url('/other.xml') }))).details).toMatchObject({
      retryAfterSeconds: 30,
    });
    at.advance(30_000);
    expect(await fetcher.fetch({ url: server.url('/other.xml') })).toMatchObject({ kind: 'ok' });
    expect(server.requests.map((request) => request.path)).toEqual(['/limited.xml', '/other.xml']);
  });

  it.each([
    ['a 429 without Retry-After', 429, {}],
    ['a 500 with Retry-After', 500, { 'retry-after': '120' }],
    ['a 503 with Retry-After (a shared host answers it for one broken feed)', 503, { 'retry-after': '120' }],
  ])('does not hold the host after %s', async (_, status, headers) => {
    const server = await fixtures.server({
      '/limited.xml': { status, headers, body: 'no' },
      '/other.xml': { body: '<rss/>' },
    });
    const fetcher = fixtures.fetcher({}, { clock });
    await failure(fetcher.fetch({ url: server.url('/limited.xml') }));
    expect(await fetcher.fetch({ url: server.url('/other.xml') })).toMatchObject({ kind: 'ok' });
  });

  it('rounds the time left of a host wait up to whole seconds', async () => {
    const { at, server, fetcher } = await heldHost();
    at.advance(500);
    const held = await failure(fetcher.fetch({ url: server.url('/other.xml') }));
    expect(held.details).toMatchObject({ retryAfterSeconds: 120, hostWait: true });
    expect(held.message).toMatch(/, 120 s left$/);
  });

  it("waits out a host's wait that ends within 2 s instead of failing the request a second early", async () => {
    const { at, server, fetcher } = await heldHost();
    at.advance(117_000);
    expect((await failure(fetcher.fetch({ url: server.url('/other.xml') }))).details).toMatchObject({
      retryAfterSeconds: 3,
    });
    at.advance(2_200);
    const started = performance.now();
    expect(await fetcher.fetch({ url: server.url('/other.xml') })).toMatchObject({ kind: 'ok' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(700);
    expect(server.requests.map((request) => request.path)).toEqual(['/limited.xml', '/other.xml']);
  });

  it('stops waiting out a host when Parley stops, asking nothing', async () => {
    const { at, server, fetcher } = await heldHost();
    at.advance(118_500);
    const started = performance.now();
    const waiting = failure(fetcher.fetch({ url: server.url('/other.xml') }));
    setTimeout(() => fetcher.cancel(), 50);
    expect(await waiting).toMatchObject({ code: 'stopped' });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(server.requests.map((request) => request.path)).toEqual(['/limited.xml']);
  });

  it('holds a host at most six hours, whatever its Retry-After', async () => {
    const at = createManualClock(Date.parse('2026-11-26T12:00:00Z'));
    const server = await fixtures.server({
      '/limited.xml': { status: 429, headers: { 'retry-after': String(30 * 86_400) }, body: 'no' },
      '/other.xml': { body: '<rss/>' },
    });
    const fetcher = fixtures.fetcher({}, { clock: at });
    await failure(fetcher.fetch({ url: server.url('/limited.xml') }));
    expect((await failure(fetcher.fetch({ url: server.url('/other.xml') }))).details).toMatchObject({
      status: 429,
      retryAfterSeconds: 6 * 3600,
    });
    at.advance(6 * 3_600_000);
    expect(await fetcher.fetch({ url: server.url('/other.xml') })).toMatchObject({ kind: 'ok' });
  });

  it('takes a 304 to a request without validators as a retryable error, not as "not modified"', async () => {
    const server = await fixtures.server({ '/feed.xml': { status: 304, body: '' } });
    const error = await failure(fixtures.fetcher().fetch({ url: server.url('/feed.xml') }));
    expect(error).toMatchObject({ code: 'http_status', retryable: true, details: { status: 304 } });
    expect(error.message).toMatch(/^HTTP 304 Not Modified to a request without If-None-Match/);
    expect(server.requests[0]?.headers['if-none-match']).toBeUndefined();
  });

  it('reports a closed port as unreachable', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const error = await failure(fixtures.fetcher().fetch({ url: `http://127.0.0.1:${port}/feed.xml` }));
    expect(error).toMatchObject({
      code: 'unreachable',
      retryable: true,
      message: `connection refused by 127.0.0.1:${port}`,
    });
  });

  it.each([
    'ftp://example.org/feed.xml',
    'file:///etc/passwd',
    'not a url',
    'http://user:secret@example.org/feed',
  ])('refuses %s as invalid_url', async (url) => {
    expect((await failure(fixtures.fetcher().fetch({ url }))).code).toBe('invalid_url');
  });
});

describe('http fetcher: redirects', () => {
  it('follows a chain of 3 redirects, a relative Location among them, to the final URL', async () => {
    const server = await fixtures.server({ '/feed.xml': { body: feed } });
    server.route('/a', { redirectTo: server.url('/b'), status: 301 });
    server.route('/b', { redirectTo: '/dir/c', status: 307 });
    server.route('/dir/c', { redirectTo: '../feed.xml#top', status: 308 });
    const response = await fixtures.fetcher().fetch({ url: server.url('/a') });
    expect(response).toMatchObject({
      kind: 'ok',
      finalUrl: server.url('/feed.xml'),
      body: Buffer.from(feed),
    });
    expect(server.requests.map((request) => request.path)).toEqual(['/a', '/b', '/dir/c', '/feed.xml']);
  });

  it('refuses a sixth redirect when five are allowed', async () => {
    const server = await fixtures.server({ '/6': { body: feed } });
    for (let hop = 0; hop < 6; hop += 1) server.route(`/${hop}`, { redirectTo: `/${hop + 1}` });
    const error = await failure(fixtures.fetcher().fetch({ url: server.url('/0') }));
    expect(error).toMatchObject({ code: 'too_many_redirects', message: 'more than 5 redirects' });
    expect(error.details).toMatchObject({
      chain: Array.from({ length: 7 }, (_, hop) => server.url(`/${hop}`)),
    });
    expect(server.requests).toHaveLength(6);
  });

  it('follows exactly five redirects', async () => {
    const server = await fixtures.server({ '/5': { body: feed } });
    for (let hop = 0; hop < 5; hop += 1) server.route(`/${hop}`, { redirectTo: `/${hop + 1}` });
    expect((await fixtures.fetcher().fetch({ url: server.url('/0') })).kind).toBe('ok');
  });

  it('refuses a redirect loop before reaching the cap', async () => {
    const server = await fixtures.server({ '/a': { redirectTo: '/b' }, '/b': { redirectTo: '/a' } });
    const error = await failure(fixtures.fetcher().fetch({ url: server.url('/a') }));
    const [a, b] = [server.url('/a'), server.url('/b')];
    expect(error).toMatchObject({ code: 'too_many_redirects', message: `redirect loop: ${a} → ${b} → ${a}` });
    expect(server.requests).toHaveLength(2);
  });

  it('refuses a redirect to a non-http URL', async () => {
    const server = await fixtures.server({ '/a': { redirectTo: 'file:///etc/passwd' } });
    expect((await failure(fixtures.fetcher().fetch({ url: server.url('/a') }))).code).toBe('invalid_url');
  });
});

describe('http fetcher: private networks', () => {
  it.each([
    ['the literal 127.0.0.1', (port: number) => `http://127.0.0.1:${port}/feed.xml`],
    ['the name localhost', (port: number) => `http://localhost:${port}/feed.xml`],
  ])('refuses %s when private networks are not allowed', async (_, url) => {
    const server = await fixtures.server({ '/feed.xml': { body: feed } });
    const port = Number(new URL(server.origin).port);
    const error = await failure(fixtures.fetcher({ allowPrivateNetworks: false }).fetch({ url: url(port) }));
    expect(error.code).toBe('blocked_address');
    expect(error.details).toMatchObject({ address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) });
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    'http://[::1]/',
    'http://0x7f.1/',
    'http://2130706433/',
    'http://169.254.169.254/latest/meta-data/',
  ])('refuses %s without connecting', async (url) => {
    const error = await failure(fixtures.fetcher({ allowPrivateNetworks: false }).fetch({ url }));
    expect(error.code).toBe('blocked_address');
  });

  it('refuses a redirect from an allowed address to a blocked one', async () => {
    const inside = await fixtures.server({ '/secret': { body: 'admin' } }, '127.0.0.2');
    const outside = await fixtures.server({ '/feed.xml': { body: feed } });
    outside.route('/to-inside', { redirectTo: inside.url('/secret') });
    outside.route('/to-outside', { redirectTo: '/feed.xml' });
    // Only 127.0.0.2 counts as private here, so the loopback server on 127.0.0.1 plays a public host.
    const fetcher = fixtures.fetcher(
      { allowPrivateNetworks: false },
      { isBlockedAddress: (a) => a === '127.0.0.2' },
    );
    expect((await fetcher.fetch({ url: outside.url('/to-outside') })).kind).toBe('ok');
    const error = await failure(fetcher.fetch({ url: outside.url('/to-inside') }));
    expect(error).toMatchObject({ code: 'blocked_address', details: { address: '127.0.0.2' } });
    expect(inside.requests).toHaveLength(0);
  });
});

describe('http fetcher: cancel (shutdown)', () => {
  it('aborts the requests in flight and refuses queued and new ones at once, all as stopped', async () => {
    const server = await fixtures.server({ '/hang': { hang: true }, '/feed.xml': { body: feed } });
    // One request a host at a time: the second waits in the queue behind the first.
    const fetcher = fixtures.fetcher({ perHostConcurrency: 1 });
    const inFlight = failure(fetcher.fetch({ url: server.url('/hang') }));
    const queued = failure(fetcher.fetch({ url: server.url('/feed.xml') }));
    // In flight: the server has it (a fixed 100 ms wait was no promise of that on a loaded machine).
    await vi.waitFor(() => expect(server.requests).toHaveLength(1), { timeout: 5_000 });
    const started = performance.now();
    fetcher.cancel();
    const errors = await Promise.all([
      inFlight,
      queued,
      failure(fetcher.fetch({ url: server.url('/feed.xml') })),
    ]);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(errors.map((error) => error.code)).toEqual(['stopped', 'stopped', 'stopped']);
    // the queued and the new request never reached the server
    expect(server.requests.map((request) => request.path)).toEqual(['/hang']);
  });
});
