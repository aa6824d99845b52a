/**
 * A loopback fake of the Telegram Bot API (`POST /bot<token>/<method>`) that answers in the Bot API's
 * JSON shape and records what it accepted: sendMessage (HTML parse mode, 4096 visible characters,
 * reply_markup, flood limits, failures on demand per chat), getUpdates long polling with updates pushed
 * by tests, getMe, getChat/getChatMember (scripted), editMessageText, answerCallbackQuery,
 * setMyCommands, setWebhook, deleteWebhook.
 * Spec: https://core.telegram.org/bots/api#making-requests
 * Error shapes: platform-facts §1.4 (tdlib/telegram-bot-api Client.cpp, Query.cpp).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { readParams, startLoopback } from './fake-api-server.js';
import {
  type CallbackAnswer,
  type CommandSet,
  createBotMethods,
  type TelegramEdit,
  type WebhookState,
} from './telegram-bot-methods.js';
import {
  createChatDirectory,
  type FakeChat,
  type MemberRights,
  type MemberStatus,
} from './telegram-chats.js';
import { type ChaosOptions, createFailureScript, type TelegramFailure } from './telegram-failures.js';
import { createTelegramLimits, type TelegramLimitOptions } from './telegram-limits.js';
import { createRequestLog, type FakeRequest } from './telegram-requests.js';
import { type ApiResult, bad, ok, writeResult } from './telegram-results.js';
import { createSendMessage } from './telegram-send.js';
import { createUpdateQueue } from './telegram-updates.js';

export type {
  CallbackAnswer,
  CommandSet,
  FakeChat,
  FakeRequest,
  MemberStatus,
  TelegramEdit,
  TelegramFailure,
};

export type TelegramMessage = {
  chatId: string;
  threadId: string | null;
  text: string;
  at: number;
  parseMode: string | null;
  linkPreviewDisabled: boolean;
  messageId: number;
  /** The reply_markup as sent (an inline keyboard), or null. */
  replyMarkup: unknown;
};

export type FakeTelegramOptions = {
  /** Default 'TEST:fake-token'. */
  token?: string;
  /** `false` switches every flood limit off. */
  limits?: TelegramLimitOptions | false;
  /** A failure for every send to the chat while it returns one (after any failNext ones are used up). */
  behaviour?: (chatId: string) => TelegramFailure | null;
  /** Random 429s and 500s for benchmarks; neither records a delivery. */
  chaos?: ChaosOptions;
  latencyMs?: number;
  now?: () => number;
  /** Listen on this port instead of a free one (to come up where a client already points). */
  port?: number;
};

export type FakeTelegram = {
  /** The apiRoot to configure, without a trailing slash. */
  url: string;
  token: string;
  /** What getMe answers. */
  botInfo: typeof botInfo;
  messages: TelegramMessage[];
  messagesTo(chatId: string | number): TelegramMessage[];
  /** HTTP requests received, of any method. */
  readonly calls: number;
  /** 429s for exceeding an enforced limit. */
  readonly rateLimited: number;
  /** 429s and 500s injected by `chaos`. */
  readonly injected: number;
  failNext(chatId: string | number, failure: TelegramFailure, times?: number): void;
  /** Every request with a method the fake knows, in order, with its outcome. */
  requests: FakeRequest[];
  /** The first request (past or future) of this method that succeeded and matches. */
  waitFor(
    method: string,
    match?: (params: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<FakeRequest>;
  /** Queues an update for getUpdates; returns its update_id. */
  pushUpdate(update: Record<string, unknown>): number;
  /** The callback query with this id comes too late to be answered ("query is too old"). */
  expireQuery(id: string): void;
  /** Resolves when the poller has confirmed the update (its batch was handled). */
  handled(updateId: number): Promise<void>;
  /** allowed_updates as each getUpdates sent them. */
  allowedUpdates: string[][];
  addChat(chat: FakeChat): void;
  setMember(chatId: number | string, userId: number, status: MemberStatus, rights?: MemberRights): void;
  edits: TelegramEdit[];
  callbackAnswers: CallbackAnswer[];
  commandSets: CommandSet[];
  readonly webhook: WebhookState | null;
  close(): Promise<void>;
};

const botInfo = {
  id: 7_000_000_001,
  is_bot: true as const,
  first_name: 'Parley',
  username: 'parley_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
};

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = options.token ?? 'TEST:fake-token';
  const now = options.now ?? Date.now;
  const updates = createUpdateQueue();
  const directory = createChatDirectory();
  const methods = createBotMethods({ dropPending: updates.drop });
  const script = createFailureScript({ behaviour: options.behaviour, chaos: options.chaos });
  const log = createRequestLog();
  const counts = { calls: 0, rateLimited: 0 };
  const limits = createTelegramLimits(options.limits ?? {});
  const sender = createSendMessage({
    now,
    limits,
    script,
    onLimited: () => {
      counts.rateLimited += 1;
    },
    onSent: (message) =>
      methods.remember(message.chatId, message.messageId, message.text, message.replyMarkup),
  });
  const simple: Record<string, (params: Record<string, unknown>) => ApiResult> = {
    ...methods.handlers,
    getMe: () => ok(botInfo),
    getChat: directory.getChat,
    getChatMember: directory.getChatMember,
  };

  async function answer(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    params: Record<string, unknown>,
  ) {
    if (method === 'sendMessage') return sender.send(req, params);
    if (method === 'getUpdates') {
      if (methods.webhook !== null)
        return bad(
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
          409,
        );
      const closed = new AbortController();
      res.once('close', () => closed.abort());
      return updates.getUpdates(params, closed.signal);
    }
    return simple[method]?.(params) ?? bad('Not Found', 404);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counts.calls += 1;
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? '/', 'http://fake').pathname);
    if (match === null) return writeResult(res, bad('Not Found', 404));
    if (match[1] !== token) return writeResult(res, bad('Unauthorized', 401));
    const params = await readParams(req);
    if (params === null) return writeResult(res, bad('Bad Request: invalid request body'));
    if (options.latencyMs !== undefined) await sleep(options.latencyMs);
    const method = match[2] ?? '';
    const result = await answer(req, res, method, params);
    if (result === 'hang' || result === 'dropped') return;
    log.record(method, params, result.ok, now());
    writeResult(res, result);
  }

  const server = await startLoopback(handle, options.port);
  return {
    url: server.origin,
    token,
    botInfo,
    messages: sender.messages,
    messagesTo: sender.messagesTo,
    get calls() {
      return counts.calls;
    },
    get rateLimited() {
      return counts.rateLimited;
    },
    get injected() {
      return script.injected;
    },
    failNext(chatId, failure, times = 1) {
      script.failNext(String(chatId), failure, times);
    },
    requests: log.requests,
    waitFor: log.waitFor,
    pushUpdate(update) {
      const query = update['callback_query'] as { id?: unknown } | undefined;
      if (typeof query?.id === 'string') methods.openQuery(query.id);
      return updates.push(update);
    },
    expireQuery: methods.expireQuery,
    handled: updates.handled,
    allowedUpdates: updates.allowedUpdates,
    addChat: directory.addChat,
    setMember: directory.setMember,
    edits: methods.edits,
    callbackAnswers: methods.answers,
    commandSets: methods.commandSets,
    get webhook() {
      return methods.webhook;
    },
    async close() {
      updates.close();
      await server.close();
    },
  };
}
