/**
 * The parts of the fake Slack Web API that a Bolt app talks to besides chat.postMessage: users.info
 * (a scripted time zone per member), views.publish (recorded, Home tab limits) and response_url
 * endpoints (recorded, at most five posts each).
 * Specs: https://docs.slack.dev/reference/methods/users.info, https://docs.slack.dev/reference/methods/views.publish,
 * https://api.slack.com/interactivity/handling#message_responses
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readParams, sendJson } from './fake-api-server.js';
import type { FakeConversation } from './slack-api.js';
import { checkSlackBlocks } from './slack-blocks.js';

export type PublishedView = { userId: string; view: { type: string; blocks: unknown[] }; at: number };

/** One POST to a response_url, as Bolt's respond() sends it (JSON). */
export type ResponsePost = {
  key: string;
  at: number;
  responseType: string | null;
  replaceOriginal: boolean | null;
  deleteOriginal: boolean | null;
  text: string | null;
  blocks: unknown[] | null;
};

// "can be used up to 5 times within 30 minutes" (the page above).
const usesPerResponseUrl = 5;

function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return 'unparseable';
  }
}

export function createSurfaces(options: {
  users: Map<string, string | null>;
  /** The channels each member is in; null: the app lacks channels:read and groups:read; 'ratelimited': 429s. */
  memberships: Map<string, string[]> | null | 'ratelimited';
  conversations: Map<string, FakeConversation>;
  now: () => number;
}) {
  const views: PublishedView[] = [];
  const responses: ResponsePost[] = [];

  function usersInfo(res: ServerResponse, params: Record<string, unknown>) {
    const id = typeof params['user'] === 'string' ? params['user'] : '';
    if (!options.users.has(id)) return sendJson(res, 200, { ok: false, error: 'user_not_found' });
    const tz = options.users.get(id) ?? null;
    const user = { id, name: id.toLowerCase(), ...(tz === null ? {} : { tz, tz_label: tz }) };
    sendJson(res, 200, { ok: true, user });
  }

  // Spec: https://docs.slack.dev/reference/methods/users.conversations (cursor pagination, limit ≤ 999)
  function usersConversations(res: ServerResponse, params: Record<string, unknown>) {
    if (options.memberships === null)
      return sendJson(res, 200, {
        ok: false,
        error: 'missing_scope',
        needed: 'channels:read,groups:read',
        provided: 'commands,chat:write,chat:write.public,users:read',
      });
    // Spec: https://docs.slack.dev/apis/web-api/rate-limits (HTTP 429 with Retry-After)
    if (options.memberships === 'ratelimited') {
      res.setHeader('retry-after', '30');
      return sendJson(res, 429, { ok: false, error: 'ratelimited' });
    }
    const id = typeof params['user'] === 'string' ? params['user'] : '';
    if (!options.users.has(id)) return sendJson(res, 200, { ok: false, error: 'user_not_found' });
    const limit = Number(params['limit'] ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 999)
      return sendJson(res, 200, { ok: false, error: 'invalid_limit' });
    const start = Number(params['cursor'] ?? 0);
    const all = options.memberships.get(id) ?? [];
    const page = all.slice(start, start + limit);
    const next = start + limit < all.length ? String(start + limit) : '';
    sendJson(res, 200, {
      ok: true,
      channels: page.map((channel) => ({ id: channel })),
      response_metadata: { next_cursor: next },
    });
  }

  /** A private channel or group DM the app is not in: Slack does not show it to the app. */
  function hidden(channel: string): boolean {
    const found = options.conversations.get(channel);
    return typeof found === 'object' && found.type !== 'public' && !found.member;
  }

  // Spec: https://docs.slack.dev/reference/methods/conversations.info (a hidden conversation is
  // channel_not_found, slackapi/bolt-js#1656)
  function conversationsInfo(res: ServerResponse, params: Record<string, unknown>) {
    const id = typeof params['channel'] === 'string' ? params['channel'] : '';
    const found = options.conversations.get(id) ?? { type: 'public', member: false };
    if (found === 'missing_scope')
      return sendJson(res, 200, { ok: false, error: 'missing_scope', needed: 'channels:read,groups:read' });
    if (id === '' || hidden(id)) return sendJson(res, 200, { ok: false, error: 'channel_not_found' });
    const shut = found.type !== 'public';
    sendJson(res, 200, {
      ok: true,
      channel: {
        id,
        is_channel: found.type === 'public',
        is_group: found.type === 'private',
        is_mpim: found.type === 'mpim',
        is_im: false,
        is_private: shut,
        is_member: found.member,
      },
    });
  }

  function viewsPublish(res: ServerResponse, params: Record<string, unknown>) {
    const view = parsed(params['view']);
    const userId = typeof params['user_id'] === 'string' ? params['user_id'] : '';
    if (userId === '') return sendJson(res, 200, { ok: false, error: 'invalid_arguments' });
    if (typeof view !== 'object' || view === null || (view as { type?: unknown }).type !== 'home')
      return sendJson(res, 200, { ok: false, error: 'invalid_arguments' });
    const blocks = (view as { blocks?: unknown }).blocks;
    const check = checkSlackBlocks(blocks, { maxBlocks: 100, maxTotalText: null });
    if (!check.ok)
      return sendJson(res, 200, {
        ok: false,
        error: check.error,
        response_metadata: { messages: check.messages },
      });
    views.push({ userId, view: { type: 'home', blocks: blocks as unknown[] }, at: options.now() });
    sendJson(res, 200, { ok: true, view: { id: `V${views.length}`, type: 'home' } });
  }

  /** POST /response/<key>: Slack answers 200 "ok", or 404 once the URL was used five times. */
  async function responseUrl(req: IncomingMessage, res: ServerResponse, key: string): Promise<void> {
    const body = (req.headers['content-type'] ?? '').includes('application/json')
      ? await readParams(req)
      : null;
    if (body === null) return sendJson(res, 400, { ok: false, error: 'invalid_payload' });
    if (responses.filter((post) => post.key === key).length >= usesPerResponseUrl) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('used_url');
      return;
    }
    const blocks = body['blocks'];
    if (blocks !== undefined) {
      const check = checkSlackBlocks(blocks);
      if (!check.ok) return sendJson(res, 400, { ok: false, error: check.error });
    }
    const flag = (name: string) => (typeof body[name] === 'boolean' ? (body[name] as boolean) : null);
    responses.push({
      key,
      at: options.now(),
      responseType: typeof body['response_type'] === 'string' ? body['response_type'] : null,
      replaceOriginal: flag('replace_original'),
      deleteOriginal: flag('delete_original'),
      text: typeof body['text'] === 'string' ? body['text'] : null,
      blocks: Array.isArray(blocks) ? blocks : null,
    });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }

  return {
    views,
    responses,
    usersInfo,
    usersConversations,
    conversationsInfo,
    hidden,
    viewsPublish,
    responseUrl,
  };
}
