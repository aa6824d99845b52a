import type { Context } from 'grammy';
import { type ChatAddress, type DigestLanguage, digestLanguageIn } from '../../domain/chat.js';

/**
 * Where this update's chat gets its digest: the chat id as a string, and the forum topic when the
 * message was written in one. A reply thread in an ordinary group also has message_thread_id, so only
 * `is_topic_message` counts. Spec: https://core.telegram.org/bots/api#message (is_topic_message)
 */
export function addressOf(ctx: Context): ChatAddress | null {
  const chat = ctx.chat;
  if (chat === undefined) return null;
  const message = ctx.msg;
  const inTopic =
    message !== undefined &&
    'is_topic_message' in message &&
    message.is_topic_message === true &&
    message.message_thread_id !== undefined;
  return {
    platform: 'telegram',
    chatId: String(chat.id),
    threadId: inTopic ? String(message.message_thread_id) : null,
  };
}

/** The same chat outside any forum topic (my_chat_member and migrations concern the whole chat). */
export function chatAddressOf(chatId: number): ChatAddress {
  return { platform: 'telegram', chatId: String(chatId), threadId: null };
}

/**
 * An anonymous group admin writes as the group itself: `sender_chat.id === chat.id`, with a placeholder
 * `from` (platform-facts §1.6). Only messages count: the bot's own channel posts carry sender_chat too.
 */
export function isAnonymousAdmin(ctx: Context): boolean {
  const message = ctx.message;
  return message?.sender_chat !== undefined && message.sender_chat.id === message.chat.id;
}

/** "telegram:<user id>" for the audit trail; the chat's id when the chat itself wrote (anonymous admin, channel). */
export function actorOf(ctx: Context): string {
  if (ctx.channelPost !== undefined || isAnonymousAdmin(ctx)) return `telegram:${ctx.chat?.id ?? 'unknown'}`;
  return `telegram:${ctx.from?.id ?? ctx.chat?.id ?? 'unknown'}`;
}

/**
 * The language of the person who wrote, when Telegram says it and digests are written in it; none for
 * a channel post, an anonymous admin (the placeholder sender has no language) or another language, so
 * that such a message never changes a chat's language.
 */
export function writerLanguage(ctx: Context): DigestLanguage | undefined {
  if (ctx.channelPost !== undefined || isAnonymousAdmin(ctx) || ctx.from?.is_bot !== false) return undefined;
  return digestLanguageIn(ctx.from.language_code);
}

/** A group's or channel's title (private chats have none worth storing). */
export function titleOf(ctx: Context): string | null {
  const chat = ctx.chat;
  return (chat !== undefined && 'title' in chat ? chat.title : undefined) ?? null;
}
