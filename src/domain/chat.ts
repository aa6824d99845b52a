import { closestMatch } from '../shared/closest-match.js';
import type { AppError } from '../shared/errors.js';
import { invalidInput } from './input-problems.js';
import { primaryLanguage } from './item.js';
import { foldLocal, localQuietModes } from './local-words.js';
import type { Schedule } from './schedule.js';

export const platforms = ['telegram', 'slack'] as const;
export type Platform = (typeof platforms)[number];

/** Where a message goes: the platform's chat (Telegram chat id, Slack channel id) and a forum thread if any. */
export type ChatAddress = { platform: Platform; chatId: string; threadId: string | null };

/**
 * What a chat gets for a scheduled period without new stories on its topics: a one-line note saying so
 * (the default: the chat sees that its subscription works), or nothing (the period still counts as done).
 */
export const quietModes = ['note', 'skip'] as const;
export type QuietMode = (typeof quietModes)[number];

/** "note", "SKIP", "ничего", "рядок", "короткое сообщение" (as /settings shows it); anything else is refused with the valid words named. */
export function parseQuietMode(word: string): QuietMode {
  const folded = word.trim().toLowerCase().replace(/\s+/g, ' ');
  const found = quietModes.find((mode) => mode === folded) ?? localQuietModes.get(foldLocal(folded));
  if (found === undefined) throw invalidInput({ problem: 'unknown_quiet_mode', input: word.trim() });
  return found;
}

/**
 * The languages a digest's own words (its title, headings, "Sources") are written in; the stories keep
 * their outlets' language. A Telegram chat takes the language of whoever starts its digests, until
 * someone sets one (/language, `parley chats set --language`).
 */
export const digestLanguages = ['en', 'ru', 'uk'] as const;
export type DigestLanguage = (typeof digestLanguages)[number];

/** The digest language a language tag ("uk", "ru-RU", "en_US"; "ua", a common mistake) names; undefined for any other. */
export function digestLanguageIn(tag: string | null | undefined): DigestLanguage | undefined {
  const primary = primaryLanguage(tag ?? null);
  return digestLanguages.find((language) => language === primary);
}

/** A language tag as a digest language, else English. */
export const digestLanguageOf = (tag: string | null | undefined): DigestLanguage =>
  digestLanguageIn(tag) ?? 'en';

// A language by its name in one of the three; codes (and "ua", the country's) go by digestLanguageIn.
const languageNames: ReadonlyMap<string, DigestLanguage> = new Map([
  ...['english', 'английский', 'англійська', 'англ'].map((name) => [name, 'en'] as const),
  ...['russian', 'русский', 'російська', 'рус', 'рос'].map((name) => [name, 'ru'] as const),
  ...['ukrainian', 'украинский', 'українська', 'укр'].map((name) => [name, 'uk'] as const),
]);

/** "ru", "UK", "ru-RU", "Українська", "укр", "english"; anything else is refused with the valid ones named. */
export function parseDigestLanguage(word: string): DigestLanguage {
  const typed = word.trim();
  const folded = typed.toLowerCase();
  const found = languageNames.get(folded) ?? digestLanguageIn(folded);
  if (found === undefined) throw invalidInput({ problem: 'unknown_language', input: typed });
  return found;
}

/** A topic as chats see it: its label in English, and in other languages where config has one. */
export type TopicLabel = { id: string; label: string; labels?: Readonly<Record<string, string>> };

/** The topic's label in `language`, else English. */
export const labelIn = (topic: TopicLabel, language: string): string =>
  topic.labels?.[language] ?? topic.label;

/** A Telegram chat or Slack channel that gets digests, with its own topics, time zone and schedule. */
export type Chat = ChatAddress & {
  id: number;
  title: string | null;
  /** Topic ids; empty = all topics. */
  topics: string[];
  /** IANA name, canonical (see checkTimeZone). */
  timeZone: string;
  schedule: Schedule;
  /** A scheduled period without stories: a note, or nothing. */
  quiet: QuietMode;
  /** The language of the digest's own words. */
  language: DigestLanguage;
  active: boolean;
  /** Why the chat stopped getting digests (blocked the bot, removed it, turned it off). */
  inactiveReason: string | null;
  /** The start of the last scheduled slot a digest was made for, so a restart never makes it twice. */
  lastSlot: number | null;
  /** Where the stories of that slot's digest ended (null: not known), so that the next one starts there. */
  lastUntil: number | null;
  createdAt: number;
  updatedAt: number;
  /** When the schedule or time zone was last set or the chat turned on: slots before it are not pushed. */
  scheduleSetAt: number;
};

/** What a chat's admins can change; absent keys stay as they are. */
export type ChatSettings = {
  title?: string | null;
  topics?: readonly string[];
  timeZone?: string;
  schedule?: Schedule;
  quiet?: QuietMode;
  language?: DigestLanguage;
  active?: boolean;
};

/** One line of a chat's audit trail: who changed which setting, when, from what to what. */
export type ChatChange = {
  chatId: number;
  at: number;
  /** "telegram:12345" (the user), "system" (Parley itself), "cli". */
  actor: string;
  field: string;
  before: string | null;
  after: string | null;
};

/**
 * The topic id a word a user typed stands for, when it is a name rather than an id ("украина"); the
 * topics it could mean when it names several ("Israel": gaza, lebanon, iran…); or null.
 */
export type TopicNamer = (word: string) => string | readonly string[] | null;

/**
 * A chat's topic list from what a user typed (words, or comma-separated lists): known ids, lower-cased, de-duplicated, in taxonomy order;
 * "all" or nothing means every topic (the empty list). A word that is no id may be a name of one (`named`:
 * "украина", "Газа"). Unknown ids are refused with the valid ones named.
 */
export function validateTopics(
  input: readonly string[],
  known: readonly string[],
  named: TopicNamer = () => null,
): string[] {
  // "ukraine,gaza" and "ukraine, gaza" name two topics, as `--topics a,b` does on the command line.
  const words = input.flatMap((topic) => topic.split(',')).map((topic) => topic.trim());
  const wanted = new Set<string>();
  const unknown: string[] = [];
  // A name of several topics is refused with them as the suggestion.
  const ambiguous: Record<string, string> = {};
  for (const word of words) {
    const id = word.toLowerCase();
    if (id === '') continue;
    const topic = id === 'all' || known.includes(id) ? id : named(word);
    if (typeof topic === 'string' && (topic === 'all' || known.includes(topic))) wanted.add(topic);
    else if (!unknown.includes(id)) {
      unknown.push(id);
      const candidates = Array.isArray(topic) ? known.filter((t) => topic.includes(t)) : [];
      if (candidates.length > 1) ambiguous[id] = candidates.join(', ');
    }
  }
  if (wanted.has('all')) {
    if (wanted.size > 1 || unknown.length > 0) throw invalidInput({ problem: 'all_with_topics' });
    return [];
  }
  if (unknown.length > 0) {
    const suggestions: Record<string, string> = {};
    for (const topic of unknown) {
      const near = ambiguous[topic] ?? closestMatch(topic, known);
      if (near !== null) suggestions[topic] = near;
    }
    throw invalidInput({ problem: 'unknown_topic', unknown, suggestions, known: [...known] });
  }
  return known.filter((topic) => wanted.has(topic));
}

/**
 * Telegram groups, supergroups and channels have negative ids and a 20 messages/minute limit; private
 * chats are positive: https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
 */
export function isGroupChat(address: ChatAddress): boolean {
  return address.platform === 'telegram' && address.chatId.startsWith('-');
}

/**
 * The start of the inactive reason the chat store writes when a person (an admin, `parley chats off`)
 * turns a chat off, followed by the actor; the platform's reasons (blocked, removed, not found) differ.
 */
export const turnedOffPrefix = 'turned off by ';

/** Whether a person turned the chat off, so a member writing to it must not turn it back on. */
export function isTurnedOffByPerson(chat: Pick<Chat, 'active' | 'inactiveReason'>): boolean {
  return !chat.active && (chat.inactiveReason?.startsWith(turnedOffPrefix) ?? false);
}

/**
 * Why a chat is off, from its inactive reason: a person's switch; merged into the chat its group became;
 * its forum topic deleted or closed; the bot without the right to post there (muted, not a channel admin:
 * it may still read commands); the bot gone from the chat (blocked, removed, left, or a send said so).
 */
export type OffKind = 'person' | 'merged' | 'topic' | 'rights' | 'gone';

function offKind(reason: string | null): OffKind {
  const text = reason ?? '';
  if (text.startsWith(turnedOffPrefix)) return 'person';
  if (text.startsWith('merged into ')) return 'merged';
  if (/message thread not found|TOPIC_CLOSED|TOPIC_DELETED/i.test(text)) return 'topic';
  if (/may not|not an admin|rights|CHAT_WRITE_FORBIDDEN|CHAT_RESTRICTED|not_in_channel/i.test(text))
    return 'rights';
  return 'gone';
}

/**
 * Whether a command from the chat shows that the bot can write there again: a Telegram chat that blocked
 * or removed the bot and now writes to it, or a forum topic closed and reopened (a command typed in the
 * topic is the only word of it: Parley does not follow forum_topic_reopened). Not a muted bot (it still
 * reads commands), not Slack (slash commands work in channels the app is not in), never a person's
 * switch or a merged row.
 */
export function backByMessage(
  chat: Pick<Chat, 'active' | 'inactiveReason' | 'platform' | 'threadId'>,
): boolean {
  if (chat.active || chat.platform !== 'telegram') return false;
  const kind = offKind(chat.inactiveReason);
  return kind === 'gone' || (kind === 'topic' && chat.threadId !== null);
}

/** Whether the platform saying the bot may write again (unblocked, re-added, promoted) turns the chat on. */
export function backByMembership(chat: Pick<Chat, 'active' | 'inactiveReason'>): boolean {
  const kind = offKind(chat.inactiveReason);
  return !chat.active && (kind === 'gone' || kind === 'rights');
}

/**
 * The answer to `/digest`, `/subscribe` or `/start` in a chat a person turned off (`parley chats off`): the
 * digest is not sent and the chat stays off until whoever runs Parley turns it on (`parley chats on`).
 */
export function digestsTurnedOff(): AppError {
  return invalidInput({ problem: 'digests_turned_off' });
}

/** A digest asked for in a chat Parley stopped posting to (the platform refused its last message). */
export function digestsStopped(chat: Pick<Chat, 'inactiveReason'>): AppError {
  return invalidInput({ problem: 'digests_stopped', reason: chat.inactiveReason });
}

export function describeAddress(address: ChatAddress): string {
  const thread = address.threadId === null ? '' : `/${address.threadId}`;
  return `${address.platform}:${address.chatId}${thread}`;
}
