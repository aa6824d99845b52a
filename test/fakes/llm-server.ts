/**
 * A loopback fake of an OpenAI-compatible chat completions endpoint (`POST /v1/chat/completions`),
 * as served by OpenAI, Ollama, vLLM and llama.cpp. It records every request and answers as told:
 * a completion, an HTTP error, a body that is not JSON, a slow answer, or no answer at all.
 * Spec: https://platform.openai.com/docs/api-reference/chat/create
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export type LlmReply =
  | { kind: 'answer'; content: string; finishReason?: string; delayMs?: number }
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'raw'; body: string; contentType?: string }
  | { kind: 'hang' };

export type LlmRequest = {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
};

export type LlmServer = {
  /** The API root to configure, ending in `/v1`. */
  baseUrl: string;
  requests: LlmRequest[];
  /** The most requests this server was answering at the same time since the last reply(). */
  mostAtOnce(): number;
  reply(reply: LlmReply): void;
  close(): Promise<void>;
};

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

function completion(model: unknown, content: string, finishReason: string): unknown {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_747_800_000,
    model: typeof model === 'string' ? model : 'unknown',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }],
    usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
  };
}

/** The request is well formed the way the real API checks it: a model and a list of messages. */
function isChatRequest(body: unknown): body is { model: unknown; messages: unknown[] } {
  if (typeof body !== 'object' || body === null) return false;
  const request = body as Record<string, unknown>;
  return typeof request['model'] === 'string' && Array.isArray(request['messages']);
}

async function respond(req: IncomingMessage, res: ServerResponse, reply: LlmReply, body: unknown) {
  if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
    json(res, 404, { error: { message: 'not found', type: 'invalid_request_error' } });
    return;
  }
  if (!isChatRequest(body)) {
    json(res, 400, { error: { message: 'model and messages are required', type: 'invalid_request_error' } });
    return;
  }
  if (reply.kind === 'hang') return;
  if (reply.kind === 'status') {
    res
      .writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
      .end(reply.body ?? '{"error":{}}');
    return;
  }
  if (reply.kind === 'raw') {
    res.writeHead(200, { 'content-type': reply.contentType ?? 'application/json' }).end(reply.body);
    return;
  }
  if (reply.delayMs !== undefined) await sleep(reply.delayMs);
  if (!res.destroyed) json(res, 200, completion(body.model, reply.content, reply.finishReason ?? 'stop'));
}

export async function startLlmServer(): Promise<LlmServer> {
  const requests: LlmRequest[] = [];
  const sockets = new Set<Socket>();
  let reply: LlmReply = { kind: 'answer', content: 'No reply was configured.' };
  let atOnce = 0;
  let mostAtOnce = 0;
  const server = createServer((req, res) => {
    const current = reply;
    atOnce += 1;
    mostAtOnce = Math.max(mostAtOnce, atOnce);
    res.on('close', () => {
      atOnce -= 1;
    });
    readBody(req)
      .then((body) => {
        requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
        return respond(req, res, current, body);
      })
      .catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    mostAtOnce: () => mostAtOnce,
    reply: (next) => {
      reply = next;
      mostAtOnce = atOnce;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
