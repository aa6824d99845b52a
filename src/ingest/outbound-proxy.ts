import { type Dispatcher, EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import type { ProxySettings } from '../shared/proxy.js';

type ProxyAgentOptions = ConstructorParameters<typeof EnvHttpProxyAgent>[0];

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
