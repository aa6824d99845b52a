import type { DigestLanguage } from '../domain/chat.js';
import { counted } from '../domain/local-words.js';

/**
 * The digest's own words in one language; the stories keep their outlets' words. Plain text without
 * markup characters (< > & * _ ~ `): some surfaces write them unescaped around escaped feed text.
 */
export type DigestWords = {
  /**
   * A chat's period in its time zone: "20 Nov 2026 to 27 Nov 2026"; "20–27 ноября 2026 г." (months in
   * full: the Ukrainian "лист." reads as "letter"; one year mark for the range).
   */
  period(since: number, until: number, timeZone: string): string;
  /** Two dates as a period, for days written as they are (ISO days on the command line). */
  between(since: string, until: string): string;
  title(period: string): string;
  /** The label before a story's outlets: "Source: A" for one, "Sources: A, B" for more. */
  source: string;
  sources: string;
  /** The outlets a story lists no further: "+2 more". */
  moreSources(count: number): string;
  /** After a topic heading repeated in the next message: "(continued)". */
  continued: string;
  /** After the title of a story that began before the period (it had reports then): "(update)". */
  update: string;
  /** What a topic section left out; `atLeast` when the count is a lower bound. */
  more(count: number, atLeast: boolean, label: string): string;
  /** A period without stories on the chat's topics (by label); no names = all topics. */
  quiet(names: readonly string[]): string;
  /** "3 stories", for notification text. */
  storyCount(count: number): string;
  /** "part 2 of 3", for notification text. */
  part(index: number, total: number): string;
};

const enStories = counted('en-GB', 'story', 'stories', 'stories');
const ruStories = counted('ru-RU', 'сюжет', 'сюжета', 'сюжетов');
const ukStories = counted('uk-UA', 'сюжет', 'сюжети', 'сюжетів');

// Labels contain commas ("Israel–Hamas, Gaza"): English lists them with semicolons, Russian and
// Ukrainian quote each one.
const quoted = (names: readonly string[]): string => names.map((name) => `«${name}»`).join(', ');

/** Each end of the period on its own, the English way: "20 Nov 2026 to 27 Nov 2026". */
function englishPeriod(since: number, until: number, timeZone: string): string {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  return `${format.format(since)} to ${format.format(until)}`;
}

/** The period as one range, as Intl writes it: "20–27 ноября 2026 г.", "28 грудня 2025 – 4 січня 2026 рр.". */
function dateRange(locale: string) {
  return (since: number, until: number, timeZone: string): string =>
    new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).formatRange(
      since,
      until,
    );
}

const en: DigestWords = {
  period: englishPeriod,
  between: (since, until) => `${since} to ${until}`,
  title: (period) => `Peace talks digest, ${period}`,
  source: 'Source',
  sources: 'Sources',
  moreSources: (count) => `+${count} more`,
  continued: 'continued',
  update: 'update',
  more: (count, atLeast, label) =>
    `…and ${atLeast ? 'at least ' : ''}${count} more ${count === 1 ? 'story' : 'stories'} on ${label} in this period.`,
  quiet: (names) =>
    `No new peace-talks stories${names.length > 0 ? ` on ${names.join('; ')}` : ''} in this period.`,
  storyCount: enStories,
  part: (index, total) => `part ${index} of ${total}`,
};

const ru: DigestWords = {
  period: dateRange('ru-RU'),
  between: (since, until) => `${since} — ${until}`,
  title: (period) => `Дайджест мирных переговоров, ${period}`,
  source: 'Источник',
  sources: 'Источники',
  moreSources: (count) => `ещё ${count}`,
  continued: 'продолжение',
  update: 'обновление',
  // "как минимум", not "не менее": it leaves the noun in the form its count gives (не менее 21 сюжета).
  more: (count, atLeast, label) =>
    `…и ${atLeast ? 'как минимум ' : ''}ещё ${ruStories(count)} по теме «${label}» за этот период.`,
  quiet: (names) => {
    const scope = names.length === 0 ? '' : ` по ${names.length === 1 ? 'теме' : 'темам'} ${quoted(names)}`;
    return `За этот период новых сюжетов о мирных переговорах${scope} нет.`;
  },
  storyCount: ruStories,
  part: (index, total) => `часть ${index} из ${total}`,
};

const uk: DigestWords = {
  period: dateRange('uk-UA'),
  between: (since, until) => `${since} — ${until}`,
  title: (period) => `Дайджест мирних переговорів, ${period}`,
  source: 'Джерело',
  sources: 'Джерела',
  moreSources: (count) => `ще ${count}`,
  continued: 'продовження',
  update: 'оновлення',
  more: (count, atLeast, label) =>
    `…і ${atLeast ? 'щонайменше ' : ''}ще ${ukStories(count)} на тему «${label}» за цей період.`,
  quiet: (names) => {
    const scope = names.length === 0 ? '' : ` на ${names.length === 1 ? 'тему' : 'теми'} ${quoted(names)}`;
    return `За цей період нових сюжетів про мирні переговори${scope} немає.`;
  },
  storyCount: ukStories,
  part: (index, total) => `частина ${index} з ${total}`,
};

export const digestWords: Readonly<Record<DigestLanguage, DigestWords>> = { en, ru, uk };

export const wordsFor = (language: DigestLanguage): DigestWords => digestWords[language];
