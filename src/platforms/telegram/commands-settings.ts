import type { Composer, Context } from 'grammy';
import type { Chat, ChatAddress } from '../../domain/chat.js';
import { actorOf, addressOf } from './addresses.js';
import { canChangeSettings } from './admin.js';
import { type Channel, channelOf, isChannelName } from './channel-target.js';
import { type BotDeps, guarded, replyHtml, summaryOf, wordsOf } from './replies.js';
import { escapeHtml, localTime, type Texts } from './texts.js';

/** What a settings command is about: a channel named first (`/schedule @news daily 09:00`), else this chat. */
type Target = { address: ChatAddress; words: string[]; channel: Channel | null };

/** Null when there is nothing to act on, after telling the user why (a channel they do not admin). */
async function targetOf(ctx: Context, texts: Texts): Promise<Target | null> {
  const words = wordsOf(ctx);
  const [first, ...rest] = words;
  if (isChannelName(first)) {
    const channel = await channelOf(ctx, first, texts);
    return channel === null ? null : { address: channel.address, words: rest, channel };
  }
  const address = addressOf(ctx);
  return address === null ? null : { address, words, channel: null };
}

/** A reply about a channel starts with its name. */
const about = (target: Target, html: string) =>
  target.channel === null ? html : `<b>${target.channel.name}</b>\n${html}`;

/**
 * `/schedule`, `/timezone`, `/quiet`, `/language` and `/settings`, for this chat or, named first, a channel the user
 * and the bot administer (`/settings @news` from a private chat). Without arguments the first four show
 * the current value and how to change it (anyone may look); with arguments only admins may change it.
 */
export function registerSettingsCommands(bot: Composer<Context>, deps: BotDeps): void {
  const { service } = deps;

  /** Only this chat's admins change it; a channel's admins were checked by targetOf. */
  const mayChange = async (ctx: Context, target: Target) =>
    target.channel !== null || (await canChangeSettings(ctx));

  /**
   * A command that shows one setting without arguments (anyone may look) and changes it with them (admins
   * only): `usage` answers the first, `change` stores what was typed and `done` answers the second.
   */
  const setting = (
    name: 'schedule' | 'timezone' | 'quiet' | 'language',
    usage: (chat: Chat | null, texts: Texts) => string,
    change: (address: ChatAddress, actor: string, text: string) => Chat,
    done: (chat: Chat, texts: Texts) => string,
  ) =>
    bot.command(
      name,
      guarded(deps, name, async (ctx, texts) => {
        const target = await targetOf(ctx, texts);
        if (target === null) return;
        if (target.words.length === 0)
          return replyHtml(ctx, about(target, usage(service.find(target.address), texts)));
        if (!(await mayChange(ctx, target))) return replyHtml(ctx, texts.adminsOnly);
        const chat = change(target.address, actorOf(ctx), target.words.join(' '));
        return replyHtml(ctx, about(target, done(chat, texts)));
      }),
    );

  setting(
    'schedule',
    (chat, texts) => texts.scheduleUsage(escapeHtml(texts.schedule(chat?.schedule ?? { frequency: 'off' }))),
    service.setSchedule,
    (chat, texts) => texts.scheduleSet(summaryOf(service, chat, texts)),
  );
  // "New York" and "new_york" name the same zone (checkTimeZone reads spaces as underscores).
  setting(
    'timezone',
    (chat, texts) => texts.timeZoneUsage(escapeHtml(chat?.timeZone ?? '—')),
    service.setTimeZone,
    (chat, texts) =>
      texts.timeZoneSet(
        summaryOf(service, chat, texts),
        escapeHtml(localTime(deps.clock.now(), chat.timeZone, texts)),
      ),
  );
  setting(
    'quiet',
    (chat, texts) => texts.quietUsage(escapeHtml(texts.quiet(chat?.quiet ?? 'note'))),
    service.setQuiet,
    (chat, texts) => texts.quietSet(summaryOf(service, chat, texts)),
  );

  setting(
    'language',
    (chat, texts) => texts.languageUsage(escapeHtml(texts.languageName(chat?.language ?? 'en'))),
    service.setLanguage,
    (chat, texts) => texts.languageSet(summaryOf(service, chat, texts)),
  );

  bot.command(
    'settings',
    guarded(deps, 'settings', async (ctx, texts) => {
      const target = await targetOf(ctx, texts);
      if (target === null) return;
      const chat = service.find(target.address);
      if (target.channel !== null)
        return replyHtml(
          ctx,
          chat === null
            ? texts.channelNotSubscribed(target.channel.name)
            : about(target, texts.settings(summaryOf(service, chat, texts))),
        );
      return replyHtml(
        ctx,
        chat === null ? texts.noSettings : texts.settings(summaryOf(service, chat, texts)),
      );
    }),
  );
}
