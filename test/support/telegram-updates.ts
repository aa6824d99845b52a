/**
 * Telegram updates as the Bot API delivers them, for pushing into the fake's getUpdates: commands in
 * private chats, groups, forum topics and channels, button presses, membership changes, migrations.
 * Spec: https://core.telegram.org/bots/api#update, #message, #callbackquery, #chatmemberupdated
 */
import type { TelegramMessage } from '../fakes/telegram-api.js';

export type TestChat = {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  username?: string;
  is_forum?: true;
};
export type TestUser = { id: number; is_bot: boolean; first_name: string; language_code?: string };

export const user = (id: number, language = 'en'): TestUser => ({
  id,
  is_bot: false,
  first_name: `User ${id}`,
  language_code: language,
});
export const privateChat = (id: number): TestChat => ({ id, type: 'private' });
export const group = (id: number, title = 'Peace desk'): TestChat => ({ id, type: 'supergroup', title });
export const forum = (id: number, title = 'Newsroom'): TestChat => ({
  id,
  type: 'supergroup',
  title,
  is_forum: true,
});
export const channel = (id: number, username: string): TestChat => ({
  id,
  type: 'channel',
  title: 'Peace news',
  username,
});

/** Telegram's placeholder sender of an anonymous admin's messages (grammY filter-queries.md). */
export const groupAnonymousBot: TestUser = { id: 1_087_968_824, is_bot: true, first_name: 'Group' };

let nextMessageId = 100_000;
const date = () => Math.floor(Date.now() / 1000);

function textMessage(text: string, chat: TestChat) {
  const [word = ''] = text.split(' ');
  const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: word.length }] : [];
  return { message_id: nextMessageId++, date: date(), chat, text, entities };
}

export type CommandOptions = { from: TestUser; chat?: TestChat; thread?: number; senderChat?: TestChat };

/** `/digest gaza 7d` from a user, in a private chat unless another chat (and forum topic) is given. */
export function command(text: string, options: CommandOptions) {
  const chat = options.chat ?? privateChat(options.from.id);
  const message = {
    ...textMessage(text, chat),
    from: options.from,
    ...(options.senderChat === undefined ? {} : { sender_chat: options.senderChat }),
    ...(options.thread === undefined ? {} : { message_thread_id: options.thread, is_topic_message: true }),
  };
  return { message };
}

/** A post in a channel: no `from`, the channel is the sender. */
export function channelPost(text: string, chat: TestChat) {
  return { channel_post: { ...textMessage(text, chat), sender_chat: chat } };
}

/** Telegram's copy of a channel post in the channel's linked discussion group (sent "by" user 777000). */
export function automaticForward(text: string, group: TestChat, channel: TestChat) {
  const from = { id: 777_000, is_bot: false, first_name: 'Telegram' };
  return { message: { ...textMessage(text, group), from, sender_chat: channel, is_automatic_forward: true } };
}

let nextQueryId = 1;

/** A press of an inline button under a message the bot sent (as the fake recorded it). */
export function press(data: string, under: TelegramMessage, from: TestUser, chat: TestChat) {
  const message = {
    message_id: under.messageId,
    date: date(),
    chat,
    from: { id: 7_000_000_001, is_bot: true, first_name: 'Parley', username: 'parley_test_bot' },
    text: under.text,
    ...(under.threadId === null ? {} : { message_thread_id: Number(under.threadId), is_topic_message: true }),
  };
  return {
    callback_query: { id: String(nextQueryId++), from, message, chat_instance: `ci${chat.id}`, data },
  };
}

type BotStatus = 'member' | 'administrator' | 'kicked' | 'left' | 'restricted';

/** The bot's own membership changed in a chat (removed, blocked, demoted). */
export function myChatMember(
  chat: TestChat,
  from: TestUser,
  status: BotStatus,
  rights: Record<string, unknown> = {},
) {
  const bot = { id: 7_000_000_001, is_bot: true, first_name: 'Parley', username: 'parley_test_bot' };
  return {
    my_chat_member: {
      chat,
      from,
      date: date(),
      old_chat_member: { user: bot, status: 'member' },
      new_chat_member: { user: bot, status, ...(status === 'kicked' ? { until_date: 0 } : {}), ...rights },
    },
  };
}

/** The service message a group gets when it is upgraded to a supergroup. */
export function migrateTo(chat: TestChat, to: number, from: TestUser) {
  return { message: { message_id: nextMessageId++, date: date(), chat, from, migrate_to_chat_id: to } };
}
