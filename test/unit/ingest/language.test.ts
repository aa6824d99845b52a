import { describe, expect, it } from 'vitest';
import { detectLanguage, normaliseLanguageTag } from '../../../src/ingest/language.js';

describe('normaliseLanguageTag', () => {
  it.each([
    ['en', 'en'],
    ['en-US', 'en'],
    ['EN-gb', 'en'],
    ['ru_RU', 'ru'],
    ['ukr', 'uk'],
    ['ua', 'uk'],
    ['UA-ua', 'uk'],
    ['rus', 'ru'],
    ['fre', 'fr'],
    ['ger', 'de'],
    ['ara', 'ar'],
    ['heb', 'he'],
    ['iw', 'he'],
    ['per', 'fa'],
    ['فارسی', 'fa'],
    [' de-AT ', 'de'],
    ['English', 'en'],
    ['русский', 'ru'],
    ['und', null],
    ['mul', null],
    ['x-klingon', null],
    ['', null],
    ['constructor', null],
    [null, null],
    [undefined, null],
  ])('maps %j to %j', (tag, expected) => {
    expect(normaliseLanguageTag(tag)).toBe(expected);
  });
});

describe('detectLanguage', () => {
  it.each([
    ['Peace talks between the two delegations will resume in Istanbul next week, officials said.', 'en'],
    ['Переговоры о мире между делегациями возобновятся в Стамбуле на следующей неделе, заявили в МИД.', 'ru'],
    ['Мирні переговори між делегаціями відновляться в Стамбулі наступного тижня, повідомили в МЗС.', 'uk'],
    ['Les pourparlers de paix reprendront la semaine prochaine à Genève, selon le ministère.', 'fr'],
    ['Die Friedensgespräche werden nächste Woche in Genf fortgesetzt, teilte das Ministerium mit.', 'de'],
    ['Las conversaciones de paz se reanudarán la próxima semana en Ginebra, según el ministerio.', 'es'],
    ['محادثات السلام بين الطرفين ستستأنف في القاهرة الأسبوع المقبل حسب وزارة الخارجية', 'ar'],
    ['שיחות השלום בין הצדדים יתחדשו בקהיר בשבוע הבא, כך נמסר ממשרד החוץ', 'he'],
    ['مذاکرات ایران و آمریکا در مسقط: دور دوم گفتگوها برگزار شد', 'fa'],
    // Persian typed with Arabic ي and ك, as some feeds do: franc's trigrams still know it.
    ['گفتگوی پزشکیان و پوتین درباره جنگ اوكراين و مذاكرات صلح', 'fa'],
    ['Barış görüşmeleri gelecek hafta İstanbul’da yeniden başlayacak, bakanlık açıkladı.', 'tr'],
    // Short Russian news that franc's trigrams took for Bulgarian or Serbian (Novaya Gazeta, August 2025).
    ['Встреча Алиева и Пашиняна в США: Трамп перехватил у Путина инициативу', 'ru'],
    ['Лучшие друзья Пригожина Люди «повара» Путина занялись торговлей алмазами в ЦАР', 'ru'],
    ['Сделки нет, но «next time in Moscow»: Итоги встречи Путин и Трамп на Аляске', 'ru'],
    ['България и Сърбия подписаха споразумение за сътрудничество в енергетиката', 'bg'],
    ['Србија и Црна Гора потписале споразум о сарадњи у енергетици', 'sr'],
    // "Коммерсантъ" and «Ъ» keep the old hard sign: no Bulgarian vowel ъ.
    ['Как сообщил «Коммерсантъ», встреча пройдет в Стамбуле', 'ru'],
    ['Источник «Ъ»: встреча Путина и Трампа пройдет в Стамбуле', 'ru'],
    // Ukrainian without і, ї, є or ґ: its own function words.
    ['Мирний план: як це пропонують США', 'uk'],
    // Bulgarian by its vowel ъ, or its own words.
    ['Путин прие предложението на Тръмп за примирие в Украйна', 'bg'],
    ['Преговорите: що се отнася до примирието, позициите остават далеч', 'bg'],
  ])('recognises %j as %j', (text, expected) => {
    expect(detectLanguage(text)).toBe(expected);
  });

  it.each([[''], ['Hi there'], ['   '], ['12345 67890 !!!']])(
    'returns null for text too short or without words: %j',
    (text) => {
      expect(detectLanguage(text)).toBeNull();
    },
  );
});
