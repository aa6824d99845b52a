import { describe, expect, it } from 'vitest';
import { createStoryIndex, defaultClusterOptions } from '../../../src/analysis/cluster.js';
import { Act, actNames, compatibleActs, eventActs } from '../../../src/analysis/cluster-act.js';
import { input, type Report } from './cluster-features.js';

describe('eventActs', () => {
  it.each([
    ['Armenia and Azerbaijan agree on a ceasefire along the border', Act.agreement],
    ['Sudan’s army and RSF sign truce in Jeddah', Act.agreement],
    ['Ceasefire takes effect in southern Lebanon', Act.agreement],
    ['Armenia and Azerbaijan accuse each other of violating the truce', Act.violation],
    ['Shelling continues despite ceasefire in Donbas', Act.violation],
    ['Gaza talks collapse as delegations walk out', Act.collapse],
    ['Hamas rejects the latest offer', Act.rejection | Act.proposal],
    ['Truce extended by another 48 hours', Act.extension],
    ['Russia and Ukraine swap 300 prisoners', Act.exchange],
    ['Ceasefire largely holds on second day', Act.holding],
    ['Envoys meet in Istanbul for a second round of talks', Act.talks],
  ])('%s', (title, acts) => {
    expect(eventActs(title, 'en')).toBe(acts);
  });

  it('reads a call for an act as no act: "urges them to agree" is not an agreement', () => {
    expect(eventActs('UN urges both sides to agree to a truce', 'en')).toBe(0);
    expect(eventActs('What the ceasefire means for the region', 'en')).toBe(0);
  });

  it('has Russian and Ukrainian rules, none for other languages', () => {
    expect(eventActs('Армения и Азербайджан договорились о перемирии', 'ru')).toBe(Act.agreement);
    expect(eventActs('Сторони звинувачують одна одну в порушенні перемир’я', 'uk')).toBe(Act.violation);
    expect(eventActs('Переговоры сорвались из-за санкций', 'ru')).toBe(Act.collapse);
    // Unknown language: both rule sets.
    expect(eventActs('Стороны подписали соглашение', null)).toBe(Act.agreement);
    expect(eventActs('Both sides signed the accord', null)).toBe(Act.agreement);
  });
});

describe('compatibleActs', () => {
  it('parts opposite outcomes only', () => {
    expect(compatibleActs(Act.agreement, Act.violation)).toBe(false);
    expect(compatibleActs(Act.collapse, Act.agreement)).toBe(false);
    expect(compatibleActs(Act.exchange, Act.rejection)).toBe(false);
    expect(compatibleActs(Act.agreement | Act.talks, Act.violation)).toBe(false);
  });

  it('lets unknown, talks, proposals and headlines of both kinds go with anything', () => {
    expect(compatibleActs(0, Act.violation)).toBe(true);
    expect(compatibleActs(Act.agreement, 0)).toBe(true);
    expect(compatibleActs(Act.talks, Act.violation)).toBe(true);
    expect(compatibleActs(Act.proposal, Act.agreement)).toBe(true);
    expect(compatibleActs(Act.agreement | Act.violation, Act.agreement)).toBe(true);
    expect(compatibleActs(Act.agreement | Act.violation, Act.violation)).toBe(true);
    expect(compatibleActs(Act.violation, Act.collapse)).toBe(true);
    expect(compatibleActs(Act.agreement, Act.exchange)).toBe(true);
  });
});

const ENTITIES = ['armenia', 'azerbaijan', 'lachin'];
const AGREED: Report = {
  title: 'Armenia and Azerbaijan agree ceasefire on Lachin border',
  lead: 'Armenia and Azerbaijan agreed a ceasefire on the Lachin border on Sunday, officials said.',
  entities: ENTITIES,
};
const VIOLATED: Report = {
  title: 'Armenia and Azerbaijan accuse each other of ceasefire violations on Lachin border',
  lead: 'Armenia and Azerbaijan accused each other of ceasefire violations on the Lachin border on Sunday.',
  entities: ENTITIES,
  hours: 1,
};
const MET: Report = {
  title: 'Armenia and Azerbaijan ceasefire on Lachin border follows meeting of envoys',
  lead: 'Armenia and Azerbaijan reached the ceasefire on the Lachin border on Sunday after envoys met.',
  entities: ENTITIES,
  hours: 1,
};

function withActs(id: number, report: Report) {
  const item = input(id, report);
  return { ...item, acts: eventActs(item.title, item.language) };
}

describe('createStoryIndex with acts', () => {
  it('keeps reports of violations out of the story of the agreement, however alike their words', () => {
    const index = createStoryIndex(defaultClusterOptions);
    const agreed = index.add(withActs(1, AGREED));
    const violated = index.add(withActs(2, VIOLATED));
    expect(violated.created).toBe(true);
    expect(violated.storyId).not.toBe(agreed.storyId);
  });

  it('joins them without acts, or with separateActs off', () => {
    const plain = createStoryIndex(defaultClusterOptions);
    const first = plain.add(input(1, AGREED));
    expect(plain.add(input(2, VIOLATED)).storyId).toBe(first.storyId);
    const off = createStoryIndex({ ...defaultClusterOptions, separateActs: false });
    const agreed = off.add(withActs(1, AGREED));
    expect(off.add(withActs(2, VIOLATED)).storyId).toBe(agreed.storyId);
  });

  it('lets a report of talks join the story of the agreement', () => {
    const index = createStoryIndex(defaultClusterOptions);
    const agreed = index.add(withActs(1, AGREED));
    expect(index.add(withActs(2, MET))).toMatchObject({ storyId: agreed.storyId, created: false });
  });
});

describe('eventActs, words of other senses', () => {
  it.each([
    ['Israel struck Hezbollah targets overnight', 0],
    ['IDF begins preparations to partially withdraw from Gaza', 0],
    ['Troops pull out of the village', 0],
    ['No signs of progress in Gaza talks', 0],
    ['Minister quits over budget row', 0],
  ])('%s: none', (title, acts) => {
    expect(eventActs(title, 'en')).toBe(acts);
  });

  it.each([
    ['US withdraws from the Doha talks', Act.collapse],
    ['Hamas pulls out of negotiations', Act.collapse],
    ['Delegation quits talks in Cairo', Act.collapse],
    ['Sides strike a ceasefire deal', Act.agreement],
    ['Iran struck a nuclear deal in 2015', Act.agreement],
  ])('%s', (title, acts) => {
    expect(eventActs(title, 'en')).toBe(acts);
  });

  it('reads leaving talks as collapse in Russian and Ukrainian, other leaving as nothing', () => {
    expect(eventActs('Россия вышла из переговоров', 'ru')).toBe(Act.collapse);
    expect(eventActs('Делегація вийшла з переговорів', 'uk')).toBe(Act.collapse);
    expect(eventActs('Вийшла нова книга про війну', 'uk')).toBe(0);
  });
});

describe('actNames', () => {
  it('names the acts in order, none for 0', () => {
    expect(actNames(Act.talks | Act.agreement)).toEqual(['agreement', 'talks']);
    expect(actNames(0)).toEqual([]);
  });

  it('reads "hold peace talks" as talks', () => {
    expect(eventActs('Russia and Ukraine hold peace talks in Istanbul', 'en')).toBe(Act.talks);
  });
});

describe('eventActs, senses that would part one story', () => {
  it.each([
    ['Israel and Hezbollah exchange fire across border', 0],
    ['Israel declares end of Gaza ceasefire, resumes strikes', 0],
    ['Russia declares martial law in occupied regions', 0],
    ['No agreement reached at Istanbul talks', 0],
    ['Trump and Putin did not agree on ceasefire, Kremlin says', 0],
    ['Kremlin sees no sign of progress in Ukraine talks', 0],
    ['Israel strikes on Syria shatter illusion of freedom', 0],
    ['EU extends sanctions on Russia', 0],
    ['Hostage families rally in Tel Aviv', 0],
    ["Russia's Putin declares unilateral Easter ceasefire in Ukraine", Act.agreement],
  ])('%s', (title, acts) => {
    expect(eventActs(title, 'en')).toBe(acts);
  });

  it.each([
    ['Путин и Уиткофф не договорились о мирном плане', 'ru', 0],
    ['Переговоры в Стамбуле продлятся два дня', 'ru', Act.talks],
    ['ВС РФ освободили населенный пункт в ДНР', 'ru', 0],
    ['Израиль и Иран обменялись ударами', 'ru', 0],
    ['Уиткофф вернулся из Москвы', 'ru', 0],
    ['Росія продовжує обстріли Херсона', 'uk', 0],
    ['Зеленський порушив питання перемир’я у розмові з Трампом', 'uk', 0],
    ['ЗСУ звільнили село на Запоріжжі', 'uk', 0],
    ['Україна повернула додому 84 захисників', 'uk', Act.exchange],
  ])('%s', (title, language, acts) => {
    expect(eventActs(title, language)).toBe(acts);
  });
});

describe('a story seeded after a restart', () => {
  it('keeps out what it kept out before, whatever order its members are seeded in', () => {
    const talks: Report = {
      ...MET,
      title: 'Armenia and Azerbaijan envoys meet on Lachin border ceasefire',
      hours: 2,
    };
    const live = createStoryIndex(defaultClusterOptions);
    const story = live.add(withActs(1, talks)).storyId;
    expect(live.add(withActs(2, AGREED)).storyId).toBe(story);
    const seeded = createStoryIndex(defaultClusterOptions);
    seeded.seed(withActs(2, AGREED), story, 1);
    seeded.seed(withActs(1, talks), story, 1);
    expect(seeded.nearest(withActs(3, VIOLATED))).toEqual(live.nearest(withActs(3, VIOLATED)));
  });
});

describe('eventActs, calls, hopes and denials', () => {
  it.each([
    ['Trump hopes to reach a deal with Iran soon', 0],
    ['Kremlin confirms no deal was reached', 0],
    ['Iran remains committed to diplomacy, minister says', 0],
    ['US and Iran leave the door open for talks', 0],
    ['Russia suspends strikes on energy sites', 0],
    ['Russia suspends participation in grain deal', Act.collapse],
    ['Sudan’s warring sides commit to a humanitarian truce', Act.agreement],
    ['SAF and RSF commit to humanitarian steps but fail to agree truce', Act.agreement | Act.collapse],
    ['White House says Israel-Lebanon ceasefire arrangement extended until February 18', Act.extension],
    ['Armenia, Azerbaijan agree to free prisoners', Act.agreement | Act.exchange],
    ['Israel and Hamas agree to a cease‑fire', Act.agreement],
  ])('%s', (title, acts) => {
    expect(eventActs(title, 'en')).toBe(acts);
  });

  it('has no rules for German: a German headline with an English stem reports nothing', () => {
    expect(eventActs('Trump stellt neuen Plan vor', 'en')).toBe(Act.proposal);
    expect(eventActs('Trump stellt neuen Plan vor', 'de')).toBe(0);
  });
});

describe('a member re-published with a new headline', () => {
  it("adds the new headline's acts to its story's", () => {
    const index = createStoryIndex(defaultClusterOptions);
    const talks: Report = { ...MET, title: 'Armenia and Azerbaijan envoys meet on Lachin border' };
    const story = index.add(withActs(1, talks)).storyId;
    expect(index.nearest(withActs(2, VIOLATED))?.storyId).toBe(story);
    expect(index.retitle(withActs(1, { ...talks, title: AGREED.title }), story)).toBe(true);
    expect(index.nearest(withActs(2, VIOLATED))).toBeNull();
  });
});

describe('eventActs, after a second review', () => {
  it.each([
    ['Hamas releases video of two hostages', 0],
    ['Trump floats land swap between Russia and Ukraine', 0],
    ['Russia extends offensive as truce talks falter', 0],
    ['Russia freed Ukrainian village, ministry says', 0],
    ['No ceasefire agreed in Istanbul', 0],
    ['Toronto agrees to host the summit', Act.agreement | Act.talks],
    ['Hostages freed in Gaza deal', Act.exchange],
  ])('%s', (title, acts) => {
    expect(eventActs(title, 'en')).toBe(acts);
  });

  it.each([
    ["Україна не погодилася на перемир'я", 'uk', 0],
    ['Стороны не подписали соглашение', 'ru', 0],
    ['В Вашингтоне договорились о перемирии', 'ru', Act.agreement],
    ['Россия продлит перемирие', 'ru', Act.extension],
    ['Переговоры продлятся два дня', 'ru', 0],
    ['Трамп предложил обмен территориями', 'ru', Act.proposal],
    ["Перемир'я продовжили ще на тиждень", 'uk', Act.extension],
    ['Заложники вернулись домой', 'ru', Act.exchange],
  ])('%s', (title, language, acts) => {
    expect(eventActs(title, language)).toBe(acts);
  });

  it('takes bounded time on a hostile title of hyphen-joined stems', () => {
    for (const stem of ['освободили-', 'продовжили-', 'extend-', 'releas-', 'truce-']) {
      const start = performance.now();
      eventActs(stem.repeat(10_000), null);
      expect(performance.now() - start, stem).toBeLessThan(200);
    }
  });
});
