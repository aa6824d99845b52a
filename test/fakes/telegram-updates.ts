/**
 * The fake Bot API's update queue for long polling: getUpdates answers at once when updates are
 * waiting, else holds the request up to `timeout` seconds or until one is pushed; an `offset` confirms
 * (drops) every update below it; a second long poll ends the first with 409.
 * Spec: https://core.telegram.org/bots/api#getupdates
 */
import { type ApiResult, bad, jsonParam, numberParam, ok } from './telegram-results.js';

export type FakeUpdate = { update_id: number } & Record<string, unknown>;

/** Telegram's default when allowed_updates is empty: everything but these. */
const notByDefault = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

type Waiter = { finish(outcome: 'ready' | 'done' | 'conflict'): void };

export function createUpdateQueue() {
  let pending: FakeUpdate[] = [];
  let nextId = 1;
  let confirmed = 0;
  let allowed: string[] = [];
  let waiter: Waiter | null = null;
  let limit = 100;
  const handledWaiters: Array<{ id: number; resolve: () => void }> = [];
  const allowedUpdates: string[][] = [];

  const typeOf = (update: FakeUpdate) => Object.keys(update).find((key) => key !== 'update_id') ?? '';
  const wanted = (update: FakeUpdate) =>
    allowed.length === 0 ? !notByDefault.has(typeOf(update)) : allowed.includes(typeOf(update));
  const ready = () =>
    pending.filter((update) => update.update_id >= confirmed && wanted(update)).slice(0, limit);

  function confirm(offset: number): void {
    if (offset <= confirmed) return;
    confirmed = offset;
    pending = pending.filter((update) => update.update_id >= offset);
    for (let i = handledWaiters.length - 1; i >= 0; i -= 1) {
      const entry = handledWaiters[i];
      if (entry !== undefined && entry.id < offset) {
        handledWaiters.splice(i, 1);
        entry.resolve();
      }
    }
  }

  function getUpdates(params: Record<string, unknown>, signal: AbortSignal): Promise<ApiResult> | ApiResult {
    const offset = numberParam(params['offset']);
    if (offset !== undefined && offset > 0) confirm(offset);
    const types = jsonParam(params['allowed_updates']);
    if (Array.isArray(types)) {
      allowed = types.map(String);
      allowedUpdates.push(allowed);
    }
    limit = Math.min(100, Math.max(1, numberParam(params['limit']) ?? 100));
    const timeout = numberParam(params['timeout']) ?? 0;
    if (ready().length > 0 || timeout <= 0) return ok(ready());
    waiter?.finish('conflict');
    return new Promise<ApiResult>((resolve) => {
      const self: Waiter = {
        finish(outcome) {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          if (waiter === self) waiter = null;
          resolve(
            outcome === 'conflict'
              ? bad('Conflict: terminated by other getUpdates request', 409)
              : ok(outcome === 'ready' ? ready() : []),
          );
        },
      };
      const onAbort = () => self.finish('done');
      const timer = setTimeout(() => self.finish('ready'), timeout * 1000);
      signal.addEventListener('abort', onAbort);
      waiter = self;
    });
  }

  return {
    getUpdates,
    /** Queues an update (numbered here unless it has an update_id) and wakes a waiting long poll. */
    push(update: Record<string, unknown>): number {
      const id = typeof update['update_id'] === 'number' ? update['update_id'] : nextId;
      nextId = Math.max(nextId, id + 1);
      pending.push({ ...update, update_id: id });
      if (waiter !== null && ready().length > 0) waiter.finish('ready');
      return id;
    },
    /** Resolves once a getUpdates confirmed the update: the poller finished handling its batch. */
    handled(id: number): Promise<void> {
      if (id < confirmed) return Promise.resolve();
      return new Promise((resolve) => handledWaiters.push({ id, resolve }));
    },
    /** deleteWebhook with drop_pending_updates. */
    drop(): void {
      confirm(nextId);
    },
    /** Ends a long poll left waiting (the server is closing). */
    close(): void {
      waiter?.finish('done');
    },
    /** Each allowed_updates list the poller sent. */
    allowedUpdates,
  };
}
