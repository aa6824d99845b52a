import type { Chat, ChatMember } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { commandList, commandScopes } from '../../../src/platforms/telegram/bot-commands.js';
import { lostReason } from '../../../src/platforms/telegram/membership.js';
import { escapeHtml, languages, textsFor } from '../../../src/platforms/telegram/texts.js';

describe('Telegram texts', () => {
  it.each([
    ['uk', languages.uk],
    ['ru-RU', languages.ru],
    ['en-US', languages.en],
    ['de', languages.en],
    ['', languages.en],
    [undefined, languages.en],
  ])('answers language_code %s in the matching language', (code, expected) => {
    expect(textsFor(code)).toBe(expected);
  });

  it.each([
    ['a < b & c > d', 'a &lt; b &amp; c &gt; d'],
    ['"quoted"', '"quoted"'],
    ['&amp;', '&amp;amp;'],
  ])('escapes %s for Telegram HTML', (text, html) => {
    expect(escapeHtml(text)).toBe(html);
  });

  it('keeps every command menu within Telegram limits in every language', () => {
    for (const texts of Object.values(languages))
      for (const { commands } of commandScopes)
        for (const entry of commandList(texts, commands)) {
          expect(entry.command).toMatch(/^[a-z0-9_]{1,32}$/);
          expect(entry.description.length).toBeGreaterThan(0);
          expect(entry.description.length).toBeLessThanOrEqual(256);
        }
  });

  it('keeps callback answers within 200 characters in every language', () => {
    for (const texts of Object.values(languages)) {
      expect(texts.adminsOnlyShort.length).toBeLessThanOrEqual(200);
      expect(texts.rateLimited(30).length).toBeLessThanOrEqual(200);
      expect(texts.failed.length).toBeLessThanOrEqual(200);
    }
  });
});

const bot = { id: 7, is_bot: true, first_name: 'Parley' } as const;
const group: Chat = { id: -100, type: 'supergroup', title: 'Desk' };
const channel: Chat = { id: -200, type: 'channel', title: 'News' };
const dm: Chat = { id: 5, type: 'private', first_name: 'Ann' };
const admin = (canPost: boolean | undefined): ChatMember => ({
  status: 'administrator',
  user: bot,
  can_be_edited: false,
  is_anonymous: false,
  can_manage_chat: true,
  can_delete_messages: false,
  can_manage_video_chats: false,
  can_restrict_members: false,
  can_promote_members: false,
  can_change_info: false,
  can_invite_users: false,
  can_post_stories: false,
  can_edit_stories: false,
  can_delete_stories: false,
  can_send_welcome_messages: false,
  ...(canPost === undefined ? {} : { can_post_messages: canPost }),
});

describe('lostReason', () => {
  it.each<[string, ChatMember, Chat, string | null]>([
    [
      'removed from a group',
      { status: 'kicked', user: bot, until_date: 0 },
      group,
      'the bot was removed from the chat',
    ],
    [
      'blocked in a private chat',
      { status: 'kicked', user: bot, until_date: 0 },
      dm,
      'the user blocked the bot',
    ],
    ['left a group', { status: 'left', user: bot }, group, 'the bot left the chat'],
    ['a member of a group', { status: 'member', user: bot }, group, null],
    ['a group admin', admin(undefined), group, null],
    ['a channel admin that may post', admin(true), channel, null],
    ['a channel admin that may not post', admin(false), channel, 'the bot may not post in the channel'],
    [
      'a plain member of a channel',
      { status: 'member', user: bot },
      channel,
      'the bot is not an admin of the channel',
    ],
  ])('says whether the bot can still write when it is %s', (_case, member, chat, reason) => {
    expect(lostReason(member, chat)).toBe(reason);
  });
});
