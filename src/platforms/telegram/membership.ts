import type { Composer, Context } from 'grammy';
import type { Chat, ChatMember } from 'grammy/types';
import { chatAddressOf } from './addresses.js';
import type { BotDeps } from './replies.js';

/**
 * Why the bot can no longer write to the chat after a `my_chat_member` change, or null if it still can:
 * removed, left, blocked (a private chat's "kicked"), muted in a group, or a channel admin without the
 * right to post. Spec: https://core.telegram.org/bots/api#chatmember, #chatmemberupdated
 */
export function lostReason(member: ChatMember, chat: Chat): string | null {
  if (member.status === 'kicked')
    return chat.type === 'private' ? 'the user blocked the bot' : 'the bot was removed from the chat';
  if (member.status === 'left') return 'the bot left the chat';
  // Restricted and not in the chat (removed while restricted): its rights say nothing, it cannot write.
  if (member.status === 'restricted' && !member.is_member) return 'the bot was removed from the chat';
  if (member.status === 'restricted' && !member.can_send_messages) return 'the bot may not send messages';
  if (chat.type !== 'channel') return null;
  if (member.status === 'member') return 'the bot is not an admin of the channel';
  if (member.status === 'administrator' && member.can_post_messages === false)
    return 'the bot may not post in the channel';
  return null;
}

/**
 * The bot's own membership (removed, blocked, demoted → the chat stops getting digests; unblocked,
 * added back, promoted → it gets them again, unless a person turned it off) and group
 * upgrades (a group that became a supergroup has a new id). Telegram tells the old group with
 * migrate_to_chat_id and the new supergroup with migrate_from_chat_id; either moves the chat once.
 * Spec: https://core.telegram.org/bots/api#message (migrate_to_chat_id)
 */
export function registerMembership(bot: Composer<Context>, deps: BotDeps): void {
  const { service, log } = deps;

  bot.on('my_chat_member', (ctx) => {
    const { chat, new_chat_member: member, from } = ctx.myChatMember;
    const reason = lostReason(member, chat);
    if (reason === null) {
      // Unblocked, added back, allowed to post again: the subscriptions the platform ended resume.
      if (member.status !== 'left' && member.status !== 'kicked')
        service.reactivate(chatAddressOf(chat.id), `telegram:${from.id}`);
      return;
    }
    service.deactivate(chatAddressOf(chat.id), reason, `telegram:${from.id}`);
    log.info({ chat_id: chat.id, status: member.status, reason }, 'telegram chat deactivated');
  });

  bot.on('message:migrate_to_chat_id', (ctx) => {
    const to = String(ctx.message.migrate_to_chat_id);
    service.migrate(chatAddressOf(ctx.chat.id), to);
    log.info({ chat_id: ctx.chat.id, to }, 'telegram chat migrated');
  });

  bot.on('message:migrate_from_chat_id', (ctx) => {
    service.migrate(chatAddressOf(ctx.message.migrate_from_chat_id), String(ctx.chat.id));
  });
}
