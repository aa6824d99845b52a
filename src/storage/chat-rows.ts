import {
  type Chat,
  type ChatChange,
  type ChatSettings,
  type DigestLanguage,
  digestLanguages,
  type Platform,
  platforms,
  type QuietMode,
  quietModes,
  turnedOffPrefix,
} from '../domain/chat.js';
import { formatSchedule, type Schedule } from '../domain/schedule.js';

export type ChatRow = {
  id: number;
  platform: string;
  chat_id: string;
  thread_id: string;
  title: string | null;
  topics: string;
  time_zone: string;
  schedule: string;
  quiet: string;
  language: string;
  active: number;
  inactive_reason: string | null;
  last_slot: number | null;
  last_until: number | null;
  created_at: number;
  schedule_set_at: number;
  updated_at: number;
};

export const chatColumns = `
  c.id, c.platform, c.chat_id, c.thread_id, c.title, c.topics, c.time_zone, c.schedule, c.quiet, c.language, c.active,
  c.inactive_reason, c.last_slot, c.last_until, c.created_at, c.updated_at, c.schedule_set_at`;

export type ChangeRow = {
  chat_id: number;
  at: number;
  actor: string;
  field: string;
  value_before: string | null;
  value_after: string | null;
};

export function toChange(row: ChangeRow): ChatChange {
  const { chat_id: chatId, at, actor, field, value_before: before, value_after: after } = row;
  return { chatId, at, actor, field, before, after };
}

/** The settable columns of a chat as the UPDATE statement binds them. */
export type ChatSettingParams = Pick<
  ChatRow,
  | 'id'
  | 'title'
  | 'topics'
  | 'time_zone'
  | 'schedule'
  | 'quiet'
  | 'language'
  | 'active'
  | 'inactive_reason'
  | 'updated_at'
  | 'schedule_set_at'
>;

/** One changed setting, as text for the audit trail. */
export type FieldChange = { field: string; before: string | null; after: string | null };

export function toPlatform(value: string): Platform {
  const platform = platforms.find((known) => known === value);
  if (platform === undefined) throw new Error(`the chats table holds an unknown platform "${value}"`);
  return platform;
}

/** Only the fields of the schedule's frequency, so that an object with extra keys stores as the Schedule it is. */
export function scheduleJson(s: Schedule): string {
  if (s.frequency === 'off') return JSON.stringify({ frequency: 'off' });
  if (s.frequency === 'daily') return JSON.stringify({ frequency: 'daily', time: s.time });
  return JSON.stringify({ frequency: 'weekly', weekday: s.weekday, time: s.time });
}

function toQuiet(value: string): QuietMode {
  const mode = quietModes.find((known) => known === value);
  if (mode === undefined) throw new Error(`the chats table holds an unknown quiet mode "${value}"`);
  return mode;
}

function toLanguage(value: string): DigestLanguage {
  const language = digestLanguages.find((known) => known === value);
  if (language === undefined) throw new Error(`the chats table holds an unknown language "${value}"`);
  return language;
}

export function toChat(row: ChatRow): Chat {
  return {
    id: row.id,
    platform: toPlatform(row.platform),
    chatId: row.chat_id,
    threadId: row.thread_id === '' ? null : row.thread_id,
    title: row.title,
    topics: JSON.parse(row.topics) as string[],
    timeZone: row.time_zone,
    schedule: JSON.parse(row.schedule) as Schedule,
    quiet: toQuiet(row.quiet),
    language: toLanguage(row.language),
    active: row.active === 1,
    inactiveReason: row.inactive_reason,
    lastSlot: row.last_slot,
    lastUntil: row.last_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    scheduleSetAt: row.schedule_set_at,
  };
}

export function settingParams(chat: Chat, now: number): ChatSettingParams {
  return {
    id: chat.id,
    title: chat.title,
    topics: JSON.stringify(chat.topics),
    time_zone: chat.timeZone,
    schedule: scheduleJson(chat.schedule),
    quiet: chat.quiet,
    language: chat.language,
    active: chat.active ? 1 : 0,
    inactive_reason: chat.inactiveReason,
    updated_at: now,
    schedule_set_at: chat.scheduleSetAt,
  };
}

const topicsText = (topics: readonly string[]): string => (topics.length === 0 ? 'all' : topics.join(', '));

function sameTopics(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((topic, index) => topic === b[index]);
}

/**
 * The chat with these settings applied, and one change per field that differs. Turning a chat off sets
 * `offReason` as its inactive reason; turning it on clears the reason.
 */
export function applySettings(
  chat: Chat,
  settings: ChatSettings,
  offReason: string,
): { next: Chat; changes: FieldChange[] } {
  const next: Chat = { ...chat };
  const changes: FieldChange[] = [];
  const record = (field: string, before: string | null, after: string | null) => {
    changes.push({ field, before, after });
  };
  if (settings.title !== undefined && settings.title !== chat.title) {
    next.title = settings.title;
    record('title', chat.title, settings.title);
  }
  if (settings.topics !== undefined && !sameTopics(settings.topics, chat.topics)) {
    next.topics = [...settings.topics];
    record('topics', topicsText(chat.topics), topicsText(settings.topics));
  }
  if (settings.timeZone !== undefined && settings.timeZone !== chat.timeZone) {
    next.timeZone = settings.timeZone;
    record('timeZone', chat.timeZone, settings.timeZone);
  }
  if (settings.schedule !== undefined && scheduleJson(settings.schedule) !== scheduleJson(chat.schedule)) {
    next.schedule = JSON.parse(scheduleJson(settings.schedule)) as Schedule;
    record('schedule', formatSchedule(chat.schedule), formatSchedule(settings.schedule));
  }
  if (settings.quiet !== undefined && settings.quiet !== chat.quiet) {
    next.quiet = settings.quiet;
    record('quiet', chat.quiet, settings.quiet);
  }
  if (settings.language !== undefined && settings.language !== chat.language) {
    next.language = settings.language;
    record('language', chat.language, settings.language);
  }
  if (settings.active !== undefined && settings.active !== chat.active) {
    next.active = settings.active;
    next.inactiveReason = settings.active ? null : offReason;
    record('active', String(chat.active), String(settings.active));
    if (next.inactiveReason !== chat.inactiveReason)
      record('inactiveReason', chat.inactiveReason, next.inactiveReason);
  } else if (
    settings.active === false &&
    offReason.startsWith(turnedOffPrefix) &&
    !(chat.inactiveReason ?? '').startsWith(turnedOffPrefix)
  ) {
    // A person turns off a chat the platform already stopped: theirs is the reason now, so that the
    // platform letting the bot back in does not turn the chat on (backByMembership).
    next.inactiveReason = offReason;
    record('inactiveReason', chat.inactiveReason, offReason);
  }
  return { next, changes };
}
