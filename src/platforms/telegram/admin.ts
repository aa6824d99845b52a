import { type Api, type Context, GrammyError } from 'grammy';
import type { ChatMember } from 'grammy/types';
import { isAnonymousAdmin } from './addresses.js';

/**
 * Who may change a chat's settings. getChatMember "is only guaranteed to work for other users if the
 * bot is an administrator in the chat" (platform-facts §1.6), so a refusal from Telegram counts as no.
 * Spec: https://core.telegram.org/bots/api#getchatmember
 */
const isAdminStatus = (member: ChatMember) =>
  member.status === 'creator' || member.status === 'administrator';

async function memberOf(api: Api, chatId: number | string, userId: number): Promise<ChatMember | null> {
  try {
    return await api.getChatMember(chatId, userId);
  } catch (error) {
    if (error instanceof GrammyError && error.error_code < 500) return null;
    throw error;
  }
}

export async function isChatAdmin(api: Api, chatId: number | string, userId: number): Promise<boolean> {
  const member = await memberOf(api, chatId, userId);
  return member !== null && isAdminStatus(member);
}

/**
 * A private chat's user owns it; a channel post comes from the channel's admins by definition; an
 * anonymous admin writes as the group; anyone else is asked about (callback queries included, since
 * anyone in a group can press an inline button).
 */
export async function canChangeSettings(ctx: Context): Promise<boolean> {
  const chat = ctx.chat;
  if (chat === undefined) return false;
  if (chat.type === 'private') return true;
  if (ctx.channelPost !== undefined || isAnonymousAdmin(ctx)) return true;
  const from = ctx.from;
  if (from === undefined || from.is_bot) return false;
  return isChatAdmin(ctx.api, chat.id, from.id);
}

export type ChannelCheck =
  | { ok: true; chatId: number; title: string }
  | { ok: false; reason: 'not_found' | 'bot_not_admin' | 'user_not_admin' };

/** The bot may post in the channel: its creator, or an admin with can_post_messages. */
function canPost(member: ChatMember | null): boolean {
  if (member === null) return false;
  return (
    member.status === 'creator' || (member.status === 'administrator' && member.can_post_messages !== false)
  );
}

/**
 * `/subscribe @channel` from a private chat: the channel must exist, the bot must be able to post in it,
 * and the user must be one of its admins. Spec: https://core.telegram.org/bots/api#getchat
 */
export async function checkChannel(
  api: Api,
  name: string,
  userId: number,
  botId: number,
): Promise<ChannelCheck> {
  let chat: Awaited<ReturnType<Api['getChat']>>;
  try {
    chat = await api.getChat(name);
  } catch (error) {
    if (error instanceof GrammyError && error.error_code < 500) return { ok: false, reason: 'not_found' };
    throw error;
  }
  if (chat.type !== 'channel') return { ok: false, reason: 'not_found' };
  if (!canPost(await memberOf(api, chat.id, botId))) return { ok: false, reason: 'bot_not_admin' };
  if (!(await isChatAdmin(api, chat.id, userId))) return { ok: false, reason: 'user_not_admin' };
  return { ok: true, chatId: chat.id, title: chat.title };
}
