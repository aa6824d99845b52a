import { describe, expect, it } from 'vitest';
import { analyseItem } from '../../../src/analysis/analyse-item.js';
import { defaultClusterOptions } from '../../../src/analysis/cluster.js';
import { clusterInput, createStoryClusterer } from '../../../src/analysis/story-clusterer.js';
import { stem, tokenize } from '../../../src/analysis/text.js';
import { item, shippedLexicon, shippedTopics } from './shipped-config.js';

/** Stems of folded tokens, as clustering sees them. */
const stemOf = (word: string) => tokenize(word).map((token) => stem(token, 'he'));

describe('Hebrew stems for clustering', () => {
  it.each([
    ['בעזה', 'עזה'],
    ['לעזה', 'עזה'],
    ['המשא', 'משא'],
    ['והפסקת', 'הפסקת'],
    ['להפסקת', 'הפסקת'],
    ['הפסקת', 'הפסקה'],
    ['עסקת', 'עסקה'],
    ['החטופים', 'חטופים'],
    ['חטופים', 'חטוף'],
    ['כשהחטופים', 'חטופי'],
    ['ההסכם', 'הסכם'],
    ['ובמצרים', 'מצרים'],
    ['מלבנון', 'לבנון'],
    ['לוושינגטון', 'וושינגטון'],
    ['ישראלי', 'ישראל'],
    ['תוכניות', 'תוכנית'],
  ])('gives %s and %s one stem', (a, b) => {
    expect(stemOf(a)).toEqual(stemOf(b));
  });

  it('keeps 3 letters of a word, and the Hebrew tag is not needed', () => {
    expect(stemOf('עזה')).toEqual(['עזה']);
    expect(stemOf('משא')).toEqual(['משא']);
    expect(tokenize('בעזה').map((token) => stem(token, null))).toEqual(['עזה']);
  });

  it('keeps apart words that differ by more than their prefixes', () => {
    expect(stemOf('עזה')).not.toEqual(stemOf('העזה'));
    expect(stemOf('מצרים')).not.toEqual(stemOf('צרים'));
    expect(stemOf('לבנון')).not.toEqual(stemOf('בנון'));
  });

  it('gives two reports one term where only the prefixes differ', () => {
    const terms = (title: string) => {
      const report = item(title, '', null, 'he');
      return clusterInput(1, report, analyseItem(report, shippedLexicon, shippedTopics)).titleTerms;
    };
    expect(terms('הפסקת האש בעזה נכנסה לתוקף')).toEqual(expect.arrayContaining([...terms('לעזה')]));
    expect(terms('החטופים שוחררו במצרים')).toEqual(expect.arrayContaining([...terms('חטופים ממצרים')]));
  });
});

describe('Hebrew reports of one event, with the shipped config', () => {
  // Two desks' reports of one cabinet vote, worded with different prefixes, and a report of another event.
  const reports: Array<[string, string, string]> = [
    [
      'lebanon',
      'הקבינט אישר את הסכם הפסקת האש בלבנון',
      'השרים הצביעו בעד ההסכם, שגובש בתיווך השליח האמריקני, ברוב של עשרה מול אחד; ההפסקה תיכנס לתוקף הלילה.',
    ],
    [
      'lebanon',
      'בקבינט אושר ההסכם להפסקת אש מול לבנון',
      'ברוב של עשרה שרים מול שר אחד אישרו בקבינט את הסכם ההפסקה, שגובש בתיווכו של שליח אמריקני; תוקפו מהלילה.',
    ],
    [
      'ukraine',
      'רוסיה ואוקראינה החליפו מאות שבויים בתיווך האמירויות',
      'במשרדי ההגנה במוסקבה ובקייב נמסר כי השבויים הוחזרו לבתיהם אחרי חודשים בשבי.',
    ],
  ];

  it('merges the reports of the vote into one story and leaves the other event apart', () => {
    const clusterer = createStoryClusterer({ ...defaultClusterOptions });
    const start = Date.UTC(2025, 0, 19, 8);
    const stories = reports.map(([, title, summary], i) => {
      const report = { title, summary, content: null, language: 'he', publishedAt: start + i * 600_000 };
      return clusterer.assign(i + 1, report, analyseItem(report, shippedLexicon, shippedTopics)).storyId;
    });
    expect(stories[1]).toBe(stories[0]);
    expect(stories[2]).not.toBe(stories[0]);
  });
});
