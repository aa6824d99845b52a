import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as russianStemmer } from '@orama/stemmers/russian';
import { stemmer as ukrainianStemmer } from '@orama/stemmers/ukrainian';

/**
 * Snowball stemmers (Porter2 for English, the Snowball Russian stemmer, a Ukrainian light stemmer)
 * from @orama/stemmers, memoised: news vocabulary repeats, so a bounded cache makes stemming a hash
 * lookup for most tokens.
 * Spec: https://snowballstem.org/algorithms/
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

const english = memoised(englishStemmer);
const russian = memoised(russianStemmer);
const ukrainian = memoised(ukrainianStemmer);

function stemmerFor(token: string, language: string | null): Stemmer | null {
  if (cyrillic.test(token)) {
    if (language === 'uk' || ukrainianOnly.test(token)) return ukrainian;
    return russian;
  }
  if (latin.test(token) && (language === null || language === 'en')) return english;
  return null;
}

/**
 * The stem of a folded token: Cyrillic by the item's language (Ukrainian letters і ї є ґ choose
 * Ukrainian whatever the tag says), Latin by English rules when the language is English or unknown;
 * other scripts and languages are returned as they are.
 */
export function stem(token: string, language: string | null): string {
  if (token.length < 3) return token;
  const stemmer = stemmerFor(token, language);
  if (stemmer === null) return token;
  const stemmed = stemmer(token);
  return stemmed === '' ? token : stemmed;
}
