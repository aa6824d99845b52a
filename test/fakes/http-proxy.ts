import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

/** One request the proxy was asked to pass on. */
export type ProxiedRequest = {
  /** GET, POST… for an absolute-form request (http:// targets); CONNECT for a tunnel (https://, wss://). */
  method: string;
  /** `http://host:port/path` for absolute form, `host:port` for CONNECT. */
  target: string;
  /** The Proxy-Authorization header, if any. */
  authorization: string | null;
};

export type FakeProxy = {
  /** `http://127.0.0.1:<port>` (or the host it was given) */
  url: string;
  port: number;
  requests: ProxiedRequest[];
  close(): Promise<void>;
};

export type FakeProxyOptions = {
  /** `user:password`: requests without this Basic Proxy-Authorization get 407. */
  credentials?: string;
  /** The loopback address to listen on; default 127.0.0.1. */
  host?: string;
  /** Names the proxy resolves itself (its own DNS) for absolute-form requests: name → address. */
  hosts?: Readonly<Record<string, string>>;
};

function authorized(req: IncomingMessage, options: FakeProxyOptions): boolean {
  if (options.credentials === undefined) return true;
  const expected = `Basic ${Buffer.from(options.credentials).toString('base64')}`;
  return req.headers['proxy-authorization'] === expected;
}

function record(req: IncomingMessage, requests: ProxiedRequest[]): void {
  const header = req.headers['proxy-authorization'];
  requests.push({ method: req.method ?? '', target: req.url ?? '', authorization: header ?? null });
}

/** Once `upstream` connects, `opened` writes what goes first, then bytes flow both ways until either ends. */
function tunnel(
  client: Socket,
  upstream: Socket,
  sockets: Set<Socket>,
  opened: (upstream: Socket) => void,
): void {
  upstream.on('connect', () => {
    opened(upstream);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  sockets.add(upstream);
  upstream.on('close', () => sockets.delete(upstream));
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
}

/**
 * A forward HTTP proxy on 127.0.0.1, port 0: absolute-form requests (`GET http://host/path`, WebSocket
 * upgrades too) are passed on to their host; CONNECT opens a TCP tunnel to host:port. Every request is
 * recorded.
 * Spec: https://www.rfc-editor.org/rfc/rfc9110#section-9.3.6 (CONNECT), #section-7.1 (absolute form)
 */
export async function startFakeProxy(options: FakeProxyOptions = {}): Promise<FakeProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    record(req, requests);
    if (!authorized(req, options)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="fake"' }).end();
      return;
    }
    if (!(req.url ?? '').startsWith('http://')) {
      res.writeHead(400).end('absolute-form request expected');
      return;
    }
    const target = new URL(req.url ?? '');
    target.hostname = options.hosts?.[target.hostname] ?? target.hostname;
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    record(req, requests);
    if (!authorized(req, options)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    const [host = '', port = '443'] = (req.url ?? '').split(/:(?=\d+$)/);
    tunnel(client, connect(Number(port), host.replace(/^\[|\]$/g, '')), sockets, (upstream) => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
    });
  });
  const host = options.host ?? '127.0.0.1';
  // A WebSocket to a ws:// URL asks in absolute form with Upgrade: passed on as it came, in origin form.
  server.on('upgrade', (req: IncomingMessage, client: Socket, head: Buffer) => {
    record(req, requests);
    const target = URL.canParse(req.url ?? '') ? new URL(req.url ?? '') : null;
    if (target === null || !authorized(req, options)) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    tunnel(client, connect(Number(target.port || 80), target.hostname), sockets, (upstream) => {
      const lines = [`${req.method} ${target.pathname}${target.search} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i] ?? '';
        if (!/^proxy-/i.test(name)) lines.push(`${name}: ${req.rawHeaders[i + 1] ?? ''}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
    });
  });
  server.listen(0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
