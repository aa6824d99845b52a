/**
 * Persian tokens: plural and ezafe endings, the verbal prefixes, and a light stemmer for clustering.
 *
 * Persian is written in the Arabic script, and the tokenizer treats it as Arabic (arabic.ts): Persian
 * ی and ک are written as Arabic ي and ك (feeds mix the two: a Persian keyboard types ی, an Arabic one
 * ي), ە and ۀ as ه, Persian digits as ASCII, the tatweel dropped, and the zero-width non-joiner goes
 * (fold.ts), so آتش‌بس is آتشبس, as it is written without it. The folded letters below are the
 * Arabic ones: ي for ی.
 *
 * Unlike Arabic, Persian writes the plural (ها, ان, ات), the ezafe (ی, ای after a vowel) and the
 * indefinite ی at the end of a word, joined or behind a ZWNJ (گروگان‌ها, مذاکره‌ای, صلحی), and the
 * continuous می and its negation نمی in front of a verb (می‌کنند, نمی‌پذیرد). In a text with a sign of
 * Persian (persianText), matching then tries a word that matches nothing without
 * those affixes (src/analysis/matcher.ts), as it tries a Hebrew word without its prefixes.
 */

/**
 * Signs of a Persian text, tested before folding: پ چ ژ گ and the Persian ک and ی, which Arabic does
 * not use; the ZWNJ, which Persian writes inside words; or one of its commonest words that Arabic does
 * not have (در in, را the object marker, از from, است is), for a headline such as "آتش‌بس در غزه".
 */
export const persianText =
  /[\u067e\u0686\u0698\u06af\u06a9\u06cc\u200c]|(?<![\p{L}\p{M}])(?:\u062f\u0631|\u0631\u0627|\u0627\u0632|\u0627\u0633\u062a)(?![\p{L}\p{M}])/u;

/**
 * گفتگو (conversation, talks) as the press writes it apart: گفت‌وگو (the ZWNJ already gone: گفتوگو),
 * گفت وگو, گفت و گو; with its plural and ezafe endings (گفت وگوهای). Apart, و reads as "and" and
 * وگو loses it as a proclitic, so no lexicon phrase met "گفت وگو با سه کشور اروپایی". Only before
 * an ending or the end of the word: گفت و گوش (said and an ear) stays.
 */
const conversationApart = /گفت\s*و\s*گو(?=(?:هایی|هايي|های|هاي|ها|یی|يي|ی|ي)?(?![\p{L}\p{M}]))/gu;

/** The text with گفتگو written as one word wherever it was written apart (see conversationApart). */
export function joinPersianCompounds(text: string): string {
  return text.includes('گفت') ? text.replace(conversationApart, 'گفتگو') : text;
}

const yeh = '\u064a';
const heh = '\u0647';
// ها های هایی (plural, with ezafe or indefinite), ی ای یی (ezafe, indefinite, adjective), ان یان
// (plural of people), ات (plural of Arabic loans): shortest first, so the least is taken off first.
const suffixes = [
  yeh,
  `${heh}\u0627`,
  `\u0627${yeh}`,
  `${yeh}${yeh}`,
  '\u0627\u0646',
  '\u0627\u062a',
  `${heh}\u0627${yeh}`,
  `${yeh}\u0627\u0646`,
  `${heh}\u0627${yeh}${yeh}`,
];
// می and نمی before a verb.
const prefixes = [`\u0645${yeh}`, `\u0646\u0645${yeh}`];
// A word keeps 3 letters at least: صلح behind ی, جنگ behind ها.
const shortest = 3;

/**
 * The words a folded Persian token may be without its ending or its verbal prefix, least taken off
 * first: گروگانهاي → گروگان (and گروگانها…); ميكنند → كنند. Empty when it has none.
 */
export function withoutPersianAffixes(token: string): string[] {
  if (token.length <= shortest) return [];
  const words: string[] = [];
  for (const suffix of suffixes) {
    if (token.endsWith(suffix) && token.length - suffix.length >= shortest)
      words.push(token.slice(0, -suffix.length));
  }
  for (const prefix of prefixes) {
    if (!token.startsWith(prefix) || token.length - prefix.length < shortest) continue;
    words.push(token.slice(prefix.length));
  }
  return words;
}

// The stemmer's endings, in the order light10 takes Arabic's (arabic.ts): the longer plural and
// ezafe forms first, then ی (so that ایرانی loses it before ان), then the plurals, then a final ه
// (مذاکره and مذاکرات meet at مذاکر, as light10 meets مفاوضة and مفاوضات).
const stemEndings = [
  `${heh}\u0627${yeh}${yeh}`,
  `${heh}\u0627${yeh}`,
  `${heh}\u0627`,
  `${yeh}\u0627\u0646`,
  `${yeh}${yeh}`,
  `\u0627${yeh}`,
  yeh,
  '\u0627\u062a',
  '\u0627\u0646',
  heh,
];

/**
 * A light stemmer for clustering terms of Persian items, so that the plural and ezafe forms of one
 * word meet: گروگان, گروگانها, گروگانهای → گروگ; مذاکره, مذاکرات, مذاکرهای → مذاکر; ایران, ایرانی,
 * ایرانیان → ایر. Each ending goes at most once, in order, while 3 letters remain. The verbal prefix
 * stays: it starts nouns too (میانجی, میدان), and reports of one event share their nouns and names.
 */
export function stemPersian(token: string): string {
  let word = token;
  for (const ending of stemEndings) {
    if (word.endsWith(ending) && word.length - ending.length >= shortest)
      word = word.slice(0, -ending.length);
  }
  return word;
}
