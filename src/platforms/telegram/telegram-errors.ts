import { GrammyError, HttpError } from 'grammy';
import { AppError, outcomeUnknown, proxyRefusalStatus, systemErrorCode } from '../../shared/errors.js';
import { redactSecrets } from '../../shared/redact.js';

/**
 * What the Bot API's answers mean for the delivery pump. grammY raises GrammyError when Telegram said
 * no (error_code, description, parameters) and HttpError when the request failed (platform-facts §1.4).
 */

/**
 * 400s that mean the chat itself is gone, not that the message was wrong: "chat not found"
 * (platform-facts §1.4), a deleted basic group ("group chat was deactivated"), a bot muted in a
 * group ("not enough rights to send text messages", "have no rights to send a message",
 * CHAT_WRITE_FORBIDDEN, CHAT_RESTRICTED) or no longer a channel admin ("need administrator rights in the
 * channel chat"): every digest would fail until an admin acts, and my_chat_member may have been missed.
 * A forum topic that was deleted ("message thread not found", TOPIC_DELETED) or closed (TOPIC_CLOSED)
 * is gone the same way for its subscription (tdlib/telegram-bot-api#693, #854).
 */
const goneChat =
  /chat not found|group chat was deactivated|not enough rights to send|have no rights to send|need administrator rights in the channel|CHAT_WRITE_FORBIDDEN|CHAT_RESTRICTED|message thread not found|TOPIC_CLOSED|TOPIC_DELETED/i;

function fromApi(error: GrammyError): AppError {
  const reason = error.description;
  const options = { cause: error, details: { reason, platform: 'telegram' } };
  const migrateTo = error.parameters.migrate_to_chat_id;
  // Spec: https://core.telegram.org/bots/api#responseparameters (retry_after, migrate_to_chat_id)
  if (error.error_code === 429) {
    const retryAfterSeconds = error.parameters.retry_after ?? 1;
    return new AppError('rate_limited', `Telegram rate limit: retry after ${retryAfterSeconds} s`, {
      ...options,
      retryable: true,
      details: { retryAfterSeconds, platform: 'telegram', reason },
    });
  }
  if (migrateTo !== undefined)
    return new AppError('chat_migrated', 'Telegram group moved to a supergroup', {
      ...options,
      retryable: false,
      details: { migrateTo: String(migrateTo), reason },
    });
  // 403 is every flavour of "you may not write here any more": blocked, kicked, deactivated, not a member.
  if (error.error_code === 403 || (error.error_code === 400 && goneChat.test(reason)))
    return new AppError('chat_gone', `Telegram chat is gone: ${reason}`, { ...options, retryable: false });
  // A wrong token answers 401 Unauthorized; a malformed one, 404 Not Found on the /bot<token>/ path.
  if (error.error_code === 401 || error.error_code === 404)
    return new AppError('config_invalid', `Telegram refused the bot token: ${reason}`, {
      ...options,
      retryable: false,
    });
  if (error.error_code >= 500)
    return new AppError('http_status', `Telegram server error ${error.error_code}: ${reason}`, {
      cause: error,
      retryable: true,
      details: { status: error.error_code, reason, outcomeUnknown: false },
    });
  return new AppError('message_rejected', `Telegram refused the message: ${reason}`, {
    ...options,
    retryable: false,
  });
}

/** grammY on Node fetches with node-fetch v2: FetchError carries the socket error's code (ECONNRESET …). */
function fromNetwork(error: HttpError): AppError {
  const inner = error.error;
  // node-fetch quotes the request URL, which holds the bot token: "request to …/bot<token>/sendMessage failed".
  const message = redactSecrets(inner instanceof Error ? inner.message : String(inner));
  // grammY's own timer (client.js createTimeout): "Request to 'sendMessage' timed out after N seconds".
  if (/timed out after/.test(message) || (inner instanceof Error && inner.name === 'AbortError'))
    return new AppError('timeout', `Telegram did not answer in time`, {
      cause: error,
      retryable: true,
      details: { reason: message, outcomeUnknown: true },
    });
  const refused = proxyRefusalStatus(inner);
  if (refused !== null)
    return new AppError('unreachable', `The proxy refused to connect to Telegram: HTTP ${refused}`, {
      cause: error,
      retryable: true,
      details: { reason: message, status: refused, outcomeUnknown: false },
    });
  const code = systemErrorCode(inner);
  return new AppError('unreachable', `Cannot reach Telegram: ${code ?? message}`, {
    cause: error,
    retryable: true,
    details: { reason: message, code, outcomeUnknown: outcomeUnknown(code) },
  });
}

/** The AppError for a grammY error; anything else is rethrown, since it is a bug. */
export function translateTelegramError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof GrammyError) return fromApi(error);
  if (error instanceof HttpError) return fromNetwork(error);
  throw error;
}
