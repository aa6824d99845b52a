import type { Composer, Context } from 'grammy';
import { actorOf, addressOf } from './addresses.js';
import { canChangeSettings } from './admin.js';
import { type BotDeps, guarded, replyHtml, summaryOf, wordsOf } from './replies.js';
import { escapeHtml, localTime } from './texts.js';

/**
 * `/schedule`, `/timezone`, `/quiet` and `/settings`. Without arguments the first two show the current value and
 * how to change it (anyone may look); with arguments only the chat's admins may change it.
 */
export function registerSettingsCommands(bot: Composer<Context>, deps: BotDeps): void {
  const { service } = deps;

  bot.command(
    'schedule',
    guarded(deps, 'schedule', async (ctx, texts) => {
      const address = addressOf(ctx);
      if (address === null) return;
      const words = wordsOf(ctx);
      if (words.length === 0) {
        const current = service.find(address)?.schedule ?? { frequency: 'off' };
        return replyHtml(ctx, texts.scheduleUsage(escapeHtml(texts.schedule(current))));
      }
      if (!(await canChangeSettings(ctx))) return replyHtml(ctx, texts.adminsOnly);
      const chat = service.setSchedule(address, actorOf(ctx), words.join(' '));
      return replyHtml(ctx, texts.scheduleSet(summaryOf(service, chat, texts)));
    }),
  );

  bot.command(
    'timezone',
    guarded(deps, 'timezone', async (ctx, texts) => {
      const address = addressOf(ctx);
      if (address === null) return;
      const words = wordsOf(ctx);
      if (words.length === 0) {
        const current = service.find(address)?.timeZone ?? '—';
        return replyHtml(ctx, texts.timeZoneUsage(escapeHtml(current)));
      }
      if (!(await canChangeSettings(ctx))) return replyHtml(ctx, texts.adminsOnly);
      // "New York" and "new_york" name the same zone (checkTimeZone reads spaces as underscores).
      const chat = service.setTimeZone(address, actorOf(ctx), words.join(' '));
      const now = escapeHtml(localTime(deps.clock.now(), chat.timeZone, texts));
      return replyHtml(ctx, texts.timeZoneSet(summaryOf(service, chat, texts), now));
    }),
  );

  bot.command(
    'quiet',
    guarded(deps, 'quiet', async (ctx, texts) => {
      const address = addressOf(ctx);
      if (address === null) return;
      const words = wordsOf(ctx);
      if (words.length === 0) {
        const current = service.find(address)?.quiet ?? 'note';
        return replyHtml(ctx, texts.quietUsage(escapeHtml(texts.quiet(current))));
      }
      if (!(await canChangeSettings(ctx))) return replyHtml(ctx, texts.adminsOnly);
      const chat = service.setQuiet(address, actorOf(ctx), words.join(' '));
      return replyHtml(ctx, texts.quietSet(summaryOf(service, chat, texts)));
    }),
  );

  bot.command(
    'settings',
    guarded(deps, 'settings', async (ctx, texts) => {
      const address = addressOf(ctx);
      const chat = address === null ? null : service.find(address);
      return replyHtml(
        ctx,
        chat === null ? texts.noSettings : texts.settings(summaryOf(service, chat, texts)),
      );
    }),
  );
}
