import dns from 'node:dns';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assertHostAllowed } from '../../../src/ingest/address-guard.js';
import type { ProxySettings } from '../../../src/shared/proxy.js';
import { type FakeProxy, type FakeProxyOptions, startFakeProxy } from '../../fakes/http-proxy.js';
import { failure, useFixtures } from './fetch-helpers.js';

const feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>Talks</title></channel></rss>';
const fixtures = useFixtures();
const proxies: FakeProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

async function proxy(options: FakeProxyOptions = {}): Promise<FakeProxy> {
  const started = await startFakeProxy(options);
  proxies.push(started);
  return started;
}

const through = (url: string, noProxy = ''): ProxySettings => ({ httpProxy: url, httpsProxy: null, noProxy });
// Only 127.0.0.1 counts as public here: the feed server there plays a site on the internet, and the
// proxy on 127.0.0.3 is as private as a real one on 10.0.0.5, which must not stop it being used.
const onlyFeedServerPublic = { isBlockedAddress: (address: string) => address !== '127.0.0.1' };

describe('http fetcher through a proxy', () => {
  it('asks the proxy for the feed in absolute form, and the proxy may be a private address', async () => {
    const server = await fixtures.server({ '/feed.xml': { body: feed, contentType: 'application/rss+xml' } });
    const forward = await proxy({ host: '127.0.0.3' });
    const fetcher = fixtures.fetcher(
      { allowPrivateNetworks: false, proxy: through(forward.url) },
      onlyFeedServerPublic,
    );
    const response = await fetcher.fetch({ url: server.url('/feed.xml') });
    expect(response).toMatchObject({ kind: 'ok', status: 200, body: Buffer.from(feed) });
    expect(forward.requests).toEqual([
      { method: 'GET', target: server.url('/feed.xml'), authorization: null },
    ]);
    expect(server.requests).toHaveLength(1);
  });

  it('goes direct to a host NO_PROXY names, and through the proxy to the others', async () => {
    const listed = await fixtures.server({ '/feed.xml': { body: feed } });
    const other = await fixtures.server({ '/feed.xml': { body: feed } }, '127.0.0.2');
    const forward = await proxy();
    const fetcher = fixtures.fetcher({ proxy: through(forward.url, 'example.org, 127.0.0.1') });
    expect(await fetcher.fetch({ url: listed.url('/feed.xml') })).toMatchObject({ kind: 'ok' });
    expect(await fetcher.fetch({ url: other.url('/feed.xml') })).toMatchObject({ kind: 'ok' });
    expect(forward.requests.map((request) => request.target)).toEqual([other.url('/feed.xml')]);
    expect([listed.requests.length, other.requests.length]).toEqual([1, 1]);
  });

  it('refuses a host whose name resolves to a private address before asking the proxy', async () => {
    const server = await fixtures.server({ '/feed.xml': { body: feed } }, '127.0.0.2');
    const forward = await proxy({ host: '127.0.0.3' });
    // Only 127.0.0.2 is public here: `localhost` (127.0.0.1, ::1) names a private host.
    const fetcher = fixtures.fetcher(
      { allowPrivateNetworks: false, proxy: through(forward.url) },
      { isBlockedAddress: (address) => address !== '127.0.0.2' },
    );
    expect(await fetcher.fetch({ url: server.url('/feed.xml') })).toMatchObject({ kind: 'ok' });
    const port = new URL(server.origin).port;
    const error = await failure(fetcher.fetch({ url: `http://localhost:${port}/feed.xml` }));
    expect(error).toMatchObject({ code: 'blocked_address', details: { host: 'localhost' } });
    expect(forward.requests.map((request) => request.target)).toEqual([server.url('/feed.xml')]);
  });

  it('leaves a name this machine cannot resolve to the proxy, which may resolve it', async () => {
    const server = await fixtures.server({ '/feed.xml': { body: feed } });
    const forward = await proxy({ host: '127.0.0.3', hosts: { 'news.example': '127.0.0.1' } });
    const fetcher = fixtures.fetcher(
      { allowPrivateNetworks: false, proxy: through(forward.url) },
      {
        ...onlyFeedServerPublic,
        resolveHost: async (host) => {
          throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
        },
      },
    );
    const url = `http://news.example:${new URL(server.origin).port}/feed.xml`;
    expect(await fetcher.fetch({ url })).toMatchObject({ kind: 'ok', body: Buffer.from(feed) });
    expect(forward.requests.map((request) => request.target)).toEqual([url]);
  });

  it('checks every redirect hop before the proxy is asked for it', async () => {
    const inside = await fixtures.server({ '/secret': { body: 'admin' } }, '127.0.0.2');
    const server = await fixtures.server({ '/feed.xml': { redirectTo: inside.url('/secret') } });
    const forward = await proxy({ host: '127.0.0.3' });
    const fetcher = fixtures.fetcher(
      { allowPrivateNetworks: false, proxy: through(forward.url) },
      onlyFeedServerPublic,
    );
    const error = await failure(fetcher.fetch({ url: server.url('/feed.xml') }));
    expect(error).toMatchObject({ code: 'blocked_address', details: { address: '127.0.0.2' } });
    expect(forward.requests.map((request) => request.target)).toEqual([server.url('/feed.xml')]);
    expect(inside.requests).toEqual([]);
  });

  it('sends the user and password of the proxy URL as Proxy-Authorization, never in an error', async () => {
    const server = await fixtures.server({ '/feed.xml': { body: feed } });
    const forward = await proxy({ credentials: 'parley:s3cret-pw' });
    const good = `http://parley:s3cret-pw@127.0.0.1:${forward.port}`;
    const response = await fixtures.fetcher({ proxy: through(good) }).fetch({ url: server.url('/feed.xml') });
    expect(response).toMatchObject({ kind: 'ok', body: Buffer.from(feed) });
    expect(forward.requests[0]?.authorization).toBe(
      `Basic ${Buffer.from('parley:s3cret-pw').toString('base64')}`,
    );
    const wrong = `http://parley:wr0ng-pw@127.0.0.1:${forward.port}`;
    const error = await failure(
      fixtures.fetcher({ proxy: through(wrong) }).fetch({ url: server.url('/feed.xml') }),
    );
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/407/);
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('wr0ng-pw');
  });

  it('fails as unreachable when the proxy does not answer', async () => {
    const server = await fixtures.server({ '/feed.xml': { body: feed } });
    const gone = await proxy();
    await gone.close();
    const error = await failure(
      fixtures.fetcher({ proxy: through(gone.url) }).fetch({ url: server.url('/feed.xml') }),
    );
    expect(error).toMatchObject({ code: 'unreachable', retryable: true });
    expect(server.requests).toEqual([]);
  });
});

describe('the pre-proxy DNS check and the fetch deadline', () => {
  // The direct path resolves inside connect (bounded by connectTimeoutMs and aborted with the request);
  // the check added for proxied requests awaits dns.promises.lookup outside both, so a resolver that
  // hangs holds the fetch past timeoutMs and past cancel() (shutdown), and keeps its host-limiter slot.
  it('ends a fetch whose host lookup hangs at the deadline, and at cancel()', async () => {
    const spy = vi.spyOn(dns.promises, 'lookup').mockImplementation(() => new Promise(() => undefined));
    try {
      const forward = await proxy();
      const fetcher = fixtures.fetcher(
        { allowPrivateNetworks: false, timeoutMs: 200, proxy: through(forward.url) },
        { isBlockedAddress: () => false },
      );
      const pending = fetcher.fetch({ url: 'http://feeds.example.net/feed.xml' }).then(
        () => 'ok',
        (error: { code?: string }) => error.code ?? 'error',
      );
      const at = (ms: number) =>
        new Promise((resolve) => setTimeout(() => resolve(`still pending after ${ms} ms`), ms));
      expect(await Promise.race([pending, at(600)])).toBe('timeout');
      fetcher.cancel();
      expect(await Promise.race([pending, at(200)])).not.toMatch(/pending/);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('assertHostAllowed', () => {
  it('resolves a name and refuses it when any of its addresses is refused', async () => {
    await expect(assertHostAllowed('localhost', () => false)).resolves.toBeUndefined();
    await expect(assertHostAllowed('localhost', () => true)).rejects.toMatchObject({
      code: 'blocked_address',
    });
    await expect(assertHostAllowed('[::1]', (address) => address === '::1')).rejects.toMatchObject({
      code: 'blocked_address',
    });
  });
});
