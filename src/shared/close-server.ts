import type { Server } from 'node:http';

/**
 * A listening port's limits for clients that send slowly: a request's headers within 10 s and all of
 * it within 30 s (Node's defaults are 60 s and 300 s), so a half-sent request cannot hold a socket.
 */
export function limitSlowClients(server: Server): void {
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
}

/**
 * Stops taking connections and resolves once the server is closed: idle keep-alive connections go at
 * once, and a connection still open after `graceMs` (a request half-sent on purpose, a handler that
 * hangs) is cut, so that a shutdown is never held by a client.
 */
export function closeServer(server: Server, graceMs = 1_000): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    cut.unref();
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
