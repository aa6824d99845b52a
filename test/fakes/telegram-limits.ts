/**
 * The flood limits the fake Bot API enforces, as the Bot FAQ states them: about 30 messages a second
 * overall, one a second per private chat, 20 a minute per group (negative chat ids).
 * Spec: https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
 */
import { createSlidingWindow, type SlidingWindow } from './fake-api-server.js';

export type TelegramLimitOptions = {
  /** Accepted sends in any 1-second window; null = no limit. Default 30. */
  globalPerSecond?: number | null;
  /** Private chats: sends closer together than 1000/perChatPerSecond ms get a 429. Default 1. */
  perChatPerSecond?: number | null;
  /** Groups (negative ids): accepted sends in any 60-second window. Default 20. */
  groupPerMinute?: number | null;
  /** How much earlier than the limit a send may arrive and still pass (timer jitter). Default 5 ms. */
  toleranceMs?: number;
};

export type TelegramLimits = {
  /** Seconds to wait when a send to this chat now would exceed a limit, else null. */
  check(chatId: string, now: number): number | null;
  accept(chatId: string, now: number): void;
};

export function createTelegramLimits(options: TelegramLimitOptions | false): TelegramLimits {
  if (options === false) return { check: () => null, accept: () => undefined };
  const tolerance = options.toleranceMs ?? 5;
  const globalLimit = options.globalPerSecond === undefined ? 30 : options.globalPerSecond;
  const perChat = options.perChatPerSecond === undefined ? 1 : options.perChatPerSecond;
  const groupLimit = options.groupPerMinute === undefined ? 20 : options.groupPerMinute;
  const global = createSlidingWindow(1000, tolerance);
  const groups = new Map<string, SlidingWindow>();
  const lastPrivate = new Map<string, number>();
  const groupWindow = (chatId: string) => {
    const existing = groups.get(chatId);
    if (existing !== undefined) return existing;
    const created = createSlidingWindow(60_000, tolerance);
    groups.set(chatId, created);
    return created;
  };
  return {
    check(chatId, now) {
      if (globalLimit !== null && global.count(now) >= globalLimit) return global.retryAfter(now);
      if (chatId.startsWith('-')) {
        const window = groupWindow(chatId);
        return groupLimit !== null && window.count(now) >= groupLimit ? window.retryAfter(now) : null;
      }
      const last = lastPrivate.get(chatId);
      if (perChat === null || last === undefined) return null;
      const gap = 1000 / perChat;
      return now - last < gap - tolerance ? Math.max(1, Math.ceil((last + gap - now) / 1000)) : null;
    },
    accept(chatId, now) {
      global.add(now);
      if (chatId.startsWith('-')) groupWindow(chatId).add(now);
      else lastPrivate.set(chatId, now);
    },
  };
}
