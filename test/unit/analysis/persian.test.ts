import { describe, expect, it } from 'vitest';
import { analyseItem } from '../../../src/analysis/analyse-item.js';
import { defaultClusterOptions } from '../../../src/analysis/cluster.js';
import { createMatcher } from '../../../src/analysis/matcher.js';
import { stemPersian, withoutPersianAffixes } from '../../../src/analysis/persian.js';
import { judgeRelevance } from '../../../src/analysis/relevance.js';
import { createStoryClusterer } from '../../../src/analysis/story-clusterer.js';
import { stem, tokenize, tokenSpans } from '../../../src/analysis/text.js';
import { tagTopics } from '../../../src/analysis/topics.js';
import { item, shippedLexicon, shippedTopics } from './shipped-config.js';

const judge = (title: string, summary = '') =>
  judgeRelevance(item(title, summary, null, 'fa'), shippedLexicon, shippedTopics);
const tags = (title: string, summary = '') =>
  tagTopics(item(title, summary, null, 'fa'), shippedTopics).map((tag) => tag.topic);
const analysedTopics = (title: string) =>
  analyseItem(item(title, '', null, 'fa'), shippedLexicon, shippedTopics).topics.map((tag) => tag.topic);

describe('Persian tokens', () => {
  it('writes Persian ی and ک as Arabic ي and ك, so that feeds typed either way meet', () => {
    expect(tokenize('مذاکرات ایران و آمریکا')).toEqual(tokenize('مذاكرات ايران و آمريكا'));
    expect(tokenize('کی‌یف')).toEqual(tokenize('كييف'));
  });

  it('joins a word across its zero-width non-joiner, as it is written without one', () => {
    expect(tokenize('آتش‌بس')).toEqual(tokenize('آتشبس'));
    expect(tokenize('آتش‌بس')).toHaveLength(1);
    expect(tokenize('آتش بس')).toHaveLength(2);
    expect(tokenize('گروگان‌ها')).toEqual(tokenize('گروگانها'));
  });

  it('drops the hamza of ۀ and the tatweel, and reads Persian digits', () => {
    expect(tokenize('خانهٔ صلح')).toEqual(tokenize('خانه صلح'));
    expect(tokenize('مذاکـــرات')).toEqual(tokenize('مذاکرات'));
    expect(tokenize('۱۴۰۴')).toEqual(['1404']);
  });

  it('never tokenises a Persian text to nothing', () => {
    expect(tokenize('آتش‌بس در غزه برقرار شد')).toHaveLength(5);
  });

  it('marks a text Persian by a letter Arabic lacks, a ZWNJ or a Persian word, and Arabic not', () => {
    expect(tokenSpans('گروگان آزاد شد').persian).toBe(true);
    expect(tokenSpans('آتش‌بس').persian).toBe(true);
    expect(tokenSpans('آتش بس در غزه').persian).toBe(true);
    expect(tokenSpans('وقف إطلاق النار في غزة').persian).toBe(false);
    expect(tokenSpans('ceasefire in Gaza').persian).toBe(false);
  });

  it('lists the words behind the endings and the verbal prefix, least taken off first', () => {
    expect(withoutPersianAffixes('گروگانهای'.replaceAll('ی', 'ي'))).toEqual([
      'گروگانها',
      'گروگانه',
      'گروگان',
    ]);
    expect(withoutPersianAffixes(tokenize('صلحی')[0] ?? '')).toEqual(tokenize('صلح'));
    expect(withoutPersianAffixes(tokenize('می‌کنند')[0] ?? '')).toContain(tokenize('کنند')[0]);
    expect(withoutPersianAffixes(tokenize('جنگ')[0] ?? '')).toEqual([]);
  });
});

describe('Persian words behind their endings in the matcher', () => {
  const matcher = createMatcher(
    ['گروگان', 'صلح', 'توافق صلح', 'مذاکره', 'آتش‌بس', 'آتش بس'].map((pattern) => ({
      pattern,
      value: pattern,
    })),
  );
  const found = (text: string) => {
    const spans = tokenSpans(text);
    return matcher.match(spans.tokens, spans.nameEndings, spans.persian).map((hit) => hit.pattern);
  };

  it('meets a word with its plural or ezafe ending in a Persian text', () => {
    expect(found('گروگان‌ها و گروگانهای')).toEqual(['گروگان', 'گروگان']);
    expect(found('توافق‌های صلح در راه است')).toEqual(['توافق صلح']);
    expect(found('مذاکره‌ای تازه')).toEqual(['مذاکره']);
  });

  it('meets آتش‌بس, آتشبس and آتش بس alike', () => {
    expect(found('آتش‌بس، آتشبس و آتش بس')).toEqual(['آتش‌بس', 'آتش‌بس', 'آتش بس']);
  });

  it('leaves the endings on in an Arabic text', () => {
    const spans = tokenSpans('مذاكرهي');
    expect(spans.persian).toBe(false);
    expect(matcher.match(spans.tokens, spans.nameEndings, spans.persian)).toEqual([]);
  });
});

describe('Persian stems for clustering', () => {
  const stemOf = (word: string) => tokenize(word).map((token) => stem(token, 'fa'));

  it.each([
    ['گروگان‌ها', 'گروگان'],
    ['گروگانهای', 'گروگان'],
    ['مذاکرات', 'مذاکره'],
    ['مذاکره‌ای', 'مذاکره'],
    ['ایرانی', 'ایران'],
    ['ایرانیان', 'ایران'],
    ['توافق‌های', 'توافق'],
    ['صلحی', 'صلح'],
  ])('gives %s and %s one stem', (a, b) => {
    expect(stemOf(a)).toEqual(stemOf(b));
  });

  it('keeps 3 letters, and uses light10 for Arabic-script words of other items', () => {
    expect(stemPersian(tokenize('صلح')[0] ?? '')).toBe(tokenize('صلح')[0]);
    expect(tokenize('مفاوضات').map((token) => stem(token, 'ar'))).toEqual(['مفاوض']);
  });

  it('merges two reports of one round of talks and leaves another event apart', () => {
    const reports = [
      [
        'دور پنجم مذاکرات ایران و آمریکا در مسقط برگزار شد',
        'عراقچی و ویتکاف با میانجی‌گری عمان در مسقط گفتگو کردند.',
      ],
      [
        'پنجمین دور گفتگوهای ایران و آمریكا در مسقط',
        'هیئت‌های ایرانی و آمریکایی با میانجیگری عمان در مسقط مذاکره کردند.',
      ],
      ['تبادل اسرا میان روسیه و اوکراین', 'روسیه و اوکراین ۳۹۰ اسیر را با میانجیگری امارات مبادله کردند.'],
    ];
    const clusterer = createStoryClusterer({ ...defaultClusterOptions });
    const start = Date.UTC(2025, 4, 23, 8);
    const stories = reports.map(([title = '', summary = ''], i) => {
      const report = { title, summary, content: null, language: 'fa', publishedAt: start + i * 600_000 };
      return clusterer.assign(i + 1, report, analyseItem(report, shippedLexicon, shippedTopics)).storyId;
    });
    expect(stories[1]).toBe(stories[0]);
    expect(stories[2]).not.toBe(stories[0]);
  });
});

describe('Persian talks with the shipped config', () => {
  it.each([
    ['آتش‌بس در غزه برقرار شد', 'gaza'],
    ['آتش بس میان اسرائیل و حماس از امروز اجرایی می‌شود', 'gaza'],
    ['آتشبس در لبنان: حزب‌الله و اسرائیل توافق کردند', 'lebanon'],
    ['عراقچی: دور پنجم مذاکرات غیرمستقیم با آمریکا در مسقط برگزار می‌شود', 'iran'],
    ['مذاکرات هسته‌ای ایران و آمریکا با میانجی‌گری عمان ادامه دارد', 'iran'],
    ['ويتكاف و عراقچی در مسقط ديدار كردند', 'iran'],
    ['برجام؛ سه کشور اروپایی مکانیسم ماشه را فعال کردند', 'iran'],
    ['زلنسکی: هر توافق صلح باید با حضور اوکراین باشد', 'ukraine'],
    ['پوتین و ترامپ درباره پایان جنگ اوکراین گفتگوی تلفنی کردند', 'ukraine'],
    ['تبادل اسرا میان روسیه و اوکراین؛ ۳۹۰ اسیر آزاد شدند', 'ukraine'],
    ['حماس: آماده آزادی همه گروگان‌ها در چارچوب توافق هستیم', 'gaza'],
    ['مذاکره‌کنندگان اسرائیلی برای گفتگو درباره تبادل گروگان‌ها به دوحه رفتند', 'gaza'],
    ['ارمنستان و جمهوری آذربایجان توافقنامه صلح را امضا کردند', 'caucasus'],
    ['پاشینیان و علی‌اف در واشنگتن دیدار کردند', 'caucasus'],
    ['پاکستان و هند بر سر آتش‌بس در کشمیر توافق کردند', 'south-asia'],
    ['حوثی‌ها و آمریکا با میانجیگری عمان آتش‌بس اعلام کردند', 'yemen'],
    ['سودان: ارتش و نیروهای پشتیبانی سریع در جده مذاکره می‌کنند', 'sudan'],
    ['کنگو و رواندا در واشنگتن توافق صلح امضا کردند', 'drc'],
    ['حزب‌الله خلع سلاح را نمی‌پذیرد', 'lebanon'],
    ['مذاکرات رفع تحریم‌ها میان ایران و آمریکا در وین از سر گرفته می‌شود', 'iran'],
    ['ارمنستان و آذربایجان بر سر حل و فصل مناقشه قره‌باغ توافق کردند', 'caucasus'],
    ['تحویل اجساد چهار گروگان اسرائیلی', 'gaza'],
  ])('finds talks in %j', (title, topic) => {
    expect(judge(title).relevant).toBe(true);
    expect(analysedTopics(title)).toContain(topic);
  });

  it.each([
    ['مذاکرات تجاری ایران و چین درباره قرارداد گازی'],
    ['مذاکره استقلال تهران با بازیکن برزیلی به نتیجه رسید'],
    ['باشگاه پرسپولیس با سرمربی جدید قرارداد بست'],
    ['مذاکرات دستمزد کارگران در شورای عالی کار بی‌نتیجه ماند'],
    ['استیضاح وزیر اقتصاد در مجلس'],
    ['انتخابات ریاست جمهوری ایران در خرداد برگزار می‌شود'],
    ['قیمت دلار پس از خبر مذاکرات کاهش یافت'],
    ['شاخص بورس تهران امروز رشد کرد'],
    ['جایزه صلح نوبل به یک فعال حقوق بشر رسید'],
    ['فیلم سینمایی «صلح» در جشنواره فیلم فجر اکران شد'],
    ['حمله هوایی اسرائیل به غزه ۳۰ کشته برجای گذاشت'],
    ['توافق تجاری ایران و روسیه برای صادرات گاز امضا شد'],
    ['جنگ روانی دشمن علیه ملت ایران'],
    ['در دیدار ایران و آمریکا در جام جهانی چه اتفاقی افتاد؟'],
    ['تبادل نظر وزرای خارجه ایران و عمان درباره مسائل منطقه'],
    ['ایران و روسیه تفاهم‌نامه همکاری امضا کردند'],
    ['این اتفاق در جلسه هیئت دولت رخ داد'],
    ['ارتش اسرائیل: حملات به جنوب لبنان ادامه دارد'],
  ])('keeps %j out', (title) => {
    expect(judge(title).relevant).toBe(false);
  });
});

describe('Persian topic names', () => {
  it.each([
    ['تهران تهدید کرد', 'iran'],
    ['سخنان خامنه‌ای', 'iran'],
    ['کرملین به زلنسکی پاسخ داد', 'ukraine'],
    ['انصارالله موشک شلیک کرد', 'yemen'],
    ['نیروهای پشتیبانی سریع در دارفور', 'sudan'],
    ['جمهوری آذربایجان و ارمنستان', 'caucasus'],
    ['حزب‌الله در جنوب لبنان', 'lebanon'],
  ])('tags %j', (title, topic) => {
    expect(tags(title)).toContain(topic);
  });

  it('leaves the Iranian provinces of Azerbaijan and Iran Khodro out of the conflicts', () => {
    expect(tags('زلزله در آذربایجان شرقی و آذربایجان غربی')).toEqual([]);
    expect(tags('ایران خودرو قیمت‌ها را افزایش داد')).toEqual([]);
    expect(tags('هموطنان آذربایجانی در تبریز')).toEqual([]);
    expect(tags('سرود حماسی در چهارشنبه سوری')).toEqual([]);
  });
});
