import { describe, expect, it } from 'vitest';
import { analyseItem } from '../../../src/analysis/analyse-item.js';
import { createStoryIndex, defaultClusterOptions, type TitledInput } from '../../../src/analysis/cluster.js';
import { assessTitle, titleAmong } from '../../../src/analysis/cluster-titles.js';
import { createStoryClusterer } from '../../../src/analysis/story-clusterer.js';
import { input, type Report, WITKOFF_MOSCOW, WITKOFF_MOSCOW_AP } from './cluster-features.js';
import { shippedLexicon, shippedTopics } from './shipped-config.js';

const MOSCOW: Report = WITKOFF_MOSCOW;
const CENTRAL = MOSCOW.title;
const MOSCOW_AP: Report = { ...WITKOFF_MOSCOW_AP, title: 'Envoy Witkoff meets Putin' };

const MOSCOW_RU: Report = {
  title: 'Путин принял Уиткоффа',
  lead:
    'Президент России Владимир Путин провел в Кремле пятичасовые переговоры со спецпосланником США ' +
    'Стивом Уиткоффом об американском мирном плане по Украине, сообщил помощник президента Юрий Ушаков; ' +
    'по его словам, стороны договорились продолжить контакты, а следующая встреча пока не назначена.',
  entities: ['putin', 'witkoff', 'kremlin', 'ushakov', 'russia', 'usa'],
  language: 'ru',
  hours: 3,
};

const POOR_CENTRAL: Array<[string, string]> = [
  ['all in capitals', CENTRAL.toUpperCase()],
  ['a live-blog marker', `LIVE: ${CENTRAL}`],
  ['a live blog’s label', `Ukraine war live: ${CENTRAL}`],
  ['an outlet suffix', `${CENTRAL} - Al Jazeera English`],
  ['a format suffix', `${CENTRAL} – video`],
  ['a newsletter title', `Tuesday Briefing: ${CENTRAL}`],
];

describe('assessTitle', () => {
  it.each([
    ['ARMENIA AND AZERBAIJAN AGREE PEACE TREATY TEXT'],
    ['СУД ОБЪЯВИЛ ПЕРЕРЫВ ПО «ДЕЛУ ЦКАЕВА»'],
    ['LIVE: Gaza ceasefire talks resume in Cairo'],
    ['Live updates: what we know so far'],
    ['LIVE UPDATES Gaza ceasefire talks resume'],
    ['Ukraine war live: Zelensky to meet Witkoff in Berlin'],
    ['Russia-Ukraine live: envoys meet in Istanbul'],
    ['Pakistan and India agree ‘immediate ceasefire’ – Kashmir crisis live'],
    ['Онлайн: переговоры России и Украины в Стамбуле'],
    ['LIVE | Переговоры в Стамбуле'],
    ['Переговоры в Стамбуле — онлайн'],
    ['Наживо: переговори в Стамбулі'],
    ['Tuesday Briefing'],
    ['Thursday Briefing: Troubled Ukraine Peace Talks'],
    ['Fox News Politics Newsletter: Trump Notches Supreme Win'],
    ['Peace talks — podcast'],
  ])('holds %j poor', (title) => {
    expect(assessTitle(title).poor).toBe(true);
  });

  it.each([
    ['Russia not serious about peace – Zelensky'],
    ['Next round of talks may take place in Rome — WSJ'],
    ['Ceasefire deal reached in Doha - report'],
    ['Trump undecided yet on more anti-Russian sanctions — Politico'],
    ['Americans live with the fallout of the trade war'],
    ['Trump’s Pledge to the Middle East: No More ‘Lectures on How to Live’'],
    ['ТЦК створюють резерв: чи приходитимуть повістки онлайн'],
    ['US, UK, EU and NATO envoys meet in Geneva'],
    ['Armenia and Azerbaijan agree peace treaty text'],
    ['Gaza ceasefire goes live'],
    ['Hostage deal could go live, Qatar says'],
  ])('holds %j fit', (title) => {
    expect(assessTitle(title)).toEqual({ text: title, cut: false, poor: false });
  });

  it.each([
    ["Yemen's Houthis agree to prisoner swap with government - Al Jazeera English", null],
    ["Yemen's Houthis agree to prisoner swap with government | Reuters", null],
    ["Yemen's Houthis agree to prisoner swap with government – video", null],
    ["Yemen's Houthis agree to prisoner swap with government – podcast", null],
    ["Yemen's Houthis agree to prisoner swap with government - JPost.com", null],
    ["Yemen's Houthis agree to prisoner swap with government - Middle East Monitor", 'Middle East Monitor'],
    ["Yemen's Houthis agree to prisoner swap with government – The Guardian", 'The Guardian – World'],
    ["Yemen's Houthis agree to prisoner swap with government | Al Jazeera", 'Al Jazeera English'],
  ])('takes the suffix off %j (feed %j)', (title, outlet) => {
    expect(assessTitle(title, outlet)).toEqual({
      text: "Yemen's Houthis agree to prisoner swap with government",
      cut: false,
      poor: true,
    });
  });

  it('leaves an outlet named as a source alone unless it is the item’s own', () => {
    const title = 'Ceasefire holds in southern Lebanon - Middle East Monitor';
    expect(assessTitle(title).text).toBe(title);
    expect(assessTitle('Talks collapse in Doha — Reuters').text).toBe('Talks collapse in Doha — Reuters');
    expect(assessTitle('Talks collapse in Doha — Reuters', 'Reuters').text).toBe('Talks collapse in Doha');
  });

  it.each([
    [
      'Russia-Ukraine live: Russian strikes hit cities across Ukraine',
      'Russian strikes hit cities across Ukraine',
    ],
    ['LIVE: Gaza ceasefire talks resume in Cairo', 'Gaza ceasefire talks resume in Cairo'],
    ['LIVE UPDATES Gaza ceasefire talks resume', 'Gaza ceasefire talks resume'],
    [
      'Pakistan and India agree ‘immediate ceasefire’ – Kashmir crisis live',
      'Pakistan and India agree ‘immediate ceasefire’',
    ],
    ['Онлайн: переговоры России и Украины в Стамбуле', 'Переговоры России и Украины в Стамбуле'],
    ['Переговоры в Стамбуле — онлайн', 'Переговоры в Стамбуле'],
    ['Guerra de Ucrania, hoy en directo | Rusia ataca la ciudad de Sumi', 'Rusia ataca la ciudad de Sumi'],
    ['Переговори у Стамбулі: пряма трансляція', 'Переговори у Стамбулі'],
    ['Обмін полоненими: онлайн-трансляція', 'Обмін полоненими'],
    ['Україна та Росія обмінялися полоненими. Онлайн', 'Україна та Росія обмінялися полоненими'],
    [
      'En direct, guerre au Proche-Orient : ce que prévoit l’accord',
      'Guerre au Proche-Orient : ce que prévoit l’accord',
    ],
  ])('shows the live blog %j by its headline, still as a poor title', (title, text) => {
    expect(assessTitle(title)).toEqual({ text, cut: false, poor: true });
  });

  it.each([
    ['Live updates: what we know so far'],
    ['Guerra de Ucrania en directo: últimas noticias del 31 de agosto'],
    ['LIVE | Ceasefire'],
  ])('keeps the live blog %j whole: no headline of its own after the marker', (title) => {
    expect(assessTitle(title)).toEqual({ text: title, cut: false, poor: true });
  });

  it.each([
    ['Hostages still live, Hamas says after talks in Cairo'],
    ['We want to live: Gazans plead for a ceasefire as talks stall'],
    ['Kibbutz residents fear return — the places they live'],
    ['Учеба онлайн, обстрелы и переговоры: как живет Харьков'],
    ['Встреча прошла онлайн. Зеленский и Трамп обсудили мирный план'],
    ['Cumbre en vivo, sin acuerdo: Rusia y Ucrania siguen lejos'],
    ['Переговоры Украины и России — встреча пройдет онлайн'],
    ['Перемирие онлайн: как ХАМАС и Израиль договариваются через мессенджеры'],
    ['Большой летний стрим «Новой газеты». Прямой эфир — Ведет: Ирина Воробьева, гости: Иван Жилин'],
  ])('keeps %j whole: "live" there is no blog’s marker', (title) => {
    expect(assessTitle(title).text).toBe(title);
  });

  it('finds the marker as a word, keeps a capital inside the first word, and is quick on a long title', () => {
    expect(assessTitle('Aid delivery live: first trucks cross into Gaza at Rafah').text).toBe(
      'First trucks cross into Gaza at Rafah',
    );
    expect(assessTitle('Ukraine war live: iPhone maker pledges aid to Kyiv').text).toBe(
      'iPhone maker pledges aid to Kyiv',
    );
    const long = `Ukraine war live: a${','.repeat(50_000)}b`;
    const started = performance.now();
    assessTitle(long);
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('keeps a short headline whole, and judges the cut-off on the text without its suffix', () => {
    expect(assessTitle('Peace talks — podcast').text).toBe('Peace talks — podcast');
    expect(assessTitle('Witkoff and Putin hold talks in Moscow on… - Al Jazeera English')).toEqual({
      text: 'Witkoff and Putin hold talks in Moscow on…',
      cut: true,
      poor: true,
    });
  });
});

describe('the story title', () => {
  it.each(POOR_CENTRAL)('prefers a plainer headline to a more central one with %s', (_label, title) => {
    const index = createStoryIndex(defaultClusterOptions);
    const poor = index.add(input(1, { ...MOSCOW, title }));
    const plain = index.add(input(2, MOSCOW_AP));
    expect(plain.storyId).toBe(poor.storyId);
    expect(index.title(poor.storyId)).toBe(MOSCOW_AP.title);
  });

  it.each(POOR_CENTRAL)(
    'keeps a plainer title when a more central headline with %s comes',
    (_label, title) => {
      const index = createStoryIndex(defaultClusterOptions);
      const plain = index.add(input(1, { ...MOSCOW_AP, hours: 0 }));
      const poor = index.add(input(2, { ...MOSCOW, title, hours: 2 }));
      expect(poor.storyId).toBe(plain.storyId);
      expect(index.title(plain.storyId)).toBe(MOSCOW_AP.title);
    },
  );

  it('shows a headline that must be used without its outlet or format suffix or live-blog marker', () => {
    const index = createStoryIndex(defaultClusterOptions);
    const first = index.add(input(1, { ...MOSCOW, title: `${CENTRAL} - Al Jazeera English` }));
    index.add(input(2, { ...MOSCOW_AP, title: `LIVE: ${MOSCOW_AP.title}` }));
    expect(index.members(first.storyId)).toHaveLength(2);
    expect(index.title(first.storyId)).toBe(CENTRAL);

    const video = createStoryIndex(defaultClusterOptions);
    const only = video.add(input(1, { ...MOSCOW, title: `${CENTRAL} – video` }));
    expect(video.title(only.storyId)).toBe(CENTRAL);

    const blog = createStoryIndex(defaultClusterOptions);
    const live = blog.add(input(1, { ...MOSCOW, title: `Ukraine war live: ${CENTRAL}` }));
    expect(blog.title(live.storyId)).toBe(CENTRAL);
  });

  it('takes off the name of the item’s own feed', () => {
    const index = createStoryIndex(defaultClusterOptions);
    const item: TitledInput = {
      ...input(1, { ...MOSCOW, title: `${CENTRAL} - Middle East Monitor` }),
      outlet: 'Middle East Monitor',
    };
    const story = index.add(item);
    expect(index.title(story.storyId)).toBe(CENTRAL);
  });

  it('prefers a plain headline in another language when its language has as many members', () => {
    const index = createStoryIndex(defaultClusterOptions);
    const english = index.add(input(1, { ...MOSCOW, title: `LIVE: ${CENTRAL}` }));
    const russian = index.add(input(2, MOSCOW_RU));
    expect(russian.storyId).toBe(english.storyId);
    expect(index.title(english.storyId)).toBe(MOSCOW_RU.title);
  });
});

describe('a member re-published with a changed headline', () => {
  it('renames the story when its headline was the title', () => {
    const index = createStoryIndex(defaultClusterOptions);
    const story = index.add(input(1, MOSCOW));
    index.add(input(2, MOSCOW_AP));
    expect(index.title(story.storyId)).toBe(CENTRAL);
    const changed = 'Witkoff and Putin end five-hour Moscow talks on Ukraine peace plan';
    expect(index.retitle(input(1, { ...MOSCOW, title: changed }), story.storyId)).toBe(true);
    expect(index.title(story.storyId)).toBe(changed);
    expect(index.members(story.storyId)).toHaveLength(2);
  });

  it('drops an all-capitals title once its outlet corrected it', () => {
    const index = createStoryIndex(defaultClusterOptions);
    const shouted = 'ARMENIA AND AZERBAIJAN AGREE PEACE TREATY TEXT';
    const report: Report = {
      title: shouted,
      lead: 'Armenia and Azerbaijan have agreed the text of a peace treaty, the foreign ministries said.',
      entities: ['armenia', 'azerbaijan'],
    };
    const story = index.add(input(1, report));
    expect(index.title(story.storyId)).toBe(shouted);
    index.retitle(
      input(1, { ...report, title: 'Armenia and Azerbaijan agree peace treaty text' }),
      story.storyId,
    );
    expect(index.title(story.storyId)).toBe('Armenia and Azerbaijan agree peace treaty text');
  });

  it('lets another member’s corrected headline challenge the title', () => {
    const index = createStoryIndex(defaultClusterOptions);
    const story = index.add(input(1, MOSCOW_AP));
    index.add(input(2, { ...MOSCOW, title: CENTRAL.toUpperCase() }));
    expect(index.title(story.storyId)).toBe(MOSCOW_AP.title);
    index.retitle(input(2, MOSCOW), story.storyId);
    expect(index.title(story.storyId)).toBe(CENTRAL);
    // A member's new headline that is no better leaves the title alone.
    index.retitle(input(1, { ...MOSCOW_AP, title: `LIVE: ${MOSCOW_AP.title}` }), story.storyId);
    expect(index.title(story.storyId)).toBe(CENTRAL);
  });

  it('says so when the index no longer holds the story', () => {
    const index = createStoryIndex(defaultClusterOptions);
    expect(index.retitle(input(1, MOSCOW), 42)).toBe(false);
    expect(index.title(42)).toBe('');
  });

  it('reaches the title through the StoryClusterer port', () => {
    const clusterer = createStoryClusterer({ ...defaultClusterOptions });
    const at = Date.UTC(2025, 9, 9, 10);
    const report = (title: string, minutes: number) => ({
      title,
      summary:
        'US envoy Steve Witkoff met Russian President Vladimir Putin in the Kremlin for five hours of peace ' +
        'talks on the American plan to end the war in Ukraine, Kremlin aide Yuri Ushakov said.',
      content: null,
      language: 'en',
      publishedAt: at + minutes * 60_000,
    });
    const first = report('WITKOFF AND PUTIN HOLD PEACE TALKS IN MOSCOW', 0);
    const analysis = analyseItem(first, shippedLexicon, shippedTopics);
    expect(analysis.relevance.relevant).toBe(true);
    const { storyId } = clusterer.assign(7, first, analysis, 'Example News');
    expect(clusterer.title(storyId)).toBe('WITKOFF AND PUTIN HOLD PEACE TALKS IN MOSCOW');
    const fixed = report('Witkoff and Putin hold peace talks in Moscow - Example News', 5);
    expect(clusterer.retitle(7, fixed, analysis, storyId, 'Example News')).toBe(true);
    expect(clusterer.title(storyId)).toBe('Witkoff and Putin hold peace talks in Moscow');
  });
});

describe('titleAmong (a story the index no longer holds)', () => {
  it('keeps the stored title while a member still has it', () => {
    const members = [{ title: 'LIVE: talks in Cairo' }, { title: `${CENTRAL} - Al Jazeera English` }];
    expect(titleAmong(CENTRAL, members)).toBe(CENTRAL);
    expect(titleAmong('LIVE: talks in Cairo', members)).toBe('LIVE: talks in Cairo');
  });

  it('takes a member’s headline, fit and whole first, once no member has the stored one', () => {
    const members = [
      { title: 'ARMENIA AND AZERBAIJAN AGREE PEACE TREATY TEXT' },
      { title: 'Armenia and Azerbaijan agree text of peace…' },
      { title: 'Armenia and Azerbaijan agree peace treaty text - Armenpress', outlet: 'Armenpress' },
      { title: 'Armenia and Azerbaijan agree peace treaty text' },
    ];
    expect(titleAmong('Old headline', members)).toBe('Armenia and Azerbaijan agree peace treaty text');
    expect(titleAmong('Old headline', members.slice(0, 3))).toBe(
      'Armenia and Azerbaijan agree text of peace…',
    );
    expect(titleAmong('Old headline', members.slice(0, 1))).toBe(
      'ARMENIA AND AZERBAIJAN AGREE PEACE TREATY TEXT',
    );
    expect(titleAmong('Old headline', [])).toBe('Old headline');
  });
});
