/**
 * Failures the fake Bot API answers sends with, on demand per chat or at random (chaos), in the shapes
 * tdlib/telegram-bot-api gives them (platform-facts §1.4: Client.cpp, Query.cpp).
 */
import { seededRandom } from '../support/seeded-random.js';
import { createFailureQueue } from './fake-api-server.js';
import { type ApiResult, bad } from './telegram-results.js';

export type TelegramFailure =
  | 'blocked'
  | 'kicked'
  | 'not-found'
  | 'topic-deleted'
  | 'topic-closed'
  | 'server-error'
  | 'hang'
  | 'drop-after-accept'
  | 'migrate'
  | 'rate-limit'
  | { kind: 'migrate'; to: string }
  | { kind: 'rate-limit'; retryAfter: number };

const fixed = {
  blocked: [403, 'Forbidden: bot was blocked by the user'],
  kicked: [403, 'Forbidden: bot was kicked from the group chat'],
  'not-found': [400, 'Bad Request: chat not found'],
  // A send to a forum topic that was deleted or closed (tdlib/telegram-bot-api#693, #854).
  'topic-deleted': [400, 'Bad Request: message thread not found'],
  'topic-closed': [400, 'Bad Request: TOPIC_CLOSED'],
  'server-error': [500, 'Internal Server Error'],
} as const;

export function tooMany(retryAfter: number): ApiResult {
  return bad(`Too Many Requests: retry after ${retryAfter}`, 429, { retry_after: retryAfter });
}

export type ChaosOptions = { rate429: number; rate5xx: number; retryAfter?: number; seed?: number };

/** What a send to a chat gets instead of success: an API error, or a socket to leave hanging or drop. */
export type ScriptedOutcome = ApiResult | 'hang' | 'drop-after-accept';

export function createFailureScript(options: {
  behaviour?: ((chatId: string) => TelegramFailure | null) | undefined;
  chaos?: ChaosOptions | undefined;
}) {
  const queued = createFailureQueue<TelegramFailure>();
  const migrated = new Map<string, string>();
  const random = seededRandom(options.chaos?.seed ?? 1);
  let injected = 0;

  /** The scripted answer for a send to this chat, or null to go on; a migrated chat stays migrated. */
  function scripted(chatId: string): ScriptedOutcome | null {
    const oldTarget = migrated.get(chatId);
    const failure =
      oldTarget === undefined ? (queued.take(chatId) ?? options.behaviour?.(chatId) ?? null) : 'migrate';
    if (failure === null) return null;
    if (failure === 'hang' || failure === 'drop-after-accept') return failure;
    if (failure === 'migrate' || (typeof failure === 'object' && failure.kind === 'migrate')) {
      const to = typeof failure === 'object' ? failure.to : (oldTarget ?? `-100${chatId.replace('-', '')}`);
      migrated.set(chatId, to);
      return bad('Bad Request: group chat was upgraded to a supergroup chat', 400, {
        migrate_to_chat_id: Number(to),
      });
    }
    if (failure === 'rate-limit' || typeof failure === 'object')
      return tooMany(typeof failure === 'object' ? failure.retryAfter : 1);
    const [status, description] = fixed[failure];
    return bad(description, status);
  }

  /** Random 429s and 500s for benchmarks; neither records a delivery. */
  function chaos(): ApiResult | null {
    const settings = options.chaos;
    if (settings === undefined) return null;
    const roll = random();
    if (roll >= settings.rate429 + settings.rate5xx) return null;
    injected += 1;
    return roll < settings.rate429 ? tooMany(settings.retryAfter ?? 1) : bad('Internal Server Error', 500);
  }

  return {
    next: (chatId: string): ScriptedOutcome | null => scripted(chatId) ?? chaos(),
    failNext: (chatId: string, failure: TelegramFailure, times: number) =>
      queued.push(chatId, failure, times),
    get injected() {
      return injected;
    },
  };
}
