import { describe, expect, it } from 'vitest';
import { isolate, splitParts, truncateAtWord, webUrl } from '../../../src/digest/split-parts.js';

/** Units are strings weighing their length; a heading is `#label`, continued `#label+`. */
const section = (label: string, ...stories: string[][]) => ({
  heading: (continued: boolean) => [continued ? `#${label}+` : `#${label}`],
  stories,
});
const split = (
  limit: number,
  sections: ReturnType<typeof section>[],
  between?: string[],
  head: string[] = [],
) =>
  splitParts({
    head,
    sections,
    weigh: (unit: string) => [unit.length],
    limits: [limit],
    ...(between === undefined ? {} : { between }),
  });

describe('splitParts', () => {
  it('keeps a part that fills the limit exactly in one message', () => {
    // #a (2) + 4 + 4 = 10
    expect(split(10, [section('a', ['1111'], ['2222'])])).toEqual([['#a', '1111', '2222']]);
  });

  it('heads a section once per part, and puts `between` only between sections', () => {
    expect(split(100, [section('a', ['x'], ['y']), section('b', ['z'])], ['--'])).toEqual([
      ['#a', 'x', 'y', '--', '#b', 'z'],
    ]);
  });

  it('never sends an empty part when the first story alone is over the limit', () => {
    expect(split(3, [section('a', ['toolong'], ['y'])])).toEqual([
      ['#a', 'toolong'],
      ['#a+', 'y'],
    ]);
  });

  it('starts a part with the continued heading and no `between`', () => {
    expect(split(8, [section('a', ['1111']), section('b', ['2222'], ['3333'])], ['--'])).toEqual([
      ['#a', '1111'],
      ['#b', '2222'],
      ['#b+', '3333'],
    ]);
  });

  it('checks every limit: a part that fits one but not the other is split', () => {
    const parts = splitParts({
      head: ['h'],
      sections: [section('a', ['xx'], ['yy'])],
      weigh: (unit: string) => [unit.length, /^[xy]+$/.test(unit) ? 1 : 0],
      limits: [100, 1],
    });
    expect(parts).toEqual([
      ['h', '#a', 'xx'],
      ['#a+', 'yy'],
    ]);
  });
});

const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';

describe('truncateAtWord', () => {
  it('leaves a text of exactly the limit alone', () => {
    expect(truncateAtWord('abcde', 5)).toBe('abcde');
  });

  it('cuts at a word boundary in the second half, or mid-word when the only one is early', () => {
    expect(truncateAtWord('peace talks resume today', 16)).toBe('peace talks…');
    expect(truncateAtWord('a bcdefghijklmnop', 10)).toBe('a bcdefgh…');
    expect(truncateAtWord('abcd efghijkl', 9)).toBe('abcd efg…');
  });

  it.each([
    // Two flags with room for one and a half: the second goes whole, no lone regional indicator (R)
    ['\u{1F1FA}\u{1F1E6}\u{1F1F7}\u{1F1FA}', 7, '\u{1F1FA}\u{1F1E6}…'],
    // A family emoji (three people joined by ZWJ) is shown whole or not at all, never as a lone man
    [`${family}${family}`, 12, `${family}…`],
    // "Café" written with a combining acute accent keeps its accent or loses its whole "é"
    ['Cafe\u0301s!', 6, 'Cafe\u0301…'],
    ['Cafe\u0301s!', 5, 'Caf…'],
  ])('never cuts %j inside a user-perceived character (max %i)', (text, max, expected) => {
    expect(truncateAtWord(text, max)).toBe(expected);
  });

  it('returns nothing when not even the ellipsis fits', () => {
    expect(truncateAtWord('abc', 0)).toBe('');
    expect(truncateAtWord('abc', 1)).toBe('…');
  });
});

describe('webUrl and isolate', () => {
  it('links http and https sources only', () => {
    expect(webUrl({ feed: 'f', title: 't', url: 'http://a.example/x' })).toBe('http://a.example/x');
    expect(webUrl({ feed: 'f', title: 't', url: 'HTTPS://a.example/x' })).toBe('HTTPS://a.example/x');
    expect(webUrl({ feed: 'f', title: 't', url: 'javascript:alert(1)' })).toBeNull();
    expect(webUrl({ feed: 'f', title: 't', url: null })).toBeNull();
  });

  it('isolates a right-to-left name once, dropping isolate marks it carried', () => {
    expect(isolate('Reuters')).toBe('Reuters');
    expect(isolate('\u2068الجزيرة\u2069')).toBe('\u2068الجزيرة\u2069');
    expect(isolate('الجزيرة\u2066')).toBe('\u2068الجزيرة\u2069');
  });
});
