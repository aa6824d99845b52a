/**
 * Clustering features for tests, made without src/analysis/text.ts (written separately): words are
 * letters and digits, folded to lower case; a "stem" is a word's first six letters, which is crude
 * but enough for inflected English and Russian in these fixtures.
 */
import type { ClusterInput } from '../../../src/analysis/cluster.js';

const STOPWORDS = new Set(
  (
    'a an the and or of in on at to for from with by as is are was were be been it its this that ' +
    'after before over into about than said says will would has have had not no but also ' +
    'и в во на с со по к о об от из за для что как это не но а также'
  ).split(' '),
);

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2025, 7, 14, 8, 0, 0);

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function stems(text: string): string[] {
  return words(text)
    .filter((word) => !STOPWORDS.has(word))
    .map((word) => word.slice(0, 6));
}

export type Report = {
  title: string;
  lead: string;
  entities?: readonly string[];
  language?: string | null;
  /** Hours after T0. */
  hours?: number;
};

export function input(id: number, report: Report): ClusterInput {
  return {
    id,
    publishedAt: T0 + (report.hours ?? 0) * HOUR,
    title: report.title,
    titleTerms: stems(report.title),
    leadTerms: stems(report.lead),
    tokens: words(`${report.title} ${report.lead}`),
    entities: report.entities ?? [],
    language: report.language === undefined ? 'en' : report.language,
  };
}

/**
 * Reports of other events of the same conflicts, one story each: they make "talks", "ceasefire",
 * "Ukraine" and "Russia" common in the window, as they are in real feeds. Each has words of its own
 * (made-up names of places and topics) besides those common ones.
 */
export function background(firstId: number, count: number): ClusterInput[] {
  const people = [
    'rubio',
    'lavrov',
    'fidan',
    'sybiha',
    'erdogan',
    'starmer',
    'merz',
    'tusk',
    'guterres',
    'orban',
  ];
  return Array.from({ length: count }, (_, i) => {
    const own = (n: number): string => `${String.fromCharCode(97 + (i % 26))}${n}q${i}`;
    const person = people[i % people.length] ?? 'rubio';
    // A third of the window is about the US envoy's peace plan, as in the week of the Moscow talks.
    const envoy = i % 3 === 0 ? 'US envoy Steve Witkoff and the American peace plan' : 'talks';
    return input(firstId + i, {
      title: `${person} ${own(1)} ${own(2)} ${own(3)} ceasefire talks`,
      lead: `${own(4)} ${own(5)} Ukraine ${own(6)} Russia ${own(7)} on Thursday ${own(8)} ${envoy} ${own(9)}.`,
      entities:
        i % 3 === 0
          ? [person, own(0), 'ukraine', 'russia', 'witkoff', 'usa']
          : [person, own(0), 'ukraine', 'russia'],
      hours: -6 + (i % 6),
    });
  });
}

/** One meeting as two outlets reported it (cluster.test.ts, cluster-titles.test.ts). */
export const WITKOFF_MOSCOW: Report = {
  title: 'Witkoff and Putin hold five-hour talks in Moscow on Ukraine peace plan',
  lead:
    'US envoy Steve Witkoff met Russian President Vladimir Putin in the Kremlin on Thursday for five hours ' +
    'of talks on the American plan to end the war in Ukraine, Kremlin aide Yuri Ushakov said.',
  entities: ['witkoff', 'putin', 'kremlin', 'moscow', 'ushakov', 'ukraine', 'russia', 'usa'],
};

export const WITKOFF_MOSCOW_AP: Report = {
  title: 'Putin receives Trump envoy Witkoff at the Kremlin for peace plan talks',
  lead:
    'Vladimir Putin received Steve Witkoff in Moscow late Thursday; aide Yuri Ushakov described the ' +
    'five-hour meeting on the US peace plan for Ukraine as constructive.',
  entities: ['putin', 'witkoff', 'trump', 'kremlin', 'moscow', 'ushakov', 'ukraine', 'usa'],
  hours: 2,
};
