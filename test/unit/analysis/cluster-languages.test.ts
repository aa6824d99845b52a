import { describe, expect, it } from 'vitest';
import { analyseItem } from '../../../src/analysis/analyse-item.js';
import { defaultClusterOptions } from '../../../src/analysis/cluster.js';
import { createStoryClusterer } from '../../../src/analysis/story-clusterer.js';
import { shippedLexicon, shippedTopics } from './shipped-config.js';

// One development as five desks wrote it, then another one: names (Hamas = حماس, Egypt = Egypte =
// مصر = Ägypten) are what the reports share across languages.
const reports: Array<[string, string, string, string]> = [
  [
    'gaza',
    'en',
    'Israel and Hamas agree first phase of Gaza ceasefire deal in Egypt talks',
    'Israel and Hamas have agreed to the first phase of a ceasefire and hostage release deal after indirect talks in Sharm el-Sheikh mediated by Egypt, Qatar and Turkey, Donald Trump said.',
  ],
  [
    'gaza',
    'fr',
    'Israël et le Hamas s’accordent sur la première phase d’un cessez-le-feu à Gaza',
    'Israël et le Hamas ont conclu la première phase d’un accord de cessez-le-feu et de libération des otages après des pourparlers indirects à Charm el-Cheikh, sous médiation de l’Egypte, du Qatar et de la Turquie, a annoncé Donald Trump.',
  ],
  [
    'gaza',
    'ar',
    'إسرائيل وحماس تتفقان على المرحلة الأولى من اتفاق وقف إطلاق النار في غزة',
    'اتفقت إسرائيل وحركة حماس على المرحلة الأولى من اتفاق لوقف إطلاق النار وتبادل الأسرى بعد مفاوضات غير مباشرة في شرم الشيخ بوساطة مصر وقطر وتركيا، وفق ما أعلن دونالد ترامب.',
  ],
  [
    'gaza',
    'es',
    'Israel y Hamás acuerdan la primera fase del alto el fuego en Gaza',
    'Israel y Hamás han acordado la primera fase de un acuerdo de alto el fuego y liberación de rehenes tras negociaciones indirectas en Sharm el Sheij con mediación de Egipto, Catar y Turquía, anunció Donald Trump.',
  ],
  [
    'gaza',
    'de',
    'Israel und Hamas einigen sich auf erste Phase einer Waffenruhe in Gaza',
    'Israel und die Hamas haben sich nach indirekten Verhandlungen in Scharm el-Scheich unter Vermittlung Ägyptens, Katars und der Türkei auf die erste Phase einer Waffenruhe und die Freilassung von Geiseln geeinigt, teilte Donald Trump mit.',
  ],
  [
    'ukraine',
    'en',
    'Russia and Ukraine swap 84 prisoners of war each in UAE-brokered exchange',
    'Russia and Ukraine exchanged 84 prisoners of war each on Thursday in a swap mediated by the United Arab Emirates, both defence ministries said.',
  ],
  [
    'ukraine',
    'fr',
    'La Russie et l’Ukraine échangent 84 prisonniers de guerre',
    'La Russie et l’Ukraine ont procédé jeudi à un échange de 84 prisonniers de guerre chacune, sous médiation des Emirats arabes unis, ont indiqué les deux ministères de la défense.',
  ],
];

describe('one story across languages, with the shipped config', () => {
  it('keeps each report, tags its conflict, and merges the reports of each development into one story', () => {
    const clusterer = createStoryClusterer({ ...defaultClusterOptions });
    const start = Date.UTC(2025, 9, 9, 10);
    const stories = reports.map(([topic, language, title, summary], i) => {
      const item = { title, summary, content: null, language, publishedAt: start + i * 600_000 };
      const analysis = analyseItem(item, shippedLexicon, shippedTopics);
      expect(analysis.relevance.relevant, title).toBe(true);
      expect(analysis.topics.map((tag) => tag.topic)).toEqual([topic]);
      return clusterer.assign(i + 1, item, analysis).storyId;
    });
    expect(stories.slice(0, 5)).toEqual(Array(5).fill(stories[0]));
    expect(stories.slice(5)).toEqual(Array(2).fill(stories[5]));
    expect(stories[5]).not.toBe(stories[0]);
  });
});
