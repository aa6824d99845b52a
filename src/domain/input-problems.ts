import { AppError, isAppError } from '../shared/errors.js';

/**
 * The mistakes a user can make in a command, as data: `AppError('invalid_input').details` carries one
 * (`details.problem` names the kind), so each front end can answer in the user's language while the
 * English `message` stays for logs, the CLI and Slack.
 */
export const inputProblemKinds = [
  'unknown_topic',
  'all_with_topics',
  'unknown_weekday',
  'invalid_time',
  'schedule_shape',
  'unknown_time_zone',
  'two_periods',
  'period_range',
  'invalid_duration',
  'unknown_quiet_mode',
  'unknown_language',
  'digests_turned_off',
  'digests_stopped',
] as const;
export type InputProblemKind = (typeof inputProblemKinds)[number];

export const scheduleFrequencies = ['weekly', 'daily', 'off'] as const;
export type ScheduleFrequency = (typeof scheduleFrequencies)[number];

/** `suggestions` maps an unknown topic to the one known topic it is close to, when there is one. */
export type UnknownTopic = {
  problem: 'unknown_topic';
  unknown: string[];
  suggestions: Record<string, string>;
  known: string[];
};
export type AllWithTopics = { problem: 'all_with_topics' };
export type UnknownWeekday = { problem: 'unknown_weekday'; input: string };
export type InvalidTime = { problem: 'invalid_time'; input: string };
/** `frequency`: the first word when it is one, so the answer can say what that frequency needs. */
export type ScheduleShape = { problem: 'schedule_shape'; input: string; frequency: ScheduleFrequency | null };
export type UnknownTimeZone = { problem: 'unknown_time_zone'; input: string; suggestions: string[] };
export type TwoPeriods = { problem: 'two_periods'; periods: string[] };
export type PeriodRange = { problem: 'period_range'; input: string };
export type InvalidDuration = { problem: 'invalid_duration'; input: string };
export type UnknownQuietMode = { problem: 'unknown_quiet_mode'; input: string };
export type UnknownLanguage = { problem: 'unknown_language'; input: string };
/** The chat's digests were turned off by whoever runs Parley (`parley chats off`). */
export type DigestsTurnedOff = { problem: 'digests_turned_off' };
/** Parley stopped posting to the chat: the platform refused its last message (`reason`, the platform's words). */
export type DigestsStopped = { problem: 'digests_stopped'; reason: string | null };

export type InputProblem =
  | UnknownTopic
  | AllWithTopics
  | UnknownWeekday
  | InvalidTime
  | ScheduleShape
  | UnknownTimeZone
  | TwoPeriods
  | PeriodRange
  | InvalidDuration
  | UnknownQuietMode
  | UnknownLanguage
  | DigestsTurnedOff
  | DigestsStopped;

/** "a", "a or b", "a, b or c". */
export function oneOf(words: readonly string[], conjunction = 'or'): string {
  return words.length < 2
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}

const shapeHints: Record<ScheduleFrequency, string> = {
  weekly: 'weekly needs a weekday and a time, e.g. "weekly friday 09:00"',
  daily: 'daily needs a time, e.g. "daily 18:30"',
  off: '"off" takes nothing after it',
};

/** The English message of a problem: what the CLI, Slack and logs show. */
export function describeProblem(p: InputProblem): string {
  switch (p.problem) {
    case 'unknown_topic': {
      const hints = p.unknown.map((topic) => {
        const near = p.suggestions[topic];
        return near === undefined ? `"${topic}"` : `"${topic}" (did you mean ${near}?)`;
      });
      return `unknown topic ${oneOf(hints)}: choose from ${p.known.join(', ')}, or all`;
    }
    case 'all_with_topics':
      return '"all" cannot be combined with other topics';
    case 'unknown_weekday':
      return `unknown weekday "${p.input}": use monday to sunday, or mon to sun`;
    case 'invalid_time':
      return `invalid time "${p.input}": use HH:MM from 00:00 to 23:59`;
    case 'schedule_shape': {
      const hint =
        p.frequency === null
          ? 'use "weekly <weekday> HH:MM", "daily HH:MM" or "off"'
          : shapeHints[p.frequency];
      return `"${p.input}" is not a schedule: ${hint}`;
    }
    case 'unknown_time_zone': {
      const hint =
        p.suggestions.length === 0
          ? 'use an IANA name such as Europe/Kyiv, America/New_York or UTC'
          : `did you mean ${oneOf(p.suggestions)}?`;
      return `unknown time zone "${p.input}": ${hint}`;
    }
    case 'two_periods':
      return `give one period, not ${p.periods.join(' and ')}`;
    case 'period_range':
      return `the period "${p.input}" must be between 1 minute and 31 days`;
    case 'invalid_duration':
      return `"${p.input}" is not a duration: use a number and a unit, like 90m, 36h or 7d`;
    case 'unknown_quiet_mode':
      return `"${p.input}" is not a choice for quiet periods: use note (a line saying there is nothing new) or skip (nothing is sent)`;
    case 'unknown_language':
      return `"${p.input}" is not a language digests are written in: use en (English), ru (Russian) or uk (Ukrainian)`;
    case 'digests_turned_off':
      return "this chat's digests are turned off by whoever runs this Parley: ask them to turn them on";
    case 'digests_stopped': {
      const why = p.reason === null ? '' : ` (the last try said: ${p.reason})`;
      return `Parley stopped posting here${why}: once it may post again, /start turns the digests back on`;
    }
  }
}

// What a message quotes of what the user typed: a Telegram message holds 4,096 characters, and a reply
// quoting a 4,000-character command whole would not be sent at all.
const maxQuoted = 100;
const maxListed = 5;

/** By code points, so that an emoji is never cut in half. */
function clip(text: string): string {
  const points = Array.from(text);
  return points.length <= maxQuoted ? text : `${points.slice(0, maxQuoted - 1).join('')}…`;
}

/** The problem with the user's words cut to what an answer can quote: 100 characters, 5 unknown topics. */
function clipped(problem: InputProblem): InputProblem {
  if ('input' in problem) return { ...problem, input: clip(problem.input) };
  if (problem.problem === 'unknown_topic') {
    const unknown = problem.unknown.slice(0, maxListed).map(clip);
    const suggestions = Object.fromEntries(
      unknown.map((t) => [t, problem.suggestions[t]]).filter(([, s]) => s),
    );
    return { ...problem, unknown, suggestions };
  }
  if (problem.problem === 'two_periods')
    return { ...problem, periods: problem.periods.slice(0, maxListed).map(clip) };
  return problem;
}

/** The error for a user's mistake: the English message, and the problem (plus `extra`) in `details`. */
export function invalidInput(problem: InputProblem, extra: Record<string, unknown> = {}): AppError {
  const quoted = clipped(problem);
  return new AppError('invalid_input', describeProblem(quoted), { details: { ...extra, ...quoted } });
}

const isText = (value: unknown): value is string => typeof value === 'string';
const isTexts = (value: unknown): value is string[] => Array.isArray(value) && value.every(isText);
const isTextMap = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(isText);
const isFrequency = (value: unknown): value is ScheduleFrequency | null =>
  value === null || scheduleFrequencies.some((frequency) => frequency === value);

/** The problem an error describes, checked field by field; null for any other error or a malformed one. */
export function inputProblemOf(error: unknown): InputProblem | null {
  if (!isAppError(error, 'invalid_input')) return null;
  const { problem, input, unknown, suggestions, known, frequency, periods, reason } = error.details;
  switch (problem) {
    case 'unknown_topic':
      return isTexts(unknown) && isTextMap(suggestions) && isTexts(known)
        ? { problem, unknown, suggestions, known }
        : null;
    case 'all_with_topics':
    case 'digests_turned_off':
      return { problem };
    case 'digests_stopped':
      return reason === null || isText(reason) ? { problem, reason } : null;
    case 'unknown_weekday':
    case 'invalid_time':
    case 'period_range':
    case 'invalid_duration':
    case 'unknown_quiet_mode':
    case 'unknown_language':
      return isText(input) ? { problem, input } : null;
    case 'schedule_shape':
      return isText(input) && isFrequency(frequency) ? { problem, input, frequency } : null;
    case 'unknown_time_zone':
      return isText(input) && isTexts(suggestions) ? { problem, input, suggestions } : null;
    case 'two_periods':
      return isTexts(periods) ? { problem, periods } : null;
    default:
      return null;
  }
}
