import { cleanTyped } from '../../domain/typed-text.js';
import { AppError } from '../../shared/errors.js';
import { decodeSlackText, escapeMrkdwn } from './mrkdwn.js';

/** What `/digest …` asks for (issue 6): a digest now, or one of the subcommands. */
export type SlackCommand =
  | { kind: 'digest'; words: string[] }
  | { kind: 'subscribe'; topics: string[] }
  | { kind: 'unsubscribe' }
  | { kind: 'schedule'; text: string }
  | { kind: 'timezone'; text: string }
  | { kind: 'quiet'; text: string }
  | { kind: 'language'; text: string }
  | { kind: 'settings' }
  | { kind: 'topics' }
  | { kind: 'help' };

export type CommandKind = SlackCommand['kind'];

export const subcommands = [
  'subscribe',
  'unsubscribe',
  'schedule',
  'timezone',
  'quiet',
  'language',
  'settings',
  'topics',
  'help',
] as const;

/** One usage line per form (mrkdwn, escaped: `<weekday>` would be a link), shown by help and after a mistake. */
const usageText: Readonly<Record<CommandKind, string>> = {
  digest: '`/digest [topic…] [7d|24h|…]`: this period’s digest, only for you',
  subscribe: '`/digest subscribe [topic…]`: post the digest in this channel on a schedule',
  unsubscribe: '`/digest unsubscribe`: stop this channel’s scheduled digest',
  schedule: '`/digest schedule weekly <weekday> <HH:MM>` | `daily <HH:MM>` | `off`',
  timezone: '`/digest timezone <IANA zone or city>`, e.g. `Europe/Kyiv` or `new york`',
  quiet: '`/digest quiet note` | `skip`: a line saying so, or nothing, when a period has no new stories',
  language:
    '`/digest language en` | `ru` | `uk`: the language of the posted digest’s own words (the stories stay as written)',
  settings: '`/digest settings`: what this channel gets, and when',
  topics: '`/digest topics`: the topics to choose from',
  help: '`/digest help`: all of this',
};

export const usage = Object.fromEntries(
  Object.entries(usageText).map(([kind, text]) => [kind, escapeMrkdwn(text)]),
) as Readonly<Record<CommandKind, string>>;

// As src/domain/input-problems.ts quotes the user: a section holds 3,000 characters, and a reply quoting a
// 4,000-character command whole was cut mid-sentence (and mid-entity once escaped).
const maxQuoted = 100;

/** The words after a subcommand as a reply quotes them: at most 100 characters, by code points. */
function quoted(words: readonly string[]): string {
  const points = Array.from(words.join(' '));
  return points.length <= maxQuoted ? points.join('') : `${points.slice(0, maxQuoted - 1).join('')}…`;
}

function invalid(kind: CommandKind, message: string): AppError {
  return new AppError('invalid_input', message, { details: { usage: kind } });
}

/** The subcommand or digest request in a slash command's text (as Slack sends it, HTML-escaped). */
export function parseSlackCommand(raw: string): SlackCommand {
  const words = cleanTyped(decodeSlackText(raw))
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  const [first = '', ...rest] = words;
  const name = first.toLowerCase();
  switch (name) {
    case 'subscribe':
      return { kind: 'subscribe', topics: rest };
    case 'help':
      return { kind: 'help' };
    case 'unsubscribe':
    case 'settings':
      if (rest.length > 0) throw invalid(name, `"${name}" takes nothing after it, not "${quoted(rest)}"`);
      return { kind: name };
    case 'topics':
      if (rest.length > 0)
        throw invalid(
          'topics',
          `"topics" only lists them: to choose this channel’s topics, use /digest subscribe ${quoted(rest)}`,
        );
      return { kind: 'topics' };
    case 'schedule':
      if (rest.length === 0) throw invalid('schedule', '"schedule" needs a schedule after it');
      return { kind: 'schedule', text: rest.join(' ') };
    case 'timezone':
      if (rest.length === 0) throw invalid('timezone', '"timezone" needs a time zone or a city after it');
      return { kind: 'timezone', text: rest.join(' ') };
    case 'quiet':
      if (rest.length === 0) throw invalid('quiet', '"quiet" needs note or skip after it');
      return { kind: 'quiet', text: rest.join(' ') };
    case 'language':
      if (rest.length === 0) throw invalid('language', '"language" needs en, ru or uk after it');
      return { kind: 'language', text: rest.join(' ') };
    default:
      return { kind: 'digest', words };
  }
}
