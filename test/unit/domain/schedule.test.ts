import { describe, expect, it } from 'vitest';
import {
  checkTimeZone,
  dueSlot,
  formatSchedule,
  isValidTimeZone,
  nextSlotAfter,
  parseSchedule,
  periodOf,
  type Schedule,
  slotAt,
  slotKey,
  weekdays,
} from '../../../src/domain/schedule.js';
import { renamedZones } from '../../../src/domain/zoned-time.js';
import { isAppError } from '../../../src/shared/errors.js';

const minute = 60_000;
const hour = 60 * minute;
const la = 'America/Los_Angeles';
const auckland = 'Pacific/Auckland';
const fridayNine: Schedule = { frequency: 'weekly', weekday: 'friday', time: '09:00' };
const daily = (time: string): Schedule => ({ frequency: 'daily', time });
const utc = (text: string) => Date.parse(`${text}Z`);

/** The wall clock at an instant as an independent Intl formatter sees it: "2026-03-08 Sunday 03:00 GMT-7". */
function local(zone: string, ms: number): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    ...{
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
    },
    timeZoneName: 'shortOffset',
  }).formatToParts(ms);
  const at = (type: string) => parts.find((part) => part.type === type)?.value ?? '?';
  return `${at('year')}-${at('month')}-${at('day')} ${at('weekday')} ${at('hour')}:${at('minute')} ${at('timeZoneName')}`;
}

/** Ticks a clock every 5 minutes, sending whatever dueSlot says and remembering it as sent. */
function simulate(s: Schedule, zone: string, from: number, to: number, lastSent: number | null) {
  const sent: { slot: number; at: number }[] = [];
  let last = lastSent;
  for (let now = from; now < to; now += 5 * minute) {
    const due = dueSlot(s, zone, now, last, 24 * hour);
    if (due !== null) sent.push({ slot: due, at: now });
    last = due ?? last;
  }
  return sent;
}

const weeklyAcrossDst = [
  {
    zone: la,
    change: 'spring forward',
    from: '2026-02-16T00:00',
    to: '2026-03-30T00:00',
    first: 20,
    gaps: [168, 168, 167, 168, 168],
  },
  {
    zone: la,
    change: 'fall back',
    from: '2026-10-12T00:00',
    to: '2026-11-23T00:00',
    first: 16,
    gaps: [168, 168, 169, 168, 168],
  },
  {
    zone: auckland,
    change: 'DST end',
    from: '2026-03-16T00:00',
    to: '2026-04-27T00:00',
    first: 20,
    gaps: [168, 168, 169, 168, 168],
  },
  {
    zone: auckland,
    change: 'DST start',
    from: '2026-09-07T00:00',
    to: '2026-10-19T00:00',
    first: 11,
    gaps: [168, 168, 167, 168, 168],
  },
];

describe('weekly Friday 09:00 across DST changes', () => {
  it.each(weeklyAcrossDst)('sends one digest a week at Friday 09:00 in $zone across $change', (c) => {
    const from = utc(c.from);
    const sent = simulate(fridayNine, c.zone, from, utc(c.to), slotAt(fridayNine, c.zone, from));
    expect(sent.map(({ slot }) => local(c.zone, slot).slice(11, 23))).toEqual(Array(6).fill('Friday 09:00'));
    expect(Number(local(c.zone, sent[0]?.slot ?? 0).slice(8, 10))).toBe(c.first);
    expect(sent.slice(1).map(({ slot }, i) => (slot - (sent[i]?.slot ?? 0)) / hour)).toEqual(c.gaps);
    for (const { slot, at } of sent) expect(at - slot).toBeLessThan(5 * minute);
  });
});

const dailyAcrossDst = [
  { zone: la, time: '09:00', from: '2026-03-05T08:00', days: 7, odd: '', expected: '' },
  { zone: la, time: '02:30', from: '2026-03-05T08:00', days: 7, odd: '2026-03-08', expected: '03:00 GMT-7' },
  { zone: la, time: '01:30', from: '2026-10-29T07:00', days: 7, odd: '2026-11-01', expected: '01:30 GMT-7' },
  { zone: auckland, time: '09:00', from: '2026-04-02T11:00', days: 7, odd: '', expected: '' },
  {
    zone: auckland,
    time: '02:30',
    from: '2026-09-24T12:00',
    days: 7,
    odd: '2026-09-27',
    expected: '03:00 GMT+13',
  },
  {
    zone: auckland,
    time: '02:30',
    from: '2026-04-02T11:00',
    days: 7,
    odd: '2026-04-05',
    expected: '02:30 GMT+13',
  },
];

describe('daily digests across DST changes', () => {
  it.each(dailyAcrossDst)('sends daily $time in $zone once per local day ($odd at $expected)', (c) => {
    const s = daily(c.time);
    const from = utc(c.from);
    const sent = simulate(s, c.zone, from, from + c.days * 24 * hour, slotAt(s, c.zone, from));
    const seen = sent.map(({ slot }) => local(c.zone, slot));
    expect(new Set(seen.map((text) => text.slice(0, 10))).size).toBe(c.days);
    expect(seen).toHaveLength(c.days);
    for (const text of seen) {
      const odd = text.startsWith(c.odd) && c.odd !== '';
      if (odd) expect(text.slice(-c.expected.length - 1)).toBe(` ${c.expected}`);
      else expect(text.split(' ')[2]).toBe(c.time);
    }
    expect(seen.some((text) => c.odd === '' || text.startsWith(c.odd))).toBe(true);
  });
});

describe('catch-up after downtime', () => {
  const lastFriday = utc('2026-06-05T16:00');
  it.each([
    {
      name: 'down Thursday to Friday 20:00: Friday 09:00 is sent once at restart',
      restart: '2026-06-13T03:00',
      sends: ['2026-06-12T16:00', '2026-06-19T16:00'],
    },
    {
      name: 'back exactly 24 h after the slot: still sent',
      restart: '2026-06-13T16:00',
      sends: ['2026-06-12T16:00', '2026-06-19T16:00'],
    },
    {
      name: 'down until Saturday 10:00: skipped, next Friday sent',
      restart: '2026-06-13T17:00',
      sends: ['2026-06-19T16:00'],
    },
  ])('$name', ({ restart, sends }) => {
    const sent = simulate(fridayNine, la, utc(restart), utc('2026-06-22T00:00'), lastFriday);
    expect(sent.map(({ slot }) => new Date(slot).toISOString().slice(0, 16))).toEqual(sends);
    expect(sent[0]?.at).toBe(sends.length === 2 ? utc(restart) : utc('2026-06-19T16:00'));
  });

  it('sends nothing for a schedule that is off', () => {
    expect(dueSlot({ frequency: 'off' }, la, utc('2026-06-12T16:00'), null, 24 * hour)).toBeNull();
    expect(slotAt({ frequency: 'off' }, la, 0)).toBeNull();
    expect(nextSlotAfter({ frequency: 'off' }, la, 0)).toBeNull();
  });
});

describe('nextSlotAfter', () => {
  it.each([
    {
      name: 'a slot itself is not after itself',
      s: fridayNine,
      zone: la,
      at: '2026-06-12T16:00',
      next: '2026-06-19T16:00',
    },
    {
      name: 'Thursday gives the coming Friday',
      s: fridayNine,
      zone: auckland,
      at: '2026-04-01T00:00',
      next: '2026-04-02T20:00',
    },
    {
      name: 'a time in the spring-forward gap fires at 03:00',
      s: daily('02:30'),
      zone: la,
      at: '2026-03-08T08:00',
      next: '2026-03-08T10:00',
    },
    {
      name: 'the repeated hour at fall-back fires only once',
      s: daily('01:30'),
      zone: la,
      at: '2026-11-01T09:45',
      next: '2026-11-02T09:30',
    },
  ])('$name', ({ s, zone, at, next }) => {
    expect(nextSlotAfter(s, zone, utc(at))).toBe(utc(next));
  });
});

describe('slotKey', () => {
  it.each([
    { s: fridayNine, zone: la, slot: '2026-03-06T17:00', key: '2026-W10 Fri 09:00' },
    { s: fridayNine, zone: la, slot: '2026-03-13T16:00', key: '2026-W11 Fri 09:00' },
    { s: fridayNine, zone: auckland, slot: '2026-01-01T20:00', key: '2026-W01 Fri 09:00' },
    { s: fridayNine, zone: 'UTC', slot: '2027-01-01T09:00', key: '2026-W53 Fri 09:00' },
    { s: daily('09:00'), zone: auckland, slot: '2026-04-04T21:00', key: '2026-04-05 09:00' },
    { s: daily('01:30'), zone: la, slot: '2026-11-01T08:30', key: '2026-11-01 01:30' },
  ])('names the period of $slot in $zone $key', ({ s, zone, slot, key }) => {
    expect(slotKey(s, zone, utc(slot))).toBe(key);
  });

  it.each([
    { s: fridayNine, zone: la },
    { s: daily('02:30'), zone: auckland },
  ])('gives every hour of 8 weeks across DST the key of one slot ($zone)', ({ s, zone }) => {
    const keyOfSlot = new Map<number, string>();
    for (let now = utc('2026-02-20T00:00'); now < utc('2026-04-17T00:00'); now += hour) {
      const slot = slotAt(s, zone, now) ?? 0;
      keyOfSlot.set(slot, slotKey(s, zone, slot));
    }
    expect(new Set(keyOfSlot.values()).size).toBe(keyOfSlot.size);
    expect(keyOfSlot.size).toBe(s.frequency === 'daily' ? 57 : 9);
  });
});

describe('periodOf', () => {
  it.each([
    { s: fridayNine, zone: la, slot: '2026-06-12T16:00', hours: 168 },
    { s: fridayNine, zone: la, slot: '2026-03-13T16:00', hours: 167 },
    { s: fridayNine, zone: la, slot: '2026-11-06T17:00', hours: 169 },
    { s: fridayNine, zone: auckland, slot: '2026-04-09T21:00', hours: 169 },
    { s: fridayNine, zone: auckland, slot: '2026-10-01T20:00', hours: 167 },
    { s: daily('09:00'), zone: la, slot: '2026-03-08T16:00', hours: 23 },
    { s: daily('09:00'), zone: la, slot: '2026-11-01T17:00', hours: 25 },
  ])('a period ending $slot in $zone lasts $hours h', ({ s, zone, slot, hours }) => {
    const period = periodOf(s, zone, utc(slot));
    expect(period.until).toBe(utc(slot));
    expect((period.until - period.since) / hour).toBe(hours);
  });

  it('refuses a schedule that is off', () => {
    expect(() => periodOf({ frequency: 'off' }, la, 0)).toThrow('a schedule that is off has no slots');
  });
});

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isAppError(error, 'invalid_input')) return error.message;
    throw error;
  }
  return 'no error';
}

function detailsOf(run: () => unknown): Readonly<Record<string, unknown>> {
  try {
    run();
  } catch (error) {
    if (isAppError(error, 'invalid_input')) return error.details;
    throw error;
  }
  return {};
}

describe('parseSchedule', () => {
  it.each([
    { text: 'weekly friday 09:00', s: fridayNine },
    { text: '  Weekly FRI 9:00 ', s: fridayNine },
    { text: 'weekly on Friday at 09:00', s: fridayNine },
    { text: 'weekly thurs 18:30', s: { frequency: 'weekly', weekday: 'thursday', time: '18:30' } },
    { text: 'daily 18:30', s: daily('18:30') },
    { text: 'DAILY at 0:05', s: daily('00:05') },
    { text: 'off', s: { frequency: 'off' } },
    // A day and a time alone are weekly.
    { text: 'Friday 9:00', s: fridayNine },
    // Russian and Ukrainian, as people of the bot's ru and uk chats write them.
    { text: 'еженедельно пятница 09:00', s: fridayNine },
    { text: 'еженедельно в пятницу в 9:00', s: fridayNine },
    { text: 'щотижня пт о 9:00', s: fridayNine },
    { text: "щотижня п'ятниця 9:00", s: fridayNine },
    { text: 'щотижня пʼятницю 9:00', s: fridayNine },
    { text: 'пт 9:00', s: fridayNine },
    { text: 'по пятницам в 09:00', s: fridayNine },
    { text: 'еженедельно по пятницам в 9:00', s: fridayNine },
    { text: 'щоп’ятниці о 09:00', s: fridayNine },
    { text: 'еженедельно пят 9:00', s: fridayNine },
    { text: 'Ежедневно 18:30', s: daily('18:30') },
    { text: 'щодня о 18:30', s: daily('18:30') },
    { text: 'выкл', s: { frequency: 'off' } },
    { text: 'вимкнути', s: { frequency: 'off' } },
    { text: 'еженедельно вс 10:00', s: { frequency: 'weekly', weekday: 'sunday', time: '10:00' } },
    { text: 'щотижня нд 10:00', s: { frequency: 'weekly', weekday: 'sunday', time: '10:00' } },
    { text: 'щотижня неділя 10:00', s: { frequency: 'weekly', weekday: 'sunday', time: '10:00' } },
    { text: 'щотижня середа 10:00', s: { frequency: 'weekly', weekday: 'wednesday', time: '10:00' } },
    { text: 'еженедельно среду 10:00', s: { frequency: 'weekly', weekday: 'wednesday', time: '10:00' } },
    { text: 'еженедельно четверг 10:00', s: { frequency: 'weekly', weekday: 'thursday', time: '10:00' } },
    { text: 'щотижня четвер 10:00', s: { frequency: 'weekly', weekday: 'thursday', time: '10:00' } },
  ])('reads "$text"', ({ text, s }) => {
    expect(parseSchedule(text)).toEqual(s);
  });

  it.each([
    { text: '', message: '"" is not a schedule: use "weekly <weekday> HH:MM", "daily HH:MM" or "off"' },
    {
      text: 'hourly',
      message: '"hourly" is not a schedule: use "weekly <weekday> HH:MM", "daily HH:MM" or "off"',
    },
    {
      text: 'weekly friday',
      message:
        '"weekly friday" is not a schedule: weekly needs a weekday and a time, e.g. "weekly friday 09:00"',
    },
    { text: 'daily', message: '"daily" is not a schedule: daily needs a time, e.g. "daily 18:30"' },
    { text: 'off now', message: '"off now" is not a schedule: "off" takes nothing after it' },
    { text: 'weekly fryday 09:00', message: 'unknown weekday "fryday": use monday to sunday, or mon to sun' },
    { text: 'weekly fr 09:00', message: 'unknown weekday "fr": use monday to sunday, or mon to sun' },
    // Words that begin like a day's name are no day: "середина" (middle), "среди" (among), "четверть".
    {
      text: 'еженедельно середина 10:00',
      message: 'unknown weekday "середина": use monday to sunday, or mon to sun',
    },
    {
      text: 'еженедельно четверть 10:00',
      message: 'unknown weekday "четверть": use monday to sunday, or mon to sun',
    },
    {
      text: 'среди 10:00',
      message: '"среди 10:00" is not a schedule: use "weekly <weekday> HH:MM", "daily HH:MM" or "off"',
    },
    // "неделю" is "week", not Sunday (неділя).
    {
      text: 'еженедельно неделю 09:00',
      message: 'unknown weekday "неделю": use monday to sunday, or mon to sun',
    },
    { text: 'daily 24:00', message: 'invalid time "24:00": use HH:MM from 00:00 to 23:59' },
    { text: 'daily 9:60', message: 'invalid time "9:60": use HH:MM from 00:00 to 23:59' },
    { text: 'daily 0900', message: 'invalid time "0900": use HH:MM from 00:00 to 23:59' },
  ])('refuses "$text"', ({ text, message }) => {
    expect(messageOf(() => parseSchedule(text))).toBe(message);
  });

  it.each([
    { text: ' hourly ', details: { problem: 'schedule_shape', input: 'hourly', frequency: null } },
    {
      text: 'weekly friday',
      details: { problem: 'schedule_shape', input: 'weekly friday', frequency: 'weekly' },
    },
    { text: 'Daily', details: { problem: 'schedule_shape', input: 'Daily', frequency: 'daily' } },
    { text: 'off now', details: { problem: 'schedule_shape', input: 'off now', frequency: 'off' } },
    { text: 'constructor', details: { problem: 'schedule_shape', input: 'constructor', frequency: null } },
    { text: '', details: { problem: 'schedule_shape', input: '', frequency: null } },
    { text: 'weekly Fryday 09:00', details: { problem: 'unknown_weekday', input: 'Fryday' } },
    { text: 'daily 24:00', details: { problem: 'invalid_time', input: '24:00' } },
  ])('describes what is wrong with "$text" in the error details', ({ text, details }) => {
    expect(detailsOf(() => parseSchedule(text))).toEqual(details);
  });

  it.each(weekdays)('reads back what formatSchedule writes for %s', (weekday) => {
    const s: Schedule = { frequency: 'weekly', weekday, time: '07:45' };
    expect(parseSchedule(formatSchedule(s))).toEqual(s);
  });

  it.each([
    { s: fridayNine, text: 'weekly on Friday at 09:00' },
    { s: daily('18:30'), text: 'daily at 18:30' },
    { s: { frequency: 'off' } as const, text: 'off' },
  ])('formats $text', ({ s, text }) => {
    expect(formatSchedule(s)).toBe(text);
  });
});

describe('time zones', () => {
  it.each([
    { zone: 'Europe/Kyiv', valid: true },
    { zone: 'europe/kyiv', valid: true },
    { zone: 'Etc/GMT+3', valid: true },
    { zone: 'Mars/Olympus', valid: false },
    { zone: 'kyiv', valid: false },
    { zone: '', valid: false },
  ])('isValidTimeZone("$zone") is $valid', ({ zone, valid }) => {
    expect(isValidTimeZone(zone)).toBe(valid);
  });

  it.each([
    { input: 'Europe/Kyiv', zone: 'Europe/Kyiv' },
    { input: 'europe/kyiv', zone: 'Europe/Kyiv' },
    { input: 'Europe/Kiev', zone: 'Europe/Kyiv' },
    { input: 'Kiev', zone: 'Europe/Kyiv' },
    { input: 'kyiv', zone: 'Europe/Kyiv' },
    { input: 'new york', zone: 'America/New_York' },
    { input: ' Pacific/Auckland ', zone: 'Pacific/Auckland' },
    { input: 'US/Pacific', zone: la },
    { input: 'utc', zone: 'UTC' },
    { input: 'Asia/Calcutta', zone: 'Asia/Kolkata' },
    // What people type for their clock: the place with its summer time, not ICU's fixed-offset EST.
    { input: 'EST', zone: 'America/New_York' },
    { input: 'pst', zone: la },
    { input: 'MSK', zone: 'Europe/Moscow' },
    { input: 'UTC+3', zone: 'Etc/GMT-3' },
    { input: 'gmt -5', zone: 'Etc/GMT+5' },
    { input: 'UTC+00:00', zone: 'UTC' },
    { input: 'UTC-12', zone: 'Etc/GMT+12' },
    { input: 'UTC+14', zone: 'Etc/GMT-14' },
    // IANA names keep their meaning: Arizona keeps MST all year.
    { input: 'MST', zone: 'America/Phoenix' },
    // Cities of this product's readers and venues that no zone is named after.
    { input: 'Odesa', zone: 'Europe/Kyiv' },
    { input: 'lviv', zone: 'Europe/Kyiv' },
    { input: 'Tel Aviv', zone: 'Asia/Jerusalem' },
    { input: 'Doha', zone: 'Asia/Qatar' },
    { input: 'Abu-Dhabi', zone: 'Asia/Dubai' },
    { input: 'Geneva', zone: 'Europe/Zurich' },
    { input: 'Ankara', zone: 'Europe/Istanbul' },
    { input: 'Washington', zone: 'America/New_York' },
    { input: 'Beijing', zone: 'Asia/Shanghai' },
    { input: 'Delhi', zone: 'Asia/Kolkata' },
    { input: 'Kyiv, Ukraine', zone: 'Europe/Kyiv' },
    { input: 'Doha (Qatar)', zone: 'Asia/Qatar' },
    { input: 'Київ', zone: 'Europe/Kyiv' },
    { input: 'Киев', zone: 'Europe/Kyiv' },
    { input: 'Одеса', zone: 'Europe/Kyiv' },
    { input: 'Москва', zone: 'Europe/Moscow' },
    { input: 'мск', zone: 'Europe/Moscow' },
    { input: 'Тель-Авив', zone: 'Asia/Jerusalem' },
    { input: 'Нью-Йорк', zone: 'America/New_York' },
    { input: 'Кишинёв', zone: 'Europe/Chisinau' },
    { input: 'Київ, Україна', zone: 'Europe/Kyiv' },
  ])('checkTimeZone("$input") is $zone', ({ input, zone }) => {
    expect(checkTimeZone(input)).toBe(zone);
  });

  it.each([
    { input: 'Europe/Kyev', message: 'unknown time zone "Europe/Kyev": did you mean Europe/Kyiv?' },
    { input: 'york', message: 'unknown time zone "york": did you mean America/New_York?' },
    {
      input: 'indiana',
      message:
        'unknown time zone "indiana": did you mean America/Indiana/Indianapolis, America/Indiana/Knox or America/Indiana/Marengo?',
    },
    {
      input: 'Mars/Olympus',
      message:
        'unknown time zone "Mars/Olympus": use an IANA name such as Europe/Kyiv, America/New_York or UTC',
    },
    {
      input: ' ',
      message: 'unknown time zone "": use an IANA name such as Europe/Kyiv, America/New_York or UTC',
    },
    {
      input: 'UTC+15',
      message: 'unknown time zone "UTC+15": use an IANA name such as Europe/Kyiv, America/New_York or UTC',
    },
    {
      input: 'UTC-13',
      message: 'unknown time zone "UTC-13": use an IANA name such as Europe/Kyiv, America/New_York or UTC',
    },
    {
      // ICU takes these from old Java as Asia/Kolkata and America/Anchorage (Alaska).
      input: 'IST',
      message: 'unknown time zone "IST": did you mean Asia/Kolkata, Asia/Jerusalem or Europe/Dublin?',
    },
    {
      input: 'ast',
      message: 'unknown time zone "ast": did you mean Asia/Riyadh, Asia/Qatar or America/Halifax?',
    },
    {
      input: 'constructor',
      message:
        'unknown time zone "constructor": use an IANA name such as Europe/Kyiv, America/New_York or UTC',
    },
  ])('refuses "$input"', ({ input, message }) => {
    expect(messageOf(() => checkTimeZone(input))).toBe(message);
  });

  it.each([
    { input: 'Europe/Kyev', suggestions: ['Europe/Kyiv'] },
    { input: ' Mars/Olympus ', suggestions: [] },
  ])(
    'describes the unknown zone "$input" and its suggestions in the error details',
    ({ input, suggestions }) => {
      expect(detailsOf(() => checkTimeZone(input))).toEqual({
        problem: 'unknown_time_zone',
        input: input.trim(),
        zone: input,
        suggestions,
      });
    },
  );

  it('refuses a time zone as long as a Telegram message at once, with no suggestions', () => {
    checkTimeZone('Kyiv');
    // CPU time, as in summary.test.ts: without the length bound, 0.5 s of edit distances (the event loop
    // held, every chat waiting); with it, about a millisecond.
    const started = process.cpuUsage();
    for (const input of ['a'.repeat(4_000), `a/${'b'.repeat(4_000)}`])
      expect(detailsOf(() => checkTimeZone(input))['suggestions']).toEqual([]);
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1000).toBeLessThan(100);
  });

  it.each(Object.entries(renamedZones))('knows %s as the same zone as its new name %s', (old, current) => {
    const resolve = (zone: string) =>
      new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    expect(resolve(current)).toBe(resolve(old));
    expect(checkTimeZone(old)).toBe(current);
  });
});
