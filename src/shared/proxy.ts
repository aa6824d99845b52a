/**
 * The outbound HTTP proxy, as the environment names it (HTTPS_PROXY, HTTP_PROXY, NO_PROXY): read and
 * checked once by config, then handed to whatever sends requests out (feeds, Telegram, Slack, the LLM).
 */
export type ProxySettings = {
  /** For http:// requests; null: they go direct. A URL without a path, perhaps with a user and password. */
  httpProxy: string | null;
  /** For https:// requests; null: the HTTP proxy is used for them too (as undici does; curl would go direct). */
  httpsProxy: string | null;
  /** Hosts (and their subdomains) reached direct, comma- or space-separated; '*' for all. */
  noProxy: string;
};

/** `proxy.corp:3128` from a proxy URL: what may be logged (never its user name or password). */
export function proxyLabel(url: string): string {
  const parsed = new URL(url);
  const port = parsed.port === '' ? (parsed.protocol === 'https:' ? '443' : '80') : parsed.port;
  return `${parsed.protocol}//${parsed.hostname}:${port}`;
}
