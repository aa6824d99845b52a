/**
 * The fake Bot API's methods besides sendMessage and getUpdates: editMessageText (same HTML and length
 * checks, "not modified" when nothing changes), answerCallbackQuery (once per query the fake delivered),
 * setMyCommands, setWebhook and deleteWebhook; all recorded.
 * Spec: https://core.telegram.org/bots/api#editmessagetext, #answercallbackquery, #setwebhook
 * Error texts: platform-facts §1.4 (Client.cpp); "message is not modified" and "secret token contains
 * unallowed characters" as bots report them.
 */
import { checkTelegramHtml } from './telegram-html.js';
import { type BotCommandRecord, checkCommands, checkReplyMarkup } from './telegram-markup.js';
import { type ApiResult, bad, jsonParam, ok } from './telegram-results.js';

export type TelegramEdit = { chatId: string; messageId: number; text: string; replyMarkup: unknown };
export type CallbackAnswer = { queryId: string; text: string | null; showAlert: boolean };
export type CommandSet = { commands: BotCommandRecord[]; scope: string; languageCode: string | null };
export type WebhookState = { url: string; secretToken: string | null; allowedUpdates: unknown };

/** Checks text as sendMessage does: HTML parse mode, then 1–4096 visible characters. */
export function checkText(text: string, parseMode: unknown): { visible: string } | ApiResult {
  if (text === '') return bad('Bad Request: message text is empty');
  const parsed = parseMode === 'HTML' ? checkTelegramHtml(text) : { ok: true as const, visible: text };
  if (!parsed.ok) return bad(`Bad Request: can't parse entities: ${parsed.description}`);
  // "1-4096 characters after entities parsing", counted in UTF-16 code units like entity offsets.
  if (parsed.visible.length > 4096) return bad('Bad Request: message is too long');
  return { visible: parsed.visible };
}

const sameMarkup = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function createBotMethods(options: { dropPending: () => void }) {
  const current = new Map<string, { text: string; markup: unknown }>();
  const queries = new Map<string, 'open' | 'answered' | 'expired'>();
  const edits: TelegramEdit[] = [];
  const answers: CallbackAnswer[] = [];
  const commandSets: CommandSet[] = [];
  let webhook: WebhookState | null = null;

  function editMessageText(params: Record<string, unknown>): ApiResult {
    const chatId = String(params['chat_id'] ?? '');
    const messageId = Number(params['message_id']);
    const text = typeof params['text'] === 'string' ? params['text'] : '';
    const message = current.get(`${chatId}:${messageId}`);
    if (message === undefined) return bad('Bad Request: message to edit not found');
    const checked = checkText(text, params['parse_mode']);
    if ('ok' in checked) return checked;
    const markupProblem = checkReplyMarkup(params['reply_markup']);
    if (markupProblem !== null) return bad(markupProblem);
    const markup = jsonParam(params['reply_markup']) ?? null;
    if (message.text === text && sameMarkup(message.markup, markup))
      return bad(
        'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      );
    current.set(`${chatId}:${messageId}`, { text, markup });
    edits.push({ chatId, messageId, text, replyMarkup: markup });
    const chat = { id: Number(chatId), type: chatId.startsWith('-') ? 'supergroup' : 'private' };
    return ok({ message_id: messageId, date: 0, edit_date: 0, chat, text: checked.visible });
  }

  function answerCallbackQuery(params: Record<string, unknown>): ApiResult {
    const queryId = String(params['callback_query_id'] ?? '');
    const text = typeof params['text'] === 'string' ? params['text'] : null;
    if (queries.get(queryId) !== 'open')
      return bad('Bad Request: query is too old and response timeout expired or query ID is invalid');
    // "0-200 characters" (methods.d.ts answerCallbackQuery); the wording of the refusal is a guess.
    if (text !== null && text.length > 200) return bad('Bad Request: MESSAGE_TOO_LONG');
    queries.set(queryId, 'answered');
    const showAlert = params['show_alert'] === true || params['show_alert'] === 'true';
    answers.push({ queryId, text, showAlert });
    return ok(true);
  }

  function setMyCommands(params: Record<string, unknown>): ApiResult {
    const commands = checkCommands(params['commands']);
    if (typeof commands === 'string') return bad(commands);
    const scope = jsonParam(params['scope']) as { type?: unknown } | undefined;
    const language = params['language_code'];
    commandSets.push({
      commands,
      scope: typeof scope?.type === 'string' ? scope.type : 'default',
      languageCode: typeof language === 'string' ? language : null,
    });
    return ok(true);
  }

  function setWebhook(params: Record<string, unknown>): ApiResult {
    const url = typeof params['url'] === 'string' ? params['url'] : '';
    const secret = params['secret_token'];
    if (!url.startsWith('https://') && !url.startsWith('http://127.0.0.1'))
      return bad('Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
    if (secret !== undefined && (typeof secret !== 'string' || !/^[A-Za-z0-9_-]{1,256}$/.test(secret)))
      return bad('Bad Request: secret token contains unallowed characters');
    const allowedUpdates = jsonParam(params['allowed_updates']) ?? null;
    webhook = { url, secretToken: typeof secret === 'string' ? secret : null, allowedUpdates };
    return ok(true);
  }

  function deleteWebhook(params: Record<string, unknown>): ApiResult {
    webhook = null;
    if (params['drop_pending_updates'] === true || params['drop_pending_updates'] === 'true')
      options.dropPending();
    return ok(true);
  }

  return {
    handlers: { editMessageText, answerCallbackQuery, setMyCommands, setWebhook, deleteWebhook } as Record<
      string,
      (params: Record<string, unknown>) => ApiResult
    >,
    /** A message the bot sent, so that it can be edited. */
    remember(chatId: string, messageId: number, text: string, markup: unknown): void {
      current.set(`${chatId}:${messageId}`, { text, markup: markup ?? null });
    },
    /** A callback query the fake delivered: it may be answered once (unless it is to come expired). */
    openQuery(id: string): void {
      if (queries.get(id) !== 'expired') queries.set(id, 'open');
    },
    /** A query that reaches the bot after Telegram's answer window (a backlog after a restart). */
    expireQuery(id: string): void {
      queries.set(id, 'expired');
    },
    edits,
    answers,
    commandSets,
    get webhook() {
      return webhook;
    },
  };
}
