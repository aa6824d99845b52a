import { type Composer, type Context, GrammyError, InlineKeyboard } from 'grammy';
import { labelIn } from '../../domain/chat.js';
import type { ChatService } from '../../domain/ports.js';
import { actorOf, addressOf } from './addresses.js';
import { canChangeSettings } from './admin.js';
import { channelOf, channelUsername, isChannelName } from './channel-target.js';
import {
  answerTexts,
  type BotDeps,
  chosenTopicsText,
  errorText,
  guarded,
  isUserError,
  replyHtml,
  wordsOf,
} from './replies.js';
import { escapeHtml, type Texts } from './texts.js';

/** "t:ukraine", "t:all": an id, never JSON; callback_data is 1–64 bytes (platform-facts §1.2). */
const prefix = 't:';
const maxData = 64;
const dataOf = (topic: string) => `${prefix}${topic}`;
const fits = (topic: string) => Buffer.byteLength(dataOf(topic)) <= maxData;

/** One toggle per topic (✅ when selected) and "All topics" (✅ when none is, which means all). */
export function topicKeyboard(
  service: ChatService,
  selected: readonly string[],
  texts: Texts,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const topic of service.topics()) {
    if (!fits(topic.id)) continue;
    const mark = selected.includes(topic.id) ? '✅ ' : '';
    keyboard.text(`${mark}${labelIn(topic, texts.language)}`, dataOf(topic.id)).row();
  }
  return keyboard.text(`${selected.length === 0 ? '✅ ' : ''}${texts.allTopics}`, dataOf('all'));
}

function pickerText(service: ChatService, selected: readonly string[], texts: Texts): string {
  return texts.topicsPrompt(escapeHtml(chosenTopicsText(service, selected, texts)));
}

/** Sends the picker for the chat of this update (its current selection, or all topics for a new chat). */
export async function sendTopicPicker(ctx: Context, deps: BotDeps, texts: Texts): Promise<void> {
  const address = addressOf(ctx);
  const selected = (address === null ? null : deps.service.find(address))?.topics ?? [];
  await replyHtml(ctx, pickerText(deps.service, selected, texts), {
    reply_markup: topicKeyboard(deps.service, selected, texts),
  });
}

/** "message is not modified" only means two taps raced to the same state. */
const notModified = (error: unknown) =>
  error instanceof GrammyError && /message is not modified/.test(error.description);

/** A tap: re-check the presser's rights, toggle, answer the query, redraw the keyboard in place. */
async function onTap(ctx: Context, deps: BotDeps, topic: string): Promise<void> {
  // As a command's answer: the picker it redraws is the one the command sent, in that language.
  const texts = answerTexts(deps, ctx);
  // An old message comes back as InaccessibleMessage (date 0), without its forum topic: the tap could
  // land on the wrong subscription. Spec: https://core.telegram.org/bots/api#inaccessiblemessage
  const message = ctx.callbackQuery?.message;
  if (message === undefined || message.date === 0) {
    await ctx.answerCallbackQuery({ text: texts.staleKeyboard, show_alert: true });
    return;
  }
  const address = addressOf(ctx);
  if (address === null || !(await canChangeSettings(ctx))) {
    await ctx.answerCallbackQuery({ text: texts.adminsOnlyShort, show_alert: true });
    return;
  }
  const before = deps.service.find(address)?.topics ?? [];
  const chat = deps.service.toggleTopic(address, actorOf(ctx), topic);
  // Answer first: the client shows a spinner until then (markup.d.ts, answerCallbackQuery). A tap taken
  // too late to answer ("query is too old": a backlog after a restart) is saved all the same, and the
  // keyboard must still show it, or the next tap, meant to fix what it shows, undoes it.
  await ctx.answerCallbackQuery({ text: texts.saved }).catch((error: unknown) => {
    deps.log.warn({ chat_id: ctx.chat?.id, err: error }, 'telegram callback answer failed');
  });
  if (chat.topics.join(',') === before.join(',')) return;
  try {
    await ctx.editMessageText(pickerText(deps.service, chat.topics, texts), {
      parse_mode: 'HTML',
      reply_markup: topicKeyboard(deps.service, chat.topics, texts),
    });
  } catch (error) {
    // The tap is saved and answered; a stale keyboard is redrawn by the next tap or /topics.
    if (!notModified(error))
      deps.log.warn({ chat_id: ctx.chat?.id, err: error }, 'telegram keyboard edit failed');
  }
}

/** The answer text for a failed tap: plain text of at most 200 characters (platform-facts §1.2). */
function tapError(error: unknown, texts: Texts): string {
  return errorText(error, texts, (text) => text).slice(0, 200);
}

export function registerTopicKeyboard(bot: Composer<Context>, deps: BotDeps): void {
  bot.command(
    'topics',
    guarded(deps, 'topics', async (ctx, texts) => {
      const [first] = wordsOf(ctx);
      // `/topics @news` from a private chat: the channel's topics, changed with /subscribe @news …
      if (isChannelName(first)) {
        const channel = await channelOf(ctx, first, texts);
        if (channel === null) return;
        const chosen = chosenTopicsText(
          deps.service,
          deps.service.find(channel.address)?.topics ?? [],
          texts,
        );
        const ids = deps.service.topics().map((topic) => topic.id);
        return replyHtml(
          ctx,
          texts.namedChannelTopics(channel.name, escapeHtml(chosen), escapeHtml(ids.join(', '))),
        );
      }
      if (!(await canChangeSettings(ctx))) return replyHtml(ctx, texts.adminsOnly);
      if (ctx.chat?.type === 'channel') {
        const ids = deps.service.topics().map((topic) => topic.id);
        return replyHtml(ctx, texts.channelTopics(escapeHtml(ids.join(', ')), channelUsername(ctx)));
      }
      return sendTopicPicker(ctx, deps, texts);
    }),
  );
  bot.callbackQuery(/^t:(.+)$/, async (ctx) => {
    const topic = ctx.match[1] ?? '';
    try {
      await onTap(ctx, deps, topic);
    } catch (error) {
      const fields = { chat_id: ctx.chat?.id, data: ctx.callbackQuery.data };
      if (!isUserError(error)) deps.log.error({ ...fields, err: error }, 'telegram topic tap failed');
      const text = tapError(error, answerTexts(deps, ctx));
      await ctx.answerCallbackQuery({ text, show_alert: true }).catch((answerError: unknown) => {
        deps.log.warn({ ...fields, err: answerError }, 'telegram callback answer failed');
      });
    }
  });
  // Every query is answered, even one from an old keyboard this version no longer knows.
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery());
}
