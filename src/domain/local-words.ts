/**
 * The words Russian- and Ukrainian-speaking users type into settings commands, read as the English ones:
 * the bot answers in their language and its help shows `weekly friday 09:00`, but people write
 * `щотижня пт 9:00`, `/timezone Київ`, `/quiet ничего`.
 */

/** Lower case, ё as е, no apostrophes (п'ятниця, пʼятниця, п’ятниця are one word). */
export function foldLocal(word: string): string {
  return word
    .trim()
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/['’ʼ`]/g, '');
}

export const localFrequencies: ReadonlyMap<string, 'weekly' | 'daily' | 'off'> = new Map([
  ['еженедельно', 'weekly'],
  ['щотижня', 'weekly'],
  ['ежедневно', 'daily'],
  ['щодня', 'daily'],
  ['щоденно', 'daily'],
  ['выкл', 'off'],
  ['выключить', 'off'],
  ['выключено', 'off'],
  ['отключить', 'off'],
  ['вимкнути', 'off'],
  ['вимкнено', 'off'],
]);

/** Words between the parts of a schedule that carry nothing: "по пятницам в 9:00", "о 9:00", "у пт". */
export const localFillers: ReadonlySet<string> = new Set(['в', 'во', 'о', 'об', 'у', 'по']);

type Day = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

/** The usual two-letter abbreviations (ru and uk share all but Sunday's). */
const dayAbbreviations: ReadonlyMap<string, Day> = new Map([
  ['пн', 'monday'],
  ['вт', 'tuesday'],
  ['ср', 'wednesday'],
  ['чт', 'thursday'],
  ['пт', 'friday'],
  ['сб', 'saturday'],
  ['вс', 'sunday'],
  ['нд', 'sunday'],
]);

/**
 * Each day's name and the case forms people write after "в", "по" or "що" (folded: no apostrophes);
 * the first is the nominative, whose prefixes of three letters or more also count ("пят", "сред").
 * Listed rather than stemmed: a stem would take "середина", "среди" or "четверть" for a day.
 */
const dayForms: ReadonlyArray<[Day, readonly string[]]> = [
  ['monday', ['понедельник', 'понедельника', 'понедельнику', 'понедельникам', 'понедельники']],
  ['tuesday', ['вторник', 'вторника', 'вторнику', 'вторникам', 'вторники']],
  ['wednesday', ['среда', 'среду', 'среды', 'средам', 'среде']],
  ['thursday', ['четверг', 'четверга', 'четвергу', 'четвергам', 'четверги']],
  ['friday', ['пятница', 'пятницу', 'пятницы', 'пятницам', 'пятнице']],
  ['saturday', ['суббота', 'субботу', 'субботы', 'субботам', 'субботе']],
  ['sunday', ['воскресенье', 'воскресенья', 'воскресеньям']],
  ['monday', ['понеділок', 'понеділка', 'понеділку', 'понеділкам', 'понеділки']],
  ['tuesday', ['вівторок', 'вівторка', 'вівторку', 'вівторкам', 'вівторки']],
  ['wednesday', ['середа', 'середу', 'середи', 'середам', 'середі']],
  ['thursday', ['четвер', 'четверга', 'четвергу', 'четвергам', 'четверги']],
  ['friday', ['пятниця', 'пятницю', 'пятниці', 'пятницям']],
  ['saturday', ['субота', 'суботу', 'суботи', 'суботам', 'суботі']],
  ['sunday', ['неділя', 'неділю', 'неділі', 'неділям']],
];

/** "пт", "пятница", "по пятницам", "щоп'ятниці", "пят": a day; null for anything else. */
export function localWeekday(word: string): Day | null {
  const folded = foldLocal(word);
  const short = dayAbbreviations.get(folded);
  if (short !== undefined) return short;
  // Ukrainian "щоп'ятниці", "щонеділі": every <day>.
  const bare = folded.startsWith('що') && folded.length > 4 ? folded.slice(2) : folded;
  for (const [day, forms] of dayForms) if (forms.includes(bare)) return day;
  if (bare.length < 3) return null;
  for (const [day, [nominative = '']] of dayForms) if (nominative.startsWith(bare)) return day;
  return null;
}

/** Quiet-mode words besides note and skip, as people write them and as /settings shows them. */
export const localQuietModes: ReadonlyMap<string, 'note' | 'skip'> = new Map([
  ['a short note', 'note'],
  ['short note', 'note'],
  ['nothing', 'skip'],
  ['строка', 'note'],
  ['сообщение', 'note'],
  ['короткое сообщение', 'note'],
  ['коротке повідомлення', 'note'],
  ['рядок', 'note'],
  ['повідомлення', 'note'],
  ['ничего', 'skip'],
  ['пропуск', 'skip'],
  ['пропускать', 'skip'],
  ['нічого', 'skip'],
  ['пропускати', 'skip'],
]);

/**
 * Cities written in Cyrillic, with their zones; keys folded as time zone keys are (lower case, spaces and
 * hyphens as `_`, ё as е, no apostrophes).
 */
export const cyrillicCityZones: ReadonlyMap<string, string> = new Map(
  Object.entries({
    киев: 'Europe/Kyiv',
    київ: 'Europe/Kyiv',
    одесса: 'Europe/Kyiv',
    одеса: 'Europe/Kyiv',
    харьков: 'Europe/Kyiv',
    харків: 'Europe/Kyiv',
    львов: 'Europe/Kyiv',
    львів: 'Europe/Kyiv',
    днепр: 'Europe/Kyiv',
    дніпро: 'Europe/Kyiv',
    запорожье: 'Europe/Kyiv',
    запоріжжя: 'Europe/Kyiv',
    москва: 'Europe/Moscow',
    мск: 'Europe/Moscow',
    санкт_петербург: 'Europe/Moscow',
    петербург: 'Europe/Moscow',
    минск: 'Europe/Minsk',
    мінськ: 'Europe/Minsk',
    кишинев: 'Europe/Chisinau',
    кишинів: 'Europe/Chisinau',
    варшава: 'Europe/Warsaw',
    берлин: 'Europe/Berlin',
    берлін: 'Europe/Berlin',
    лондон: 'Europe/London',
    париж: 'Europe/Paris',
    женева: 'Europe/Zurich',
    вена: 'Europe/Vienna',
    відень: 'Europe/Vienna',
    стамбул: 'Europe/Istanbul',
    анкара: 'Europe/Istanbul',
    тбилиси: 'Asia/Tbilisi',
    тбілісі: 'Asia/Tbilisi',
    ереван: 'Asia/Yerevan',
    єреван: 'Asia/Yerevan',
    баку: 'Asia/Baku',
    алматы: 'Asia/Almaty',
    алмати: 'Asia/Almaty',
    ташкент: 'Asia/Tashkent',
    тель_авив: 'Asia/Jerusalem',
    тель_авів: 'Asia/Jerusalem',
    иерусалим: 'Asia/Jerusalem',
    єрусалим: 'Asia/Jerusalem',
    доха: 'Asia/Qatar',
    дубай: 'Asia/Dubai',
    эр_рияд: 'Asia/Riyadh',
    нью_йорк: 'America/New_York',
    вашингтон: 'America/New_York',
  }),
);

/**
 * A noun in the form a count takes: Russian and Ukrainian have one (1, 21), few (2–4, 22) and many (5–20,
 * 25) for whole numbers. Rules: https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html
 */
export function counted(locale: string, one: string, few: string, many: string): (count: number) => string {
  const rules = new Intl.PluralRules(locale);
  return (count) => {
    const category = rules.select(count);
    return `${count} ${category === 'one' ? one : category === 'few' ? few : many}`;
  };
}
