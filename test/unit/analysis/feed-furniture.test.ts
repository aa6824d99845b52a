import { describe, expect, it } from 'vitest';
import { furnitureOf, removeFurniture, withoutFurniture } from '../../../src/analysis/feed-furniture.js';
import type { AnalysableItem } from '../../../src/domain/analysis.js';

const disclaimer = 'We publish views ranging from opponents of governments to their spokespersons.';
const background = 'Russia launched its full-scale invasion of Ukraine in February 2022.';
const short = 'Read the full story.';
const cyrillic = 'Мнение редакции может не совпадать с мнением автора материала.';

function item(content: string | null, more: Partial<AnalysableItem> = {}): AnalysableItem {
  return { title: 'A headline', summary: '', content, language: 'en', publishedAt: 0, ...more };
}

/** `count` items, each with a report of its own; `extra(i)` adds sentences to the i-th. */
function feed(count: number, extra: (index: number) => string, language = 'en'): AnalysableItem[] {
  return Array.from({ length: count }, (_, index) =>
    item(`Envoys met in city number ${index + 1} on day ${index + 1} of the talks. ${extra(index)}`.trim(), {
      language,
    }),
  );
}

const inFirst = (count: number, sentence: string) => (index: number) => (index < count ? sentence : '');

describe('furnitureOf and withoutFurniture', () => {
  it.each([
    ['a disclaimer repeated in 5 of 6 items', feed(6, inFirst(5, disclaimer)), disclaimer, true],
    [
      'a background sentence in 3 of 20 items (below the share)',
      feed(20, inFirst(3, background)),
      background,
      false,
    ],
    ['a sentence in 2 of 2 items (below minItems)', feed(2, () => disclaimer), disclaimer, false],
    ['a short sentence repeated in every item', feed(6, () => short), short, false],
    ['a Cyrillic sentence in 4 of 5 items', feed(5, inFirst(4, cyrillic), 'ru'), cyrillic, true],
  ])('%s: removed = %s', (_, items, sentence, removed) => {
    const furniture = furnitureOf(items);
    const cleaned = items.map((one) => withoutFurniture(one, furniture));
    const carrying = cleaned.filter((one) => (one.content ?? '').includes(sentence));
    expect(carrying.length === 0).toBe(removed);
    for (const [index, one] of cleaned.entries()) expect(one.content).toContain(`city number ${index + 1} `);
  });

  it('counts a report the feed carries three times (updates, re-posts) once: its text stays', () => {
    const report = item(
      'Negotiators met in Doha on Tuesday. They agreed on a prisoner exchange. The next round is in May.',
      { title: 'Doha talks agree prisoner exchange' },
    );
    const items = [
      report,
      { ...report, title: 'Doha talks agree prisoner exchange (updated)' },
      { ...report },
      ...feed(5, () => ''),
    ];
    const furniture = furnitureOf(items);
    expect(furniture.keys.size).toBe(0);
    expect(withoutFurniture(report, furniture)).toEqual(report);
  });

  it('keeps the other sentences of an item in their order, paragraphs apart', () => {
    const items = feed(4, () => disclaimer);
    const report = item(
      `First the envoys arrived in Doha. ${disclaimer} Then the talks began at noon.\nA second round is planned for Monday.`,
    );
    const cleaned = removeFurniture(report, furnitureOf([...items, report]));
    expect(cleaned.removed).toBe(1);
    expect(cleaned.item.content).toBe(
      'First the envoys arrived in Doha. Then the talks began at noon.\nA second round is planned for Monday.',
    );
  });

  it('cuts a furniture sentence glued without a full stop to the start of a report sentence', () => {
    const masthead = "Japan's National Daily Since 1922 (Mainichi Japan)";
    const items = feed(4, () => masthead);
    const glued = item(`${masthead} Talks between the envoys resumed in Tokyo on Monday. They ended late.`);
    const cleaned = removeFurniture(glued, furnitureOf([...items, glued]));
    expect(cleaned).toMatchObject({
      removed: 1,
      item: { content: 'Talks between the envoys resumed in Tokyo on Monday. They ended late.' },
    });
  });

  it('matches a sentence whatever its case, diacritics and spacing', () => {
    const items = [
      item('Le Monde says: the talks went on. Ce dernier restera connecté avec ce compte.'),
      item('Another report of the talks. CE DERNIER RESTERA CONNECTE  AVEC CE COMPTE.'),
      item('A third one about the truce. Ce dernier restera connecté\u00a0avec ce compte.'),
    ];
    const furniture = furnitureOf(items);
    expect(items.map((one) => withoutFurniture(one, furniture).content)).toEqual([
      'Le Monde says: the talks went on.',
      'Another report of the talks.',
      'A third one about the truce.',
    ]);
  });

  it('cleans the summary too, leaves the title and a null content as they are', () => {
    const items = Array.from({ length: 4 }, (_, index) =>
      item(null, { title: disclaimer, summary: `Report ${index} on the ceasefire talks. ${disclaimer}` }),
    );
    const cleaned = withoutFurniture(items[0] as AnalysableItem, furnitureOf(items));
    expect(cleaned).toEqual({ ...items[0], summary: 'Report 0 on the ceasefire talks.', content: null });
  });

  it('leaves an empty summary and content when an item is nothing but furniture', () => {
    const items = Array.from({ length: 4 }, (_, index) =>
      item(disclaimer, { summary: disclaimer, title: `Video ${index + 1}` }),
    );
    const cleaned = withoutFurniture(items[0] as AnalysableItem, furnitureOf(items));
    expect(cleaned).toMatchObject({ title: 'Video 1', summary: '', content: '' });
  });

  it('takes the share of the items that have any text', () => {
    const items = [...feed(3, () => disclaimer), ...Array.from({ length: 10 }, () => item(null))];
    expect(furnitureOf(items).keys.size).toBe(1);
  });

  it('learns from the start and end of a huge text, not its middle, and cleans all of it', () => {
    // Distinct report paragraphs, so that only the planted sentences repeat across the items.
    const body = (n: number, middle: string) =>
      [
        `Envoys of report ${n} met on the first day.`,
        disclaimer,
        ...Array.from({ length: 1200 }, (_, p) => `Report ${n} paragraph ${p} tells of talks in city ${p}.`),
        middle,
        ...Array.from({ length: 1200 }, (_, p) => `Report ${n} section ${p} tells of aid in town ${p}.`),
        background,
      ].join('\n');
    const items = [1, 2, 3].map((n) => item(body(n, cyrillic)));
    const furniture = furnitureOf(items);
    const keys = [...furniture.keys];
    expect(keys.some((key) => key.startsWith('we publish views'))).toBe(true);
    expect(keys.some((key) => key.startsWith('russia launched'))).toBe(true);
    // Repeated only deep inside texts of over 20,000 characters: not read when learning.
    expect(keys.some((key) => key.startsWith('мнение'))).toBe(false);
    const cleaned = withoutFurniture(items[0] as AnalysableItem, furniture).content ?? '';
    expect(cleaned).not.toContain(disclaimer);
    expect(cleaned).toContain(cyrillic);
  });

  /** Distinct sentences of report `n`, joined by `glue`, until there are at least `chars` characters. */
  const filler = (n: number, tag: string, chars: number, glue: string) => {
    const parts: string[] = [];
    for (let p = 0; parts.join(glue).length < chars; p += 1)
      parts.push(`Report ${n} ${tag} ${p} tells of talks in city ${p}.`);
    return parts.join(glue);
  };
  const keysStarting = (keys: ReadonlySet<string>, start: string) =>
    [...keys].some((key) => key.startsWith(start));

  it('learns from the first and last 10,000 characters of a huge text, cut mid-paragraph when one paragraph fills them', () => {
    const body = (n: number) =>
      [
        `Envoys of report ${n} met on the first day.`,
        // One paragraph from the start past 10,000 characters, the disclaimer some 2,500 characters in.
        `${filler(n, 'clause', 2500, ' ')} ${disclaimer} ${filler(n, 'point', 9500, ' ')}`,
        filler(n, 'paragraph', 30_000, '\n'),
        // One paragraph from over 10,000 characters before the end to just before it, the background
        // sentence some 5,500 characters before the end.
        `${filler(n, 'section', 5000, ' ')} ${background} ${filler(n, 'note', 5500, ' ')}`,
        `Report ${n} ends here.`,
      ].join('\n');
    const { keys } = furnitureOf([1, 2, 3].map((n) => item(body(n))));
    expect(keysStarting(keys, 'we publish views')).toBe(true);
    expect(keysStarting(keys, 'russia launched')).toBe(true);
  });

  it('leaves out, when learning, a paragraph that the first or last 10,000 characters of a huge text cut', () => {
    const body = (n: number) =>
      [
        `Envoys of report ${n} met on the first day.`,
        cyrillic,
        filler(n, 'paragraph', 9000, '\n'),
        // Begins before the 10,000th character, the disclaimer too, and ends after it.
        `${disclaimer} ${filler(n, 'clause', 2000, ' ')}`,
        filler(n, 'section', 30_000, '\n'),
        // Begins before the last 10,000 characters and ends in them, with the background sentence.
        `${filler(n, 'note', 2000, ' ')} ${background}`,
        filler(n, 'line', 9000, '\n'),
      ].join('\n');
    const { keys } = furnitureOf([1, 2, 3].map((n) => item(body(n))));
    expect(keysStarting(keys, 'мнение')).toBe(true);
    expect(keysStarting(keys, 'we publish views')).toBe(false);
    expect(keysStarting(keys, 'russia launched')).toBe(false);
  });
});
