import type { ServerOptions } from 'node:http';

/**
 * A listening port's limits for clients that send slowly: a request's headers within 10 s and all of
 * it within 30 s (Node's defaults are 60 s and 300 s), so a half-sent request cannot hold a socket.
 * They must be given to createServer: Node checks them only every connectionsCheckingInterval (30 s by
 * default, its timer set up in the constructor), so set afterwards a slow client was cut after 30–60 s.
 * Spec: https://nodejs.org/docs/latest-v20.x/api/http.html#httpcreateserveroptions-requestlistener
 */
export function slowClientLimits(
  limits: { headersMs?: number; requestMs?: number } = {},
): Pick<ServerOptions, 'headersTimeout' | 'requestTimeout' | 'connectionsCheckingInterval'> {
  const headersTimeout = limits.headersMs ?? 10_000;
  return {
    headersTimeout,
    requestTimeout: limits.requestMs ?? 30_000,
    // Checked every second, so a slow client is cut at most a second late (at most a tenth of the limit).
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(headersTimeout / 10))),
  };
}
