import type { Api } from 'grammy';
import type { BotCommand, BotCommandScope } from 'grammy/types';
import type { DigestLanguage } from '../../domain/chat.js';
import type { Logger } from '../../shared/logger.js';
import { type CommandName, languages, type Texts } from './texts.js';

/** What everyone sees; admins (and the user of a private chat) also see the settings commands. */
const everyone: readonly CommandName[] = ['digest', 'settings', 'help'];
const admins: readonly CommandName[] = [
  'start',
  'topics',
  'subscribe',
  'unsubscribe',
  'digest',
  'schedule',
  'timezone',
  'quiet',
  'language',
  'settings',
  'help',
];

/**
 * The command menus: `default` for everyone, `all_private_chats` and `all_chat_administrators` with the
 * settings commands. The menu is only a hint: the handlers check admin rights themselves (§1.6).
 * Spec: https://core.telegram.org/bots/api#setmycommands, #botcommandscope
 */
export const commandScopes: ReadonlyArray<{ scope: BotCommandScope; commands: readonly CommandName[] }> = [
  { scope: { type: 'default' }, commands: everyone },
  { scope: { type: 'all_private_chats' }, commands: admins },
  { scope: { type: 'all_chat_administrators' }, commands: admins },
];

export function commandList(texts: Texts, names: readonly CommandName[]): BotCommand[] {
  return names.map((command) => ({ command, description: texts.commands[command] }));
}

/**
 * Sets every menu in English (no language_code: the fallback) and in each translation. A failure is
 * logged and the bot runs on: the menus are a convenience.
 */
export async function registerCommandMenus(api: Api, log: Logger): Promise<void> {
  for (const [language, texts] of Object.entries(languages) as Array<[DigestLanguage, Texts]>) {
    for (const { scope, commands } of commandScopes) {
      try {
        await api.setMyCommands(commandList(texts, commands), {
          scope,
          ...(language === 'en' ? {} : { language_code: language }),
        });
      } catch (error) {
        log.warn({ err: error, scope: scope.type, language }, 'telegram setMyCommands failed');
        return;
      }
    }
  }
}
