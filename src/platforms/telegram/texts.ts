import { type DigestLanguage, digestLanguageOf, type QuietMode } from '../../domain/chat.js';
import type { InputProblem } from '../../domain/input-problems.js';
import type { Schedule } from '../../domain/schedule.js';
import { englishTexts } from './texts-en.js';
import { russianTexts } from './texts-ru.js';
import { ukrainianTexts } from './texts-uk.js';

/** What /settings and the replies to changes show; every value already HTML-escaped. */
export type ChatSummary = {
  topics: string;
  schedule: string;
  zone: string;
  next: string | null;
  /** What a scheduled period without new stories gets, in words (texts.quiet). */
  quiet: string;
  /** The language digests are written in, by name (texts.languageName). */
  language: string;
};

/** escapeHtml for messages; the identity for callback query answers, which are plain text. */
export type Escape = (text: string) => string;

export type CommandName =
  | 'start'
  | 'topics'
  | 'subscribe'
  | 'unsubscribe'
  | 'digest'
  | 'schedule'
  | 'timezone'
  | 'quiet'
  | 'language'
  | 'settings'
  | 'help';

/**
 * The bot's own words in one language. Functions take values that are already HTML-escaped; the
 * results are Telegram HTML (parse_mode HTML). Spec: https://core.telegram.org/bots/api#html-style
 */
export type Texts = {
  /** The language of these texts, in which topic labels are shown too. */
  language: DigestLanguage;
  /** BCP 47 tag for Intl date formatting. */
  locale: string;
  commands: Record<CommandName, string>;
  welcome: (summary: ChatSummary) => string;
  help: string;
  topicsPrompt: (selected: string) => string;
  allTopics: string;
  /** The schedule in words: English uses formatSchedule, the others their own. */
  schedule: (schedule: Schedule) => string;
  subscribed: (summary: ChatSummary) => string;
  unsubscribed: string;
  notSubscribed: string;
  scheduleSet: (summary: ChatSummary) => string;
  scheduleUsage: (current: string) => string;
  /** `now`: the current local time in the new zone, so a wrong pick shows at once. */
  timeZoneSet: (summary: ChatSummary, now: string) => string;
  timeZoneUsage: (current: string) => string;
  /** What a scheduled period without new stories gets (a note, or nothing), in words. */
  quiet: (mode: QuietMode) => string;
  quietSet: (summary: ChatSummary) => string;
  quietUsage: (current: string) => string;
  /** A digest language by its name in this language ("Russian", «русский»). */
  languageName: (language: DigestLanguage) => string;
  languageSet: (summary: ChatSummary) => string;
  languageUsage: (current: string) => string;
  settings: (summary: ChatSummary) => string;
  noSettings: string;
  noNextDigest: string;
  adminsOnly: string;
  /** A callback query answer: at most 200 characters, plain text. */
  adminsOnlyShort: string;
  /** A callback query answer for a keyboard under a message Telegram no longer shows us. */
  staleKeyboard: string;
  saved: string;
  rateLimited: (seconds: number) => string;
  invalid: (message: string) => string;
  /**
   * What the user got wrong and what is valid. User input goes through `escapeText`; topic ids, zone
   * names and command words stay untranslated, since those are what users type.
   */
  problem: (problem: InputProblem, escapeText: Escape) => string;
  failed: string;
  channelNotFound: (name: string) => string;
  channelBotNotAdmin: (name: string) => string;
  channelUserNotAdmin: (name: string) => string;
  channelSubscribed: (name: string, summary: ChatSummary) => string;
  channelUnsubscribed: (name: string) => string;
  channelNotSubscribed: (name: string) => string;
  /**
   * /start and /topics posted in a channel: every subscriber would see a welcome and a keyboard, so the
   * channel gets one short answer instead. `name`: its @username, when it has one (escaped), else null.
   */
  channelStarted: (summary: ChatSummary, topicIds: string, name: string | null) => string;
  channelTopics: (topicIds: string, name: string | null) => string;
  /** `/topics @channel` in a private chat: the channel's topics and how to change them (HTML-escaped). */
  namedChannelTopics: (name: string, chosen: string, topicIds: string) => string;
};

export const languages: Readonly<Record<DigestLanguage, Texts>> = {
  en: englishTexts,
  ru: russianTexts,
  uk: ukrainianTexts,
};

/** The user's language (Telegram's `language_code`, an IETF tag such as "uk" or "en-US"), else English. */
export function textsFor(languageCode: string | undefined): Texts {
  return languages[digestLanguageOf(languageCode)];
}

/**
 * Telegram's HTML escaping of text: "All <, > and & symbols that are not a part of a tag or an HTML
 * entity must be replaced" (https://core.telegram.org/bots/api#html-style). The bot's texts put user
 * input only in text, never in an attribute, so quotes stay as typed.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** "Fri 27 Nov, 09:00" in the chat's zone and the reader's language. */
export function localTime(ms: number, timeZone: string, texts: Texts): string {
  return new Intl.DateTimeFormat(texts.locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    // "27 лист." reads as "27 letter": Russian and Ukrainian name the month in full.
    month: texts.language === 'en' ? 'short' : 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}
