import { AppError } from '../shared/errors.js';
import { invalidInput, scheduleFrequencies } from './input-problems.js';
import { foldLocal, localFillers, localFrequencies, localWeekday } from './local-words.js';
import { dayMs, instantOf, localDay, wallAt } from './zoned-time.js';

export { checkTimeZone, isValidTimeZone } from './zoned-time.js';

export const weekdays = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof weekdays)[number];

/**
 * The digest lag for a polling interval: two intervals (a feed is fetched within one of a report's
 * publication, give or take its jitter and a slow answer), and at least an hour. A digest's stories end
 * this long before it is composed, at its slot or on catching up later (digest-scheduler.ts).
 */
export function digestLagMs(pollIntervalMs: number): number {
  return Math.max(3_600_000, 2 * pollIntervalMs);
}

/**
 * How far past its date a report that Parley saw late may still move (digestTimeOf). A feed's first
 * read takes items up to `ingest.maxItemAgeDays` old, all seen for the first time then: counted when
 * seen, they would flood the next digest with weeks of old news. Two days still carries a report that a
 * feed listed late (a `<ttl>` longer than the lag, a feed down around a slot, a site that dates its
 * items when they were drafted) into a digest.
 */
export const lateGraceMs = 48 * 3_600_000;

/**
 * When a report counts for digests: its publication, unless Parley first saw it more than the lag after
 * that, when the digest covering its date may already be composed (one composed at C covers stories up to
 * C − lag: digest-scheduler.ts). Then it counts the lag before it was first seen, so that it is in the
 * next digest instead of in none, but no more than `lateGraceMs` after its date. A report seen before a
 * digest is composed counts before that digest's end unless dated after it; one seen after, no earlier.
 * Stories are dated by their newest report's time (story-store.ts memberTotals computes this rule in SQL
 * over all members).
 */
export function digestTimeOf(report: { publishedAt: number; firstSeenAt: number }, lagMs: number): number {
  const late = Math.min(report.firstSeenAt - lagMs, report.publishedAt + lateGraceMs);
  return Math.max(report.publishedAt, late);
}

/** When a chat gets its digest pushed, in the chat's own time zone (DESIGN.md "Configuration"). */
export type Schedule =
  | { frequency: 'weekly'; weekday: Weekday; time: string }
  | { frequency: 'daily'; time: string }
  | { frequency: 'off' };

/**
 * "fri", "FRIDAY", "thurs": any prefix of three letters or more; Russian and Ukrainian names ("пт",
 * "пятницу", "п'ятниця"); null for anything else.
 */
export function weekdayNamed(word: string): Weekday | null {
  const folded = word.trim().toLowerCase();
  const english = folded.length >= 3 ? weekdays.find((day) => day.startsWith(folded)) : undefined;
  return english ?? localWeekday(folded);
}

function parseWeekday(word: string): Weekday {
  const found = weekdayNamed(word);
  if (found === null) throw invalidInput({ problem: 'unknown_weekday', input: word });
  return found;
}

/** "9:00" or "09:00" → "09:00". */
function parseTime(word: string): string {
  const match = /^(\d{1,2}):([0-5]\d)$/.exec(word);
  const hours = Number(match?.[1]);
  if (match === null || hours > 23) throw invalidInput({ problem: 'invalid_time', input: word });
  return `${String(hours).padStart(2, '0')}:${match[2]}`;
}

function frequencyNamed(word: string): Schedule['frequency'] | null {
  const folded = word.toLowerCase();
  return (
    scheduleFrequencies.find((known) => known === folded) ?? localFrequencies.get(foldLocal(folded)) ?? null
  );
}

/**
 * "weekly friday 09:00", "daily 18:30" or "off"; also reads back what formatSchedule writes, a day and a
 * time alone ("friday 9:00": weekly), and the Russian and Ukrainian words ("щотижня пт о 9:00").
 */
export function parseSchedule(text: string): Schedule {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((word) => !['', 'on', 'at'].includes(word.toLowerCase()) && !localFillers.has(foldLocal(word)));
  if (words.length === 2 && weekdayNamed(words[0] ?? '') !== null && frequencyNamed(words[0] ?? '') === null)
    words.unshift('weekly');
  const [word = '', first = '', second = ''] = words;
  const frequency = frequencyNamed(word);
  const expected = frequency === null ? null : { weekly: 3, daily: 2, off: 1 }[frequency];
  if (expected === words.length) {
    if (expected === 1) return { frequency: 'off' };
    if (expected === 2) return { frequency: 'daily', time: parseTime(first) };
    return { frequency: 'weekly', weekday: parseWeekday(first), time: parseTime(second) };
  }
  throw invalidInput({ problem: 'schedule_shape', input: text.trim(), frequency });
}

/** "weekly on Friday at 09:00", "daily at 18:30", "off". */
export function formatSchedule(s: Schedule): string {
  if (s.frequency === 'off') return 'off';
  if (s.frequency === 'daily') return `daily at ${s.time}`;
  return `weekly on ${s.weekday.charAt(0).toUpperCase()}${s.weekday.slice(1)} at ${s.time}`;
}

/** A schedule as days between slots, the weekday (Monday = 0) if any, and the local minute of the day. */
type Rule = { step: number; weekday: number | null; minute: number };

function ruleOf(s: Schedule): Rule | null {
  if (s.frequency === 'off') return null;
  const [hours = 0, minutes = 0] = parseTime(s.time).split(':').map(Number);
  const minute = hours * 60 + minutes;
  return s.frequency === 'daily'
    ? { step: 1, weekday: null, minute }
    : { step: 7, weekday: weekdays.indexOf(s.weekday), minute };
}

/** 1970-01-01 (day 0) was a Thursday. */
function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** The latest day ≤ day on which the rule has a slot. */
function alignDown(rule: Rule, day: number): number {
  return rule.weekday === null ? day : day - ((weekdayOf(day) - rule.weekday + 7) % 7);
}

function slotOn(rule: Rule, zone: string, day: number): number {
  return instantOf(zone, day * dayMs + rule.minute * 60_000);
}

/** The start of the most recent slot at or before ms, or null when the schedule is off. */
export function slotAt(s: Schedule, zone: string, ms: number): number | null {
  const rule = ruleOf(s);
  if (rule === null) return null;
  let day = alignDown(rule, localDay(zone, ms));
  let slot = slotOn(rule, zone, day);
  while (slot > ms) {
    day -= rule.step;
    slot = slotOn(rule, zone, day);
  }
  return slot;
}

/** The start of the first slot after ms, or null when the schedule is off. */
export function nextSlotAfter(s: Schedule, zone: string, ms: number): number | null {
  const rule = ruleOf(s);
  if (rule === null) return null;
  let day = alignDown(rule, localDay(zone, ms));
  let slot = slotOn(rule, zone, day);
  while (slot <= ms) {
    day += rule.step;
    slot = slotOn(rule, zone, day);
  }
  return slot;
}

function requireRule(s: Schedule): Rule {
  const rule = ruleOf(s);
  if (rule === null) throw new AppError('invalid_input', 'a schedule that is off has no slots');
  return rule;
}

function isoDate(day: number): string {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

/** ISO 8601 week of a day ("2026-W53"): the week belongs to the year of its Thursday. */
function isoWeek(day: number): string {
  const thursday = day - weekdayOf(day) + 3;
  const year = new Date(thursday * dayMs).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1) / dayMs) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * A stable name for the period a slot starts, from its local date and time: "2026-W48 Fri 09:00"
 * (weekly), "2026-11-26 18:00" (daily). The time is part of it so that a chat moved from 08:00 to 18:00
 * (or Monday to Friday) after its digest gets the stories since then at the new slot, instead of the
 * new slot colliding with the period already sent.
 */
export function slotKey(s: Schedule, zone: string, slot: number): string {
  const rule = requireRule(s);
  const day = localDay(zone, slot);
  const time = new Date(wallAt(zone, slot)).toISOString().slice(11, 16);
  if (rule.weekday === null) return `${isoDate(day)} ${time}`;
  const weekday = weekdays[weekdayOf(day)] ?? 'monday';
  return `${isoWeek(day)} ${weekday.charAt(0).toUpperCase()}${weekday.slice(1, 3)} ${time}`;
}

/**
 * The slot to push now: the most recent one, unless it was already sent or is older than the catch-up
 * window, so a push missed while Parley was down goes out once on return and an older one is skipped.
 */
export function dueSlot(
  s: Schedule,
  zone: string,
  now: number,
  lastSentSlot: number | null,
  catchUpMs: number,
): number | null {
  const slot = slotAt(s, zone, now);
  if (slot === null || (lastSentSlot !== null && slot <= lastSentSlot) || now - slot > catchUpMs) return null;
  return slot;
}

/** The period a digest sent at this slot covers: from the previous slot up to this one. */
export function periodOf(s: Schedule, zone: string, slot: number): { since: number; until: number } {
  requireRule(s);
  return { since: slotAt(s, zone, slot - 1) ?? slot, until: slot };
}

/**
 * A chat's last slot or schedule time this far past now was written while the clock ran ahead (a slot is
 * recorded at or after its time): once it is put right, they are forgotten for the decision, so that the
 * chat is not silent until that wrong time comes round. An hour, so that a clock stepped back by seconds
 * or minutes just after a digest changes nothing; (chat, period) stays unique, so a period that already
 * had its digest is not sent again.
 */
export const clockAheadMs = 60 * 60_000;
