import type { Composer, Context } from 'grammy';
import { isAppError } from '../../shared/errors.js';
import { actorOf, addressOf, writerLanguage } from './addresses.js';
import { type BotDeps, guarded, replyHtml, wordsOf } from './replies.js';

/**
 * `/digest [topic…] [7d|24h]` (anyone, in any chat) and `/help`. The digest is rendered by the digest
 * renderer and goes through the outbox like a scheduled one, so it keeps to Telegram's limits and
 * survives a restart: the handler only asks for it and says nothing unless something is wrong (an
 * unknown topic, a bad period, asked again within the cooldown (once per wait), a chat a person turned off). It is
 * written in the chat's language; in a private chat that has none yet, in the asker's.
 */
export function registerDigestCommands(bot: Composer<Context>, deps: BotDeps): void {
  bot.command(
    'digest',
    guarded(deps, 'digest', async (ctx) => {
      const address = addressOf(ctx);
      if (address === null) return;
      // A chat a person turned off is refused by the service (digestsTurnedOff), as on Slack.
      // A private chat reads the asker's language until someone chooses one (requestDigest decides).
      const language = ctx.chat?.type === 'private' ? writerLanguage(ctx) : undefined;
      try {
        deps.service.requestDigest(
          address,
          actorOf(ctx),
          wordsOf(ctx),
          language === undefined ? {} : { language },
        );
      } catch (error) {
        // The chat was told to wait once already: another answer would only add to the flood.
        if (isAppError(error, 'rate_limited') && error.details['repeated'] === true) return;
        throw error;
      }
    }),
  );

  bot.command(
    'help',
    guarded(deps, 'help', (ctx, texts) => replyHtml(ctx, texts.help)),
  );
}
