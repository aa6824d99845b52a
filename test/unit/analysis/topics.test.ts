import { describe, expect, it } from 'vitest';
import { findEntities } from '../../../src/analysis/entities.js';
import { compileTopics } from '../../../src/analysis/lexicon.js';
import { tagTopics, topicLabels, topicList, topicNamed } from '../../../src/analysis/topics.js';
import { item, shippedTopics } from './shipped-config.js';

const tags = (title: string, summary = '', content: string | null = null) =>
  tagTopics(item(title, summary, content), shippedTopics).map((tag) => tag.topic);

describe('tagTopics with the shipped topics', () => {
  it.each([
    ['Zelensky says Kyiv must be part of any talks', ['ukraine']],
    ['Зеленский призвал к прекращению огня', ['ukraine']],
    ['Зеленський закликав до перемир’я', ['ukraine']],
    ['Hamas weighs new ceasefire proposal', ['gaza']],
    ['ХАМАС рассмотрит новое предложение', ['gaza']],
    ['Iran, US delegations to meet in Rome', ['iran']],
    ['Houthis agree to halt attacks on US ships', ['yemen']],
    ['Pashinyan and Aliyev initial peace treaty in Washington', ['caucasus']],
    ['M23 and Kinshasa sign declaration in Doha', ['drc']],
    // Pakistan's names add to India–Pakistan and to other conflicts; alone they make neither tag.
    ['India and Pakistan agree to ceasefire', ['south-asia']],
    ['Pakistan, Afghanistan agree to ceasefire in Doha talks, says Qatar', ['other']],
    ['Accord entre Damas et les Kurdes', ['syria']],
    ['Mujahid: Islamic Emirate and Pakistan agree to end hostilities', ['other']],
    ['Casamance : l’Etat du Sénégal et une faction du MFDC signent un accord de paix', ['other']],
    ['На Мальті завершилася третя зустріч радників щодо Формули миру', ['ukraine']],
    ['India and Pakistan agree to a ceasefire along the Line of Control', ['south-asia']],
    ['Pakistan shoots down Indian drones', ['south-asia']],
    ['DGMOs of both armies speak on the hotline', ['south-asia']],
    ['Трамп, ас-Сісі, Ердоган і емір Катару підписали документ про мир у Газі', ['gaza']],
    ['Переговоры с Газой и Израилем', ['gaza']],
    ['Four Gazakh villages return to Azerbaijan under the delimitation deal', ['caucasus']],
    ['Мьянма: военные и повстанцы договорились о прекращении огня', ['other']],
    ['Witkoff arrives in Moscow', ['ukraine']],
    ['Мирний план США передбачає обмеження чисельності ЗСУ', ['ukraine']],
    ['Thailand and Cambodia agree to a ceasefire in Kuala Lumpur', ['other']],
    ['Таиланд и Камбоджа договорились о перемирии', ['other']],
    ['Turkey welcomes the PKK decision to disarm', ['other']],
    ['Kosovo and Serbia resume EU-mediated talks', ['other']],
    // Italian, Portuguese, Turkish and Polish names
    ["Zelensky: l'Ucraina non cederà il Donbass", ['ukraine']],
    ['Mosca e Kiev si scambiano i prigionieri', ['ukraine']],
    ['Netanyahu e Hamas, trattativa al Cairo sulla Striscia di Gaza', ['gaza']],
    ['Azerbaigian e Armenia, intesa sul corridoio di Zangezur', ['caucasus']],
    ['Sudan del Sud: Kiir e Machar firmano la tregua', ['other']],
    ['Ucrânia e Rússia trocam prisioneiros', ['ukraine']],
    ['Irã e EUA voltam a negociar em Omã', ['iran']],
    ['Tailândia e Camboja acertam cessar-fogo', ['other']],
    ["Zelenski İstanbul'da: Ukrayna heyeti Rusya ile görüşecek", ['ukraine']],
    ["İsrail ile Hizbullah arasında Lübnan'da ateşkes", ['lebanon']],
    ["Azerbaycan ile Ermenistan Karabağ'da sınırı belirledi", ['caucasus']],
    ["Tahran'dan nükleer açıklama", ['iran']],
    ['Zełenski i Putin w Stambule? Kijów czeka na odpowiedź Moskwy', ['ukraine']],
    ['Rozejm w Strefie Gazy: Izrael i Hamas wymieniają zakładników', ['gaza']],
    ['Tajlandia i Kambodża podpisały rozejm', ['other']],
  ])('tags %j with %j', (title, expected) => {
    expect(tags(title)).toEqual(expected);
  });

  it.each([
    ['Witkoff says talks went well'],
    ['Trump says a deal is close'],
    ['Talks in Doha and Istanbul'],
    ['Judge warns US deportations to South Sudan may breach court order'],
    ['Thai baht slips as exports slow'],
    ['Serbia wins the basketball final'],
    ['Pakistan announces a new budget'],
    ['Ціни на газ зросли: поставки газу в Європу'],
    ['Голанд забив два голи у ворота збірної'],
    ['Частка метану в газі з Норвегії зросла'],
    // Polish gazy/gazie (gases, in gas), Turkish Mısır (also maize), Italian "i modi" (the ways)
    ['Ceny gazu rosną: w gazie z Norwegii więcej metanu'],
    ['Mısır fiyatları yükseldi'],
    ['Tutti i modi per risparmiare sul riscaldamento'],
  ])('makes no topic from shared entities or one weak name alone: %j', (title) => {
    expect(tags(title)).toEqual([]);
  });

  it('adds a shared entity only to the topics it is listed for: Israel to gaza, not to ukraine', () => {
    expect(tags('Israel returns hostages; Russia comments on the deal')).toEqual(['gaza']);
    expect(tags('Israel returns hostages in Gaza')).toEqual(['gaza']);
    expect(tags('Pakistan, Afghanistan agree to immediate ceasefire after Doha talks')).toEqual(['other']);
    expect(tags('Hamas delegation arrives in Doha for ceasefire talks')).toEqual(['gaza']);
  });

  it('needs a body-only entity to recur before it counts', () => {
    expect(tags('Talks resume', 'Negotiators met again.', 'They spoke about Gaza.')).toEqual([]);
    expect(tags('Talks resume', 'Negotiators met again.', 'Gaza. Hamas in Gaza. Hamas said.')).toEqual([
      'gaza',
    ]);
  });

  it('leaves out a topic named in passing next to the main one', () => {
    const ranked = tagTopics(
      item('Israel and Hezbollah extend Lebanon ceasefire', 'Beirut welcomed the deal; Gaza talks stalled.'),
      shippedTopics,
    );
    expect(ranked.map((tag) => tag.topic)).toEqual(['lebanon']);
    expect(ranked[0]?.matches.map((match) => match.found)).toEqual([
      'Hezbollah',
      'Lebanon',
      'Israel',
      'Beirut',
    ]);
  });

  it('ranks two topics of one item by score', () => {
    const ranked = tagTopics(
      item('Witkoff to discuss Gaza truce and Iran nuclear talks', 'Hamas and Tehran sent envoys to Doha.'),
      shippedTopics,
    );
    expect(ranked.map((tag) => tag.topic)).toEqual(['gaza', 'iran']);
    expect(ranked[0]?.score).toBeGreaterThan(ranked[1]?.score ?? Number.POSITIVE_INFINITY);
    expect(ranked[1]?.matches.map((match) => match.found)).toContain('Witkoff');
  });
});

describe('tagTopics in French, Spanish, German and Arabic', () => {
  it.each([
    ['fr', 'Poutine et Zelensky pourraient se rencontrer à Istanbul, selon Moscou', ['ukraine']],
    ['fr', 'Gaza : le Hamas examine la nouvelle proposition de cessez-le-feu', ['gaza']],
    ['fr', 'Netanyahou envoie une délégation au Caire pour négocier la libération des otages', ['gaza']],
    ['fr', 'Liban : Israël et le Hezbollah prolongent la trêve', ['lebanon']],
    ['fr', 'Soudan : les Forces de soutien rapide acceptent une trêve humanitaire', ['sudan']],
    ['fr', "RDC : Kinshasa et l'AFC/M23 signent une déclaration de principes à Doha", ['drc']],
    ['fr', "Nucléaire : l'Iran et les États-Unis reprennent les discussions à Mascate", ['iran']],
    ['fr', 'Yémen : les houthistes annoncent une trêve en mer Rouge', ['yemen']],
    ['fr', "Haut-Karabakh : l'Arménie et l'Azerbaïdjan paraphent un accord de paix", ['caucasus']],
    ['fr', "L'Inde et le Pakistan conviennent d'un cessez-le-feu au Cachemire", ['south-asia']],
    ['fr', 'Syrie : Damas et les Forces démocratiques syriennes signent un accord', ['syria']],
    ['fr', 'Libye : le maréchal Haftar reçu au Caire', ['other']],
    ['es', 'Putin y Zelenski podrían reunirse en Estambul', ['ukraine']],
    ['es', 'Moscú responde al plan de paz de Trump para Ucrania', ['ukraine']],
    ['es', 'El Kremlin descarta una tregua en Jersón', ['ukraine']],
    ['es', 'Hamás estudia la nueva propuesta de alto el fuego en Gaza', ['gaza']],
    ['es', 'Israel y Hezbolá pactan una tregua en el Líbano', ['lebanon']],
    ['es', 'Las Fuerzas de Apoyo Rápido aceptan una tregua humanitaria en Sudán', ['sudan']],
    ['es', 'Ruanda y la República Democrática del Congo firman un acuerdo de paz', ['drc']],
    ['es', 'Irán y Estados Unidos retoman en Omán las negociaciones nucleares', ['iran']],
    ['es', 'Los hutíes anuncian una tregua en el mar Rojo', ['yemen']],
    ['es', 'Armenia y Azerbaiyán rubrican un acuerdo de paz en la Casa Blanca', ['caucasus']],
    ['es', 'India y Pakistán acuerdan un alto el fuego en Cachemira', ['south-asia']],
    ['es', 'Damasco y las Fuerzas Democráticas Sirias firman un acuerdo de integración', ['syria']],
    ['de', 'Putin und Selenskyj könnten sich in Istanbul treffen', ['ukraine']],
    ['de', 'Kreml: Gespräche mit Kiew in Genf möglich', ['ukraine']],
    ['de', 'Hamas prüft neuen Vorschlag für eine Waffenruhe im Gazastreifen', ['gaza']],
    ['de', 'Israel und Hisbollah verlängern Waffenruhe im Libanon', ['lebanon']],
    ['de', 'Sudan: RSF-Miliz stimmt humanitärer Feuerpause zu', ['sudan']],
    ['de', 'Kongo und Ruanda unterzeichnen Friedensabkommen in Washington', ['drc']],
    ['de', 'Atomgespräche: Iran und USA verhandeln in Maskat', ['iran']],
    ['de', 'Huthi-Miliz kündigt Waffenruhe im Roten Meer an', ['yemen']],
    ['de', 'Armenien und Aserbaidschan paraphieren Friedensvertrag', ['caucasus']],
    ['de', 'Indien und Pakistan vereinbaren Waffenruhe in Kaschmir', ['south-asia']],
    ['de', 'Syrien: Damaskus und SDF einigen sich auf Integration der Kurdenmiliz', ['syria']],
    ['ar', 'بوتين وزيلينسكي قد يلتقيان في إسطنبول', ['ukraine']],
    ['ar', 'ويتكوف يصل إلى موسكو لإجراء محادثات مع بوتين', ['ukraine']],
    ['ar', 'حماس تدرس المقترح الجديد لوقف إطلاق النار في غزة', ['gaza']],
    ['ar', 'إسرائيل وحزب الله يمددان الهدنة في لبنان', ['lebanon']],
    ['ar', 'قوات الدعم السريع توافق على هدنة إنسانية في السودان', ['sudan']],
    ['ar', 'اشتباكات في الفاشر بين الجيش السوداني وقوات الدعم السريع', ['sudan']],
    ['ar', 'الكونغو ورواندا توقعان اتفاق سلام في واشنطن', ['drc']],
    ['ar', 'إيران والولايات المتحدة تستأنفان المحادثات النووية في مسقط', ['iran']],
    ['ar', 'الحوثيون يعلنون هدنة في البحر الأحمر', ['yemen']],
    ['ar', 'أرمينيا وأذربيجان توقعان بالأحرف الأولى على اتفاق سلام', ['caucasus']],
    ['ar', 'الهند وباكستان تتفقان على وقف إطلاق النار في كشمير', ['south-asia']],
    ['ar', 'دمشق وقسد توقعان اتفاقا لدمج المؤسسات', ['syria']],
    ['ar', 'وزيلينسكي يرفض التنازل عن الأراضي', ['ukraine']],
    ['ar', 'هجوم للدعم السريع قرب الأبيض', ['sudan']],
    ['ar', 'والحوثيون يهددون الملاحة', ['yemen']],
  ])('tags the %s headline %j with %j', (_language, title, expected) => {
    expect(tags(title)).toEqual(expected);
  });

  // Weak states and shared entities alone, and common words that share a name's spelling: cashmere,
  // ripe and healthy (maduro, sana), Katarina, a riad, the lion (الأسد), the proof (البرهان).
  it.each([
    ['fr', 'La Russie augmente ses exportations de blé'],
    ['fr', 'Trump reçoit Erdogan à la Maison Blanche'],
    ['fr', 'Un riad à Marrakech rouvre ses portes'],
    ['es', 'Rusia eleva sus exportaciones de trigo'],
    ['es', 'Rubio viaja a Catar para una cumbre regional'],
    ['es', 'Receta de plátano maduro con una salsa sana'],
    ['de', 'Netanjahu schickt Delegation nach Kairo'],
    ['de', 'Kaschmirpullover im Test'],
    ['de', 'Katarina Witt wird 60'],
    ['ar', 'روسيا تزيد صادرات القمح'],
    ['ar', 'ترامب يستقبل أردوغان في البيت الأبيض'],
    ['ar', 'الأسد يهرب من حديقة الحيوان'],
    ['ar', 'البرهان على صحة النظرية'],
    ['ar', 'الطلاب يستقبلون بحماس مبادرة السلام في المدارس'],
    ['ar', 'مباحثات في الرياض لتطوير رياضة الفروسية'],
    ['es', 'Primeras damas de América Latina se reúnen en una cumbre por la paz'],
    ['es', 'Selección: Jerson Malagón y la tregua con la federación'],
  ])('makes no topic from the %s headline %j', (_language, title) => {
    expect(tags(title)).toEqual([]);
  });
});

describe('findEntities', () => {
  it.each([
    ['Witkoff meets Putin', 'witkoff'],
    ['Уиткофф встретился с Путиным', 'witkoff'],
    ['Віткофф прибув до Москви', 'witkoff'],
    ['Переговоры в Стамбуле', 'istanbul'],
    ['Talks in Türkiye', 'turkey'],
  ])('normalises %j to the entity %s', (title, entity) => {
    expect(findEntities(item(title), shippedTopics).map((mention) => mention.entity)).toContain(entity);
  });

  it('lists one mention per entity and field, quoting the text', () => {
    const mentions = findEntities(item('Witkoff and Уиткофф', 'Witkoff again'), shippedTopics);
    expect(mentions).toEqual([
      { entity: 'witkoff', field: 'title', found: 'Witkoff' },
      { entity: 'witkoff', field: 'lead', found: 'Witkoff' },
    ]);
  });
  it.each([
    ['Meclis yeni vergi paketini kabul etti', 'kabul'],
    ['Pesi mosca, il campione difende il titolo', 'mosca'],
  ])('names nothing for the look-alike words in %j (not %s)', (title) => {
    expect(findEntities(item(title), shippedTopics)).toEqual([]);
  });
});

describe('topicList', () => {
  it("lists the ten topic ids of DESIGN.md, then the guidelines' `other`, with labels and descriptions", () => {
    const list = topicList(shippedTopics);
    expect(list.map((topic) => topic.id)).toEqual([
      'ukraine',
      'gaza',
      'lebanon',
      'iran',
      'yemen',
      'syria',
      'sudan',
      'drc',
      'caucasus',
      'south-asia',
      'other',
    ]);
    expect(list.every((topic) => topic.label !== '' && topic.description !== '')).toBe(true);
  });

  it('follows the spec it was compiled from', () => {
    const compiled = compileTopics({
      tagging: { minScore: 1, relativeMin: 0.5, bodyMentions: 2, fields: { title: 1, lead: 1, body: 1 } },
      entities: {},
      topics: {
        x: { label: 'X', description: 'The X conflict', entities: {} },
        y: { label: 'Y', labels: { uk: 'Ігрек' }, description: 'The Y conflict', entities: {} },
      },
    });
    expect(topicList(compiled)).toEqual([
      { id: 'x', label: 'X', labels: {}, description: 'The X conflict' },
      { id: 'y', label: 'Y', labels: { uk: 'Ігрек' }, description: 'The Y conflict' },
    ]);
    expect(topicLabels(compiled, 'uk')).toEqual(
      new Map([
        ['x', 'X'],
        ['y', 'Ігрек'],
      ]),
    );
  });
});

describe('topicNamed with the shipped topics', () => {
  it.each([
    ['украина', 'ukraine'],
    ['Україна', 'ukraine'],
    ['Путин', 'ukraine'],
    ['Газа', 'gaza'],
    ['«Газа».', 'gaza'],
    ['#Газа', 'gaza'],
    ['Газе', 'gaza'],
    ['Ґазі', 'gaza'],
    ['Газі', 'gaza'],
    ['Сирии', 'syria'],
    ['Ємені', 'yemen'],
    ['хамас', 'gaza'],
    ['Kashmir', 'south-asia'],
    ['Gaza!', 'gaza'],
    ['Russia', 'ukraine'],
    ['Россия', 'ukraine'],
    ['хуситы', 'yemen'],
    ['Судан', 'sudan'],
    ['Карабах', 'caucasus'],
    ['Вірменія', 'caucasus'],
    ['СШР', 'sudan'],
  ])('reads %s as %s', (word, topic) => {
    expect(topicNamed(shippedTopics, word)).toBe(topic);
  });

  it('reads a name of several topics as those it could mean', () => {
    expect(topicNamed(shippedTopics, 'Пакистан')).toEqual(['south-asia', 'other']);
    expect(topicNamed(shippedTopics, 'Israel')).toEqual(expect.arrayContaining(['gaza', 'lebanon', 'iran']));
  });

  // Trump and Qatar may take part in any conflict; the rest names none.
  it.each(['Trump', 'Катар', 'США', 'война', 'Війна', 'Ядерные', 'talks', '', ' «» '])(
    'names no topic by %j',
    (word) => {
      expect(topicNamed(shippedTopics, word)).toBeNull();
    },
  );
});
