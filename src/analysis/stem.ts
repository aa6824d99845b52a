import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as frenchStemmer } from '@orama/stemmers/french';
import { stemmer as germanStemmer } from '@orama/stemmers/german';
import { stemmer as italianStemmer } from '@orama/stemmers/italian';
import { stemmer as portugueseStemmer } from '@orama/stemmers/portuguese';
import { stemmer as russianStemmer } from '@orama/stemmers/russian';
import { stemmer as spanishStemmer } from '@orama/stemmers/spanish';
import { stemmer as turkishStemmer } from '@orama/stemmers/turkish';
import { stemmer as ukrainianStemmer } from '@orama/stemmers/ukrainian';
import { arabicScript, stemArabic } from './arabic.js';
import { isHebrewWord, stemHebrew } from './hebrew.js';
import { stemPersian } from './persian.js';
import { nameBeforeEnding } from './tokenize.js';

/**
 * Snowball stemmers (Porter2 for English; the Snowball French, Spanish, German, Italian, Portuguese,
 * Turkish and Russian stemmers; a Ukrainian light stemmer) from @orama/stemmers, and light10 for
 * Arabic, memoised: news vocabulary repeats, so a bounded cache makes stemming a hash lookup for
 * most tokens. Spec: https://snowballstem.org/algorithms/
 *
 * Polish has no stemmer there: a light one strips one case ending (polishLight).
 *
 * Arabic uses light10's suffix step (arabic.ts) rather than @orama/stemmers/arabic, which leaves the
 * plural -ات behind (مفاوضات → مفاوضا but مفاوضه → مفاوض) and strips ف off stems (فلسطيني → لسط).
 * Hebrew, which no Snowball stemmer covers, takes off prefixes and plural endings (stemHebrew); Persian
 * items' Arabic-script words lose their plural and ezafe endings (stemPersian), not light10's.
 */
type Stemmer = (word: string) => string;

const cacheLimit = 50_000;
const cyrillic = /[\u0400-\u04ff]/;
const ukrainianOnly = /[іїєґ]/;
const latin = /^[a-z]/;

function memoised(stemmer: Stemmer): Stemmer {
  const cache = new Map<string, string>();
  return (word) => {
    let stemmed = cache.get(word);
    if (stemmed === undefined) {
      if (cache.size >= cacheLimit) cache.clear();
      stemmed = stemmer(word);
      cache.set(word, stemmed);
    }
    return stemmed;
  };
}

/**
 * Tokens arrive without diacritics, and Snowball Spanish lists -ación, -ución, -ión only with the
 * accent: negociacion would keep its suffix while negociaciones loses it. Spanish words in -ion are
 * stressed on the last syllable and so written -ión, monosyllables such as guion aside
 * (https://www.rae.es/dpd/tilde), so the accent is put back; the stemmer's postlude removes it again.
 */
function spanishFolded(word: string): string {
  return spanishStemmer(word.endsWith('ion') ? `${word.slice(0, -3)}ión` : word);
}

/**
 * Snowball Portuguese strips -ação, -ações, -ução, -uções only with their cedilla and tilde, which
 * folded tokens have lost (negociações → negociacoes): they are put back, so that negociação and
 * negociações share a stem; the other endings the stemmer knows carry no diacritic.
 */
function portugueseFolded(word: string): string {
  const restored = word.replace(/([au])c(ao|oes)$/, (_, vowel: string, ending: string) =>
    ending === 'ao' ? `${vowel}ção` : `${vowel}ções`,
  );
  return portugueseStemmer(restored);
}

/**
 * Turkish writes a name's case ending after an apostrophe (İstanbul'da, Hamas'ın): the name alone is
 * stemmed. Folding turns ö, ü into o, u in stem and ending alike, so vowel harmony still holds for the
 * stemmer; dotless ı is kept by folding. The name is cut where the tokenizer's matchers cut it
 * (nameBeforeEnding), so the two agree on what a case ending is.
 */
function turkishFolded(word: string): string {
  return turkishStemmer(nameBeforeEnding(word) ?? word);
}

/**
 * The Ukrainian light stemmer keeps a case ending of nouns in -ія (Росія → рос but Росії → росі,
 * Росією → росіє; likewise делегація, Сирія, декларація), so one country or noun made several terms
 * and reports of one event in different cases drew apart. Genitive/dative/locative -ії and
 * instrumental -ією are put back to the nominative -ія first.
 */
function ukrainianNormalised(word: string): string {
  if (word.endsWith('ією')) return ukrainianStemmer(`${word.slice(0, -3)}ія`);
  if (word.endsWith('ії')) return ukrainianStemmer(`${word.slice(0, -2)}ія`);
  return ukrainianStemmer(word);
}

// Polish case and number endings, folded (ą, ę, ó lose their marks; ł stays), longest first.
const polishEndings =
  'owie ami ach ego emu owi ich ych imi ymi om ow em ie ia iu ii ej ym im a e i o u y'.split(' ');

/**
 * Polish has no stemmer in @orama/stemmers: a light one for clustering strips one case or number
 * ending, keeping at least four letters (Putinem, Putinowi → putin; jeńców, jeńcy → jenc; Kremlu →
 * kreml), so that reports naming one thing in different cases share a term. Consonant alternations
 * (Malta, Malcie) are left alone.
 */
function polishLight(word: string): string {
  for (const ending of polishEndings) {
    if (word.length - ending.length >= 4 && word.endsWith(ending)) return word.slice(0, -ending.length);
  }
  return word;
}

const english = memoised(englishStemmer);
const russian = memoised(russianStemmer);
const ukrainian = memoised(ukrainianNormalised);
const arabic = memoised(stemArabic);
const hebrew = memoised(stemHebrew);
const persian = memoised(stemPersian);
const latinStemmers: ReadonlyMap<string, Stemmer> = new Map([
  ['en', english],
  ['fr', memoised(frenchStemmer)],
  ['es', memoised(spanishFolded)],
  ['de', memoised(germanStemmer)],
  ['it', memoised(italianStemmer)],
  ['pt', memoised(portugueseFolded)],
  ['tr', memoised(turkishFolded)],
  ['pl', memoised(polishLight)],
]);

function stemmerFor(token: string, language: string | null): Stemmer | null {
  if (cyrillic.test(token)) {
    if (language === 'uk' || ukrainianOnly.test(token)) return ukrainian;
    return russian;
  }
  if (latin.test(token)) return latinStemmers.get(language ?? 'en') ?? null;
  if (arabicScript.test(token)) return language === 'fa' ? persian : arabic;
  if (isHebrewWord(token)) return hebrew;
  return null;
}

/**
 * The stem of a folded token: Cyrillic by the item's language (Ukrainian letters і ї є ґ choose
 * Ukrainian whatever the tag says); Latin by the rules of the item's language when it is English,
 * French, Spanish, German, Italian, Portuguese or Turkish (Polish by polishLight), by English rules
 * when the language is unknown; Arabic script by light10 (by stemPersian in Persian items) and Hebrew
 * by stemHebrew whatever the tag;
 * other scripts and languages are returned as they are.
 */
export function stem(token: string, language: string | null): string {
  if (token.length < 3) return token;
  const stemmer = stemmerFor(token, language);
  if (stemmer === null) return token;
  const stemmed = stemmer(token);
  return stemmed === '' ? token : stemmed;
}
