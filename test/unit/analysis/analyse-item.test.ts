import { describe, expect, it } from 'vitest';
import { analyseItem } from '../../../src/analysis/analyse-item.js';
import { compileLexicon } from '../../../src/analysis/lexicon.js';
import { item, shippedLexicon, shippedTopics } from './shipped-config.js';

const analyse = (title: string, summary = '', lexicon = shippedLexicon) =>
  analyseItem(item(title, summary), lexicon, shippedTopics);

describe('analyseItem: talks are about a conflict (requireTopic)', () => {
  it.each([
    ['Thailand and Cambodia agree to unconditional ceasefire', 'other'],
    ['Hamas weighs new ceasefire proposal from mediators', 'gaza'],
    ['Україна та Росія провели обмін полоненими', 'ukraine'],
  ])('keeps %j, which names a conflict (%s)', (title, topic) => {
    const analysis = analyse(title);
    expect(analysis.relevance.relevant).toBe(true);
    expect(analysis.topics.map((tag) => tag.topic)).toContain(topic);
  });

  it.each([
    ['Discussion of 30-day ceasefire impossible without nuances taken into account — Kremlin', 'ukraine'],
    ['European troika reaffirm snapback mechanism threat', 'iran'],
    ['Lavrov says ceasefire proposal needs guarantees', 'ukraine'],
  ])('tags %j, talks by its words, with a weaker name (relevantMinScore): %s', (title, topic) => {
    const analysis = analyse(title);
    expect(analysis.relevance.relevant).toBe(true);
    expect(analysis.topics.map((tag) => tag.topic)).toEqual([topic]);
    expect(analysis.topics[0]?.score).toBeLessThan(shippedTopics.spec.tagging.minScore);
  });

  it.each([
    ['Israel agrees to Witkoff ceasefire proposal', ['gaza']],
    ['Netanyahu sends negotiators to Doha', ['gaza']],
    ['Israel and Hezbollah agree to extend truce', ['lebanon']],
    ['Israel-Iran ceasefire holds for a third day', ['iran']],
  ])('tags %j, talks naming Israel, with the conflict it names, else its fallback: %j', (title, topics) => {
    const analysis = analyse(title);
    expect(analysis.relevance.relevant).toBe(true);
    expect(analysis.topics.map((tag) => tag.topic)).toEqual(topics);
  });

  it('gives no fallback topic to an item about Israel that is not about talks', () => {
    expect(analyse('Israel hosts the Eurovision final').topics).toEqual([]);
  });

  it('does not tag an item with a weaker name when its words are not about talks', () => {
    expect(analyse('Kremlin comments on the new budget').topics).toEqual([]);
  });

  it.each([
    ['After the ceasefire, veterans will be mobilised on the home front'],
    ['Peace deal between the two Gulf states is good news, commentators admit'],
  ])('leaves out %j, which scores as talks but names no conflict, and says why', (title) => {
    const analysis = analyse(title);
    expect(analysis.relevance.score).toBeGreaterThanOrEqual(analysis.relevance.threshold);
    expect(analysis.topics).toEqual([]);
    expect(analysis.relevance.relevant).toBe(false);
    expect(analysis.relevance.rules.at(-1)).toMatch(/names no conflict/);
  });

  it('judges by the words alone when the lexicon does not require a topic', () => {
    const lenient = compileLexicon({ ...shippedLexicon.spec, requireTopic: false });
    const analysis = analyse(
      'After the ceasefire, veterans will be mobilised on the home front',
      '',
      lenient,
    );
    expect(analysis.relevance.relevant).toBe(true);
  });
});

describe('analyseItem: words written with look-alike letters of another script', () => {
  it('reads Пeрeговоры with Latin e as переговоры and quotes it as written', () => {
    const analysis = analyse('Пeрeговоры Украины и России в Стамбуле');
    expect(analysis.relevance.relevant).toBe(true);
    expect(analysis.relevance.matches).toContainEqual(
      expect.objectContaining({ pattern: 'переговор*', found: 'Пeрeговоры' }),
    );
  });
});
