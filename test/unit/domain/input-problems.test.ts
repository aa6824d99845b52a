import { describe, expect, it } from 'vitest';
import {
  digestsStopped,
  digestsTurnedOff,
  parseDigestLanguage,
  parseQuietMode,
  validateTopics,
} from '../../../src/domain/chat.js';
import { parseDigestRequest } from '../../../src/domain/digest-request.js';
import {
  describeProblem,
  type InputProblem,
  inputProblemKinds,
  inputProblemOf,
  invalidInput,
  oneOf,
} from '../../../src/domain/input-problems.js';
import { parseSchedule } from '../../../src/domain/schedule.js';
import { checkTimeZone } from '../../../src/domain/zoned-time.js';
import { parseDuration } from '../../../src/shared/duration.js';
import { AppError } from '../../../src/shared/errors.js';

const known = ['ukraine', 'gaza', 'iran', 'sudan'];

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

/** One user mistake per problem kind, and the details its error must carry. */
const mistakes: { name: string; run: () => unknown; details: Record<string, unknown> }[] = [
  {
    name: 'unknown topics, one close to a known id',
    run: () => validateTopics(['Ukrain', 'atlantis', 'gaza'], known),
    details: {
      problem: 'unknown_topic',
      unknown: ['ukrain', 'atlantis'],
      suggestions: { ukrain: 'ukraine' },
      known,
    },
  },
  {
    name: '"all" with a topic',
    run: () => validateTopics(['all', 'gaza'], known),
    details: { problem: 'all_with_topics' },
  },
  {
    name: 'an unknown weekday',
    run: () => parseSchedule('weekly funday 09:00'),
    details: { problem: 'unknown_weekday', input: 'funday' },
  },
  {
    name: 'an invalid time',
    run: () => parseSchedule('daily 25:00'),
    details: { problem: 'invalid_time', input: '25:00' },
  },
  {
    name: 'a weekly schedule without a time',
    run: () => parseSchedule('weekly friday'),
    details: { problem: 'schedule_shape', input: 'weekly friday', frequency: 'weekly' },
  },
  {
    name: 'an unknown time zone',
    run: () => checkTimeZone('Europe/Kyev'),
    details: {
      problem: 'unknown_time_zone',
      input: 'Europe/Kyev',
      zone: 'Europe/Kyev',
      suggestions: ['Europe/Kyiv'],
    },
  },
  {
    name: 'two periods',
    run: () => parseDigestRequest(['7d', 'gaza', '24h'], known),
    details: { problem: 'two_periods', periods: ['7d', '24h'] },
  },
  {
    name: 'a period over 31 days',
    run: () => parseDigestRequest(['40d'], known),
    details: { problem: 'period_range', input: '40d' },
  },
  {
    name: 'a period of nothing',
    run: () => parseDigestRequest(['0h'], known),
    details: { problem: 'period_range', input: '0h' },
  },
  {
    name: 'a period under a minute (the message says 1 minute is the least)',
    run: () => parseDigestRequest(['30s'], known),
    details: { problem: 'period_range', input: '30s' },
  },
  {
    name: 'a duration without a unit',
    run: () => parseDuration('7 days'),
    details: { problem: 'invalid_duration', input: '7 days' },
  },
  {
    name: 'a quiet-period choice that is neither note nor skip',
    run: () => parseQuietMode(' mute '),
    details: { problem: 'unknown_quiet_mode', input: 'mute' },
  },
  {
    name: 'a language tag of a language Parley does not write',
    run: () => parseDigestLanguage('de-DE'),
    details: { problem: 'unknown_language', input: 'de-DE' },
  },
  {
    name: 'a digest language Parley does not write',
    run: () => parseDigestLanguage(' Deutsch '),
    details: { problem: 'unknown_language', input: 'Deutsch' },
  },
  {
    name: 'a digest asked for in a chat whoever runs Parley turned off',
    run: () => {
      throw digestsTurnedOff();
    },
    details: { problem: 'digests_turned_off' },
  },
  {
    name: 'a digest asked for in a chat the platform no longer lets Parley post to',
    run: () => {
      throw digestsStopped({ inactiveReason: 'Forbidden: bot was blocked by the user' });
    },
    details: { problem: 'digests_stopped', reason: 'Forbidden: bot was blocked by the user' },
  },
];

function catchError(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('input problems in error details', () => {
  it.each(mistakes)('describes $name in the details of an invalid_input error', ({ run, details }) => {
    const error = thrown(run);
    expect(error).toMatchObject({ code: 'invalid_input' });
    expect(error).toHaveProperty('details', details);
  });

  it.each(mistakes)(
    'reads back the problem of $name, whose message is its English description',
    ({ run, details }) => {
      const error = thrown(run);
      // `zone` is the time zone error's raw input, kept for older readers; it is not part of the problem.
      const { zone, ...fields } = details;
      const problem = inputProblemOf(error);
      expect(problem).toEqual(fields);
      if (problem === null || !(error instanceof AppError)) throw new Error('no problem read');
      expect(describeProblem(problem)).toBe(error.message);
    },
  );

  it('has a mistake for every problem kind', () => {
    const kinds = new Set(mistakes.map(({ details }) => details['problem']));
    expect([...kinds].sort()).toEqual([...inputProblemKinds].sort());
  });

  it.each<[string, unknown]>([
    ['a plain Error', new Error('unknown topic')],
    ['another code', new AppError('timeout', 'slow', { details: { problem: 'invalid_time', input: '1' } })],
    ['no problem', new AppError('invalid_input', 'nothing to set')],
    ['an unknown kind', new AppError('invalid_input', 'x', { details: { problem: 'bad_mood', input: 'x' } })],
    [
      'a field of the wrong type',
      new AppError('invalid_input', 'x', { details: { problem: 'invalid_time', input: 7 } }),
    ],
    [
      'a suggestion that is not text',
      new AppError('invalid_input', 'x', {
        details: { problem: 'unknown_topic', unknown: ['x'], suggestions: { x: 1 }, known: [] },
      }),
    ],
    [
      'an unknown frequency',
      new AppError('invalid_input', 'x', {
        details: { problem: 'schedule_shape', input: 'x', frequency: 'hourly' },
      }),
    ],
  ])('reads no problem from %s', (_case, error) => {
    expect(inputProblemOf(error)).toBeNull();
  });

  it('keeps extra details next to the problem without letting them replace it', () => {
    const problem: InputProblem = { problem: 'invalid_time', input: '25:00' };
    const error = invalidInput(problem, { input: 'other', zone: 'x' });
    expect(error.details).toEqual({ problem: 'invalid_time', input: '25:00', zone: 'x' });
  });

  it('quotes at most 100 characters of what was typed and 5 unknown topics, so an answer always fits a message', () => {
    const long = `weekly ${'x'.repeat(4000)}`;
    const schedule = inputProblemOf(catchError(() => parseSchedule(long)));
    expect(schedule).toMatchObject({ problem: 'schedule_shape', input: `${long.slice(0, 99)}…` });
    const words = Array.from({ length: 780 }, (_, i) => `w${i}`);
    const error = catchError(() => validateTopics(['ukrain', ...words], ['ukraine', 'gaza']));
    expect(inputProblemOf(error)).toMatchObject({
      unknown: ['ukrain', 'w0', 'w1', 'w2', 'w3'],
      suggestions: { ukrain: 'ukraine' },
    });
    expect(error.message.length).toBeLessThan(300);
  });

  it('never cuts an emoji in half where it clips', () => {
    const typed = `${'x'.repeat(98)}😀😀😀`;
    const problem = inputProblemOf(catchError(() => checkTimeZone(typed)));
    expect(problem !== null && 'input' in problem ? problem.input : '').toBe(`${'x'.repeat(98)}😀…`);
  });

  it.each([
    [[], 'or', ''],
    [['a'], 'or', 'a'],
    [['a', 'b'], 'or', 'a or b'],
    [['a', 'b', 'c'], 'или', 'a, b или c'],
  ])('lists %j with "%s"', (words, conjunction, text) => {
    expect(oneOf(words, conjunction)).toBe(text);
  });
});

describe('topic lists as users type them', () => {
  it('reads words and comma-separated lists alike, in taxonomy order, once each', () => {
    const known = ['ukraine', 'gaza', 'iran'];
    expect(validateTopics(['iran,UKRAINE,', ' gaza', 'ukraine'], known)).toEqual(['ukraine', 'gaza', 'iran']);
    expect(validateTopics(['ukraine,', 'gaza'], known)).toEqual(['ukraine', 'gaza']);
    expect(() => validateTopics(['ukraine,atlantis'], known)).toThrow(/unknown topic "atlantis"/);
  });

  it('takes a name of a topic for its id, and still refuses a word that names none', () => {
    const known = ['ukraine', 'gaza', 'iran'];
    const names: Record<string, string> = { украина: 'ukraine', газа: 'gaza', elsewhere: 'atlantis' };
    const named = (word: string) => names[word.toLowerCase()] ?? null;
    expect(validateTopics(['Газа,', 'Украина', 'ukraine'], known, named)).toEqual(['ukraine', 'gaza']);
    expect(parseDigestRequest(['украина', '7д'], known, named)).toEqual({
      topics: ['ukraine'],
      periodMs: 7 * 86_400_000,
    });
    // A name resolving to a topic this taxonomy lacks is unknown, under the word typed.
    expect(() => validateTopics(['Украина', 'Elsewhere'], known, named)).toThrow(/unknown topic "elsewhere"/);
    expect(() => validateTopics(['all', 'газа'], known, named)).toThrow(/all/);
    // A name of several topics suggests those of them this taxonomy has.
    const several = (word: string) => (word === 'Israel' ? ['gaza', 'lebanon', 'iran'] : null);
    expect(() => validateTopics(['Israel'], known, several)).toThrow(
      'unknown topic "israel" (did you mean gaza, iran?): choose from ukraine, gaza, iran, or all',
    );
  });
});

describe('digest requests', () => {
  it.each(['1y', '-1d', '1e3s', '+7d'])(
    'reads %j as a period it cannot use, not as an unknown topic',
    (word) => {
      expect(() => parseDigestRequest(['gaza', word], ['gaza'])).toThrow(
        expect.objectContaining({ details: { problem: 'invalid_duration', input: word } }),
      );
    },
  );

  it.each([
    ['7д', 7 * 86_400_000],
    ['3дня', 3 * 86_400_000],
    ['24ч', 24 * 3_600_000],
    ['12годин', 12 * 3_600_000],
    ['2тиж', 2 * 604_800_000],
    ['2недели', 2 * 604_800_000],
    ['1день', 86_400_000],
    ['90мин', 90 * 60_000],
    ['7Д', 7 * 86_400_000],
  ])('reads the Russian or Ukrainian period %j', (word, periodMs) => {
    expect(parseDigestRequest(['gaza', word], ['gaza'])).toEqual({ topics: ['gaza'], periodMs });
  });

  it('refuses a Cyrillic unit it does not know, or does not read one way, and quotes periods as typed', () => {
    for (const word of ['7лет', '1год'])
      expect(() => parseDigestRequest([word], ['gaza'])).toThrow(
        expect.objectContaining({ details: { problem: 'invalid_duration', input: word } }),
      );
    expect(() => parseDigestRequest(['40д'], ['gaza'])).toThrow(
      expect.objectContaining({ details: { problem: 'period_range', input: '40д' } }),
    );
    expect(() => parseDigestRequest(['7d', '7д'], ['gaza'])).toThrow(
      expect.objectContaining({ details: { problem: 'two_periods', periods: ['7d', '7д'] } }),
    );
  });

  it('still reads periods and topics in any order', () => {
    expect(parseDigestRequest(['36h', 'gaza'], ['gaza'])).toEqual({
      topics: ['gaza'],
      periodMs: 36 * 3_600_000,
    });
  });
});

describe('parseQuietMode', () => {
  it.each([
    ['note', 'note'],
    [' SKIP ', 'skip'],
    ['ничего', 'skip'],
    ['нічого', 'skip'],
    ['Строка', 'note'],
    ['рядок', 'note'],
  ])('reads %j as %s', (word, mode) => {
    expect(parseQuietMode(word)).toBe(mode);
  });
});

describe('digest languages', () => {
  it.each([
    ['ru', 'ru'],
    ['ru-RU', 'ru'],
    ['UK', 'uk'],
    ['uk_UA', 'uk'],
    ['укр', 'uk'],
    ['Українська', 'uk'],
    ['ua', 'uk'],
    ['рус', 'ru'],
    ['English', 'en'],
  ])('reads %j as %s', (typed, language) => {
    expect(parseDigestLanguage(typed)).toBe(language);
  });
});
