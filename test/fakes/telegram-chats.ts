/**
 * Chats and members as the fake Bot API knows them, scripted by tests: getChat finds a chat added with
 * addChat by id or @username; getChatMember answers the status set with setMember (default: "member",
 * or "left" in a known channel, whose subscribers are not listed).
 * Spec: https://core.telegram.org/bots/api#getchat, #getchatmember, #chatmember
 */
import { type ApiResult, bad, ok } from './telegram-results.js';

export type MemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

export type FakeChat = {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  username?: string;
  is_forum?: boolean;
};

/** Administrator rights beyond the defaults, e.g. `{ can_post_messages: false }`. */
export type MemberRights = Record<string, boolean>;

const adminDefaults = {
  can_be_edited: false,
  is_anonymous: false,
  can_manage_chat: true,
  can_delete_messages: true,
  can_manage_video_chats: true,
  can_restrict_members: true,
  can_promote_members: false,
  can_change_info: true,
  can_invite_users: true,
  can_post_stories: false,
  can_edit_stories: false,
  can_delete_stories: false,
  can_send_welcome_messages: false,
};

const chatNotFound = () => bad('Bad Request: chat not found');

export function createChatDirectory() {
  const chats = new Map<number, FakeChat>();
  const members = new Map<string, { status: MemberStatus; rights: MemberRights }>();

  function resolve(chatId: unknown): number | null {
    if (typeof chatId === 'string' && chatId.startsWith('@')) {
      const name = chatId.slice(1).toLowerCase();
      return [...chats.values()].find((chat) => chat.username?.toLowerCase() === name)?.id ?? null;
    }
    const id = Number(chatId);
    return Number.isSafeInteger(id) && id !== 0 ? id : null;
  }

  function memberResult(chatId: number, userId: number): unknown {
    const scripted = members.get(`${chatId}:${userId}`);
    const status = scripted?.status ?? (chats.get(chatId)?.type === 'channel' ? 'left' : 'member');
    const user = { id: userId, is_bot: false, first_name: `User ${userId}` };
    const rights = scripted?.rights ?? {};
    if (status === 'administrator') return { status, user, ...adminDefaults, ...rights };
    if (status === 'restricted')
      return { status, user, is_member: true, can_send_messages: false, until_date: 0, ...rights };
    if (status === 'kicked') return { status, user, until_date: 0 };
    return { status, user, ...(status === 'creator' ? { is_anonymous: false } : {}) };
  }

  return {
    addChat(chat: FakeChat): void {
      chats.set(chat.id, chat);
    },
    setMember(
      chatId: number | string,
      userId: number,
      status: MemberStatus,
      rights: MemberRights = {},
    ): void {
      members.set(`${chatId}:${userId}`, { status, rights });
    },
    getChat(params: Record<string, unknown>): ApiResult {
      const id = resolve(params['chat_id']);
      const chat = id === null ? undefined : chats.get(id);
      if (chat === undefined) return chatNotFound();
      return ok({ ...chat, accent_color_id: 0, max_reaction_count: 11 });
    },
    getChatMember(params: Record<string, unknown>): ApiResult {
      const chatId = resolve(params['chat_id']);
      const userId = Number(params['user_id']);
      if (chatId === null) return chatNotFound();
      if (!Number.isSafeInteger(userId) || userId <= 0) return bad('Bad Request: invalid user_id specified');
      return ok(memberResult(chatId, userId));
    },
  };
}
