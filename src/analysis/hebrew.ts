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
