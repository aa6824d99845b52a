/**
 * A loopback fake of the Slack Web API (`POST /api/chat.postMessage`, `auth.test`, `users.info`, `users.conversations`,
 * `conversations.info`,
 * `views.publish`) for @slack/web-api's `slackApiUrl`, plus response_url endpoints for Bolt's respond():
 * `apps.connections.open` for Socket Mode (see slack-socket.ts), Bearer token, JSON or form bodies, Block Kit limits, one message a second per channel (429 with
 * Retry-After), and failures on demand per channel.
 * Spec: https://docs.slack.dev/reference/methods/chat.postMessage, https://docs.slack.dev/apis/web-api/rate-limits
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createFailureQueue, readParams, sendJson, startLoopback } from './fake-api-server.js';
import { checkSlackBlocks } from './slack-blocks.js';
import { createSurfaces, type PublishedView, type ResponsePost } from './slack-surfaces.js';

export type { PublishedView, ResponsePost } from './slack-surfaces.js';

export type SlackFailure =
  | 'channel_not_found'
  | 'is_archived'
  | 'not_in_channel'
  | 'server-error'
  | 'rate-limit'
  | 'hang'
  | 'drop-after-accept'
  /** HTTP 200 with an HTML page instead of JSON, as a proxy in the way answers (the post is not recorded). */
  | 'html-page'
  | { kind: 'rate-limit'; retryAfter: number }
  /** Any other `ok: false` answer, e.g. 'account_inactive', 'internal_error'; `retryAfter`: a Retry-After header. */
  | { kind: 'error'; error: string; retryAfter?: number };

export type SlackMessage = {
  channel: string;
  text: string | null;
  blocks: unknown[] | null;
  threadTs: string | null;
  at: number;
  ts: string;
  unfurlLinks: boolean | null;
  unfurlMedia: boolean | null;
};

/**
 * A conversation as conversations.info and chat.postMessage see it; `missing_scope`: conversations.info
 * answers that (an app installed without channels:read and groups:read).
 */
export type FakeConversation = { type: 'public' | 'private' | 'mpim'; member: boolean } | 'missing_scope';

export type FakeSlackOptions = {
  /** Default 'xoxb-fake-token'. */
  token?: string;
  /** Sends per channel per second; null or `limits: false` = no limit. Default 1. */
  perChannelPerSecond?: number | null;
  limits?: boolean;
  /** How much earlier than the limit a send may arrive and still pass (timer jitter). Default 5 ms. */
  toleranceMs?: number;
  behaviour?: (channel: string) => SlackFailure | null;
  latencyMs?: number;
  now?: () => number;
  /** Members users.info knows, with their profile time zone (null: none set). */
  users?: Record<string, string | null>;
  /** The channels each member is in (users.conversations); null: the app lacks the scopes to ask. */
  memberships?: Record<string, string[]> | null | 'ratelimited';
  /**
   * Conversations by id; one not listed is a public channel the app is not in (chat:write.public posts
   * there). A private channel or group DM the app is not in is hidden: channel_not_found from both methods.
   */
  conversations?: Record<string, FakeConversation>;
  /** The app-level token apps.connections.open takes. Default 'xapp-1-fake-token'. */
  appToken?: string;
  /** The WebSocket URL apps.connections.open answers, asked anew for each call; unset: unknown_method. */
  socketUrl?: () => string;
  /** The workspace auth.test answers for the token (team_id, team). Default 'T00000FAKE', 'Parley Test'. */
  teamId?: string;
  teamName?: string;
};

export type FakeSlack = {
  /** The slackApiUrl to configure, ending in '/api/'. */
  url: string;
  token: string;
  appToken: string;
  messages: SlackMessage[];
  messagesTo(channel: string): SlackMessage[];
  readonly calls: number;
  readonly rateLimited: number;
  failNext(channel: string, failure: SlackFailure, times?: number): void;
  /** Web API calls by method name ('auth.test', 'users.info', …). */
  callsTo(method: string): number;
  setUser(id: string, timeZone: string | null): void;
  /** Home tabs published with views.publish, in order. */
  views: PublishedView[];
  /** A response_url on this server; `key` names it in `responses`. */
  responseUrl(key: string): string;
  responses: ResponsePost[];
  responsesTo(key: string): ResponsePost[];
  close(): Promise<void>;
};

const authTest = {
  ok: true,
  url: 'https://parley-test.slack.com/',
  team: 'Parley Test',
  user: 'parley',
  team_id: 'T00000FAKE',
  user_id: 'U00000FAKE',
  bot_id: 'B00000FAKE',
};

const htmlPage =
  '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><h1>Bad Gateway</h1>' +
  '<p>The proxy server received an invalid response from an upstream server.</p></body></html>\n';

function flag(value: unknown): boolean | null {
  if (value === undefined) return null;
  return value === true || value === 'true' || value === '1';
}

/** Form bodies carry blocks as a JSON string (WebClient serializeBody); JSON bodies as an array. */
function blocksOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return 'unparseable';
  }
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const token = options.token ?? 'xoxb-fake-token';
  const appToken = options.appToken ?? 'xapp-1-fake-token';
  const now = options.now ?? Date.now;
  const perChannel = options.limits === false ? null : (options.perChannelPerSecond ?? 1);
  const tolerance = options.toleranceMs ?? 5;
  const queued = createFailureQueue<SlackFailure>();
  const lastSend = new Map<string, number>();
  const messages: SlackMessage[] = [];
  const byChannel = new Map<string, SlackMessage[]>();
  const counts = { calls: 0, rateLimited: 0 };
  const byMethod = new Map<string, number>();
  const users = new Map(Object.entries(options.users ?? {}));
  const memberships =
    options.memberships === null || options.memberships === 'ratelimited'
      ? options.memberships
      : new Map(Object.entries(options.memberships ?? {}));
  const conversations = new Map(Object.entries(options.conversations ?? {}));
  const surfaces = createSurfaces({ users, memberships, conversations, now });

  function record(params: Record<string, unknown>, channel: string, blocks: unknown): SlackMessage {
    const at = now();
    const threadTs = params['thread_ts'];
    const message: SlackMessage = {
      channel,
      text: typeof params['text'] === 'string' ? params['text'] : null,
      blocks: Array.isArray(blocks) ? blocks : null,
      threadTs: threadTs === undefined ? null : String(threadTs),
      at,
      ts: `${Math.floor(at / 1000)}.${String(messages.length + 1).padStart(6, '0')}`,
      unfurlLinks: flag(params['unfurl_links']),
      unfurlMedia: flag(params['unfurl_media']),
    };
    messages.push(message);
    const sent = byChannel.get(channel);
    if (sent === undefined) byChannel.set(channel, [message]);
    else sent.push(message);
    lastSend.set(channel, at);
    return message;
  }

  function tooMany(res: ServerResponse, retryAfter: number): void {
    sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
  }

  /** Answers a scripted failure; true when the request is finished (or deliberately left hanging). */
  function scripted(
    req: IncomingMessage,
    res: ServerResponse,
    channel: string,
    params: Record<string, unknown>,
  ) {
    const failure = queued.take(channel) ?? options.behaviour?.(channel) ?? null;
    if (failure === null) return false;
    if (failure === 'hang') return true;
    if (failure === 'drop-after-accept') {
      record(params, channel, blocksOf(params['blocks']));
      req.socket.destroy();
    } else if (failure === 'server-error') sendJson(res, 500, { ok: false, error: 'internal_error' });
    else if (failure === 'rate-limit') tooMany(res, 1);
    else if (failure === 'html-page') res.writeHead(200, { 'content-type': 'text/html' }).end(htmlPage);
    else if (typeof failure === 'string') sendJson(res, 200, { ok: false, error: failure });
    else if (failure.kind === 'rate-limit') tooMany(res, failure.retryAfter);
    else {
      const headers = failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) };
      sendJson(res, 200, { ok: false, error: failure.error }, headers);
    }
    return true;
  }

  function postMessage(req: IncomingMessage, res: ServerResponse, params: Record<string, unknown>) {
    const channel = typeof params['channel'] === 'string' ? params['channel'] : '';
    if (channel === '' || surfaces.hidden(channel))
      return sendJson(res, 200, { ok: false, error: 'channel_not_found' });
    if (scripted(req, res, channel, params)) return;
    const last = lastSend.get(channel);
    const gap = perChannel === null ? 0 : 1000 / perChannel;
    if (last !== undefined && now() - last < gap - tolerance) {
      counts.rateLimited += 1;
      return tooMany(res, Math.max(1, Math.ceil((last + gap - now()) / 1000)));
    }
    const blocks = blocksOf(params['blocks']);
    if (blocks === undefined && typeof params['text'] !== 'string')
      return sendJson(res, 200, { ok: false, error: 'no_text' });
    const check = blocks === undefined ? ({ ok: true } as const) : checkSlackBlocks(blocks);
    if (!check.ok)
      return sendJson(res, 200, {
        ok: false,
        error: check.error,
        response_metadata: { messages: check.messages },
      });
    const message = record(params, channel, blocks);
    sendJson(res, 200, {
      ok: true,
      channel,
      ts: message.ts,
      message: { type: 'message', text: message.text ?? '' },
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const responseKey = /^\/response\/([\w-]+)$/.exec(path)?.[1];
    if (responseKey !== undefined && req.method === 'POST')
      return surfaces.responseUrl(req, res, responseKey);
    counts.calls += 1;
    const method = /^\/api\/([\w.]+)$/.exec(path)?.[1];
    if (method === undefined) return sendJson(res, 404, { ok: false, error: 'unknown_method' });
    byMethod.set(method, (byMethod.get(method) ?? 0) + 1);
    const params = await readParams(req);
    if (params === null) return sendJson(res, 200, { ok: false, error: 'invalid_json' });
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const given = bearer ?? (typeof params['token'] === 'string' ? params['token'] : undefined);
    if (given === undefined) return sendJson(res, 200, { ok: false, error: 'not_authed' });
    // Spec: https://docs.slack.dev/reference/methods/apps.connections.open (an app-level token, not the bot's)
    const socketMode = method === 'apps.connections.open';
    if (given !== (socketMode ? appToken : token))
      return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
    if (options.latencyMs !== undefined) await sleep(options.latencyMs);
    if (method === 'auth.test')
      return sendJson(res, 200, {
        ...authTest,
        team_id: options.teamId ?? authTest.team_id,
        team: options.teamName ?? authTest.team,
      });
    if (socketMode && options.socketUrl !== undefined)
      return sendJson(res, 200, { ok: true, url: options.socketUrl() });
    if (method === 'chat.postMessage') return postMessage(req, res, params);
    if (method === 'users.info') return surfaces.usersInfo(res, params);
    if (method === 'users.conversations') return surfaces.usersConversations(res, params);
    if (method === 'conversations.info') return surfaces.conversationsInfo(res, params);
    if (method === 'views.publish') return surfaces.viewsPublish(res, params);
    sendJson(res, 200, { ok: false, error: 'unknown_method' });
  }

  const server = await startLoopback(handle);
  return {
    url: `${server.origin}/api/`,
    token,
    appToken,
    messages,
    messagesTo: (channel) => byChannel.get(channel) ?? [],
    get calls() {
      return counts.calls;
    },
    get rateLimited() {
      return counts.rateLimited;
    },
    failNext(channel, failure, times = 1) {
      queued.push(channel, failure, times);
    },
    callsTo: (method) => byMethod.get(method) ?? 0,
    setUser(id, timeZone) {
      users.set(id, timeZone);
    },
    views: surfaces.views,
    responseUrl: (key) => `${server.origin}/response/${key}`,
    responses: surfaces.responses,
    responsesTo: (key) => surfaces.responses.filter((post) => post.key === key),
    close: server.close,
  };
}
