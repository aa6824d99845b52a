import dns from 'node:dns';
import { once } from 'node:events';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHostCheck } from '../../../src/ingest/address-guard.js';
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

describe('http fetcher through a proxy: names only a local network resolves', () => {
  // glibc here: /etc/hosts answers localhost, DNS knows neither localhost. nor foo.localhost; resolvers
  // such as Unbound and systemd-resolved answer both 127.0.0.1 (RFC 6761), and so does this proxy.
  const glibcLike = async (host: string) => {
    if (host === 'localhost') return [{ address: '127.0.0.1', family: 4 }];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  };
  for (const name of ['localhost.', 'foo.localhost']) {
    it(`refuses http://${name}/ as it refuses http://localhost/`, async () => {
      const inside = await fixtures.server({ '/secret': { body: 'admin' } });
      const forward = await proxy({ host: '127.0.0.3', hosts: { [name]: '127.0.0.1' } });
      const fetcher = fixtures.fetcher(
        { allowPrivateNetworks: false, proxy: through(forward.url) },
        { resolveHost: glibcLike },
      );
      const url = `http://${name}:${new URL(inside.origin).port}/secret`;
      expect(await failure(fetcher.fetch({ url }))).toMatchObject({ code: 'blocked_address' });
      expect([forward.requests.length, inside.requests.length]).toEqual([0, 0]);
    });
  }
});

describe('http fetcher through a proxy that drops the CONNECT', () => {
  it('fails once and names the proxy, not the feed host', async () => {
    let connections = 0;
    const dropping = createNetServer((socket) => {
      connections += 1;
      socket.on('error', () => undefined);
      socket.once('data', () => socket.destroy());
    });
    dropping.listen(0, '127.0.0.1');
    await once(dropping, 'listening');
    const port = (dropping.address() as AddressInfo).port;
    try {
      const fetcher = fixtures.fetcher({
        allowPrivateNetworks: true,
        proxy: through(`http://127.0.0.1:${port}`),
      });
      const error = await failure(fetcher.fetch({ url: 'https://example.com/feed.xml' }));
      expect(connections).toBe(1);
      expect(error.message).toBe('the proxy closed the connection while opening a tunnel to example.com');
      expect(error.details['cause']).toBe('UND_ERR_PRX_CONN');
    } finally {
      await new Promise<void>((resolve) => dropping.close(() => resolve()));
    }
  });
});

describe('the host check made before a request goes through the proxy', () => {
  const addresses =
    (...list: string[]) =>
    async () =>
      list.map((address) => ({ address, family: 4 }));
  const unknown = async (host: string) => {
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  };
  const privateOnly = (address: string) => address.startsWith('10.') || address === '::1';

  it('refuses a name when any of its addresses is refused, and an address literal by itself', async () => {
    await expect(
      createHostCheck(privateOnly, addresses('93.184.215.14'))('news.example'),
    ).resolves.toBeUndefined();
    await expect(
      createHostCheck(privateOnly, addresses('93.184.215.14', '10.0.0.7'))('news.example'),
    ).rejects.toMatchObject({
      code: 'blocked_address',
      details: { address: '10.0.0.7' },
    });
    await expect(createHostCheck(privateOnly, unknown)('[::1]')).rejects.toMatchObject({
      code: 'blocked_address',
    });
  });

  it('refuses localhost and its subdomains, with or without the root dot, whatever the resolver says', async () => {
    const check = createHostCheck(() => false, addresses('93.184.215.14'));
    for (const host of ['localhost', 'localhost.', 'LOCALHOST', 'foo.localhost', 'foo.localhost.'])
      await expect(check(host), host).rejects.toMatchObject({ code: 'blocked_address' });
  });

  it('leaves an internet name it cannot resolve to the proxy, not a local network name or one without a dot', async () => {
    const check = createHostCheck(privateOnly, unknown);
    await expect(check('news.example.org')).resolves.toBeUndefined();
    await expect(check('news.example.org.')).resolves.toBeUndefined();
    for (const host of [
      'intranet',
      'printer.local',
      'metadata.google.internal',
      'nas.home.arpa',
      'wiki.corp',
    ])
      await expect(check(host), host).rejects.toMatchObject({ code: 'blocked_address' });
  });

  it('takes a name the resolver has not answered in 2 s as unresolvable, and does not ask again for a while', async () => {
    vi.useFakeTimers();
    try {
      let asked = 0;
      const check = createHostCheck(privateOnly, () => {
        asked += 1;
        return new Promise(() => undefined);
      });
      const first = check('news.example.org');
      await vi.advanceTimersByTimeAsync(2_000);
      await expect(first).resolves.toBeUndefined();
      await expect(check('news.example.org')).resolves.toBeUndefined();
      expect(asked).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
