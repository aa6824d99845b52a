import type { Command } from 'commander';
import { closestMatch } from '../shared/closest-match.js';
import { AppError } from '../shared/errors.js';

/**
 * For a group's default command (`parley chats` is `parley chats list`): words after it are a
 * mistyped subcommand (`chats sho 1`), said as such instead of "too many arguments for 'list'".
 */
export function refuseStrayWords(group: Command, list: Command): void {
  const [word] = list.args;
  if (word === undefined) return;
  // `chats list extra`: list was typed, and the word is one too many for it.
  if (group.args[0] === list.name()) {
    throw new AppError('invalid_input', `'${group.name()} ${list.name()}' takes no arguments, not '${word}'`);
  }
  const names = group
    .createHelp()
    .visibleCommands(group)
    .map((command) => command.name())
    .filter((name) => name !== 'help');
  const near = closestMatch(word, names);
  const named = `${group.name()} ${word}`;
  throw new AppError(
    'invalid_input',
    `unknown command '${named}'${near === null ? '' : ` (did you mean ${group.name()} ${near}?)`}: the ${group.name()} commands are ${names.join(', ')}`,
  );
}
