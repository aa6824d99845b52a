/** A readable record of a conversation with the bot: what the user did and what the bot answered. */
import type { TelegramMessage } from '../fakes/telegram-api.js';
import type { Exchange } from './telegram-bot-harness.js';

type Button = { text: string; callback_data?: string };

export function buttonsOf(markup: unknown): Button[] {
  const rows = (markup as { inline_keyboard?: Button[][] } | null)?.inline_keyboard ?? [];
  return rows.flat();
}

/** The button with this label (✅ or not) under a message. */
export function buttonData(message: TelegramMessage, label: string): string {
  const button = buttonsOf(message.replyMarkup).find((b) => b.text.replace(/^✅ /, '') === label);
  if (button?.callback_data === undefined)
    throw new Error(`no button "${label}" under message ${message.messageId}`);
  return button.callback_data;
}

const indent = (text: string) => text.replace(/\n/g, '\n    ');
const keyboard = (markup: unknown) => {
  const buttons = buttonsOf(markup).map((button) => button.text);
  return buttons.length === 0 ? '' : `\n    [${buttons.join(' | ')}]`;
};

export function createTranscript() {
  const lines: string[] = [];
  return {
    lines,
    user(what: string) {
      lines.push(`> ${what}`);
    },
    note(what: string) {
      lines.push(`(${what})`);
    },
    bot(exchange: Exchange) {
      for (const answer of exchange.answers) lines.push(`< [callback answer] ${answer.text ?? ''}`);
      for (const edit of exchange.edits)
        lines.push(`< [edited] ${indent(edit.text)}${keyboard(edit.replyMarkup)}`);
      for (const message of exchange.messages)
        lines.push(`< ${indent(message.text)}${keyboard(message.replyMarkup)}`);
    },
    message(message: TelegramMessage) {
      lines.push(`< ${indent(message.text)}`);
    },
    toString: () => lines.join('\n'),
  };
}
