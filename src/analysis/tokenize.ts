import { foldText, removeInvisible } from '../shared/fold.js';
import { arabicScript, normaliseArabicToken } from './arabic.js';
import { hebrewScript, normaliseHebrewToken } from './hebrew.js';
import { joinPersianCompounds, persianText } from './persian.js';

/**
 * A word: letters and digits of any script (Cyrillic, Arabic, Hebrew…) with their combining marks,
 * and apostrophes between letters (перемир'я, перемир’я, перемирʼя; ʼ is itself a letter; the Hebrew
 * geresh: ג׳באליה).
 */
const wordPattern = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*(?:['’‘`\u05f3][\p{L}\p{N}][\p{L}\p{N}\p{M}]*)*/gu;
// Most English, Russian, Ukrainian and western European text: ASCII, Cyrillic, Latin-1 letters and
// punctuation, typographic quotes and dashes, currency signs. Folding it is lower-casing plus
// one-for-one replacements, so the folded text keeps the original's offsets and can be tokenised as a
// whole with a simpler pattern. The odd letters and digits ª ² ³ µ ¹ º ¼ ½ ¾ are left to foldText.
// (One "é" or "€" in an article used to send all of it word by word through foldText: a fifth of
// the evaluation text.)
const fastText =
  /^[\t\n\r\u0020-\u007e\u0400-\u04ff\u00a0-\u00a9\u00ab\u00ac\u00ae-\u00b1\u00b4\u00b6-\u00b8\u00bb\u00bf-\u00ff\u2010-\u2027\u2030-\u205e\u20a0-\u20c0]*$/;
const latinAccented = /[\u00e0-\u00ff]/g;
// What foldText makes of each lower-case Latin-1 letter (é→e, ü→u; ß, æ, ø stay): one character each.
const latinFolds = new Map(
  Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0xe0 + i)).map((c) => [c, foldText(c)]),
);
const fastApostrophes = /[\u2019\u2018\u0060\u2032]/g;
const latinStart = /^[a-z]/;
// French elision (l'Ukraine, d'Ivoire, qu'il) and the English possessive (Russia's, Gaza's, Hamas').
const elision = /^(?:l|d|qu|j|n|s|c|m|t)'(?=\p{L})/u;
// Italian elided prepositions and articles (dell'Ucraina, sull'accordo, all'Iran, un'intesa), before
// two letters at least: "UN's envoy" keeps its UN. Not sant': Sant'Egidio is a name of its own.
const italianElision = /^(?:dell|dall|nell|sull|all|coll|pell|un|quest|quell)'(?=\p{L}{2})/u;
const possessive = /'s?$/;

/** Folded word tokens of a text together with where each one stands in it. */
export type TokenSpans = {
  /** The text the offsets refer to (the input less invisible characters). */
  text: string;
  tokens: string[];
  starts: number[];
  ends: number[];
  /** Whether a token looks like a Turkish name with its case ending (nameBeforeEnding). */
  nameEndings: boolean;
  /** Whether the text shows a sign of Persian (persian.ts): its words may carry Persian affixes. */
  persian: boolean;
};

// A Latin name, an apostrophe and a Turkish case ending of up to eight letters, folded (ü, ö, ç as
// u, o, c; ı stays dotless): it starts with a vowel ('ın, 'a, 'e), a consonant and a vowel ('da,
// 'nin, 'ya, 'la, 'tan, 'ca, 'sı) or 'ki. Not aujourd'hui, don't or we'll.
const nameEnding = /^([a-z][a-z0-9]*)'(?:[aeıiou]|[cdlnsty][aeıiou]|ki)[a-zı]{0,6}$/;

/**
 * Turkish writes a name's case ending after an apostrophe (İstanbul'da, Hamas'ın, Süper Lig'de): the
 * name of such a folded token, or undefined. Tokens keep the ending; matchers try the name too.
 */
export function nameBeforeEnding(token: string): string | undefined {
  return token.includes("'") ? nameEnding.exec(token)?.[1] : undefined;
}

// Latin and Cyrillic letters that look alike once lower-cased (a а, c с, e е, o о, p р…; an upper-case
// B H K M T typed for В Н К М Т lowers to b h k m t). A word that mixes the two scripts was typed
// across a keyboard switch or copied from a look-alike (Пeрeговоры with Latin e, Cбер, Ukrаine): it
// takes the script of most of its letters when each letter of the other has a look-alike there, so
// that it meets `переговор*` as its readers see it. Any other mixed word is left as it is.
const lookAlikes = 'aа bв cс eе hн iі kк mм oо pр tт xх yу'.split(' ');
const cyrillicFor = new Map(lookAlikes.map((pair) => [pair.charAt(0), pair.charAt(1)]));
const latinFor = new Map(lookAlikes.map((pair) => [pair.charAt(1), pair.charAt(0)]));

const isCyrillic = (code: number): boolean => code >= 0x400 && code <= 0x4ff;
const isLatin = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 0xdf && code <= 0x24f);

/** Whether a folded token has letters of both Latin and Cyrillic: the rare case withoutLookAlikes mends. */
function mixesScripts(token: string): boolean {
  let cyrillic = false;
  let latin = false;
  for (let i = 0; i < token.length; i += 1) {
    const code = token.charCodeAt(i);
    cyrillic ||= isCyrillic(code);
    latin ||= isLatin(code);
  }
  return cyrillic && latin;
}

function withoutLookAlikes(token: string): string {
  let cyrillic = 0;
  let latin = 0;
  for (let i = 0; i < token.length; i += 1) {
    const code = token.charCodeAt(i);
    if (isCyrillic(code)) cyrillic += 1;
    else if (isLatin(code)) latin += 1;
  }
  const toCyrillic = cyrillic >= latin;
  let result = '';
  for (const char of token) {
    const code = char.charCodeAt(0);
    if (toCyrillic ? !isLatin(code) : !isCyrillic(code)) result += char;
    else {
      const replacement = (toCyrillic ? cyrillicFor : latinFor).get(char);
      if (replacement === undefined) return token;
      result += replacement;
    }
  }
  return result;
}

function trimApostrophes(folded: string): string {
  if (!folded.includes("'") || !latinStart.test(folded)) return folded;
  const stripped = folded.replace(elision, '').replace(italianElision, '').replace(possessive, '');
  return stripped === '' ? folded : stripped;
}

function isFastLetter(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 48 && code <= 57) ||
    (code >= 0x400 && code <= 0x4ff) ||
    (code >= 0xdf && code <= 0xff && code !== 0xf7)
  );
}

function foldFast(text: string): string {
  const lower = text.toLowerCase().replace(fastApostrophes, "'").replaceAll('ё', 'е');
  return lower.replace(latinAccented, (c) => latinFolds.get(c) ?? c);
}

/** Words of folded fast text by character class: no match objects, one slice per token. */
function collectFast(folded: string, spans: TokenSpans): void {
  const length = folded.length;
  let i = 0;
  while (i < length) {
    if (!isFastLetter(folded.charCodeAt(i))) {
      i += 1;
      continue;
    }
    const start = i;
    let hasApostrophe = false;
    let cyrillic = false;
    let latin = false;
    while (i < length) {
      const code = folded.charCodeAt(i);
      if (isFastLetter(code)) {
        if (code >= 0x400) cyrillic = true;
        else if (code > 57) latin = true;
        i += 1;
      } else if (code === 39 && i + 1 < length && isFastLetter(folded.charCodeAt(i + 1))) {
        hasApostrophe = true;
        i += 1;
      } else break;
    }
    let token = folded.slice(start, i);
    if (cyrillic && latin) token = withoutLookAlikes(token);
    if (hasApostrophe) {
      token = trimApostrophes(token);
      if (!spans.nameEndings && nameBeforeEnding(token) !== undefined) spans.nameEndings = true;
    }
    spans.tokens.push(token);
    spans.starts.push(start);
    spans.ends.push(i);
  }
}

/**
 * One word folded. A word of ASCII letters, digits, straight apostrophes and Cyrillic (most words of
 * a text that failed `fastText` for one "é" or "№") folds by lower-casing alone, as foldText would
 * fold it; anything else takes foldText's Unicode normalisation.
 */
function foldWord(word: string): string {
  for (let i = 0; i < word.length; i += 1) {
    const code = word.charCodeAt(i);
    if (code === 96 || (code >= 0x80 && (code < 0x400 || code > 0x4ff))) return foldText(word);
  }
  const lower = word.toLowerCase();
  return lower.includes('ё') ? lower.replaceAll('ё', 'е') : lower;
}

/**
 * Words of any other text, folded one by one. Arabic-script words are also normalised and lose their
 * proclitics (arabic.ts); their offsets still span the whole written word, و and ال included.
 * Hebrew words write their final letters in the normal form (hebrew.ts). Persian is Arabic to the
 * tokenizer (its ی and ک are ي and ك); a text with a sign of Persian (persian.ts) is marked so.
 */
function collect(text: string, spans: TokenSpans, input: string): void {
  const arabic = arabicScript.test(text);
  // Tested on the input: the ZWNJ that removeInvisible took out is one of the signs.
  spans.persian = arabic && persianText.test(input);
  const hebrew = hebrewScript.test(text);
  for (const match of text.matchAll(wordPattern)) {
    let token = foldWord(match[0]);
    if (mixesScripts(token)) token = withoutLookAlikes(token);
    token = trimApostrophes(token);
    if (arabic && arabicScript.test(token)) {
      token = normaliseArabicToken(token);
      if (token === '') continue;
    }
    if (hebrew && hebrewScript.test(token)) token = normaliseHebrewToken(token);
    if (!spans.nameEndings && nameBeforeEnding(token) !== undefined) spans.nameEndings = true;
    spans.tokens.push(token);
    spans.starts.push(match.index);
    spans.ends.push(match.index + match[0].length);
  }
}

/** Tokens with their offsets, for matchers that must quote the text they matched. */
export function tokenSpans(input: string): TokenSpans {
  const visible = removeInvisible(input);
  // Most text (English, Russian, western European) is fast and has no Persian to join.
  const fast = fastText.test(visible);
  const text = fast ? visible : joinPersianCompounds(visible);
  const spans: TokenSpans = { text, tokens: [], starts: [], ends: [], nameEndings: false, persian: false };
  const folded = fast ? foldFast(text) : null;
  if (folded !== null && folded.length === text.length) collectFast(folded, spans);
  else collect(text, spans, input);
  return spans;
}

/** Folded word tokens: letters and digits of any script, apostrophes inside words kept. */
export function tokenize(text: string): string[] {
  return tokenSpans(text).tokens;
}
