import { stem } from './stem.js';
import { isStopword } from './stopwords.js';
import { tokenize } from './tokenize.js';

export { foldText } from '../shared/fold.js';
export { leadingSentences, sentences } from './sentences.js';
export { stem } from './stem.js';
export { type TokenSpans, tokenize, tokenSpans } from './tokenize.js';

/** True for tokens that carry content: not a stopword of the item's language, and not a lone letter. */
export function isContentToken(token: string, language: string | null): boolean {
  return token.length > 1 && !isStopword(token, language);
}

/** Stemmed content tokens of a text: the terms clustering weighs with TF-IDF. */
export function contentTerms(text: string, language: string | null): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) {
    if (isContentToken(token, language)) terms.push(stem(token, language));
  }
  return terms;
}
