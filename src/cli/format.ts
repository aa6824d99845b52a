/** Small formatting helpers for terminal output. */

import { graphemeBoundary } from '../shared/graphemes.js';

export function formatTime(ms: number | null): string {
  if (ms === null || ms === 0) return '-';
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

export function truncate(text: string, width: number): string {
  if (text.length <= width) return text;
  // Never through a character (an emoji's UTF-16 halves, a flag's two letters): half prints as U+FFFD.
  return `${text.slice(0, graphemeBoundary(text, Math.max(0, width - 1)))}…`;
}

/**
 * A feed as a short label: its name or title, else its URL without the scheme, cut in the middle so
 * the host and the end of the path stay (feeds of one site differ at the end, not at the start).
 */
export function feedLabel(
  feed: { name: string | null; title: string | null; url: string },
  width: number,
): string {
  const named = feed.name ?? feed.title;
  if (named !== null && named !== '') return truncate(named, width);
  const url = feed.url.replace(/^https?:\/\//i, '');
  if (url.length <= width) return url;
  const tail = Math.floor((width - 1) / 2);
  return `${url.slice(0, width - 1 - tail)}…${url.slice(url.length - tail)}`;
}

/** Left-aligned columns sized to their widest cell. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * Text from feeds and chats made safe for a terminal: control characters (an ESC could move the cursor
 * or recolour the screen) become U+FFFD; newlines and tabs stay.
 */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd');
}

/** "1 item", "2 items": a count with its noun (English plural in -s). */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * A relevance or topic score as the rules that fired write it (to 0.001, no trailing zeros): one
 * decimal showed 0.96 as "1.0" beside "threshold 1", and 1.65 as "1.6" above "score 1.65 ≥ threshold 1".
 */
export function formatScore(score: number): string {
  return String(Math.round(score * 1000) / 1000);
}
