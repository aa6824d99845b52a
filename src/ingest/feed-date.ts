/**
 * Zone abbreviations that news feeds write in RFC 822 dates but V8's Date.parse does not know (it knows
 * UT, GMT, Z and the US zones). Ambiguous ones (IST, AST, CST outside the US) are left out on purpose.
 * Spec: https://www.rfc-editor.org/rfc/rfc822#section-5.1
 */
const zoneOffsets: ReadonlyMap<string, string> = new Map([
  ['MSK', '+0300'],
  ['MSD', '+0400'],
  ['EET', '+0200'],
  ['EEST', '+0300'],
  ['CET', '+0100'],
  ['CEST', '+0200'],
  ['WET', '+0000'],
  ['WEST', '+0100'],
  ['BST', '+0100'],
  ['IDT', '+0300'],
  ['TRT', '+0300'],
  ['GST', '+0400'],
  ['JST', '+0900'],
  ['KST', '+0900'],
  ['HKT', '+0800'],
  ['SGT', '+0800'],
  ['AEST', '+1000'],
  ['AEDT', '+1100'],
]);

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Russian and Ukrainian month names by their first three letters (abbreviated or in the genitive: "авг",
 * "августа", "серпня"), as some Cyrillic feeds write their RFC 822 dates ("Сб, 16 авг 2025 12:00:00
 * +0300"); May is "мая"/"май", whose first three letters differ.
 */
const cyrillicMonths: ReadonlyMap<string, string> = new Map([
  ...['янв', 'фев', 'мар', 'апр', 'мая', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'].map(
    (name, month) => [name, monthNames[month] as string] as const,
  ),
  ['май', 'May'],
  ...['січ', 'лют', 'бер', 'кві', 'тра', 'чер', 'лип', 'сер', 'вер', 'жов', 'лис', 'гру'].map(
    (name, month) => [name, monthNames[month] as string] as const,
  ),
]);

/** The date with its Cyrillic month in English and without its weekday, or null when it has none. */
function withLatinMonth(text: string): string | null {
  if (!/\p{Script=Cyrillic}/u.test(text)) return null;
  const rest = text.replace(/^\p{Script=Cyrillic}+\.?,\s*/u, '');
  const month = /(?<=^|[\s,.])(\p{Script=Cyrillic}{3})\p{Script=Cyrillic}*\.?(?=\s)/u.exec(rest);
  const name = month?.[1] === undefined ? undefined : cyrillicMonths.get(month[1].toLowerCase());
  if (!month || name === undefined) return null;
  const after = rest.slice(month.index + month[0].length).replace(yearWord, '$1');
  return `${rest.slice(0, month.index)}${name}${after}`;
}

/**
 * The word after a year in Russian or Ukrainian dates ("16 августа 2025 г. 12:00", "2025 года, 12:00",
 * "2025 р. о 12:00"), with a comma or "в"/"о" ("at") before the time: V8 reads none of them.
 */
const yearWord = /^(\s+\d{4})\s*(?:г\.|года|год|р\.|року|рік)?,?(?:\s+(?:в|о|об))?(?=\s|$)/iu;

// A zone's offset at the end of a date: after its time, a space or GMT/UTC.
const zoneOffset = /(?:\d:\d{2}(?::\d{2}(?:\.\d+)?)?\s*|\s|GMT|UTC?)[+-]\d{1,2}(?::?\d{2})?$/i;

/**
 * A date without a zone is read as UTC, not in the time zone of the machine Parley runs on (V8 reads an
 * ISO date-time or an RFC 822 date without one as local time): the same feed must give the same dates
 * on every host.
 */
function withZone(text: string): string {
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(text))
    return `${text.replace(' ', 'T')}Z`;
  // Any other form without a zone ends in its date or time ("18 Nov 2025", "Nov 18, 2025", "12:00:00.000",
  // "9:00 am"); one with a zone ends in its name or its offset ("+0300", "GMT+3"), which stays. An offset
  // follows a time, a space or GMT/UTC: the year of "16-Aug-2025" is not one (-20:25).
  if (/(?:\d|\s[ap]\.?m\.?)$/i.test(text) && !zoneOffset.test(text)) return `${text} GMT`;
  return text;
}

/** Epoch milliseconds of an RSS/Atom/JSON Feed date (RFC 822 or ISO 8601), or null. */
export function parseFeedDate(raw: string | null): number | null {
  if (raw === null) return null;
  const trimmed = raw.trim();
  const text = withZone(withLatinMonth(trimmed) ?? trimmed);
  const parsed = Date.parse(text);
  if (!Number.isNaN(parsed)) return parsed;
  const zone = /\s([A-Z]{3,4})$/.exec(text)?.[1];
  const offset = zone === undefined ? undefined : zoneOffsets.get(zone);
  if (zone === undefined || offset === undefined) return null;
  const retried = Date.parse(`${text.slice(0, -zone.length)}${offset}`);
  return Number.isNaN(retried) ? null : retried;
}

/** Feeds that predate 1995 do not exist; earlier dates are placeholders (Meduza ships 1970-01-01). */
const EARLIEST = Date.UTC(1995, 0, 1);
/** Clock skew and time-zone mistakes allowance before a date counts as "in the future". */
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

/** The feed's date when it is plausible, else `now` with `fromFeed: false`. */
export function sanePublishedAt(raw: string | null, now: number): { at: number; fromFeed: boolean } {
  const at = parseFeedDate(raw);
  if (at === null || at < EARLIEST || at > now + FUTURE_SLACK_MS) return { at: now, fromFeed: false };
  return { at, fromFeed: true };
}
