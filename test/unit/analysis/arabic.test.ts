import { describe, expect, it } from 'vitest';
import { stemArabic, withoutPronoun } from '../../../src/analysis/arabic.js';
import { createMatcher } from '../../../src/analysis/matcher.js';
import { contentTerms, foldText, stem, tokenize, tokenSpans } from '../../../src/analysis/text.js';

describe('Arabic tokens', () => {
  it.each([
    ['والمفاوضات', ['مفاوضات']],
    ['الدوحة', ['دوحه']],
    ['بالاتفاق', ['اتفاق']],
    ['كالعادة', ['عاده']],
    ['فالحرب', ['حرب']],
    ['للسلام', ['سلام']],
    ['وبالاتفاق', ['اتفاق']],
    // Light10 strips و only when 3 letters remain, an article only when 2 remain.
    ['وقف ووقف وفد', ['وقف', 'وقف', 'وفد']],
    ['ال الي', ['ال', 'الي']],
    ['أسرى إطلاق آمال', ['اسري', 'اطلاق', 'امال']],
    ['مستشفى مفاوضـــات', ['مستشفي', 'مفاوضات']],
    // A haraka may sit on the tatweel rather than on a letter; it goes with it.
    ['هـُدنة مفاوضـَات سـَلام', ['هدنه', 'مفاوضات', 'سلام']],
    ['وَقْفُ إِطْلَاقِ النَّارِ', ['وقف', 'اطلاق', 'نار']],
    ['٢٠٢٥ ۱۴۰۳', ['2025', '1403']],
    ['ﻻ ـ', ['لا']],
    ['Hamas و حماس', ['hamas', 'و', 'حماس']],
  ])('tokenises %j', (text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it.each([
    ['وساطة', 'الوساطة', 'والوساطة', 'ووساطة', 'بالوساطة'],
    ['واشنطن', 'وواشنطن'],
    ['وفود', 'الوفود', 'والوفود'],
    ['وفد', 'الوفد', 'ووفد'],
  ])('gives every form of a word starting with و one token: %s', (...forms) => {
    const tokens = forms.map((form) => tokenize(form));
    expect(tokens).toEqual(forms.map(() => tokens[0]));
  });

  it('folds hamza and madda on alef to a bare alef', () => {
    expect(foldText('أ إ آ')).toBe('ا ا ا');
  });

  it('keeps offsets over the whole written word, proclitics included', () => {
    const spans = tokenSpans('قال والمفاوضات في الدوحة');
    expect(spans.tokens).toEqual(['قال', 'مفاوضات', 'في', 'دوحه']);
    const written = spans.starts.map((start, i) => spans.text.slice(start, spans.ends[i]));
    expect(written).toEqual(['قال', 'والمفاوضات', 'في', 'الدوحة']);
  });

  it('lets patterns in dictionary form meet inflected text', () => {
    const matcher = createMatcher([
      { pattern: 'مفاوض*', value: 'talks' },
      { pattern: 'وقف اطلاق النار', value: 'ceasefire' },
      { pattern: 'الدوحة', value: 'doha' },
    ]);
    const tokens = tokenize('وتستأنف المفاوضات في الدوحة بعد وقفِ إطلاقِ النّار');
    expect(matcher.match(tokens).map((hit) => hit.value)).toEqual(['talks', 'doha', 'ceasefire']);
  });
});

describe('attached pronouns', () => {
  it.each([
    ['قمتهما', ['قمت', 'قمه']],
    ['هدنتها', ['هدنت', 'هدنه']],
    ['مفاوضاتها', ['مفاوضات', 'مفاوضاه']],
    ['اتفاقهم', ['اتفاق']],
    ['هدنه', []],
    ['منها', []],
  ])('takes the pronoun off %j as the words it may be: %j', (token, words) => {
    expect(withoutPronoun(token)).toEqual(words);
  });

  it('lets a word meet its pattern with a pronoun attached, when the word alone matches nothing', () => {
    const entries = [
      { pattern: 'قمة', value: 'summit' },
      { pattern: 'هدنة', value: 'truce' },
      { pattern: 'مفاوضات', value: 'talks' },
    ];
    const matcher = createMatcher(entries, 'lexicon terms', { pronouns: true });
    const tokens = tokenize('ترامب وبوتين قبل قمتهما ومفاوضاتهم وهدنتها ومنها');
    expect(matcher.match(tokens).map((hit) => hit.value)).toEqual(['summit', 'talks', 'truce']);
    expect(createMatcher(entries).match(tokens)).toEqual([]);
  });

  it('never reads a name into a word with a pronoun: حماسهم is their enthusiasm, not Hamas', () => {
    const names = createMatcher([{ pattern: 'حماس', value: 'hamas' }], 'topic aliases');
    expect(names.match(tokenize('اللاعبون أظهروا حماسهم في المباراة'))).toEqual([]);
    expect(names.match(tokenize('وفد حماس في القاهرة')).map((hit) => hit.value)).toEqual(['hamas']);
  });
});

describe('stemArabic', () => {
  it.each([
    [['مفاوضات', 'مفاوضه', 'مفاوضين', 'مفاوضون'], 'مفاوض'],
    [['فلسطينيين', 'فلسطيني', 'فلسطينيه'], 'فلسطين'],
    [['محادثاتها', 'محادثات', 'محادثه'], 'محادث'],
    [['اسراييليه', 'اسراييليين', 'اسراييل'], 'اسراييل'],
    // a proclitic before an alif, and the two spellings of "American"
    [['لاطلاق', 'اطلاق'], 'اطلاق'],
    [['باتفاق', 'اتفاق'], 'اتفاق'],
    [['امريكي', 'اميركي', 'امريكيه', 'اميركيه'], 'امريك'],
  ])('gives %j the stem %s', (words, expected) => {
    expect(words.map(stemArabic)).toEqual(words.map(() => expected));
  });

  it('leaves at least two letters', () => {
    expect(stemArabic('غزه')).toBe('غز');
    expect(stemArabic('في')).toBe('في');
  });

  it('stems Arabic-script tokens whatever the item language says', () => {
    const [token = ''] = tokenize('المفاوضات');
    expect([stem(token, 'ar'), stem(token, 'en'), stem(token, null)]).toEqual(['مفاوض', 'مفاوض', 'مفاوض']);
  });

  it('drops Arabic function words and stems the rest', () => {
    expect(contentTerms('قال المتحدث إن المفاوضات في الدوحة', 'ar')).toEqual(['متحدث', 'مفاوض', 'دوح']);
  });
});
