import type { types } from '@slack/bolt';

export type Block = types.KnownBlock;
/** One message as a slash command answer, an ephemeral reply or a Home tab section list. */
export type Reply = { text: string; blocks: Block[] };

// Spec: https://docs.slack.dev/reference/block-kit/blocks (section text ≤ 3000, header ≤ 150 characters).
const maxSection = 3000;
const maxHeader = 150;

/**
 * Slack's control characters only. Unlike src/digest/render-slack.ts (feed text, whose `*` and `_` become
 * look-alikes), formatting marks stay: these replies quote topic ids and time zones to be typed as they
 * are (America/Port_of_Spain), and a mark the user typed shows only in the reply to that user.
 * Spec: https://api.slack.com/reference/surfaces/formatting#escaping
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Slack sends `&`, `<` and `>` in a slash command's text HTML-escaped; this gives back what the user
 * typed, so that it is escaped exactly once on the way out.
 */
export function decodeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const slackId = /^[A-Z0-9]{2,40}$/;

/** `<#C123>` (Slack shows the channel's name to each reader), or the escaped text for anything else. */
export function channelRef(channelId: string): string {
  return slackId.test(channelId) ? `<#${channelId}>` : escapeMrkdwn(channelId);
}

export function userRef(userId: string): string {
  return slackId.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A section of mrkdwn that the caller escaped where needed. */
export const section = (text: string): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: cut(text, maxSection) },
});

export const context = (text: string): Block => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: cut(text, maxSection) }],
});

export const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: cut(text, maxHeader), emoji: true },
});

export const divider: Block = { type: 'divider' };

/** A reply of one or more sections, with the first as its notification text (no markup in it). */
export function reply(...texts: string[]): Reply {
  const first = texts[0] ?? '';
  return { text: cut(first.replace(/[*_`]/g, ''), maxSection), blocks: texts.map(section) };
}

/** "Fri 27 Nov 2026, 09:00" in the chat's time zone. */
export function localTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}
