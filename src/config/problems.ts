import * as z from 'zod';
import { closestMatch } from '../shared/closest-match.js';
import { AppError, describeError } from '../shared/errors.js';

/** One thing wrong with the configuration: where it was said, at which key, and what is wrong. */
export type Problem = { file: string; path: string; message: string };

/** `feeds.list[2].url` from zod's `['feeds', 'list', 2, 'url']`. */
export function dottedPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** The keys a strict object accepts at `path` inside `schema`, looking through defaults, pipes and arrays. */
function knownKeysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.core.$ZodType | undefined = schema;
  let remaining = [...path];
  while (current !== undefined) {
    if (current instanceof z.ZodPipe)
      current = current.out instanceof z.ZodTransform ? current.in : current.out;
    else if (current instanceof z.ZodObject) {
      if (remaining.length === 0) return Object.keys(current.shape);
      const shape: Record<string, z.core.$ZodType> = current.shape;
      current = shape[String(remaining[0])];
      remaining = remaining.slice(1);
    } else if (current instanceof z.ZodArray) {
      current = current.element;
      remaining = remaining.slice(1);
    } else if ('innerType' in current._zod.def && current._zod.def.innerType instanceof z.core.$ZodType) {
      current = current._zod.def.innerType;
    } else return [];
  }
  return [];
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  if (/token|secret|password|api_?key/i.test(key)) {
    return 'unknown key: tokens and secrets are read only from the environment (TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET, SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, LLM_API_KEY)';
  }
  const suggestion = closestMatch(key, known);
  return suggestion === null
    ? `unknown key (known keys: ${known.join(', ')})`
    : `unknown key (did you mean ${suggestion}?)`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'string' ? `"${value}"` : String(value);
}

const expectedWords: Record<string, string> = {
  object: 'a mapping (key: value lines)',
  array: 'a list',
  boolean: 'true or false',
  int: 'a whole number',
  number: 'a number',
  string: 'text',
};

function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `expected ${expectedWords[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
    case 'invalid_value': {
      const options = issue.values.map(String);
      const suggestion = closestMatch(String(issue.input), options);
      const hint = suggestion === null ? '' : ` (did you mean ${suggestion}?)`;
      return `${describeValue(issue.input)} is not one of ${options.join(', ')}${hint}`;
    }
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      // z.number().positive() is a minimum of 0 that 0 itself does not meet
      return issue.inclusive === false
        ? `must be more than ${String(issue.minimum)}`
        : `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}

/** One problem per wrong value and per unknown key, in the words an operator editing YAML needs. */
export function problemsFromIssues(
  file: string,
  schema: z.core.$ZodType,
  issues: readonly z.core.$ZodIssue[],
): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, issue.path);
      return issue.keys.map((key) => ({
        file,
        path: dottedPath([...issue.path, key]),
        message: unknownKeyMessage(key, known),
      }));
    }
    return [{ file, path: dottedPath(issue.path), message: issueMessage(issue) }];
  });
}

/** Every problem at once, one per line, as `<file>: <path>: <what is wrong>`. */
export function configError(problems: readonly Problem[]): AppError {
  const lines = problems.map((p) =>
    p.path === '' ? `${p.file}: ${p.message}` : `${p.file}: ${p.path}: ${p.message}`,
  );
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new AppError('config_invalid', [`invalid configuration (${count}):`, ...lines].join('\n'), {
    details: { problems: problems.map((p) => ({ file: p.file, path: p.path, message: p.message })) },
  });
}

/** Why a file the configuration names cannot be read, in a few words. */
export function readFailure(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : null;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return describeError(error);
}
