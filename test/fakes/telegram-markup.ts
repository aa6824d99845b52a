/**
 * What the fake Bot API refuses in reply_markup and setMyCommands, as Telegram does.
 * Spec: https://core.telegram.org/bots/api#inlinekeyboardbutton (callback_data 1–64 bytes),
 * #setmycommands, #botcommand (1–32 of a-z 0-9 _; description 1–256 characters; at most 100).
 * BUTTON_DATA_INVALID, BOT_COMMAND_INVALID, BOT_COMMANDS_TOO_MUCH and "Text buttons are unallowed" are
 * what bots report getting; the other descriptions are this fake's guesses at the wording.
 */
import { jsonParam } from './telegram-results.js';

/** A button needs exactly one action; a bare text button belongs to reply keyboards, not inline ones. */
const actions = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
];

function checkButton(button: unknown): string | null {
  if (typeof button !== 'object' || button === null) return "Bad Request: can't parse inline keyboard button";
  const fields = button as Record<string, unknown>;
  if (typeof fields['text'] !== 'string' || fields['text'] === '') return 'Bad Request: BUTTON_TEXT_INVALID';
  if (!actions.some((action) => action in fields))
    return "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard";
  const data = fields['callback_data'];
  if (data !== undefined && (typeof data !== 'string' || data === '' || Buffer.byteLength(data) > 64))
    return 'Bad Request: BUTTON_DATA_INVALID';
  return null;
}

/** Null when the markup is acceptable (or absent), else the Bot API's description of what is wrong. */
export function checkReplyMarkup(value: unknown): string | null {
  if (value === undefined) return null;
  const markup = jsonParam(value);
  if (typeof markup !== 'object' || markup === null)
    return "Bad Request: can't parse reply keyboard markup JSON object";
  const rows = (markup as Record<string, unknown>)['inline_keyboard'];
  if (rows === undefined) return null;
  if (!Array.isArray(rows)) return 'Bad Request: field "inline_keyboard" must be an Array';
  for (const row of rows) {
    if (!Array.isArray(row)) return 'Bad Request: field "inline_keyboard" must be an Array of Array';
    for (const button of row) {
      const problem = checkButton(button);
      if (problem !== null) return problem;
    }
  }
  return null;
}

export type BotCommandRecord = { command: string; description: string };

/** The commands, or the description of the refusal. */
export function checkCommands(value: unknown): BotCommandRecord[] | string {
  const commands = jsonParam(value);
  if (!Array.isArray(commands)) return 'Bad Request: parameter "commands" is required';
  if (commands.length > 100) return 'Bad Request: BOT_COMMANDS_TOO_MUCH';
  const checked: BotCommandRecord[] = [];
  for (const entry of commands) {
    const { command, description } = (entry ?? {}) as Record<string, unknown>;
    if (typeof command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command))
      return 'Bad Request: BOT_COMMAND_INVALID';
    if (typeof description !== 'string' || description.length < 1 || description.length > 256)
      return 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID';
    checked.push({ command, description });
  }
  return checked;
}
