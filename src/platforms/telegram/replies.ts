import type { Context } from 'grammy';
import { type Chat, labelIn } from '../../domain/chat.js';
import { inputProblemOf } from '../../domain/input-problems.js';
import type { ChatService } from '../../domain/ports.js';
import { cleanTyped } from '../../domain/typed-text.js';
import type { Clock } from '../../shared/clock.js';
import { isAppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { addressOf, writerLanguage } from './addresses.js';
import { type ChatSummary, type Escape, escapeHtml, localTime, type Texts, textsFor } from './texts.js';

/** What every handler needs: the use cases behind the ChatService port, a log and the time. */
export type BotDeps = { service: ChatService; log: Logger; clock: Clock };

/** Short answers in Telegram HTML without link previews. Spec: https://core.telegram.org/bots/api#sendmessage */
export async function replyHtml(ctx: Context, html: string, extra: Parameters<Context['reply']>[1] = {}) {
  return ctx.reply(html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...extra });
}

/** The chat's topic labels, or "All topics" for an empty selection (empty = every topic). */
export function chosenTopicsText(service: ChatService, topics: readonly string[], texts: Texts): string {
  if (topics.length === 0) return texts.allTopics;
  const labels = new Map(service.topics().map((topic) => [topic.id, labelIn(topic, texts.language)]));
  return topics.map((id) => labels.get(id) ?? id).join(', ');
}

export function summaryOf(service: ChatService, chat: Chat, texts: Texts): ChatSummary {
  const next = service.nextDigestAt(chat);
  return {
    topics: escapeHtml(chosenTopicsText(service, chat.topics, texts)),
    schedule: escapeHtml(texts.schedule(chat.schedule)),
    zone: escapeHtml(chat.timeZone),
    next: next === null ? null : escapeHtml(localTime(next, chat.timeZone, texts)),
    quiet: escapeHtml(texts.quiet(chat.quiet)),
    language: escapeHtml(texts.languageName(chat.language)),
  };
}

/** The words after the command: `/digest gaza 7d` → ["gaza", "7d"]. */
export function wordsOf(ctx: Context): string[] {
  const match = typeof ctx.match === 'string' ? ctx.match : '';
  return cleanTyped(match)
    .split(/\s+/)
    .filter((word) => word !== '');
}

/**
 * The answer to a failed command: what the user got wrong (AppError invalid_input, in the user's language
 * when details name the problem, else its message; HTML-escaped), a polite wait for rate_limited, and for
 * anything else a short apology while the details go to the log.
 */
export function errorText(error: unknown, texts: Texts, escapeText: Escape = escapeHtml): string {
  const problem = inputProblemOf(error);
  if (problem !== null) return texts.problem(problem, escapeText);
  if (isAppError(error, 'invalid_input')) return texts.invalid(escapeText(error.message));
  if (isAppError(error, 'rate_limited')) {
    const seconds = Number(error.details['retryAfterSeconds'] ?? 30);
    return texts.rateLimited(Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds)) : 30);
  }
  return texts.failed;
}

export function isUserError(error: unknown): boolean {
  return isAppError(error, 'invalid_input') || isAppError(error, 'rate_limited');
}

type Handler = (ctx: Context, texts: Texts) => Promise<unknown>;

/**
 * The language to answer in: the writer's; for a channel post or an anonymous admin, who have none, the
 * chat's own (`/language`), else English.
 */
export function answerTexts(deps: BotDeps, ctx: Context): Texts {
  const writer = writerLanguage(ctx);
  if (writer !== undefined) return textsFor(writer);
  const address = addressOf(ctx);
  const chat = address === null ? null : deps.service.find(address);
  return textsFor(chat?.language ?? ctx.from?.language_code);
}

/** Runs a command handler in the sender's language; every failure gets an answer, never a stack trace. */
export function guarded(deps: BotDeps, command: string, handler: Handler): (ctx: Context) => Promise<void> {
  return async (ctx) => {
    const texts = answerTexts(deps, ctx);
    try {
      await handler(ctx, texts);
    } catch (error) {
      const fields = { command, chat_id: ctx.chat?.id, update_id: ctx.update.update_id };
      if (!isUserError(error)) deps.log.error({ ...fields, err: error }, 'telegram command failed');
      try {
        await replyHtml(ctx, errorText(error, texts));
      } catch (replyError) {
        deps.log.warn({ ...fields, err: replyError }, 'telegram error reply failed');
      }
    }
  };
}
