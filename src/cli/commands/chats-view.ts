import { type Chat, type ChatChange, describeAddress } from '../../domain/chat.js';
import { type Delivery, type DeliveryState, deliveryStates } from '../../domain/delivery.js';
import type { Outbox } from '../../domain/ports.js';
import { formatSchedule, nextSlotAfter } from '../../domain/schedule.js';
import { wallAt } from '../../domain/zoned-time.js';
import { formatTime, table, truncate } from '../format.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const dayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

export const topicsText = (topics: readonly string[]): string =>
  topics.length === 0 ? 'all' : topics.join(', ');

/** The next scheduled push, or null when the chat is off or its schedule is. */
export function nextPush(chat: Chat, now: number): number | null {
  return chat.active ? nextSlotAfter(chat.schedule, chat.timeZone, now) : null;
}

/** "Fri 2026-11-27 09:00" for the wall time in the zone at an instant. */
function localTime(zone: string, ms: number): string {
  const wall = new Date(wallAt(zone, ms));
  return `${dayNames[wall.getUTCDay()] ?? ''} ${formatTime(wall.getTime())}`;
}

export function nextPushText(chat: Chat, now: number): string {
  const at = nextPush(chat, now);
  if (at === null) return '-';
  return `${localTime(chat.timeZone, at)} local, ${formatTime(at)} UTC`;
}

type LastDigest = { period: string; states: Record<DeliveryState, number> };

/** The newest digest of the chat and how many of its parts are in each state. */
export function lastDigest(outbox: Outbox, chatId: number): LastDigest | null {
  const deliveries = outbox.ofChat(chatId, 100);
  const first = deliveries[0];
  if (first === undefined) return null;
  const states = Object.fromEntries(deliveryStates.map((state) => [state, 0])) as Record<
    DeliveryState,
    number
  >;
  for (const delivery of deliveries) {
    if (delivery.digestId === first.digestId) states[delivery.state] += 1;
  }
  return { period: first.period, states };
}

export function lastDigestText(digest: LastDigest | null): string {
  if (digest === null) return '-';
  const counts = deliveryStates.filter((state) => digest.states[state] > 0);
  return `${digest.period}: ${counts.map((state) => `${digest.states[state]} ${state}`).join(', ')}`;
}

/** The JSON line contract of `parley chats --json`; `show --json` adds changes and deliveries. */
export function chatJson(chat: Chat, outbox: Outbox, now: number): Record<string, unknown> {
  const next = nextPush(chat, now);
  return {
    id: chat.id,
    platform: chat.platform,
    chatId: chat.chatId,
    threadId: chat.threadId,
    address: describeAddress(chat),
    title: chat.title,
    topics: chat.topics,
    timeZone: chat.timeZone,
    schedule: formatSchedule(chat.schedule),
    quiet: chat.quiet,
    language: chat.language,
    active: chat.active,
    inactiveReason: chat.inactiveReason,
    nextPushAt: iso(next),
    nextPushLocal: next === null ? null : new Date(wallAt(chat.timeZone, next)).toISOString().slice(0, 16),
    lastDigest: lastDigest(outbox, chat.id),
    createdAt: iso(chat.createdAt),
    updatedAt: iso(chat.updatedAt),
  };
}

export function changeJson(change: ChatChange): Record<string, unknown> {
  const { at, actor, field, before, after } = change;
  return { at: iso(at), actor, field, before, after };
}

export function deliveryJson(delivery: Delivery): Record<string, unknown> {
  const { id, digestId, period, part, parts, state, attempts, lastError } = delivery;
  return {
    ...{ id, digestId, period, part, parts, state, attempts, lastError },
    createdAt: iso(delivery.createdAt),
    nextAttemptAt: iso(delivery.nextAttemptAt),
    sentAt: iso(delivery.sentAt),
  };
}

/** The table of `parley chats`; a status column when inactive chats are listed too. */
export function chatTable(
  chats: readonly Chat[],
  outbox: Outbox,
  now: number,
  withStatus: boolean,
): string[] {
  const header = [
    'ID',
    'CHAT',
    'TITLE',
    'TOPICS',
    'LANG',
    'TIME ZONE',
    'SCHEDULE',
    'NEXT PUSH',
    'LAST DIGEST',
  ];
  const rows = chats.map((chat) => [
    String(chat.id),
    describeAddress(chat),
    truncate(chat.title ?? '-', 30),
    truncate(topicsText(chat.topics), 30),
    chat.language,
    chat.timeZone,
    formatSchedule(chat.schedule),
    nextPushText(chat, now),
    lastDigestText(lastDigest(outbox, chat.id)),
    ...(withStatus ? [chat.active ? 'active' : `off: ${chat.inactiveReason ?? 'no reason recorded'}`] : []),
  ]);
  return table([withStatus ? [...header, 'STATUS'] : header, ...rows]);
}

/** The settings block of `show`, `add` and `set`. */
export function chatLines(chat: Chat, outbox: Outbox, now: number): string[] {
  return [
    `chat ${chat.id}  ${describeAddress(chat)}${chat.title === null ? '' : `  "${chat.title}"`}`,
    `  status:      ${chat.active ? 'active' : `off: ${chat.inactiveReason ?? 'no reason recorded'}`}`,
    `  topics:      ${topicsText(chat.topics)}`,
    `  time zone:   ${chat.timeZone}`,
    `  schedule:    ${formatSchedule(chat.schedule)}`,
    `  quiet:       ${chat.quiet === 'note' ? 'note (a period without new stories gets a short note)' : 'skip (a period without new stories gets nothing)'}`,
    `  language:    ${chat.language}`,
    `  next push:   ${nextPushText(chat, now)}`,
    `  last digest: ${lastDigestText(lastDigest(outbox, chat.id))}`,
  ];
}

/** "topics: all → ukraine, gaza", as the audit trail stores it. */
export function changeText(change: ChatChange): string {
  return `${change.field}: ${change.before ?? '-'} → ${change.after ?? '-'}`;
}

export function changeLines(changes: readonly ChatChange[]): string[] {
  if (changes.length === 0) return ['  none'];
  return table(changes.map((change) => [formatTime(change.at), change.actor, changeText(change)])).map(
    (line) => `  ${line}`,
  );
}

export function deliveryLines(deliveries: readonly Delivery[]): string[] {
  if (deliveries.length === 0) return ['  none'];
  const header = ['PERIOD', 'PART', 'STATE', 'ATTEMPTS', 'SENT AT', 'LAST ERROR'];
  const rows = deliveries.map((delivery) => [
    delivery.period,
    `${delivery.part}/${delivery.parts}`,
    delivery.state,
    String(delivery.attempts),
    formatTime(delivery.sentAt),
    truncate(delivery.lastError ?? '', 80),
  ]);
  return table([header, ...rows]).map((line) => `  ${line}`);
}
