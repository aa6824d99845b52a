/**
 * A loopback fake of the Telegram Bot API (`POST /bot<token>/sendMessage`, `getMe`) that answers in the
 * Bot API's JSON shape, records what it accepted, checks messages as Telegram does (HTML parse mode,
 * 4096 visible characters), enforces the flood limits, and fails on demand per chat.
 * Spec: https://core.telegram.org/bots/api#making-requests, #sendmessage
 * Error shapes: platform-facts §1.4 (tdlib/telegram-bot-api Client.cpp, Query.cpp).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createFailureQueue, readParams, seededRandom, sendJson, startLoopback } from './fake-api-server.js';
import { checkTelegramHtml } from './telegram-html.js';
import { createTelegramLimits, type TelegramLimitOptions } from './telegram-limits.js';

export type TelegramFailure =
  | 'blocked'
  | 'kicked'
  | 'not-found'
  | 'server-error'
  | 'hang'
  | 'drop-after-accept'
  | 'migrate'
  | 'rate-limit'
  | { kind: 'migrate'; to: string }
  | { kind: 'rate-limit'; retryAfter: number };

export type TelegramMessage = {
  chatId: string;
  threadId: string | null;
  text: string;
  at: number;
  parseMode: string | null;
  linkPreviewDisabled: boolean;
  messageId: number;
};

export type FakeTelegramOptions = {
  /** Default 'TEST:fake-token'. */
  token?: string;
  /** `false` switches every flood limit off. */
  limits?: TelegramLimitOptions | false;
  /** A failure for every send to the chat while it returns one (after any failNext ones are used up). */
  behaviour?: (chatId: string) => TelegramFailure | null;
  /** Random 429s and 500s for benchmarks; neither records a delivery. */
  chaos?: { rate429: number; rate5xx: number; retryAfter?: number; seed?: number };
  latencyMs?: number;
  now?: () => number;
};

export type FakeTelegram = {
  /** The apiRoot to configure, without a trailing slash. */
  url: string;
  token: string;
  messages: TelegramMessage[];
  messagesTo(chatId: string | number): TelegramMessage[];
  /** HTTP requests received, of any method. */
  readonly calls: number;
  /** 429s for exceeding an enforced limit. */
  readonly rateLimited: number;
  /** 429s and 500s injected by `chaos`. */
  readonly injected: number;
  failNext(chatId: string | number, failure: TelegramFailure, times?: number): void;
  close(): Promise<void>;
};

const failures = {
  blocked: [403, 'Forbidden: bot was blocked by the user'],
  kicked: [403, 'Forbidden: bot was kicked from the group chat'],
  'not-found': [400, 'Bad Request: chat not found'],
  'server-error': [500, 'Internal Server Error'],
} as const;

function reply(res: ServerResponse, status: number, description: string, parameters?: object): void {
  sendJson(res, status, { ok: false, error_code: status, description, ...(parameters && { parameters }) });
}

function tooMany(res: ServerResponse, retryAfter: number): void {
  reply(res, 429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
}

const getMe = { id: 7_000_000_001, is_bot: true, first_name: 'Parley', username: 'parley_test_bot' };

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = options.token ?? 'TEST:fake-token';
  const now = options.now ?? Date.now;
  const limits = createTelegramLimits(options.limits ?? {});
  const queued = createFailureQueue<TelegramFailure>();
  const migrated = new Map<string, string>();
  const random = seededRandom(options.chaos?.seed ?? 1);
  const messages: TelegramMessage[] = [];
  const byChat = new Map<string, TelegramMessage[]>();
  const counts = { calls: 0, rateLimited: 0, injected: 0 };

  function record(params: Record<string, unknown>, chatId: string, text: string): TelegramMessage {
    const preview = params['link_preview_options'];
    const thread = params['message_thread_id'];
    const message: TelegramMessage = {
      chatId,
      threadId: thread === undefined || thread === null ? null : String(thread),
      text,
      at: now(),
      parseMode: typeof params['parse_mode'] === 'string' ? params['parse_mode'] : null,
      linkPreviewDisabled:
        typeof preview === 'object' &&
        preview !== null &&
        'is_disabled' in preview &&
        preview.is_disabled === true,
      messageId: messages.length + 1,
    };
    messages.push(message);
    limits.accept(chatId, message.at);
    const chat = byChat.get(chatId);
    if (chat === undefined) byChat.set(chatId, [message]);
    else chat.push(message);
    return message;
  }

  /** Answers a scripted failure; true when the request is finished (or deliberately left hanging). */
  function scripted(
    req: IncomingMessage,
    res: ServerResponse,
    chatId: string,
    params: Record<string, unknown>,
  ) {
    const oldTarget = migrated.get(chatId);
    const failure =
      oldTarget === undefined ? (queued.take(chatId) ?? options.behaviour?.(chatId) ?? null) : 'migrate';
    if (failure === null) return false;
    if (failure === 'hang') return true;
    if (failure === 'drop-after-accept') {
      record(params, chatId, String(params['text'] ?? ''));
      req.socket.destroy();
    } else if (failure === 'migrate' || (typeof failure === 'object' && failure.kind === 'migrate')) {
      const to = typeof failure === 'object' ? failure.to : (oldTarget ?? `-100${chatId.replace('-', '')}`);
      migrated.set(chatId, to);
      reply(res, 400, 'Bad Request: group chat was upgraded to a supergroup chat', {
        migrate_to_chat_id: Number(to),
      });
    } else if (failure === 'rate-limit' || typeof failure === 'object') {
      tooMany(res, typeof failure === 'object' ? failure.retryAfter : 1);
    } else {
      const [status, description] = failures[failure];
      reply(res, status, description);
    }
    return true;
  }

  function chaos(res: ServerResponse): boolean {
    const { chaos } = options;
    if (chaos === undefined) return false;
    const roll = random();
    if (roll >= chaos.rate429 + chaos.rate5xx) return false;
    counts.injected += 1;
    if (roll < chaos.rate429) tooMany(res, chaos.retryAfter ?? 1);
    else reply(res, 500, 'Internal Server Error');
    return true;
  }

  function sendMessage(req: IncomingMessage, res: ServerResponse, params: Record<string, unknown>) {
    const chatId = params['chat_id'] === undefined ? '' : String(params['chat_id']);
    const text = typeof params['text'] === 'string' ? params['text'] : '';
    if (chatId === '') return reply(res, 400, 'Bad Request: chat_id is empty');
    if (text === '') return reply(res, 400, 'Bad Request: message text is empty');
    if (scripted(req, res, chatId, params) || chaos(res)) return;
    const wait = limits.check(chatId, now());
    if (wait !== null) {
      counts.rateLimited += 1;
      return tooMany(res, wait);
    }
    const parsed =
      params['parse_mode'] === 'HTML' ? checkTelegramHtml(text) : { ok: true as const, visible: text };
    if (!parsed.ok) return reply(res, 400, `Bad Request: can't parse entities: ${parsed.description}`);
    // "1-4096 characters after entities parsing", counted in UTF-16 code units like entity offsets.
    if (parsed.visible.length > 4096) return reply(res, 400, 'Bad Request: message is too long');
    const message = record(params, chatId, text);
    const chat = { id: Number(chatId), type: chatId.startsWith('-') ? 'supergroup' : 'private' };
    const result = {
      message_id: message.messageId,
      date: Math.floor(message.at / 1000),
      chat,
      text: parsed.visible,
    };
    sendJson(res, 200, { ok: true, result });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counts.calls += 1;
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? '/', 'http://fake').pathname);
    if (match === null) return reply(res, 404, 'Not Found');
    if (match[1] !== token) return reply(res, 401, 'Unauthorized');
    const params = await readParams(req);
    if (params === null) return reply(res, 400, 'Bad Request: invalid request body');
    if (options.latencyMs !== undefined) await sleep(options.latencyMs);
    if (match[2] === 'getMe') return sendJson(res, 200, { ok: true, result: getMe });
    if (match[2] === 'sendMessage') return sendMessage(req, res, params);
    reply(res, 404, 'Not Found');
  }

  const server = await startLoopback(handle);
  return {
    url: server.origin,
    token,
    messages,
    messagesTo: (chatId) => byChat.get(String(chatId)) ?? [],
    get calls() {
      return counts.calls;
    },
    get rateLimited() {
      return counts.rateLimited;
    },
    get injected() {
      return counts.injected;
    },
    failNext(chatId, failure, times = 1) {
      queued.push(String(chatId), failure, times);
    },
    close: server.close,
  };
}
