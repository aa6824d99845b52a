import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../../src/digest/build-digest.js';
import { digestWords, wordsFor } from '../../../src/digest/digest-words.js';
import { renderMarkdown, renderText } from '../../../src/digest/render-text.js';
import { defaultTitle, moreNote, quietMessage, sourceLine } from '../../../src/digest/split-parts.js';
import { digestLanguages } from '../../../src/domain/chat.js';
import { englishWords, isolated, labels, story } from './fixtures.js';

const period = { since: 0, until: 10_000, labels, lagMs: 3_600_000 };

describe('digestWords', () => {
  it.each([
    ['ru', 1, '1 сюжет'],
    ['ru', 2, '2 сюжета'],
    ['ru', 5, '5 сюжетов'],
    ['ru', 11, '11 сюжетов'],
    ['ru', 21, '21 сюжет'],
    ['ru', 22, '22 сюжета'],
    ['ru', 25, '25 сюжетов'],
    ['ru', 0, '0 сюжетов'],
    ['ru', 12, '12 сюжетов'],
    ['ru', 14, '14 сюжетов'],
    ['ru', 101, '101 сюжет'],
    ['ru', 104, '104 сюжета'],
    ['ru', 111, '111 сюжетов'],
    ['ru', 1001, '1001 сюжет'],
    ['uk', 1, '1 сюжет'],
    ['uk', 2, '2 сюжети'],
    ['uk', 5, '5 сюжетів'],
    ['uk', 11, '11 сюжетів'],
    ['uk', 21, '21 сюжет'],
    ['uk', 22, '22 сюжети'],
    ['uk', 25, '25 сюжетів'],
    ['uk', 0, '0 сюжетів'],
    ['uk', 12, '12 сюжетів'],
    ['uk', 14, '14 сюжетів'],
    ['uk', 101, '101 сюжет'],
    ['uk', 104, '104 сюжети'],
    ['uk', 111, '111 сюжетів'],
    ['uk', 1001, '1001 сюжет'],
    ['en', 1, '1 story'],
    ['en', 21, '21 stories'],
  ] as const)('counts %s stories: %i as %j', (language, count, expected) => {
    expect(wordsFor(language).storyCount(count)).toBe(expected);
  });

  it.each([
    ['en', 1, false, '…and 1 more story on Gaza in this period.'],
    ['en', 50, true, '…and at least 50 more stories on Gaza in this period.'],
    ['ru', 1, false, '…и ещё 1 сюжет по теме «Gaza» за этот период.'],
    ['ru', 3, false, '…и ещё 3 сюжета по теме «Gaza» за этот период.'],
    ['ru', 21, true, '…и как минимум ещё 21 сюжет по теме «Gaza» за этот период.'],
    ['ru', 50, true, '…и как минимум ещё 50 сюжетов по теме «Gaza» за этот период.'],
    ['uk', 1, false, '…і ще 1 сюжет на тему «Gaza» за цей період.'],
    ['uk', 22, false, '…і ще 22 сюжети на тему «Gaza» за цей період.'],
    ['uk', 50, true, '…і щонайменше ще 50 сюжетів на тему «Gaza» за цей період.'],
  ] as const)(
    'says in %s what a section left out: %i, at least: %s',
    (language, count, atLeast, expected) => {
      expect(wordsFor(language).more(count, atLeast, 'Gaza')).toBe(expected);
    },
  );

  it.each([
    ['en', [], 'No new peace-talks stories in this period.'],
    ['en', ['Sudan', 'Gaza'], 'No new peace-talks stories on Sudan; Gaza in this period.'],
    ['ru', [], 'За этот период новых сюжетов о мирных переговорах нет.'],
    ['ru', ['Судан'], 'За этот период новых сюжетов о мирных переговорах по теме «Судан» нет.'],
    [
      'ru',
      ['Израиль — ХАМАС, Газа', 'Судан'],
      'За этот период новых сюжетов о мирных переговорах по темам «Израиль — ХАМАС, Газа», «Судан» нет.',
    ],
    ['uk', [], 'За цей період нових сюжетів про мирні переговори немає.'],
    ['uk', ['Судан'], 'За цей період нових сюжетів про мирні переговори на тему «Судан» немає.'],
    [
      'uk',
      ['Судан', 'Газа'],
      'За цей період нових сюжетів про мирні переговори на теми «Судан», «Газа» немає.',
    ],
  ] as const)('says in %s that a period on %j was quiet', (language, names, expected) => {
    expect(wordsFor(language).quiet(names)).toBe(expected);
  });

  it.each([
    ['en', 'Peace talks digest, 20 Nov 2026 to 27 Nov 2026', 'part 2 of 3', '+2 more'],
    ['ru', 'Дайджест мирных переговоров, 20–27 ноября 2026 г.', 'часть 2 из 3', 'ещё 2'],
    ['uk', 'Дайджест мирних переговорів, 20–27 листопада 2026 р.', 'частина 2 з 3', 'ще 2'],
  ] as const)('writes the %s title, part and outlet count', (language, title, part, more) => {
    const words = wordsFor(language);
    const period = words.period(Date.UTC(2026, 10, 20, 7), Date.UTC(2026, 10, 27, 7), 'Europe/Kyiv');
    expect(plainSpaces(words.title(period))).toBe(plainSpaces(title));
    expect(words.part(2, 3)).toBe(part);
    expect(words.moreSources(2)).toBe(more);
  });

  it('writes no character any surface reads as markup, since some words go out unescaped', () => {
    for (const words of Object.values(digestWords)) {
      const all = [
        words.title(words.between('a', 'b')),
        words.sources,
        words.moreSources(2),
        words.continued,
        words.more(3, true, 'x'),
        words.quiet(['x', 'y']),
        words.storyCount(3),
        words.part(2, 3),
      ].join(' ');
      expect(all, words.continued).not.toMatch(/[<>&*_~`[\]#|\\]/);
    }
  });

  it('writes a period across a year with both years, and one day once', () => {
    const words = wordsFor('uk');
    expect(plainSpaces(words.period(Date.UTC(2025, 11, 28, 9), Date.UTC(2026, 0, 4, 9), 'Europe/Kyiv'))).toBe(
      '28 грудня 2025 – 4 січня 2026 рр.',
    );
    expect(
      plainSpaces(wordsFor('ru').period(Date.UTC(2026, 10, 27, 6), Date.UTC(2026, 10, 27, 9), 'UTC')),
    ).toBe('27 ноября 2026 г.');
  });
});

describe('the helpers in localised words', () => {
  it('says what a capped section left out, at least', () => {
    const many = Array.from({ length: 7 }, (_, i) => story(i + 1, ['ukraine'], ['A']));
    const digest = buildDigest(many, { ...period, topics: [], perTopic: 2, capped: new Set(['ukraine']) });
    const [section] = digest.sections;
    if (section === undefined) throw new Error('no section');
    expect(moreNote(section, wordsFor('ru'))).toBe(
      '…и как минимум ещё 5 сюжетов по теме «Russia–Ukraine war» за этот период.',
    );
    expect(moreNote(section, wordsFor('uk'))).toBe(
      '…і щонайменше ще 5 сюжетів на тему «Russia–Ukraine war» за цей період.',
    );
    expect(moreNote(section, wordsFor('en'))).toBe(
      '…and at least 5 more stories on Russia–Ukraine war in this period.',
    );
  });

  it('keeps ISO days in the default title and names quiet topics by label', () => {
    const digest = buildDigest([], { ...period, topics: ['gaza', 'sudan'] });
    expect(defaultTitle(digest, wordsFor('uk'))).toBe('Дайджест мирних переговорів, 1970-01-01 — 1970-01-01');
    expect(quietMessage(digest, wordsFor('ru'))).toBe(
      'За этот период новых сюжетов о мирных переговорах по темам «Israel–Hamas, Gaza», «sudan» нет.',
    );
  });
});

describe('renderText and renderMarkdown in each language', () => {
  const stories = [
    story(1, ['ukraine'], ['A', 'B', 'C', 'D', 'E']),
    story(2, ['ukraine'], ['A']),
    story(3, ['ukraine'], ['A']),
  ];
  const digest = buildDigest(stories, { ...period, topics: [], perTopic: 2 });

  it.each(digestLanguages)('writes the %s words and no other language’s', (language) => {
    const words = wordsFor(language);
    const label = labels.get('ukraine') ?? '';
    for (const text of [renderText(digest, 3, words), renderMarkdown(digest, 3, words)]) {
      expect(text).toContain(words.title(words.between('1970-01-01', '1970-01-01')));
      expect(text).toContain(`${words.sources}: `);
      expect(text).toContain(`, ${words.moreSources(2)}\n`);
      expect(text).toContain(words.more(1, false, label));
      if (language !== 'en') expect(text).not.toMatch(englishWords);
    }
    const quiet = buildDigest([], { ...period, topics: ['gaza'] });
    expect(renderText(quiet, 3, words)).toBe(
      `${words.title(words.between('1970-01-01', '1970-01-01'))}\n\n${words.quiet(['Israel–Hamas, Gaza'])}\n`,
    );
  });

  it('writes the Russian text digest in Russian', () => {
    expect(renderText(digest, 3, wordsFor('ru'))).toBe(
      [
        'Дайджест мирных переговоров, 1970-01-01 — 1970-01-01',
        '',
        '== Russia–Ukraine war ==',
        '',
        '* Story 1',
        '  Summary 1.',
        `  Источники: ${isolated('A')} <https://a.example/a>, ${isolated('B')} <https://b.example/a>, ${isolated('C')} <https://c.example/a>, ещё 2`,
        '',
        '* Story 3',
        '  Summary 3.',
        `  Источник: ${isolated('A')} <https://a.example/a>`,
        '',
        '…и ещё 1 сюжет по теме «Russia–Ukraine war» за этот период.',
        '',
      ].join('\n'),
    );
  });
});

/** ICU puts no-break spaces of its version's choosing in dates: compared as plain spaces. */
const plainSpaces = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');

describe('sourceLine', () => {
  const source = (name: string) => ({ feed: name, url: null, title: `${name} headline` });
  const plain = (s: { feed: string }) => s.feed;

  it('names one source in the singular, in each language', () => {
    expect(sourceLine([source('A')], 3, plain, wordsFor('en'))).toBe('Source: A');
    expect(sourceLine([source('A')], 3, plain, wordsFor('ru'))).toBe('Источник: A');
    expect(sourceLine([source('A'), source('B')], 3, plain, wordsFor('uk'))).toBe('Джерела: A, B');
  });

  it('lists a last source instead of "+1 more", and counts the rest beyond that', () => {
    const four = ['A', 'B', 'C', 'D'].map(source);
    expect(sourceLine(four, 3, plain, wordsFor('ru'))).toBe('Источники: A, B, C, D');
    expect(sourceLine([...four, source('E')], 3, plain, wordsFor('ru'))).toBe('Источники: A, B, C, ещё 2');
  });
});
