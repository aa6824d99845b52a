import { parseDuration } from '../shared/duration.js';
import { type TopicNamer, validateTopics } from './chat.js';
import { invalidInput } from './input-problems.js';
import type { Schedule } from './schedule.js';

/** What `/digest ukraine gaza 3d` asks for: topics (null = the chat's own) and a period (null = the default). */
export type DigestRequest = { topics: string[] | null; periodMs: number | null };

const longestPeriodMs = 31 * 86_400_000;
const shortestPeriodMs = 60_000;
// Russian and Ukrainian units as people type them: 7д, 3дня → 7d; 24ч, 12годин → 24h; 2нед, 2тижні → 2w.
// Not "год": a year in Russian, hours in Ukrainian.
const cyrillicUnits: Readonly<Record<string, string>> = Object.fromEntries([
  ...['м', 'мин', 'минут', 'минуты', 'хв', 'хвилин', 'хвилини'].map((unit) => [unit, 'm']),
  ...['ч', 'час', 'часа', 'часов', 'годин', 'години', 'година'].map((unit) => [unit, 'h']),
  ...['д', 'дн', 'день', 'дня', 'дней', 'дні', 'днів'].map((unit) => [unit, 'd']),
  ...['н', 'нед', 'неделя', 'недели', 'недель', 'тиж', 'тиждень', 'тижні', 'тижнів'].map((unit) => [
    unit,
    'w',
  ]),
]);
const cyrillicDuration = /^(\d+(?:\.\d+)?)(\p{Script=Cyrillic}+)$/u;

/** "7д" as "7d"; any other word as it is. */
function latinUnits(word: string): string {
  const match = cyrillicDuration.exec(word.trim().toLowerCase());
  const unit = match === null ? undefined : cyrillicUnits[match[2] ?? ''];
  return match === null || unit === undefined ? word : `${match[1]}${unit}`;
}
const durationWord = /^\d+(?:\.\d+)?(?:ms|[smhdw])$/i;
// No topic id starts with a digit or a sign: "1y", "-1d", "1e3s" were meant as periods.
const periodAttempt = /^[-+]?\d/;

/**
 * The words after `/digest`: durations (7d, 24h, 2w; 7д, 24ч, 2тижні) and topic ids (or names: `named`) in any order. Unknown topics are
 * refused with the valid ones named; a period is at most 31 days.
 */
export function parseDigestRequest(
  words: readonly string[],
  known: readonly string[],
  named?: TopicNamer,
): DigestRequest {
  const isPeriod = (word: string) => durationWord.test(latinUnits(word));
  // Problems quote the words as typed ("40д", not "40d").
  const periods = words.filter(isPeriod);
  const wrong = words.find((word) => periodAttempt.test(word.trim()) && !isPeriod(word));
  if (wrong !== undefined) throw invalidInput({ problem: 'invalid_duration', input: wrong.trim() });
  const topics = words.filter((word) => !isPeriod(word) && word.trim() !== '');
  if (periods.length > 1) throw invalidInput({ problem: 'two_periods', periods });
  const [period] = periods;
  let periodMs: number | null = null;
  if (period !== undefined) {
    periodMs = parseDuration(latinUnits(period).toLowerCase());
    if (periodMs < shortestPeriodMs || periodMs > longestPeriodMs)
      throw invalidInput({ problem: 'period_range', input: period });
  }
  return { topics: topics.length === 0 ? null : validateTopics(topics, known, named), periodMs };
}

/** The period an on-demand digest covers by default: the chat's schedule period (a week when off). */
export function defaultPeriodMs(schedule: Schedule): number {
  return schedule.frequency === 'daily' ? 86_400_000 : 7 * 86_400_000;
}
