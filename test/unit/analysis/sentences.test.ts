import { describe, expect, it } from 'vitest';
import { leadingSentences, sentences } from '../../../src/analysis/sentences.js';

describe('sentences', () => {
  it.each([
    ['en', 'Mr. Witkoff met Gen. Kellogg in Riyadh. They talked for hours.', 2],
    ['en', 'Lt. Col. Ivanov spoke. Talks resumed.', 2],
    ['en', 'Talks ended. Mr. Umerov left. Dr. Smith stayed.', 3],
    ['ru', 'Об этом заявил Д. Песков. Переговоры продолжатся.', 2],
    ['ru', 'Встреча прошла в 2025 г. Москва ждёт ответа. Ответа нет.', 2],
    ['uk', 'Про це сказав Р. Умєров. Переговори тривають.', 2],
    ['en', 'The talks ended. The delegations left.', 2],
    ['en', 'The Minister of Foreign Affairs, Amb. Yusuf Tuggar, met the envoy. Talks resume today.', 2],
    ['en', 'Talks were held at No. 10 Downing Street. Both sides spoke.', 2],
    ['en', 'Asked about a truce, Zelensky said no. Talks resume on Monday.', 2],
    ['ru', 'Стороны обсудили, напр. обмен пленными. Переговоры продолжатся.', 2],
  ])('does not end a %s sentence at an abbreviation or an initial: %j', (language, text, count) => {
    expect(sentences(text, language)).toHaveLength(count);
  });

  it('keeps the abbreviation and the name in one sentence', () => {
    expect(sentences('Talks ended. Mr. Witkoff left Moscow.', 'en')).toEqual([
      'Talks ended.',
      'Mr. Witkoff left Moscow.',
    ]);
  });
});

describe('leadingSentences', () => {
  it('counts a sentence with an initial as one and says where the lead ends', () => {
    const text = 'Об этом заявил Д. Песков. Переговоры продолжатся. Третье предложение.';
    const { lead, end } = leadingSentences(text, 'ru', 2);
    expect(lead).toBe('Об этом заявил Д. Песков. Переговоры продолжатся.');
    expect(text.slice(end).trim()).toBe('Третье предложение.');
  });
});
