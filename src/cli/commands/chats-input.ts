import type { Config } from '../../config/schema.js';
import {
  type Chat,
  type ChatAddress,
  type ChatSettings,
  describeAddress,
  type Platform,
  parseDigestLanguage,
  parseQuietMode,
  platforms,
  validateTopics,
} from '../../domain/chat.js';
import type { ChatStore } from '../../domain/ports.js';
import { checkTimeZone, parseSchedule, type Schedule } from '../../domain/schedule.js';
import { oneOf } from '../../domain/zoned-time.js';
import { AppError } from '../../shared/errors.js';

/** The options `chats add` and `chats set` share, as commander hands them over. */
export type SettingOptions = {
  topics?: string;
  timezone?: string;
  schedule?: string;
  quiet?: string;
  language?: string;
  title?: string;
};

const invalid = (message: string, details: Record<string, unknown> = {}) =>
  new AppError('invalid_input', message, { details });

export function parsePlatform(text: string): Platform {
  const platform = platforms.find((known) => known === text.trim().toLowerCase());
  if (platform === undefined) throw invalid(`unknown platform "${text}": use ${oneOf([...platforms])}`);
  return platform;
}

// chat_id is an integer or "@channelusername"; ids have at most 52 significant bits.
// Spec: https://core.telegram.org/bots/api#sendmessage and https://core.telegram.org/bots/api#chat
const telegramId = /^-?[1-9]\d*$/;
// Conversation ids: C public channel, G private channel, D direct message; they grew past 9 characters.
// Spec: https://api.slack.com/methods/chat.postMessage#channels
const slackChannel = /^[CGD][A-Z0-9]{8,}$/;

/**
 * Only numeric ids: updates from a channel carry its id, never its @username, so a chat added by
 * username would be a second subscription once the channel writes to the bot.
 */
function checkTelegramChat(chatId: string): void {
  if (telegramId.test(chatId) && Number.isSafeInteger(Number(chatId))) return;
  if (chatId.startsWith('@'))
    throw invalid(
      `"${chatId}" is a username: add the channel by its numeric id (-100…), or send /subscribe ${chatId} to the bot in a private chat, as an admin of the channel`,
      { chatId },
    );
  throw invalid(
    `"${chatId}" is not a Telegram chat: use the chat's number (negative for groups, -100… for supergroups and channels)`,
    { chatId },
  );
}

function checkSlackChannel(chatId: string): void {
  if (slackChannel.test(chatId)) return;
  const upper = chatId.toUpperCase();
  const hint = slackChannel.test(upper)
    ? ` (did you mean ${upper}?)`
    : chatId.startsWith('#')
      ? ': use the channel id, not its name (channel details → About → Channel ID)'
      : '';
  throw invalid(
    `"${chatId}" is not a Slack channel id: C, G or D and at least 8 more uppercase letters and digits, like C0123ABCDE${hint}`,
    { chatId },
  );
}

// Telegram forum topics are message_thread_id integers; Slack threads are the parent message's ts.
// Spec: https://core.telegram.org/bots/api#sendmessage, https://api.slack.com/methods/chat.postMessage#threads
function checkThread(platform: Platform, threadId: string): void {
  const ok = platform === 'telegram' ? /^[1-9]\d{0,15}$/.test(threadId) : /^\d+\.\d+$/.test(threadId);
  if (ok) return;
  const shape =
    platform === 'telegram' ? 'a forum topic number like 42' : 'a message ts like 1732700000.123456';
  throw invalid(`"${threadId}" is not a ${platform} thread: use ${shape}`, { threadId });
}

export function parseAddress(platformText: string, chatIdText: string, threadText?: string): ChatAddress {
  const platform = parsePlatform(platformText);
  const chatId = chatIdText.trim();
  if (platform === 'telegram') checkTelegramChat(chatId);
  else checkSlackChannel(chatId);
  const threadId = threadText === undefined ? null : threadText.trim();
  if (threadId !== null) checkThread(platform, threadId);
  return { platform, chatId, threadId };
}

/** The settings given on the command line, each checked by the domain rules; absent options stay absent. */
export function parseSettings(options: SettingOptions, knownTopics: readonly string[]): ChatSettings {
  const settings: ChatSettings = {};
  if (options.topics !== undefined) settings.topics = validateTopics(options.topics.split(','), knownTopics);
  if (options.timezone !== undefined) settings.timeZone = checkTimeZone(options.timezone);
  if (options.schedule !== undefined) settings.schedule = parseSchedule(options.schedule);
  if (options.quiet !== undefined) settings.quiet = parseQuietMode(options.quiet);
  if (options.language !== undefined) settings.language = parseDigestLanguage(options.language);
  if (options.title !== undefined) {
    const title = options.title.trim();
    settings.title = title === '' ? null : title;
  }
  return settings;
}

/** What a new chat starts with: config.digest. */
export function configDefaults(config: Config): { timeZone: string; schedule: Schedule } {
  const { frequency, weekday, time } = config.digest.schedule;
  const schedule: Schedule =
    frequency === 'weekly'
      ? { frequency, weekday, time }
      : frequency === 'daily'
        ? { frequency, time }
        : { frequency };
  return { timeZone: checkTimeZone(config.digest.timezone), schedule };
}

function addressOf(text: string): ChatAddress | null {
  const match = /^([a-z]+):([^/]+)(?:\/(.+))?$/i.exec(text);
  const platform = platforms.find((known) => known === match?.[1]?.toLowerCase());
  if (match?.[2] === undefined || platform === undefined) return null;
  return { platform, chatId: match[2], threadId: match[3] ?? null };
}

/**
 * A chat by its number ("3", "#3"), its address ("telegram:-1001234/5") or, when no number or address
 * matches, the platform's chat id as `chats add` took it ("-1001234") if one chat alone has it; unknown
 * ones are refused with the known ones named.
 */
export function findChat(chats: ChatStore, text: string): Chat {
  const trimmed = text.trim();
  const number = /^#?(\d+)$/.exec(trimmed)?.[1];
  const address = number === undefined ? addressOf(trimmed) : null;
  const chat =
    number !== undefined ? chats.get(Number(number)) : address === null ? null : chats.byAddress(address);
  if (chat !== null) return chat;
  const all = chats.list();
  const byChatId = all.filter((each) => each.chatId === trimmed);
  const [only] = byChatId;
  if (byChatId.length === 1 && only !== undefined) return only;
  if (byChatId.length > 1) {
    const which = byChatId.map((each) => `${each.id} (${describeAddress(each)})`).join(', ');
    throw invalid(`"${trimmed}" is the id of several chats: ${which}; give the number or the address`, {
      id: trimmed,
    });
  }
  const known = all.map((each) => `${each.id} (${describeAddress(each)})`);
  const choices =
    known.length === 0
      ? 'there are no chats yet: add one with `parley chats add`'
      : `known chats: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}`;
  throw invalid(`there is no chat "${trimmed}": ${choices}`, { id: trimmed });
}
