import { type Dispatcher, EnvHttpProxyAgent, Pool, fetch as undiciFetch } from 'undici';
import type { ProxySettings } from '../shared/proxy.js';

type ProxyAgentOptions = ConstructorParameters<typeof EnvHttpProxyAgent>[0];

/**
 * The proxy's own connection pool, whose CONNECT failures end the request. undici 7.30.2's ProxyAgent
 * passes a tunnel the proxy drops (a proxy that does not do CONNECT, an ACL, a restart) on as
 * UND_ERR_SOCKET, which its client takes for a recoverable error of an open connection: it reconnected
 * to the proxy in a tight loop, ~11,000 connections in 3 s for one fetch, and a WebSocket's for ever
 * (nodejs/undici#3897, fixed upstream by #5441 the same way: another error code).
 */
function proxyPool(origin: URL, options: object): Dispatcher {
  const pool = new Pool(origin, options);
  const connect = pool.connect.bind(pool) as (
    params: Dispatcher.ConnectOptions,
  ) => Promise<Dispatcher.ConnectData>;
  const failed = (error: unknown) => {
    const code = error instanceof Error && 'code' in error ? error.code : null;
    if (code !== 'UND_ERR_SOCKET') throw error;
    const message = `the proxy closed the connection during CONNECT: ${(error as Error).message}`;
    throw Object.assign(new Error(message, { cause: error }), { code: 'UND_ERR_PRX_CONN' });
  };
  // ProxyAgent calls it in the promise form only (undici 7.30.2 lib/dispatcher/proxy-agent.js).
  Object.assign(pool, { connect: (params: Dispatcher.ConnectOptions) => connect(params).catch(failed) });
  return pool;
}

/**
 * A dispatcher that sends requests through the proxy, except to NO_PROXY hosts, with the settings
 * config read (never process.env again). `agent` configures the direct connections: NO_PROXY hosts and
 * none other; the connections to the proxy use plain DNS, since the proxy is usually a private address.
 * http:// requests go to an http:// proxy in absolute form (`GET http://host/path`), as curl sends them
 * (proxies often allow CONNECT to port 443 only); https:// ones through a CONNECT tunnel.
 * Spec: https://github.com/nodejs/undici/blob/main/docs/docs/api/EnvHttpProxyAgent.md
 */
export function createProxyDispatcher(
  proxy: ProxySettings,
  agent: Omit<NonNullable<ProxyAgentOptions>, 'httpProxy' | 'httpsProxy' | 'noProxy'> = {},
): Dispatcher {
  return new EnvHttpProxyAgent({
    ...agent,
    // '' rather than undefined: undici would read the environment itself.
    httpProxy: proxy.httpProxy ?? '',
    httpsProxy: proxy.httpsProxy ?? '',
    noProxy: proxy.noProxy,
    proxyTunnel: false,
    clientFactory: proxyPool,
  });
}

/** What the platform SDKs and the LLM client take: a WHATWG fetch, and for Slack's socket a dispatcher. */
export type ProxyTransport = {
  fetch: typeof globalThis.fetch;
  dispatcher: Dispatcher;
  close(): Promise<void>;
};

/**
 * undici's fetch over the proxy dispatcher, for clients that accept a custom fetch (grammY's
 * `client.fetch`, @slack/web-api's `fetch`, Bolt's `clientOptions.fetch`, the LLM summarizer).
 */
export function createProxyTransport(proxy: ProxySettings): ProxyTransport {
  const dispatcher = createProxyDispatcher(proxy);
  const proxied = (input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher });
  return {
    // undici's Request and Response are the WHATWG ones Node's own fetch returns (Node bundles undici).
    fetch: proxied as unknown as typeof globalThis.fetch,
    dispatcher,
    close: () => dispatcher.destroy(),
  };
}
