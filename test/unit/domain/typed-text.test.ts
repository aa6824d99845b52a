import { describe, expect, it } from 'vitest';
import { parseDigestRequest } from '../../../src/domain/digest-request.js';
import { cleanTyped } from '../../../src/domain/typed-text.js';

describe('cleanTyped', () => {
  it.each([
    ['７d', '7d'],
    ['ｕｋｒａｉｎｅ', 'ukraine'],
    ['ukraine\u200B', 'ukraine'],
    ['\u200Fgaza\u200E', 'gaza'],
    ['\uFEFFiran', 'iran'],
    ['Украина', 'Украина'],
    ['غزة', 'غزة'],
  ])('reads %j as %j', (typed, meant) => {
    expect(cleanTyped(typed)).toBe(meant);
  });

  it('lets a digest request typed in full-width forms and with invisible marks through', () => {
    const words = cleanTyped('ukraine\u200B ７d').split(' ');
    expect(parseDigestRequest(words, ['ukraine', 'gaza'])).toEqual({
      topics: ['ukraine'],
      periodMs: 7 * 86_400_000,
    });
  });
});
