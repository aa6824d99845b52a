import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { WebSocket } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { readProxy } from '../../src/config/environment.js';
import type { Problem } from '../../src/config/problems.js';
import { decideOnFailure, defaultRetryPolicy } from '../../src/delivery/failure-policy.js';
import { createProxyTransport, type ProxyTransport } from '../../src/ingest/outbound-proxy.js';
import { createSlackSender } from '../../src/platforms/slack/slack-sender.js';
import { createTelegramSender } from '../../src/platforms/telegram/telegram-sender.js';

/**
 * What Parley's proxy transport does when the proxy itself misbehaves: drops a CONNECT without answering,
 * refuses it, or is given a password undici cannot decode.
 */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A "proxy" that reads the CONNECT and answers `answer`, or drops the connection when it is null. */
async function badProxy(answer: string | null): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections += 1;
    socket.on('error', () => undefined);
    socket.once('data', () => (answer === null ? socket.destroy() : socket.end(answer)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, connections: () => connections };
}

function transport(url: string): ProxyTransport {
  const made = createProxyTransport({ httpProxy: url, httpsProxy: null, noProxy: '' });
  cleanups.push(made.close);
  return made;
}

const token = '123456:abcdefghijklmnopqrstuvwxyzABCDEFGHI';
const chat = { platform: 'telegram', chatId: '1', threadId: null } as const;

describe('a proxy that drops the CONNECT without answering', () => {
  // undici 7.30.2 ProxyAgent treats the dropped tunnel as a recoverable socket error and reconnects in a
  // tight loop (nodejs/undici#3897): thousands of connections a second to the proxy until the caller aborts.
  it('fails the request instead of reconnecting to the proxy in a loop', async () => {
    const proxy = await badProxy(null);
    const { fetch } = transport(proxy.url);
    const outcome = await Promise.race([
      fetch('https://api.telegram.org/botX/getMe').then(
        () => 'answered',
        () => 'failed',
      ),
      new Promise((resolve) => setTimeout(() => resolve('still pending'), 1000)),
    ]);
    expect({ outcome, connections: proxy.connections() }).toEqual({ outcome: 'failed', connections: 1 });
  });

  // The Socket Mode WebSocket has no deadline while it connects (@slack/socket-mode arms its ping
  // timers on open): through such a proxy it loops until Parley stops.
  it('ends the Socket Mode WebSocket attempt', async () => {
    const proxy = await badProxy(null);
    const { dispatcher } = transport(proxy.url);
    const socket = new WebSocket('wss://wss-primary.slack.com/link', { dispatcher } as never);
    let event = 'none';
    socket.addEventListener('error', () => {
      event = 'error';
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect({ event, connections: proxy.connections() }).toEqual({ event: 'error', connections: 1 });
  });
});

describe('a proxy that refuses the CONNECT', () => {
  async function sendThrough(answer: string, apiRoot = 'https://api.telegram.org'): Promise<unknown> {
    const proxy = await badProxy(answer);
    const sender = createTelegramSender({
      token,
      apiRoot,
      timeoutMs: 2000,
      fetch: transport(proxy.url).fetch,
    });
    return sender.send(chat, { platform: 'telegram', html: 'x' } as never).catch((e: unknown) => e);
  }

  // Direct, a refused connection is ECONNREFUSED: never sent, with the reason. Through the proxy the
  // 407/502 status was lost ("Cannot reach Telegram: UND_ERR_ABORTED (fetch failed)") and the send marked
  // outcome-unknown though it never left.
  it('says the proxy refused, and that the message was never sent', async () => {
    const error = await sendThrough('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
    expect(error).toMatchObject({ details: { outcomeUnknown: false } });
    expect(JSON.stringify(error)).toMatch(/407/);
  });

  // A wrong proxy password was retried like an outage: every digest spent its attempts (about 11 hours)
  // and failed, while the operator had one setting to fix.
  it('pauses the platform on a wrong proxy password and keeps the message, as a bad token does', async () => {
    const error = await sendThrough('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
    expect(decideOnFailure(error, { attempts: 1 }, 0, defaultRetryPolicy)).toMatchObject({
      kind: 'pause',
      why: 'proxy_refused',
    });
  });

  // Asked in absolute form (an http:// Bot API root, a local server's), undici turns the proxy's 407 into
  // "Proxy Authentication Required (407)" (UND_ERR_INVALID_ARG): was "Cannot reach Telegram", retried.
  it('pauses on a wrong proxy password for an http:// Bot API root too', async () => {
    const error = await sendThrough(
      'HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n',
      'http://bot-api.internal.example:8081',
    );
    expect(error).toMatchObject({ details: { status: 407, outcomeUnknown: false } });
    expect(decideOnFailure(error, { attempts: 1 }, 0, defaultRetryPolicy)).toMatchObject({
      kind: 'pause',
      why: 'proxy_refused',
    });
  });

  // The same for Slack: undici fails the request before @slack/web-api sees an HTTP answer.
  it('pauses on a wrong proxy password for an http:// Slack API URL too', async () => {
    const proxy = await badProxy('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
    const sender = createSlackSender({
      token: 'xoxb-1-2-abc',
      apiUrl: 'http://slack.internal.example:8080/api/',
      timeoutMs: 2000,
      fetch: transport(proxy.url).fetch,
    });
    const address = { platform: 'slack', chatId: 'C1', threadId: null } as const;
    const error = await sender
      .send(address, { platform: 'slack', text: 'x', blocks: [] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ details: { status: 407, outcomeUnknown: false } });
    expect(decideOnFailure(error, { attempts: 1 }, 0, defaultRetryPolicy)).toMatchObject({
      kind: 'pause',
      why: 'proxy_refused',
    });
  });

  it('retries when the proxy cannot reach the platform (502)', async () => {
    const error = await sendThrough('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    expect(decideOnFailure(error, { attempts: 1 }, 0, defaultRetryPolicy)).toMatchObject({ kind: 'retry' });
  });
});

describe('a proxy password with a literal %', () => {
  // Passes config validation, then `new ProxyAgent` throws "URIError: URI malformed" from openRuntime.
  it('is a config problem, not a crash when the dispatcher is made', () => {
    const problems: Problem[] = [];
    const proxy = readProxy({ HTTPS_PROXY: 'http://parley:50%off@proxy.corp:3128' }, problems);
    if (problems.length === 0 && proxy !== null)
      expect(() => createProxyTransport(proxy).close()).not.toThrow();
    else expect(problems).toHaveLength(1);
  });
});
