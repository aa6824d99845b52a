import { describe, expect, it } from 'vitest';
import {
  cleanSentenceStart,
  leansOnPrevious,
  singleQuotations,
} from '../../../src/analysis/summary-furniture.js';

describe('cleanSentenceStart', () => {
  it.each([
    [
      'FIRST ON FOX: In an exclusive interview, the envoy denied it.',
      'In an exclusive interview, the envoy denied it.',
    ],
    ['EXCLUSIVE: Talks resume in Doha.', 'Talks resume in Doha.'],
    ['WATCH: "We are ready," Zelensky said.', '"We are ready," Zelensky said.'],
    ['ЭКСКЛЮЗИВ: Переговоры возобновятся в Дохе.', 'Переговоры возобновятся в Дохе.'],
    ['Advertisement Supported by The talks resumed.', 'The talks resumed.'],
  ])('takes the label off %j', (sentence, expected) => {
    expect(cleanSentenceStart(sentence)).toBe(expected);
  });

  it.each([
    'NATO: Allies will keep supporting Ukraine.',
    'UN: 20 trucks entered Gaza.',
    'Talks resume: delegations meet in Doha.',
    'US AND IRAN: what the deal means',
    'WHITE HOUSE: The ceasefire will hold.',
    'МИД РФ: Москва готова к переговорам.',
    'Die Ukraine hat Anzeige gegen russische Soldaten erstattet.',
  ])('keeps %j (a speaker, a headline-style clause or no sentence after the colon)', (sentence) => {
    expect(cleanSentenceStart(sentence)).toBe(sentence);
  });
});

describe('leansOnPrevious', () => {
  it.each([
    'He added that the talks would resume.',
    'That sounds like fake news.',
    'We were waiting for the Red Cross the whole time.',
    'The whole time, we could not sleep.',
    'Мы ждали этого три года.',
    'Ми чекали на це три роки.',
    'When I arrived, the talks had ended.',
    'Yesterday I met the envoy.',
    'It’s a first step towards a ceasefire.',
    'The envoy said I’m not sure the talks will resume.',
    'After two years we’ve waited long enough.',
    'Мне страшно за переговоры.',
    'Посол назвал это нашей общей победой.',
    'Посол назвав це нашою спільною перемогою.',
    'Об этом сообщило министерство иностранных дел Катара.',
    'Про це повідомив міністр закордонних справ.',
    '"This is not my war," he told reporters.',
    '‘We will not give up,’ she said.',
    '«Это не моя война», — сказал он.',
    '„Це не моя війна“, — заявив він.',
  ])('holds for %j', (sentence) => {
    expect(leansOnPrevious(sentence)).toBe(true);
  });

  it.each([
    'US and Iranian delegations met in Muscat.',
    '"We are ready for a ceasefire," Netanyahu said.',
    'World War I ended with an armistice.',
    'Phase I of the truce ends on Saturday.',
    'Talks on the Minsk I agreement stalled.',
    'The Oslo I Accord was signed in 1993.',
    'Tsar Peter I founded the city.',
    'Traffic on I-95 was stopped.',
    'Россия передала Ми-8 Судану.',
    "This week's talks in Geneva ended without a deal.",
    'That same day the envoys met again.',
    'Делегации встретились в Стамбуле.',
    'Стороны нашли компромисс по обмену пленными.',
    'Обмен этот стал крупнейшим с начала войны.',
    'Прохання про це надійшло вчора.',
    '‘We will not give up,’ Zelensky said.',
    '‘We’re ready for talks,’ Zelensky said.',
    "'We will not give up,' Zelensky said.",
    '«Мы готовы», — сказал Песков.',
    '"We are ready," Netanyahu said they would tell the mediators.',
  ])('does not hold for %j', (sentence) => {
    expect(leansOnPrevious(sentence)).toBe(false);
  });
});

describe('single quotations in a long text', () => {
  // Each opening mark used to be tried to the end of the text: 108 KB of them took 5 s or more.
  const marks = `Talks resumed${" 'x".repeat(36_000)} in Istanbul.`;

  it('judges a sentence of 36,000 unclosed quotation marks within a second', () => {
    const started = performance.now();
    expect(leansOnPrevious(marks)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('finds the quotations the apostrophes between letters do not close', () => {
    const text = "'Trump's plan' is a 'first step,’ said ‘Witkoff’s envoy'. Class of '22, 'Tis the season";
    expect(singleQuotations(text).map(([start, end]) => text.slice(start, end))).toEqual([
      "'Trump's plan'",
      "'first step,’",
      "‘Witkoff’s envoy'",
    ]);
  });
});
