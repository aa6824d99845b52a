import { describe, expect, it } from 'vitest';
import { majorityLanguage, type SummaryInput, summarizeExtractive } from '../../../src/analysis/summary.js';

const friday = Date.UTC(2025, 4, 23, 12);
const hour = 3_600_000;
const cyrillic = /\p{Script=Cyrillic}/u;
const latinWord = /\b[A-Za-z]{4,}\b/;

function item(fields: Partial<SummaryInput> & { title: string }): SummaryInput {
  return { summary: '', content: null, language: 'en', publishedAt: friday, ...fields };
}

// One prisoner swap, reported in English and in Russian.
const english = item({
  title: 'Russia and Ukraine begin largest prisoner swap of the war',
  content:
    'Russia and Ukraine exchanged 390 prisoners on Friday in the first stage of the largest swap of the war, agreed at the talks in Istanbul. More exchanges are expected over the weekend, Ukrainian President Volodymyr Zelensky said.',
  publishedAt: friday,
});
const englishToo = item({
  title: 'Ukraine and Russia swap 390 prisoners',
  summary:
    'Ukraine and Russia swapped 390 soldiers and civilians on Friday, the first stage of an exchange of 1,000 prisoners each agreed in Istanbul.',
  language: 'en-US',
  publishedAt: friday + hour,
});
const russian = item({
  title: 'Россия и Украина провели обмен пленными',
  summary:
    'Россия и Украина в пятницу обменялись 390 пленными в рамках договоренности, достигнутой на переговорах в Стамбуле. Обмен продолжится в ближайшие дни, сообщили в Минобороны России.',
  language: 'ru',
  publishedAt: friday + 2 * hour,
});

describe('summarizeExtractive on a story in two languages', () => {
  it('writes the summary in the language most reports share, not in a mixture', () => {
    const summary = summarizeExtractive([english, russian, englishToo]);
    expect(summary.text).toMatch(/390/);
    expect(summary.text).not.toMatch(cyrillic);
  });

  it('counts "en-US" and "en" as one language', () => {
    expect(majorityLanguage([russian, english, englishToo])).toBe('en');
    expect(summarizeExtractive([russian, englishToo, english]).text).not.toMatch(cyrillic);
  });

  it.each([
    ['English', [english, russian], cyrillic],
    ['Russian', [russian, english], latinWord],
  ])('keeps to the first report’s language on a tie (%s)', (_label, items, foreign) => {
    const summary = summarizeExtractive(items);
    expect(summary.text).toMatch(/390/);
    expect(summary.text).not.toMatch(foreign);
  });

  it('follows the language it is given', () => {
    const summary = summarizeExtractive([english, englishToo, russian], { language: 'ru' });
    expect(summary.text).toMatch(cyrillic);
    expect(summary.text).not.toMatch(latinWord);
  });

  it('uses another language’s sentences when the story’s language has none', () => {
    const headlineOnly = item({ title: 'Russia and Ukraine swap 390 prisoners' });
    const summary = summarizeExtractive([
      headlineOnly,
      { ...headlineOnly, title: 'Prisoner swap begins' },
      russian,
    ]);
    expect(summary.text).toMatch(/обменялись 390 пленными/);
  });
});

// Arabic and Hebrew have no capital letters: a sentence there opens with a caseless letter.
describe('summarizeExtractive in scripts without case', () => {
  it('quotes an Arabic report’s sentences, not its headline', () => {
    const summary = summarizeExtractive([
      item({
        title: 'وقف إطلاق النار في غزة: استئناف المفاوضات في الدوحة',
        content:
          'قال مسؤول مطلع إن الوفد الإسرائيلي وصل إلى الدوحة مساء الاثنين. هل ستنجح الجولة الجديدة؟ وأضاف المسؤول أن الوسطاء يأملون التوصل إلى اتفاق قبل نهاية الأسبوع.',
        language: 'ar',
      }),
    ]);
    expect(summary.text).toBe(
      'قال مسؤول مطلع إن الوفد الإسرائيلي وصل إلى الدوحة مساء الاثنين. وأضاف المسؤول أن الوسطاء يأملون التوصل إلى اتفاق قبل نهاية الأسبوع.',
    );
  });

  it('quotes a Hebrew description, and leaves out an Arabic teaser question and a description cut at a comma', () => {
    const hebrew = item({
      title: 'הפסקת אש: המשא ומתן בקהיר',
      summary: 'המשלחת הישראלית יצאה לקהיר לשיחות על עסקת חטופים והפסקת אש ברצועת עזה.',
      language: 'he',
    });
    expect(summarizeExtractive([hebrew]).text).toBe(hebrew.summary);
    for (const summary of [
      'هل تنجح الوساطة القطرية في إنقاذ اتفاق وقف إطلاق النار في غزة؟',
      'أعلن الوسطاء القطريون والمصريون أن جولة جديدة من المفاوضات ستبدأ الثلاثاء في الدوحة،',
    ]) {
      const title = 'مفاوضات الدوحة';
      expect(summarizeExtractive([item({ title, summary, language: 'ar' })]).text).toBe(title);
    }
  });
});
