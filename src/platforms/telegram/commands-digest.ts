import type { Composer, Context } from 'grammy';
import { digestsTurnedOff, isTurnedOffByPerson } from '../../domain/chat.js';
import { actorOf, addressOf } from './addresses.js';
import { type BotDeps, guarded, replyHtml, wordsOf } from './replies.js';

/**
 * `/digest [topic…] [7d|24h]` (anyone, in any chat) and `/help`. The digest is rendered by the digest
 * renderer and goes through the outbox like a scheduled one, so it keeps to Telegram's limits and
 * survives a restart: the handler only asks for it and says nothing unless something is wrong (an
 * unknown topic, a bad period, asked again within the cooldown, a chat a person turned off). It is
 * written in the asker's language; a channel post has no asker, so a channel's is in the channel's.
 */
export function registerDigestCommands(bot: Composer<Context>, deps: BotDeps): void {
  bot.command(
    'digest',
    guarded(deps, 'digest', async (ctx, texts) => {
      const address = addressOf(ctx);
      if (address === null) return;
      const chat = deps.service.find(address);
      if (chat !== null && isTurnedOffByPerson(chat)) throw digestsTurnedOff(chat);
      const asker = ctx.from?.language_code === undefined ? {} : { language: texts.language };
      deps.service.requestDigest(address, actorOf(ctx), wordsOf(ctx), asker);
    }),
  );

  bot.command(
    'help',
    guarded(deps, 'help', (ctx, texts) => replyHtml(ctx, texts.help)),
  );
}
