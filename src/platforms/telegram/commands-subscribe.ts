import type { Composer, Context } from 'grammy';
import type { ChatAddress, DigestLanguage } from '../../domain/chat.js';
import { actorOf, addressOf, titleOf, writerLanguage } from './addresses.js';
import { canChangeSettings } from './admin.js';
import { channelOf, channelUsername, isChannelName } from './channel-target.js';
import { type BotDeps, guarded, replyHtml, summaryOf, wordsOf } from './replies.js';
import { escapeHtml, type Texts } from './texts.js';
import { sendTopicPicker } from './topic-keyboard.js';

/** The chat a settings command acts on; null after telling a non-admin why not. */
async function ownChat(ctx: Context, texts: Texts): Promise<ChatAddress | null> {
  const address = addressOf(ctx);
  if (address !== null && (await canChangeSettings(ctx))) return address;
  await replyHtml(ctx, texts.adminsOnly);
  return null;
}

/** The subscriber's language for a chat that starts getting digests (see ChatService.subscribe). */
function languageOf(ctx: Context): { language?: DigestLanguage } {
  const language = writerLanguage(ctx);
  return language === undefined ? {} : { language };
}

/** Stops the scheduled digest; false when there was none to stop. */
function unsubscribe(deps: BotDeps, address: ChatAddress, actor: string): boolean {
  const chat = deps.service.find(address);
  if (chat === null || chat.schedule.frequency === 'off') return false;
  deps.service.unsubscribe(address, actor);
  return true;
}

export function registerSubscribeCommands(bot: Composer<Context>, deps: BotDeps): void {
  const { service } = deps;

  bot.command(
    'start',
    guarded(deps, 'start', async (ctx, texts) => {
      const address = await ownChat(ctx, texts);
      if (address === null) return;
      const { chat } = service.subscribe(address, actorOf(ctx), {
        title: titleOf(ctx),
        ...languageOf(ctx),
      });
      const summary = summaryOf(service, chat, texts);
      if (ctx.chat?.type === 'channel') {
        const ids = escapeHtml(
          service
            .topics()
            .map((topic) => topic.id)
            .join(', '),
        );
        return replyHtml(ctx, texts.channelStarted(summary, ids, channelUsername(ctx)));
      }
      await replyHtml(ctx, texts.welcome(summary));
      return sendTopicPicker(ctx, deps, texts);
    }),
  );

  bot.command(
    'subscribe',
    guarded(deps, 'subscribe', async (ctx, texts) => {
      const [first, ...rest] = wordsOf(ctx);
      const topics = isChannelName(first) ? rest : wordsOf(ctx);
      const options = topics.length === 0 ? {} : { topics };
      if (isChannelName(first)) {
        const channel = await channelOf(ctx, first, texts);
        if (channel === null) return;
        const { chat } = service.subscribe(channel.address, actorOf(ctx), {
          title: channel.title,
          ...languageOf(ctx),
          ...options,
        });
        return replyHtml(ctx, texts.channelSubscribed(channel.name, summaryOf(service, chat, texts)));
      }
      const address = await ownChat(ctx, texts);
      if (address === null) return;
      const { chat } = service.subscribe(address, actorOf(ctx), {
        title: titleOf(ctx),
        ...languageOf(ctx),
        ...options,
      });
      return replyHtml(ctx, texts.subscribed(summaryOf(service, chat, texts)));
    }),
  );

  bot.command(
    'unsubscribe',
    guarded(deps, 'unsubscribe', async (ctx, texts) => {
      const [first] = wordsOf(ctx);
      if (isChannelName(first)) {
        const channel = await channelOf(ctx, first, texts);
        if (channel === null) return;
        const done = unsubscribe(deps, channel.address, actorOf(ctx));
        return replyHtml(ctx, done ? texts.channelUnsubscribed(channel.name) : texts.notSubscribed);
      }
      const address = await ownChat(ctx, texts);
      if (address === null) return;
      return replyHtml(
        ctx,
        unsubscribe(deps, address, actorOf(ctx)) ? texts.unsubscribed : texts.notSubscribed,
      );
    }),
  );
}
