/**
 * Hebrew tokens: final letters and one-letter prefixes.
 *
 * Tokens arrive folded by foldText, which drops niqqud and the dagesh (NFKD, then the marks after a
 * Hebrew letter), so שָׁלוֹם is שלום and the precomposed presentation forms (שּׁ, וֹ) are plain letters.
 *
 * Final letters: ך ם ן ף ץ are the forms of כ מ נ פ צ at a word's end, so a suffix changes them
 * (הסכם, הסכמים; חטוף, חטופים; שליח, שליחים is unchanged). The tokenizer writes every final letter as its
 * normal form, in text and patterns alike, so that a wildcard on a stem meets the word with and
 * without its suffix: `הסכם*` (folded הסכמ*) meets הסכם, הסכמים, הסכמי; `חטוף*` meets חטוף, חטופים.
 * No two words differ by a final letter alone, so nothing merges that was apart.
 */

/** Any character of the Hebrew block (letters, niqqud, punctuation). */
export const hebrewScript = /[\u0590-\u05ff]/;

const finals = /[\u05da\u05dd\u05df\u05e3\u05e5]/g;
// ך→כ ם→מ ן→נ ף→פ ץ→צ: each final letter is one code point below its normal form.
const normalForm = (char: string): string => String.fromCharCode(char.charCodeAt(0) + 1);

/** A folded Hebrew token as patterns and text both meet it: final letters in their normal form. */
export function normaliseHebrewToken(folded: string): string {
  return folded.replace(finals, normalForm);
}

/** Whether a token starts with a Hebrew letter (a code-point test: asked of every unmatched word). */
export const isHebrewWord = (token: string): boolean => {
  const code = token.charCodeAt(0);
  return code >= 0x05d0 && code <= 0x05ea;
};

/**
 * Hebrew writes its prepositions, the article, "and" and "that" as letters stuck to the next word: ו
 * (and), ה (the), ב (in), ל (to), מ (from), כ (as), ש (that), and in a fixed order: the conjunction,
 * then a subordinator (ש, כש, לכש, מש), then a preposition (ב ל כ מ), then the article (בעזה, והפסקת,
 * לקהיר, שהמשא, ובמצרים, כשהחטופים, מהרצועה). Stripping them from every word would maim the many words
 * that start with these letters (מצרים, לבנון, הסכם, ביידן, שיחות), so matching tries a word without
 * them only where the word itself matches nothing (src/analysis/matcher.ts): a word meets itself first.
 */
const prefixSequence =
  /^\u05d5?(?:\u05e9|\u05db\u05e9|\u05dc\u05db\u05e9|\u05de\u05e9)?[\u05d1\u05dc\u05db\u05de]?\u05d4?$/;

// Words that only look like a name behind a prefix: העזה (daring, audacity) is no "the Gaza", which
// takes no article.
const neverStripped = new Set(['\u05d4\u05e2\u05d6\u05d4']);

/**
 * The words a normalised Hebrew token may be without its prefixes, shortest prefix first: וכשהמשא →
 * כשהמשא… משא. At least 2 letters remain (מו״מ is מו and מ: במו״מ → מו). Empty when it has none.
 */
export function withoutHebrewPrefixes(token: string): string[] {
  if (token.length < 3 || neverStripped.has(token)) return [];
  const words: string[] = [];
  for (let length = 1; length <= 5 && token.length - length >= 2; length += 1) {
    if (prefixSequence.test(token.slice(0, length))) words.push(token.slice(length));
  }
  return words;
}

// A stem keeps 3 letters at least: עזה behind its prefixes (בעזה, לעזה), חטופ behind ים.
const shortestStem = 3;
// The prefixes of withoutHebrewPrefixes, and the ה a word may start with behind the article: ההסכם is
// the article and הסכם, whose stem loses that ה as הסכם itself does (הסכם → סכם, ההסכם → סכם).
const stemmedPrefix =
  /^\u05d5?(?:\u05e9|\u05db\u05e9|\u05dc\u05db\u05e9|\u05de\u05e9)?[\u05d1\u05dc\u05db\u05de]?\u05d4{0,2}$/;
const plural = /(?:\u05d9\u05de|\u05d5\u05ea|\u05d9\u05ea)$/;

/**
 * A normalised Hebrew word less its ending: the plural ים or ות or the feminine ית (חטופים → חטופ,
 * תוכניות → תוכני), then a final י, of adjectives and construct plurals (ישראלי → ישראל, חטופי → חטופ,
 * תוכני → תוכנ), while 3 letters remain; a word of 4 letters or more in ת, the construct form of a
 * noun in ה, ends in ה instead (עסקת → עסקה, הפסקת → הפסקה, ממשלת → ממשלה).
 */
function withoutSuffix(word: string): string {
  let stemmed = word;
  if (stemmed.length - 2 >= shortestStem && plural.test(stemmed)) stemmed = stemmed.slice(0, -2);
  else if (stemmed.length >= 4 && stemmed.endsWith('\u05ea')) return `${stemmed.slice(0, -1)}\u05d4`;
  if (stemmed.length - 1 >= shortestStem && stemmed.endsWith('\u05d9')) stemmed = stemmed.slice(0, -1);
  return stemmed;
}

// Names in the news that start with letters a prefix is made of. The longest prefix would cut their
// own letters (מצרים → צרים, לבנון → בנון) but not those of their prefixed forms (במצרים → מצרים), so
// one name made two terms. Names only: a name is what two reports of one event share, while common
// words made consistent this way (ממשלה, מלחמה) drew reports of different events together in the
// probes.
const namesLikePrefixed = `
מצרים מצרי מצרית לבנון לבנוני ביידן בלינקן ביירות בחריין בריטניה ברלין בייג'ינג בגדאד
מוסקבה מוסקט מקרון מדבדב מרוקו לברוב לונדון לוב הולנד הודו הרצוג הוכשטיין
וושינגטון ויטקוף ונצואלה ולדימיר כורדים שארם שייבאני
`;

const knownNames: ReadonlySet<string> = new Set(
  namesLikePrefixed
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word) => withoutSuffix(normaliseHebrewToken(word))),
);

/**
 * A light stemmer for clustering terms, so that reports of one event share terms whatever letters
 * are stuck to their words (בעזה, לעזה, עזה; והפסקת, להפסקת, הפסקת; החטופים, חטופים, חטוף). Tokens
 * arrive normalised (normaliseHebrewToken: ים is written ימ).
 *
 * The prefix taken off is the longest the grammar allows (the order of withoutHebrewPrefixes, and a
 * word's own ה behind the article) that leaves 3 letters, unless a shorter one (or none) leaves a
 * known name: ובמצרים → מצרים, not צרים. Then the ending goes (withoutSuffix). Matching tries a word
 * whole first (matcher.ts); a stem is only a term to compare, so a word that merely starts like a
 * prefix (מתווה → תווה) costs nothing while its prefixed forms lose the same letters. They do not
 * always: שיחות → יחוה but השיחות → שיח, since only one ש is a prefix. Taking every prefix letter off
 * until 3 letters remain mends that, but made common words (ממשלה, מלחמה → שלה, חמה) collide and drew
 * reports of different events together in the probes.
 */
export function stemHebrew(token: string): string {
  if (neverStripped.has(token)) return withoutSuffix(token);
  let longest = 0;
  for (let length = 0; length <= 6 && token.length - length >= shortestStem; length += 1) {
    if (length > 0 && !stemmedPrefix.test(token.slice(0, length))) continue;
    const stemmed = withoutSuffix(length === 0 ? token : token.slice(length));
    if (knownNames.has(stemmed)) return stemmed;
    longest = length;
  }
  return withoutSuffix(longest === 0 ? token : token.slice(longest));
}
