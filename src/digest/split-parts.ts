import { graphemeBoundary } from '../shared/graphemes.js';
import type { Digest, DigestSection, DigestSource } from './build-digest.js';
import type { DigestWords } from './digest-words.js';

/** A topic section to pack: its heading (for its first part, or for a part that continues it) and its stories. */
export type PackSection<T> = { heading: (continued: boolean) => T[]; stories: T[][] };

export type PackInput<T> = {
  /** Units only the first part starts with (the digest's title). */
  head: T[];
  sections: PackSection<T>[];
  /** Units between two sections in the same part (a Slack divider); never at the top of a part. */
  between?: T[];
  /** Each unit's cost on every measured axis (characters, blocks); parts keep every axis within limits. */
  weigh: (unit: T) => readonly number[];
  limits: readonly number[];
};

/**
 * Packs stories into parts within the platform's limits, splitting only between stories. A section
 * continued in a new part repeats its heading there. A story too large even for an empty part goes
 * alone, so callers truncate stories beforehand (see truncateAtWord).
 */
export function splitParts<T>(input: PackInput<T>): T[][] {
  const parts: T[][] = [];
  let part: T[] = [...input.head];
  let used = total(part, input.weigh, input.limits.length);
  let hasStory = false;
  const fits = (units: T[]) => {
    const cost = total(units, input.weigh, input.limits.length);
    return input.limits.every((limit, i) => (used[i] ?? 0) + (cost[i] ?? 0) <= limit);
  };
  const add = (units: T[]) => {
    part.push(...units);
    used = add2(used, total(units, input.weigh, input.limits.length));
  };
  for (const section of input.sections) {
    section.stories.forEach((story, index) => {
      const lead = index === 0 ? [...(hasStory ? (input.between ?? []) : []), ...section.heading(false)] : [];
      if (fits([...lead, ...story])) {
        add([...lead, ...story]);
      } else {
        if (part.length > 0) parts.push(part);
        part = [];
        used = input.limits.map(() => 0);
        add([...section.heading(index > 0), ...story]);
      }
      hasStory = true;
    });
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

function total<T>(units: readonly T[], weigh: (unit: T) => readonly number[], axes: number): number[] {
  return units.reduce(
    (sum, unit) => add2(sum, [...weigh(unit)]),
    Array.from({ length: axes }, () => 0),
  );
}

const add2 = (a: readonly number[], b: readonly number[]): number[] => a.map((x, i) => x + (b[i] ?? 0));

/**
 * The longest prefix of `text` whose cost (per character, by `weigh`) plus "…" is at most `max`, cut at
 * a word boundary when one is near. Works on raw text, so escaping afterwards never splits an entity.
 */
export function truncateAtWord(text: string, max: number, weigh: (char: string) => number = () => 1): string {
  const chars = [...text];
  const full = chars.reduce((sum, c) => sum + weigh(c) * c.length, 0);
  if (full <= max) return text;
  let cost = 1;
  let end = 0;
  while (end < chars.length) {
    const c = chars[end] ?? '';
    if (cost + weigh(c) * c.length > max) break;
    cost += weigh(c) * c.length;
    end += 1;
  }
  const prefix = chars.slice(0, end).join('');
  // Between user-perceived characters: not through a flag, a ZWJ family or a letter and its accent.
  const cut = prefix.slice(0, graphemeBoundary(text, prefix.length));
  if (cut === '') return max >= 1 ? '…' : '';
  const space = cut.search(/\s\S*$/);
  const kept = space > cut.length / 2 ? cut.slice(0, space) : cut;
  return `${kept.replace(/[\s,;:.–—-]+$/u, '')}…`;
}

export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const defaultTitle = (digest: Digest, words: DigestWords): string =>
  words.title(words.between(isoDay(digest.since), isoDay(digest.until)));

/** What a section left out, said the same way on every surface; null when it left nothing out. */
export function moreNote(section: DigestSection, words: DigestWords): string | null {
  return section.more === 0 ? null : words.more(section.more, section.moreAtLeast, section.label);
}

/** Same words as renderText's, so every surface says the same thing about a quiet week. */
export function quietMessage(digest: Digest, words: DigestWords): string {
  // The period is in the heading, in the chat's own time zone: repeating it here in UTC contradicted it.
  return words.quiet(digest.topicLabels ?? digest.topics);
}

/** Only web links: a feed could carry `javascript:` or `tg://` URLs that a chat must not render as links. */
export function webUrl(source: DigestSource): string | null {
  return source.url !== null && /^https?:\/\//i.test(source.url) ? source.url : null;
}

// Unicode Bidi (UAX #9, https://www.unicode.org/reports/tr9/#Explicit_Directional_Isolates): a right-to-left
// outlet name in the left-to-right sources line drags its neighbours along (", +2" after Arabic letters
// shows as "2+ ,", two Arabic names swap places); first-strong isolates keep each name to itself. Only
// a name with right-to-left letters gets them (Hebrew, Arabic, Syriac, Thaana, N'Ko and their
// presentation forms): a terminal without bidi support may show the marks, and other names need none.
// Isolate marks already in the name are dropped, so that it cannot close the isolate early.
const rightToLeft = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
const isolateMarks = /[\u2066-\u2069]/gu;
export const isolate = (name: string): string =>
  rightToLeft.test(name) ? `\u2068${name.replace(isolateMarks, '')}\u2069` : name;

/** How many of `sources` a sources line names: the first `shown`, or all when only one more is left. */
const listedCount = (sources: readonly DigestSource[], shown: number): number =>
  sources.length === shown + 1 ? sources.length : shown;

/**
 * "Sources: A, B, C, +2 more" ("Source: A" for one): the first `shown`, or all of them when only one
 * more is left, which takes about the room "+1 more" would.
 */
export function sourceLine(
  sources: readonly DigestSource[],
  shown: number,
  link: (s: DigestSource) => string,
  words: DigestWords,
): string {
  const count = listedCount(sources, shown);
  const listed = sources.slice(0, count).map(link).join(', ');
  const list = sources.length > count ? `${listed}, ${words.moreSources(sources.length - count)}` : listed;
  return `${sources.length === 1 ? words.source : words.sources}: ${list}`;
}

/**
 * The sources line, its longest addresses shown as plain outlet names one by one until `fits` accepts
 * it: links are what can push a story past a platform's limit, and the names are still there.
 */
export function fittedSourceLine(
  sources: readonly DigestSource[],
  shown: number,
  link: (s: DigestSource, linked: boolean) => string,
  words: DigestWords,
  fits: (line: string) => boolean,
): string {
  const unlinked = new Set<DigestSource>();
  const line = () => sourceLine(sources, shown, (s) => link(s, !unlinked.has(s)), words);
  const longestFirst = sources
    .slice(0, listedCount(sources, shown))
    .filter((s) => webUrl(s) !== null)
    .sort((a, b) => (webUrl(b)?.length ?? 0) - (webUrl(a)?.length ?? 0));
  let text = line();
  for (const source of longestFirst) {
    if (fits(text)) break;
    unlinked.add(source);
    text = line();
  }
  return text;
}
