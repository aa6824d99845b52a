import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createProxyDispatcher } from '../../../src/ingest/outbound-proxy.js';
import { type FakeProxy, startFakeProxy } from '../../fakes/http-proxy.js';

/** A self-signed certificate for localhost and 127.0.0.1, for loopback tests only (openssl req -x509). */
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/tls/${name}`, import.meta.url));
const cert = fixture('localhost-cert.pem');
const key = fixture('localhost-key.pem');

const closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

async function httpsServer(): Promise<{ server: Server; port: number }> {
  const server = createServer({ key, cert }, (request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: true, path: request.url, host: request.headers.host }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closing.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { server, port: (server.address() as AddressInfo).port };
}

async function proxy(): Promise<FakeProxy> {
  const started = await startFakeProxy();
  closing.push(() => started.close());
  return started;
}

describe('the outbound proxy dispatcher', () => {
  // Telegram's and Slack's APIs are https://: what matters most behind a proxy is the CONNECT tunnel.
  it('reaches an https:// server through a CONNECT tunnel, TLS end to end with the server', async () => {
    const { port } = await httpsServer();
    const forward = await proxy();
    const dispatcher = createProxyDispatcher(
      { httpProxy: null, httpsProxy: forward.url, noProxy: '' },
      { requestTls: { ca: cert } },
    );
    closing.push(() => dispatcher.close());
    const response = await fetch(`https://localhost:${port}/bot123/getMe`, { dispatcher });
    expect(await response.json()).toEqual({ ok: true, path: '/bot123/getMe', host: `localhost:${port}` });
    expect(forward.requests).toEqual([
      { method: 'CONNECT', target: `localhost:${port}`, authorization: null },
    ]);
  });

  it('uses the HTTP_PROXY one for https:// too when HTTPS_PROXY is unset, and goes direct to NO_PROXY hosts', async () => {
    const { port } = await httpsServer();
    const forward = await proxy();
    const through = createProxyDispatcher(
      { httpProxy: forward.url, httpsProxy: null, noProxy: '' },
      { requestTls: { ca: cert } },
    );
    const direct = createProxyDispatcher(
      { httpProxy: forward.url, httpsProxy: null, noProxy: 'localhost' },
      { connect: { ca: cert } },
    );
    closing.push(
      () => through.close(),
      () => direct.close(),
    );
    await (await fetch(`https://localhost:${port}/a`, { dispatcher: through })).text();
    await (await fetch(`https://localhost:${port}/b`, { dispatcher: direct })).text();
    expect(forward.requests.map((request) => request.method)).toEqual(['CONNECT']);
  });
});
