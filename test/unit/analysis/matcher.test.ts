import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../../src/analysis/matcher.js';
import { tokenize, tokenSpans } from '../../../src/analysis/text.js';
import { isAppError } from '../../../src/shared/errors.js';

const matcher = createMatcher(
  [
    'talks',
    'peace talks',
    'trade talks',
    'переговор*',
    'обмен* пленными',
    'cease-fire*',
    "перемир'я",
    'Genève',
    'Эр-Рияд*',
    'hamas',
    'ham*',
  ].map((pattern) => ({ pattern, value: pattern })),
);

const matched = (text: string) => matcher.match(tokenize(text)).map((hit) => hit.value);

describe('createMatcher', () => {
  it.each([
    ['Peace talks resume', ['peace talks']],
    ['US and China resume trade talks', ['trade talks']],
    ['Talks, then more talks', ['talks', 'talks']],
    ['ПЕРЕГОВОРЫ и переговорщики', ['переговор*', 'переговор*']],
    ['Стороны обменялись пленными', ['обмен* пленными']],
    ['обменялись телами', []],
    ['The ceasefire holds', []],
    ['A cease-fire, then cease fires', ['cease-fire*', 'cease-fire*']],
    ['Закликав до перемир’я', ["перемир'я"]],
    ['Talks in Geneve and GENÈVE', ['talks', 'Genève', 'Genève']],
    ['Встреча в Эр-Рияде', ['Эр-Рияд*']],
    ['Hamas and Hamburg', ['hamas', 'ham*']],
  ])('finds in %j: %j', (text, expected) => {
    expect(matched(text)).toEqual(expected);
  });

  it('reports where each match starts and ends in tokens', () => {
    const hits = matcher.match(tokenize('New peace talks today'));
    expect(hits).toEqual([{ pattern: 'peace talks', value: 'peace talks', start: 1, end: 3 }]);
  });

  it.each([
    ['Talks', 'talks'],
    ['négociation*', 'negociation*'],
    ['الرهائن', 'رهائن'],
    ['cease-fire', 'cease fire'],
  ])('refuses "%s" beside "%s", which match the same words, naming both', (first, second) => {
    let error: unknown;
    try {
      createMatcher([
        { pattern: first, value: 1 },
        { pattern: second, value: 2 },
      ]);
    } catch (caught) {
      error = caught;
    }
    expect(isAppError(error, 'config_invalid')).toBe(true);
    expect((error as Error).message).toContain(`"${first}" and "${second}"`);
  });

  it('lets the longer of two wildcards that match a word win, in either order', () => {
    const entries = [
      { pattern: 'krieg*', value: 'war' },
      { pattern: 'kriegsgefangen*', value: 'prisoners' },
    ];
    for (const order of [entries, [...entries].reverse()]) {
      expect(createMatcher(order).match(tokenize('Kriegsgefangenenaustausch'))[0]?.value).toBe('prisoners');
      expect(createMatcher(order).match(tokenize('Kriegsende'))[0]?.value).toBe('war');
    }
  });

  it.each([
    ['بغزة', 'غزة', true],
    ['لإسرائيل', 'إسرائيل', true],
    ['وبغزة', 'غزة', true],
    ['لوقف إطلاق النار', 'وقف إطلاق النار', true],
    ['فلسطين', 'فلسطين', true],
    ['بيت', 'يت', false],
    ['لحزب العمال الكردستاني', 'حزب العمال الكردستاني', true],
    ['رسالة لعبد الفتاح البرهان', 'عبد الفتاح البرهان', true],
    ['رياضة الفروسية', 'روسي*', false],
    ['استقبلوا المبادرة بحماس', 'حماس', false],
    ['لقمة العيش', 'قمة', false],
    ['bgaza', 'gaza', false],
  ])('matches %j against the pattern %j behind a one-letter Arabic proclitic: %s', (text, pattern, hit) => {
    const hits = createMatcher([{ pattern, value: 1 }]).match(tokenize(text));
    expect(hits.length > 0).toBe(hit);
  });

  it.each([
    ["İstanbul'da görüşmeler", 'istanbul', true],
    ["Hamas'ın heyeti", 'hamas', true],
    ["Beyaz Saray'da", 'beyaz saray', true],
    ["Beyaz Saray'da", 'saray', true],
    ["Doha'daki müzakereler", 'doha', true],
    ["Ukrayna'nın", 'ukrayna*', true],
    ["aujourd'hui", 'aujourd', false],
    ["перемир'я", 'перемир', false],
  ])('matches %j against the pattern %j before a Turkish case ending: %s', (text, pattern, hit) => {
    const hits = createMatcher([{ pattern, value: 1 }]).match(tokenize(text));
    expect(hits.length > 0).toBe(hit);
  });

  it.each([
    ["Hamas'ın heyeti İstanbul'da", true],
    ["Süper Lig'de derbi", true],
    ["Russia's envoy doesn't say we'll talk aujourd'hui", false],
    ["Закликав до перемир'я", false],
  ])('tells whether %j has a Turkish name ending: %s', (text, expected) => {
    expect(tokenSpans(text).nameEndings).toBe(expected);
  });

  it('reports a name with its Turkish case ending as one token', () => {
    const hits = createMatcher([{ pattern: 'hamas', value: 1 }]).match(tokenize("Putin ve Hamas'la"));
    expect(hits).toEqual([{ pattern: 'hamas', value: 1, start: 2, end: 3 }]);
  });

  it('prefers the word as written to the word less its first letter', () => {
    const matcher = createMatcher([
      { pattern: 'فلسطين', value: 'palestine' },
      { pattern: 'لسطين', value: 'not a word' },
    ]);
    expect(matcher.match(tokenize('فلسطين'))[0]?.value).toBe('palestine');
  });

  it('counts distinct patterns, a wildcard and its exact word apart', () => {
    expect(
      createMatcher([
        { pattern: 'talk*', value: 1 },
        { pattern: 'talk', value: 2 },
        { pattern: 'talks', value: 3 },
      ]).size,
    ).toBe(3);
  });

  it('refuses a pattern without words', () => {
    let error: unknown;
    try {
      createMatcher([{ pattern: '— *', value: 0 }]);
    } catch (caught) {
      error = caught;
    }
    expect(isAppError(error, 'config_invalid')).toBe(true);
  });
});
