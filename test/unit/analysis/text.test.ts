import { describe, expect, it } from 'vitest';
import { stripDateline, stripParagraphDateline } from '../../../src/analysis/dateline.js';
import { contentTerms, foldText, sentences, stem, tokenize } from '../../../src/analysis/text.js';

describe('foldText', () => {
  it.each([
    ['Peace TALKS', 'peace talks'],
    ['Café Crème à Genève', 'cafe creme a geneve'],
    ['Türkiye', 'turkiye'],
    ['Ёлка и ЁЖ', 'елка и еж'],
    ['Йемен, ЙОД', 'йемен, йод'],
    ['Перемирие', 'перемирие'],
    ['ЇЖАК, Європа, Ґанок, Інший', 'їжак, європа, ґанок, інший'],
    ['переми\u0301рие', 'перемирие'],
    ['перемир’я перемирʼя перемир‘я', "перемир'я перемир'я перемир'я"],
    ['ﬁnal ＵＮ', 'final un'],
    ['nego\u00adtiations', 'negotiations'],
    ['и\u0306ти', 'йти'],
  ])('folds %j to %j', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });

  it('never empties Cyrillic text', () => {
    const text = 'Переговоры в Стамбуле: Україна і Росія';
    expect(foldText(text)).toHaveLength(text.length);
  });
});

describe('tokenize', () => {
  it.each([
    ['Ceasefire talks in Doha resume.', ['ceasefire', 'talks', 'in', 'doha', 'resume']],
    ['Cease-fire, U.S.-brokered', ['cease', 'fire', 'u', 's', 'brokered']],
    ["Russia's envoy and Hamas' reply", ['russia', 'envoy', 'and', 'hamas', 'reply']],
    ["l'Ukraine et d'Israël", ['ukraine', 'et', 'israel']],
    ["dell'Ucraina, sull'accordo, un'intesa", ['ucraina', 'accordo', 'intesa']],
    ["the UN's envoy at Sant'Egidio", ['the', 'un', 'envoy', 'at', "sant'egidio"]],
    ["Ateşkes İstanbul'da, Barış", ['ateskes', "istanbul'da", 'barıs']],
    ['Zełenski, Kijów, Łódź', ['zełenski', 'kijow', 'łodz']],
    ['Переговоры в Стамбуле, 2025', ['переговоры', 'в', 'стамбуле', '2025']],
    ['Перемир’я та перемирʼя', ["перемир'я", 'та', "перемир'я"]],
    ['«Обмін полоненими» — ЗСУ', ['обмін', 'полоненими', 'зсу']],
    ['ЁЛКА Йемен', ['елка', 'йемен']],
    // Hamza on alef is a mark after an Arabic letter: إ folds to ا, as Arabic search engines do;
    // the article goes and ة is ه (arabic.test.ts).
    ['وقف إطلاق النار في غزة', ['وقف', 'اطلاق', 'نار', 'في', 'غزه']],
    ['הפסקת אש בעזה', ['הפסקת', 'אש', 'בעזה']],
    ["'quoted' words", ['quoted', 'words']],
  ])('tokenises %j', (text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  // A text is tokenised whole when folding keeps its length (ASCII, Cyrillic, Latin-1), else word
  // by word ("№", a narrow space, ²); either way each word comes out as foldText folds it.
  it.each([
    'Zelensky MEETS Macron at the Élysée № 2',
    'Zelensky MEETS Macron at the Élysée, €2bn',
    'MÜLLER, Straße, Øresund, ÇA, ÿ, naïve × ÷ ½',
    'Merz: 5 km² and µ',
    'ЁЛКА и Переговоры\u202fв Женеве — Café',
    "Russia`s talks and Hamas' reply in Genève",
  ])('folds each word of mixed text %j as foldText does', (text) => {
    const words =
      text.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*(?:['’‘`][\p{L}\p{N}][\p{L}\p{N}\p{M}]*)*/gu) ?? [];
    const expected = words.map((word) => foldText(word).replace(/'s?$/, '')).filter((w) => w !== '');
    expect(tokenize(text)).toEqual(expected);
  });

  // A word typed across a keyboard switch, or spam dodging filters: the letters of the other script
  // that look like its own take its script, in fast text and in text tokenised word by word (№, which
  // fast text does not take; é it does).
  it.each([
    ['Пeрeговоры в Стамбуле', ['переговоры', 'в', 'стамбуле']],
    ['ПEРЕГОВОРЫ, Cбер, ТAСС', ['переговоры', 'сбер', 'тасс']],
    ['Пeрeговоры в Стамбуле, café', ['переговоры', 'в', 'стамбуле', 'cafe']],
    ['Пeрeговоры № 5, Ukrаine', ['переговоры', '5', 'ukraine']],
    ['Ukrаine ceasefirе', ['ukraine', 'ceasefire']],
    ['Kyіv’s envoy', ['kyiv', 'envoy']],
  ])('gives a word that mixes Latin and Cyrillic look-alikes one script: %j', (text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it('keeps a mixed word whose other letters have no look-alike as it is', () => {
    expect(tokenize('Wiкипедия Zełенски')).toEqual(['wiкипедия', 'zełенски']);
  });
});

describe('sentences', () => {
  it.each([
    ['en', 'Talks resumed in Doha. Hamas weighs the offer! Will it hold?', 3],
    ['ru', 'Переговоры прошли в Стамбуле. Стороны обменялись пленными.', 2],
    ['uk', 'Обмін відбувся вранці. Повернулися 84 захисники.', 2],
    [null, '  One sentence without a stop  ', 1],
    ['xx-invalid-tag!', 'First. Second.', 2],
  ])('splits %s text into %i sentences', (language, text, count) => {
    const result = sentences(text, language);
    expect(result).toHaveLength(count);
    expect(result.every((sentence) => sentence === sentence.trim() && sentence !== '')).toBe(true);
  });

  it('returns nothing for blank text', () => {
    expect(sentences(' \n ', 'en')).toEqual([]);
  });
});

describe('stem', () => {
  it.each([
    ['negotiations', 'en', 'negotiating'],
    ['talks', null, 'talk'],
    ['переговорах', 'ru', 'переговоры'],
    ['пленными', 'ru', 'пленных'],
    ['переговорів', 'uk', 'переговори'],
    ['полоненими', 'uk', 'полонених'],
  ])('gives %s (%s) the stem of %s', (a, language, b) => {
    expect(stem(a, language)).toBe(stem(b, language));
  });

  it('picks the Ukrainian stemmer for words with Ukrainian letters whatever the tag', () => {
    expect(stem('україні', 'ru')).toBe(stem('україні', 'uk'));
  });

  it('leaves other scripts and short tokens alone', () => {
    expect(stem('εκεχειρια', 'el')).toBe('εκεχειρια');
    expect(stem('un', 'en')).toBe('un');
    expect(stem('paix', 'fr')).toBe('paix');
  });
});

describe('contentTerms', () => {
  it('drops stopwords in all three languages and stems the rest', () => {
    expect(contentTerms('The talks in Doha were held', 'en')).toEqual(['talk', 'doha', 'held']);
    expect(contentTerms('Переговоры в Стамбуле и обмен', 'ru')).toEqual(
      ['переговоры', 'стамбуле', 'обмен'].map((word) => stem(word, 'ru')),
    );
    expect(contentTerms('Це переговори у Стамбулі', 'uk')).toEqual(
      ['переговори', 'стамбулі'].map((word) => stem(word, 'uk')),
    );
  });
});

describe('stripDateline', () => {
  it.each([
    ['TEHRAN, May 21 (MNA) – The Iranian FM said', 'The Iranian FM said'],
    ['MOSCOW, May 21. /TASS/. Russia will respond', 'Russia will respond'],
    ['KYIV, Ukraine (AP) — Russian drones hit', 'Russian drones hit'],
    ['МОСКВА, 16 авг — РИА Новости. Путин заявил', 'Путин заявил'],
    ['(Reuters) - Talks resumed', 'Talks resumed'],
    ['TOKYO (Kyodo) -- Prime Minister Ishiba said', 'Prime Minister Ishiba said'],
    ['WASHINGTON, May 21 -- The talks resumed', 'The talks resumed'],
    [
      'The talks between Russia and the US -- the first in years -- ended',
      'The talks between Russia and the US -- the first in years -- ended',
    ],
    [
      'The ASEAN (Kuala Lumpur) - chair welcomed the ceasefire',
      'The ASEAN (Kuala Lumpur) - chair welcomed the ceasefire',
    ],
    ['NATO, EU leaders agree on a plan', 'NATO, EU leaders agree on a plan'],
    ['The Kremlin said', 'The Kremlin said'],
  ])('turns %j into %j', (text, expected) => {
    expect(stripDateline(text)).toBe(expected);
  });

  describe('stripParagraphDateline', () => {
    it.each([
      ['Japanese version OSAKA -- The summit opened', 'The summit opened'],
      [
        "Japan's National Daily Since 1922 May 21, 2025 (Mainichi Japan) TOKYO (Kyodo) -- Talks resumed",
        'Talks resumed',
      ],
      ['KYIV, Ukraine (AP) — Russian drones hit', 'Russian drones hit'],
      [
        'The talks between Russia and the US -- the first in years -- ended',
        'The talks between Russia and the US -- the first in years -- ended',
      ],
    ])('turns %j into %j', (text, expected) => {
      expect(stripParagraphDateline(text)).toBe(expected);
    });
  });
});
