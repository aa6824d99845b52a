import { describe, expect, it } from 'vitest';
import { judgeRelevance } from '../../../src/analysis/relevance.js';
import { item, shippedLexicon, shippedTopics } from './shipped-config.js';

// Phrasings found by the fourth round of written probes (test/eval/probes/*-4.jsonl), as short
// titles of our own: each is judged by the shipped lexicon and topics.
const judge = (title: string, summary = '') =>
  judgeRelevance(item(title, summary, null, null), shippedLexicon, shippedTopics);

describe('phrasings of talks with the shipped config', () => {
  it.each([
    ['Russia and Ukraine agree to pause strikes on energy targets, US says'],
    ['Moscou et Kiev acceptent un moratoire sur les frappes contre les infrastructures énergétiques'],
    ['Чи підпишуть Вірменія та Азербайджан мир уже цього року?'],
    ['Will Armenia and Azerbaijan sign peace this year?'],
    ['Iran et États-Unis jugent « constructif » leur premier round de discussions à Oman'],
    ['EE.UU. y Ucrania pactan en Ginebra un marco de paz'],
    ['تايلند وكمبوديا تتفقان على وقف فوري وغير مشروط لإطلاق النار'],
    ['بوساطة إماراتية.. روسيا وأوكرانيا تتبادلان 146 أسيرا'],
  ])('finds talks in %j', (title) => {
    expect(judge(title).relevant).toBe(true);
  });

  it.each([
    ['Trêve internationale : Deschamps dévoile sa liste pour affronter l’Ukraine et l’Azerbaïdjan'],
    ['Україна та ЄС завершили переговори про нові квоти на агроекспорт'],
    ['МЗС у 30-ту річницю Будапештського меморандуму: документ став символом недалекоглядності'],
    ['Yermak, jefe negociador de Zelenski, dimite tras un registro anticorrupción'],
    ['Ukraine’s chief negotiator resigns after anti-corruption searches of his home'],
    ['Dozens wounded as gunmen opened fire on a market in Kabul'],
    ['مقتل شخصين تعرضا لإطلاق النار في بغداد'],
  ])('keeps %j out', (title) => {
    expect(judge(title).relevant).toBe(false);
  });
});
