import { describe, expect, it } from 'vitest';
import { isStopword } from '../../../src/analysis/stopwords.js';
import { stem, tokenize } from '../../../src/analysis/text.js';

/** Stems of folded tokens, as clustering sees them. */
const stemOf = (word: string, language: string | null) =>
  tokenize(word).map((token) => stem(token, language));

describe('stem in French, Spanish, German, Italian, Portuguese and Turkish', () => {
  it.each([
    ['négociations', 'négociation', 'fr'],
    ['ukrainiens', 'ukrainienne', 'fr'],
    ['otages', 'otage', 'fr'],
    ['negociaciones', 'negociación', 'es'],
    ['conversaciones', 'conversación', 'es'],
    ['acuerdos', 'acuerdo', 'es'],
    ['ucranianos', 'ucraniana', 'es'],
    ['Verhandlungen', 'Verhandlung', 'de'],
    ['Friedensgespräche', 'Friedensgespräch', 'de'],
    ['ukrainischen', 'ukrainische', 'de'],
    ['negoziati', 'negoziato', 'it'],
    ['trattative', 'trattativa', 'it'],
    ["dell'Ucraina", 'ucraini', 'it'],
    ['negociações', 'negociação', 'pt'],
    ['conversações', 'conversação', 'pt'],
    ['acordos', 'acordo', 'pt'],
    ['müzakereleri', 'müzakereler', 'tr'],
    ['görüşmeleri', 'görüşmeler', 'tr'],
    ['ateşkesi', 'ateşkes', 'tr'],
    ["Ukrayna'nın", 'Ukrayna', 'tr'],
    ["İstanbul'da", 'İstanbul', 'tr'],
  ])('gives %s and %s (%s) one stem', (a, b, language) => {
    expect(stemOf(a, language)).toEqual(stemOf(b, language));
  });

  it.each([
    ['negociaciones', 'es', 'negoci'],
    ['negociacion', 'es', 'negoci'],
    ['negociations', 'fr', 'negoci'],
    ['verhandlungen', 'de', 'verhandl'],
    ['strasse', 'de', 'strass'],
    ['talks', null, 'talk'],
    ['talks', 'en', 'talk'],
    ['negoziati', 'it', 'negoz'],
    ['negociacoes', 'pt', 'negoc'],
    ['esirler', 'tr', 'esir'],
    ['negocjacje', 'pl', 'negocjacj'],
    ['putinem', 'pl', 'putin'],
    ['putinowi', 'pl', 'putin'],
    ['jencow', 'pl', 'jenc'],
    ['jency', 'pl', 'jenc'],
    ['kremlu', 'pl', 'kreml'],
    ['rosja', 'pl', 'rosj'],
    ['pokoj', 'pl', 'pokoj'],
  ])('stems %s (%s) to %s', (token, language, expected) => {
    expect(stem(token, language)).toBe(expected);
  });

  it('leaves Latin tokens of languages without a stemmer alone', () => {
    expect(stem('negociaciones', 'cs')).toBe('negociaciones');
    expect(stem('talks', 'ru')).toBe('talks');
    expect(stem('talks', 'ar')).toBe('talks');
  });

  it('stems Hebrew by hebrew.ts and leaves short tokens alone', () => {
    expect(stem('הפסקת', 'he')).toBe('פסקה');
    expect(stem('un', 'fr')).toBe('un');
  });
});

describe('stem in Ukrainian', () => {
  it.each([
    [['Росія', 'Росії', 'Росію', 'Росією']],
    [['делегація', 'делегації', 'делегацій', 'делегацією']],
    [['Сирія', 'Сирії', 'Сирією']],
    [['декларація', 'декларації', 'декларацію']],
    [['переговори', 'переговорів', 'переговорами']],
  ])('gives every case of %j one stem', (words) => {
    expect(new Set(words.flatMap((word) => stemOf(word, 'uk'))).size).toBe(1);
  });
});

describe('isStopword', () => {
  it.each([
    ['été', 'fr', true],
    ['déjà', 'fr', true],
    ['un', 'fr', true],
    ['según', 'es', true],
    ['sea', 'es', true],
    ['über', 'de', true],
    ['für', 'de', true],
    ['daß', 'de', true],
    ['während', 'de', true],
    ['war', 'de', true],
    ['die', 'de', true],
    ['the', 'de', true],
    ['والذي', 'ar', true],
    ['وفي', null, true],
    ['إلى', 'en', true],
    ['та', 'uk', true],
    ['щодо', null, true],
    ['della', 'it', true],
    ['perché', 'it', true],
    ['não', 'pt', true],
    ['também', 'pt', true],
    ['için', 'tr', true],
    ['değil', 'tr', true],
    ['się', 'pl', true],
    ['według', 'pl', true],
    ['con', 'en', false],
    ['ten', null, false],
    ['della', 'es', false],
    ['rozmowy', 'pl', false],
    ['ateşkes', 'tr', false],
    ['war', 'en', false],
    ['war', null, false],
    ['un', 'en', false],
    ['sea', null, false],
    ['de', 'en', false],
    ['estados', 'es', false],
    ['négociations', 'fr', false],
  ])('%s in a %s item: %s', (word, language, expected) => {
    const tokens = tokenize(word);
    expect(tokens).toHaveLength(1);
    expect(isStopword(tokens[0] ?? '', language)).toBe(expected);
  });

  it('drops Arabic function words in items of any language', () => {
    for (const word of ['في', 'ذي', 'الي', 'ان', 'قال']) expect(isStopword(word, null)).toBe(true);
  });
});
