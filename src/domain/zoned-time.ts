import { editDistance } from '../shared/closest-match.js';
import { invalidInput } from './input-problems.js';
import { cyrillicCityZones, foldLocal } from './local-words.js';

export { oneOf } from './input-problems.js';

/**
 * Wall-clock arithmetic in IANA time zones with Intl (Node 20 ships full ICU). A "day" is a local
 * calendar date as days since 1970-01-01; a "wall" time is local date and time encoded as if it were UTC.
 */
export const dayMs = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let cached = formatters.get(zone);
  if (cached === undefined) {
    cached = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, cached);
  }
  return cached;
}

/** The local wall time at an instant, whole seconds, encoded as UTC milliseconds. */
export function wallAt(zone: string, ms: number): number {
  const values = new Map<string, number>();
  for (const part of formatter(zone).formatToParts(ms)) values.set(part.type, Number(part.value));
  const at = (type: string) => values.get(type) ?? 0;
  // Older ICU builds print midnight as 24 even with h23.
  return Date.UTC(at('year'), at('month') - 1, at('day'), at('hour') % 24, at('minute'), at('second'));
}

/** The zone's UTC offset at an instant, in milliseconds (east positive). */
export function offsetAt(zone: string, ms: number): number {
  return wallAt(zone, ms) - Math.floor(ms / 1000) * 1000;
}

/** The local calendar day (days since 1970-01-01) at an instant. */
export function localDay(zone: string, ms: number): number {
  return Math.floor(wallAt(zone, ms) / dayMs);
}

/**
 * The instant of a local wall time. A wall time that occurs twice (fall-back) gives the first
 * occurrence; one that does not exist (spring-forward gap) gives the first instant after the gap,
 * as node-cron does ("Timezones and DST": https://github.com/node-cron/node-cron#readme).
 */
export function instantOf(zone: string, wall: number): number {
  // The instant lies within ±14 h of the wall time, so offsets a day either side include both of a change.
  const offsets = new Set([offsetAt(zone, wall - dayMs), offsetAt(zone, wall + dayMs)]);
  const valid = [...offsets].map((offset) => wall - offset).filter((t) => offsetAt(zone, t) === wall - t);
  if (valid.length > 0) return Math.min(...valid);
  return transitionIn(zone, wall - Math.max(...offsets), wall - Math.min(...offsets));
}

/** The first second at which the offset changes in (before, after], by bisection. */
function transitionIn(zone: string, before: number, after: number): number {
  const offsetBefore = offsetAt(zone, before);
  let low = before;
  let high = after;
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (offsetAt(zone, middle) === offsetBefore) low = middle;
    else high = middle;
  }
  return high;
}

// ICU in Node 20 still uses these pre-rename spellings; IANA made the new ones primary.
// Spec: https://data.iana.org/time-zones/tzdb/backward
export const renamedZones: Readonly<Record<string, string>> = {
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
};

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function canonicalZone(zone: string): string {
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  return renamedZones[resolved] ?? resolved;
}

type ZoneEntry = { name: string; full: string; city: string };
let zoneIndex: readonly ZoneEntry[] | undefined;

/** Every zone ICU knows, under its current name, also findable by its old name. */
function zones(): readonly ZoneEntry[] {
  zoneIndex ??= [...Intl.supportedValuesOf('timeZone'), ...Object.keys(renamedZones)].flatMap((id) => {
    const name = renamedZones[id] ?? id;
    return [id, name].map((spelling) => {
      const full = spelling.toLowerCase();
      return { name, full, city: full.slice(full.lastIndexOf('/') + 1) };
    });
  });
  return zoneIndex;
}

function suggestionsFor(key: string): string[] {
  const city = key.slice(key.lastIndexOf('/') + 1);
  const scored = zones().flatMap((entry) => {
    if (key.length >= 3 && entry.full.includes(key)) return [{ name: entry.name, score: 0 }];
    // Two edits cannot bridge a longer difference in length; measured anyway, a 4,000-character
    // `/timezone` held the event loop for half a second (every chat's commands and sends waited).
    if (Math.abs(entry.city.length - city.length) > 2) return [];
    const distance = editDistance(entry.city, city);
    return distance <= 2 ? [{ name: entry.name, score: distance }] : [];
  });
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return [...new Set(scored.map((entry) => entry.name))].slice(0, 3);
}

/**
 * Abbreviations people use for a place's clock, read as that place with its daylight saving. EST is an
 * IANA name, but a fixed UTC−5 (ICU: America/Panama), an hour off in a New York summer, and US users mean
 * New York by it. MST (Arizona keeps it all year), CET and EET (which follow the EU's summer time) mean
 * what IANA says. Abbreviations that name several places (IST: India, Israel, Ireland) are not guessed
 * (ambiguousAbbreviations refuses them), except CST, which every US user types.
 */
const zoneAbbreviations: ReadonlyMap<string, string> = new Map(
  Object.entries({
    est: 'America/New_York',
    edt: 'America/New_York',
    et: 'America/New_York',
    cst: 'America/Chicago',
    cdt: 'America/Chicago',
    mdt: 'America/Denver',
    pst: 'America/Los_Angeles',
    pdt: 'America/Los_Angeles',
    pt: 'America/Los_Angeles',
    msk: 'Europe/Moscow',
    bst: 'Europe/London',
    cest: 'Europe/Paris',
    eest: 'Europe/Kyiv',
  }),
);

/**
 * Three-letter ids that ICU still takes from old Java but that mean another place to most people who
 * type them (AST: Arabia or the Atlantic, for ICU Alaska; IST: India, Israel or Ireland, for ICU India;
 * NST: Newfoundland, for ICU New Zealand): refused, with the zones they may mean as suggestions.
 */
const ambiguousAbbreviations: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
    ist: ['Asia/Kolkata', 'Asia/Jerusalem', 'Europe/Dublin'],
    ast: ['Asia/Riyadh', 'Asia/Qatar', 'America/Halifax'],
    sst: ['Pacific/Pago_Pago', 'Asia/Singapore'],
    nst: ['America/St_Johns', 'Pacific/Auckland'],
    ect: ['America/Guayaquil', 'Europe/Paris'],
    art: ['America/Argentina/Buenos_Aires', 'Africa/Cairo'],
    mit: ['Pacific/Apia'],
    net: ['Asia/Yerevan'],
    plt: ['Asia/Karachi'],
    ctt: ['Asia/Shanghai'],
    bet: ['America/Sao_Paulo'],
  }),
);

/**
 * Cities that are no zone's name but whose readers this product serves, with the zone their clocks
 * keep: the capitals and negotiating venues of the conflicts (Doha, Geneva, Ankara, Tel Aviv…) and
 * the largest cities that share a zone named after another (Odesa, Kharkiv, Lviv keep Kyiv's time).
 */
const cityZones: ReadonlyMap<string, string> = new Map(
  Object.entries({
    odesa: 'Europe/Kyiv',
    odessa: 'Europe/Kyiv',
    kharkiv: 'Europe/Kyiv',
    kharkov: 'Europe/Kyiv',
    lviv: 'Europe/Kyiv',
    dnipro: 'Europe/Kyiv',
    zaporizhzhia: 'Europe/Kyiv',
    saint_petersburg: 'Europe/Moscow',
    st_petersburg: 'Europe/Moscow',
    tel_aviv: 'Asia/Jerusalem',
    haifa: 'Asia/Jerusalem',
    ramallah: 'Asia/Hebron',
    doha: 'Asia/Qatar',
    abu_dhabi: 'Asia/Dubai',
    manama: 'Asia/Bahrain',
    muscat: 'Asia/Muscat',
    jeddah: 'Asia/Riyadh',
    sanaa: 'Asia/Aden',
    "sana'a": 'Asia/Aden',
    ankara: 'Europe/Istanbul',
    geneva: 'Europe/Zurich',
    the_hague: 'Europe/Amsterdam',
    washington: 'America/New_York',
    washington_dc: 'America/New_York',
    boston: 'America/New_York',
    san_francisco: 'America/Los_Angeles',
    beijing: 'Asia/Shanghai',
    delhi: 'Asia/Kolkata',
    new_delhi: 'Asia/Kolkata',
    mumbai: 'Asia/Kolkata',
    islamabad: 'Asia/Karachi',
    goma: 'Africa/Lubumbashi',
    port_sudan: 'Africa/Khartoum',
    tbilisi: 'Asia/Tbilisi',
  }),
);

/** "UTC+3", "GMT -5", "utc+03:00" → the Etc zone of that whole-hour offset (whose sign is reversed). */
function offsetZone(text: string): string | null {
  const key = text.toLowerCase().replace(/\s+/g, '');
  const match = /^(?:utc|gmt)([+-])(\d{1,2})(?::?00)?$/.exec(key);
  if (match === null) return null;
  const hours = Number(match[2]);
  if (hours === 0) return 'UTC';
  // IANA has Etc/GMT-14 (UTC+14) to Etc/GMT+12 (UTC−12), and no other.
  const zone = `Etc/GMT${match[1] === '+' ? '-' : '+'}${hours}`;
  return isValidTimeZone(zone) ? zone : null;
}

/**
 * The canonical IANA name for what a user typed: any spelling ICU accepts ("europe/kyiv", "Kiev" as
 * Europe/Kiev), a city alone ("new york", "kyiv") when exactly one zone has it, a city this product's
 * readers live in or negotiate in ("Odesa", "Doha", "Kyiv, Ukraine"), a common abbreviation ("EST":
 * the US East with its summer time) or a whole-hour offset ("UTC+3").
 */
export function checkTimeZone(zone: string): string {
  const trimmed = zone.trim();
  const key = trimmed.toLowerCase().replace(/[\s-]+/g, '_');
  const named = zoneAbbreviations.get(key) ?? offsetZone(trimmed);
  if (named !== undefined && named !== null) return named;
  const meant = ambiguousAbbreviations.get(key);
  if (meant !== undefined)
    throw invalidInput({ problem: 'unknown_time_zone', input: trimmed, suggestions: [...meant] }, { zone });
  if (trimmed !== '' && isValidTimeZone(trimmed)) return canonicalZone(trimmed);
  // "Kyiv, Ukraine", "Doha (Qatar)": the city is what names the zone.
  const city = key.split(/[,(]/)[0]?.replace(/_+$/, '') ?? key;
  const listed = cityZones.get(city) ?? cyrillicCityZones.get(foldLocal(city));
  if (listed !== undefined) return listed;
  const byCity = new Set(
    zones()
      .filter((entry) => entry.city === city)
      .map((entry) => entry.name),
  );
  const [only] = byCity;
  if (byCity.size === 1 && only !== undefined) return only;
  const suggestions = suggestionsFor(key);
  throw invalidInput({ problem: 'unknown_time_zone', input: trimmed, suggestions }, { zone });
}
