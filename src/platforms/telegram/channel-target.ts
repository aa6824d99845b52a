import type { Context } from 'grammy';
import type { ChatAddress } from '../../domain/chat.js';
import { chatAddressOf } from './addresses.js';
import { checkChannel } from './admin.js';
import { replyHtml } from './replies.js';
import { escapeHtml, type Texts } from './texts.js';

export type Channel = { address: ChatAddress; title: string; name: string };

/**
 * A public channel's @username as Telegram allows it (5 to 32 characters; 4 are let through and refused
 * later). A longer word is no username: it is read as a topic, whose error quotes it shortened.
 */
export const isChannelName = (word: string | undefined): word is string =>
  word !== undefined && /^@\w{4,32}$/.test(word);

/**
 * The channel a command from another chat names (`/subscribe @channel`, `/schedule @channel daily 09:00`):
 * the bot and the user must both be admins of it. Null after telling the user why not.
 */
export async function channelOf(ctx: Context, name: string, texts: Texts): Promise<Channel | null> {
  const shown = escapeHtml(name);
  const from = ctx.from;
  if (from === undefined) {
    await replyHtml(ctx, texts.channelUserNotAdmin(shown));
    return null;
  }
  const check = await checkChannel(ctx.api, name, from.id, ctx.me.id);
  if (check.ok) return { address: chatAddressOf(check.chatId), title: check.title, name: shown };
  const answers = {
    not_found: texts.channelNotFound,
    bot_not_admin: texts.channelBotNotAdmin,
    user_not_admin: texts.channelUserNotAdmin,
  };
  await replyHtml(ctx, answers[check.reason](shown));
  return null;
}

/** A channel's own @username, escaped, when the command was posted in a public channel; else null. */
export function channelUsername(ctx: Context): string | null {
  const chat = ctx.chat;
  return chat?.type === 'channel' && chat.username !== undefined ? escapeHtml(`@${chat.username}`) : null;
}
