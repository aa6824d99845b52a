/**
 * The fake Bot API's sendMessage: scripted failures first, then the flood limits, then Telegram's checks
 * of the text (HTML parse mode, 4096 visible characters) and of reply_markup; accepted messages are
 * recorded in order and per chat. Spec: https://core.telegram.org/bots/api#sendmessage
 */
import type { IncomingMessage } from 'node:http';
import type { TelegramMessage } from './telegram-api.js';
import { checkText } from './telegram-bot-methods.js';
import type { createFailureScript } from './telegram-failures.js';
import { tooMany } from './telegram-failures.js';
import type { TelegramLimits } from './telegram-limits.js';
import { checkReplyMarkup } from './telegram-markup.js';
import { type ApiResult, bad, jsonParam, ok } from './telegram-results.js';

type SendDeps = {
  now: () => number;
  limits: TelegramLimits;
  script: ReturnType<typeof createFailureScript>;
  onLimited: () => void;
  onSent: (message: TelegramMessage) => void;
};

export function createSendMessage(deps: SendDeps) {
  const messages: TelegramMessage[] = [];
  const byChat = new Map<string, TelegramMessage[]>();

  function record(params: Record<string, unknown>, chatId: string, text: string): TelegramMessage {
    const preview = params['link_preview_options'];
    const thread = params['message_thread_id'];
    const message: TelegramMessage = {
      chatId,
      threadId: thread === undefined || thread === null ? null : String(thread),
      text,
      at: deps.now(),
      parseMode: typeof params['parse_mode'] === 'string' ? params['parse_mode'] : null,
      linkPreviewDisabled:
        typeof preview === 'object' &&
        preview !== null &&
        'is_disabled' in preview &&
        preview.is_disabled === true,
      messageId: messages.length + 1,
      replyMarkup: jsonParam(params['reply_markup']) ?? null,
    };
    messages.push(message);
    deps.limits.accept(chatId, message.at);
    const chat = byChat.get(chatId);
    if (chat === undefined) byChat.set(chatId, [message]);
    else chat.push(message);
    deps.onSent(message);
    return message;
  }

  /** 'hang': leave the request unanswered; 'dropped': the socket was closed after accepting. */
  function send(req: IncomingMessage, params: Record<string, unknown>): ApiResult | 'hang' | 'dropped' {
    const chatId = params['chat_id'] === undefined ? '' : String(params['chat_id']);
    const text = typeof params['text'] === 'string' ? params['text'] : '';
    if (chatId === '') return bad('Bad Request: chat_id is empty');
    if (text === '') return bad('Bad Request: message text is empty');
    const scripted = deps.script.next(chatId);
    if (scripted === 'hang') return 'hang';
    if (scripted === 'drop-after-accept') {
      record(params, chatId, text);
      req.socket.destroy();
      return 'dropped';
    }
    if (scripted !== null) return scripted;
    const wait = deps.limits.check(chatId, deps.now());
    if (wait !== null) {
      deps.onLimited();
      return tooMany(wait);
    }
    const checked = checkText(text, params['parse_mode']);
    if ('ok' in checked) return checked;
    const markupProblem = checkReplyMarkup(params['reply_markup']);
    if (markupProblem !== null) return bad(markupProblem);
    const message = record(params, chatId, text);
    const chat = { id: Number(chatId), type: chatId.startsWith('-') ? 'supergroup' : 'private' };
    return ok({
      message_id: message.messageId,
      date: Math.floor(message.at / 1000),
      chat,
      text: checked.visible,
    });
  }

  return {
    send,
    messages,
    messagesTo: (chatId: string | number) => byChat.get(String(chatId)) ?? [],
  };
}
