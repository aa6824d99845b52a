import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, type Context } from 'grammy';
import type { MessageEntity, UserFromGetMe } from 'grammy/types';
import type { ChatService } from '../../domain/ports.js';
import { type Clock, systemClock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { clientFetch } from './client-fetch.js';
import { registerDigestCommands } from './commands-digest.js';
import { registerSettingsCommands } from './commands-settings.js';
import { registerSubscribeCommands } from './commands-subscribe.js';
import { registerMembership } from './membership.js';
import type { BotDeps } from './replies.js';
import { registerTopicKeyboard } from './topic-keyboard.js';

export type TelegramBotOptions = {
  token: string;
  /** https://api.telegram.org, a local Bot API server, or a test fake; a trailing '/' is removed. */
  apiRoot: string;
  service: ChatService;
  log: Logger;
  clock?: Clock;
  /** Known bot identity: skips getMe at start (grammY needs the username to ignore `/cmd@otherbot`). */
  botInfo?: UserFromGetMe;
  /** A WHATWG fetch for the Bot API calls instead of grammY's node-fetch: the outbound proxy's. */
  fetch?: typeof globalThis.fetch;
};

/**
 * The update types the handlers use, asked for explicitly: Telegram keeps the last allowed_updates,
 * and its default leaves some out. Spec: https://core.telegram.org/bots/api#getupdates
 */
export const allowedUpdates = ['message', 'channel_post', 'callback_query', 'my_chat_member'] as const;

/**
 * Long polling holds getUpdates for up to 30 s; a request that takes much longer than that is hung
 * (grammY's own default is 500 s).
 */
const requestTimeoutSeconds = 60;

/** "/Digest@Parley_Bot ukraine" → "/digest@parley_bot ukraine"; the words after the command stay as typed. */
function lowerCommandWord(message: { text?: string; entities?: MessageEntity[] } | undefined): void {
  const command = message?.entities?.find((entity) => entity.type === 'bot_command' && entity.offset === 0);
  const text = message?.text;
  if (message === undefined || command === undefined || text === undefined) return;
  const word = text.slice(0, command.length);
  const lowered = word.toLowerCase();
  // Entities count UTF-16 units: a lower case that changes the length would shift them.
  if (lowered !== word && lowered.length === word.length) message.text = lowered + text.slice(command.length);
}

/**
 * The grammY bot with every Parley handler. It talks to the rest of Parley only through the ChatService
 * port; digests leave through the outbox, never from here. Spec: https://grammy.dev/guide/
 */
export function createTelegramBot(options: TelegramBotOptions): Bot {
  // grammY throws on a trailing '/' (client.js) and builds `${apiRoot}/bot${token}/${method}`.
  const apiRoot = options.apiRoot.replace(/\/+$/, '');
  const bot = new Bot<Context>(options.token, {
    client: { apiRoot, timeoutSeconds: requestTimeoutSeconds, ...clientFetch(options.fetch) },
    ...(options.botInfo === undefined ? {} : { botInfo: options.botInfo }),
  });
  // Replies to commands (not digests: those go through the outbox's own pacing) wait out a short 429, e.g.
  // a /settings right after a digest part to the same chat. Never on network errors: a resend after a lost
  // answer duplicates the reply (platform-facts §1.5), and never for long: the update queue waits behind it.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 5, rethrowHttpErrors: true }));
  const deps: BotDeps = { service: options.service, log: options.log, clock: options.clock ?? systemClock };
  registerMembership(bot, deps);
  // grammY matches commands as typed, and people type /Digest or /HELP: the command word is read in lower case.
  bot.use((ctx, next) => {
    lowerCommandWord(ctx.message ?? ctx.channelPost);
    return next();
  });
  // A channel post that Telegram copies into the channel's linked discussion group is the channel's own
  // command, already answered there: the group must not answer it again (a second digest, a refusal).
  // Spec: https://core.telegram.org/bots/api#message (is_automatic_forward)
  bot.filter(
    (ctx) => ctx.message?.is_automatic_forward === true,
    () => undefined,
  );
  registerSubscribeCommands(bot, deps);
  registerTopicKeyboard(bot, deps);
  registerSettingsCommands(bot, deps);
  registerDigestCommands(bot, deps);
  // Without a catch, bot.start() stops polling on the first error (grammY guide/errors.md).
  bot.catch((error) => {
    options.log.error(
      { err: error.error, update_id: error.ctx.update.update_id, chat_id: error.ctx.chat?.id },
      'telegram update failed',
    );
  });
  return bot;
}
