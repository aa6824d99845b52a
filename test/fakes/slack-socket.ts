/**
 * A loopback fake of Slack's Socket Mode WebSocket, for the fake Web API's apps.connections.open
 * (`socketUrl: socket.issueUrl`). Each URL carries a single-use ticket, so a client that reconnects must
 * call apps.connections.open again. On connect the server sends `hello`; a test pushes envelopes
 * (`slash_commands`, `interactive`, `events_api`) and awaits the client's ack `{ envelope_id, payload }`,
 * or asks the client to reconnect with `{ type: 'disconnect', reason: 'refresh_requested' }`.
 * Specs: https://api.slack.com/apis/connections/socket-implement,
 * https://docs.slack.dev/reference/methods/apps.connections.open; the client side is
 * @slack/socket-mode 3.1.0 (SocketModeClient.js onWebSocketMessage and send).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type WebSocket, WebSocketServer } from 'ws';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** What the client sent back for an envelope, and how long after the envelope left. */
export type SocketAck = { envelopeId: string; payload: Record<string, unknown> | null; ms: number };

export type FakeSlackSocket = {
  /** A fresh ws:// URL with a single-use ticket, as apps.connections.open answers. */
  issueUrl(): string;
  /** Connections accepted (each was sent hello). */
  readonly connections: number;
  /** Connections not closed yet. */
  readonly openConnections: number;
  /** Upgrades refused for an unknown or already used ticket. */
  readonly refused: number;
  /** Waits until `count` connections were accepted in all. */
  connected(count: number, timeoutMs?: number): Promise<void>;
  /** Sends an envelope on the newest open connection and waits for its ack. */
  push(type: EnvelopeType, payload: Record<string, unknown>, timeoutMs?: number): Promise<SocketAck>;
  /** Asks every open connection to reconnect. */
  refresh(): void;
  /** Cuts every open connection without a word (a network failure). */
  drop(): void;
  /** Waits until no connection is open. */
  allClosed(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

const appId = 'A00000FAKE';

// The hello Slack sends once the connection is ready (the page above, "Connecting").
const hello = {
  type: 'hello',
  num_connections: 1,
  debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 },
  connection_info: { app_id: appId },
};

/** Polls `probe` until it returns something other than undefined or false. */
async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined && found !== false) return found;
    if (Date.now() > deadline) throw new Error(`fake Slack socket: timed out waiting for ${what}`);
    await sleep(5);
  }
}

function parseAck(data: unknown): { envelopeId: string; payload: Record<string, unknown> | null } | null {
  try {
    const message: unknown = JSON.parse(String(data));
    if (typeof message !== 'object' || message === null) return null;
    const { envelope_id: envelopeId, payload } = message as Record<string, unknown>;
    if (typeof envelopeId !== 'string') return null;
    const object = typeof payload === 'object' && payload !== null && !Array.isArray(payload);
    return { envelopeId, payload: object ? (payload as Record<string, unknown>) : null };
  } catch {
    return null;
  }
}

export async function startFakeSlackSocket(): Promise<FakeSlackSocket> {
  const tickets = new Set<string>();
  const open: WebSocket[] = [];
  const acks = new Map<string, SocketAck>();
  const counts = { connections: 0, refused: 0 };
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: ({ req }: { req: IncomingMessage }) => {
      const ticket = new URL(req.url ?? '/', 'ws://fake').searchParams.get('ticket') ?? '';
      if (tickets.delete(ticket)) return true;
      counts.refused += 1;
      return false;
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const sentAt = new Map<string, number>();

  server.on('connection', (socket) => {
    counts.connections += 1;
    open.push(socket);
    socket.on('close', () => {
      const index = open.indexOf(socket);
      if (index >= 0) open.splice(index, 1);
    });
    socket.on('message', (data) => {
      const ack = parseAck(data);
      const started = ack === null ? undefined : sentAt.get(ack.envelopeId);
      // The first ack counts: Bolt warns about and drops a second ack() call.
      if (ack === null || started === undefined || acks.has(ack.envelopeId)) return;
      acks.set(ack.envelopeId, { ...ack, ms: performance.now() - started });
    });
    socket.send(JSON.stringify(hello));
  });

  return {
    issueUrl() {
      const ticket = randomUUID();
      tickets.add(ticket);
      return `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=${appId}`;
    },
    get connections() {
      return counts.connections;
    },
    get openConnections() {
      return open.length;
    },
    get refused() {
      return counts.refused;
    },
    async connected(count, timeoutMs = 5_000) {
      await until(() => counts.connections >= count, `${count} connections`, timeoutMs);
    },
    async push(type, payload, timeoutMs = 5_000) {
      const socket = open.at(-1);
      if (socket === undefined) throw new Error('fake Slack socket: no open connection');
      const envelopeId = randomUUID();
      // Only slash commands (and modal submissions) may be answered in the ack's payload.
      const envelope = {
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type === 'slash_commands',
      };
      sentAt.set(envelopeId, performance.now());
      socket.send(JSON.stringify(envelope));
      return until(() => acks.get(envelopeId), `the ack of ${type}`, timeoutMs);
    },
    refresh() {
      const disconnect = { type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'fake' } };
      for (const socket of open) socket.send(JSON.stringify(disconnect));
    },
    drop() {
      for (const socket of open) socket.terminate();
    },
    async allClosed(timeoutMs = 5_000) {
      await until(() => open.length === 0, 'every connection to close', timeoutMs);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.terminate();
        server.close(() => resolve());
      }),
  };
}
