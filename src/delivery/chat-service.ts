import type { Chat, ChatAddress, DigestLanguage, TopicLabel, TopicNamer } from '../domain/chat.js';
import {
  backByMembership,
  backByMessage,
  digestsStopped,
  digestsTurnedOff,
  isTurnedOffByPerson,
  parseDigestLanguage,
  parseQuietMode,
  validateTopics,
} from '../domain/chat.js';
import { defaultPeriodMs, parseDigestRequest } from '../domain/digest-request.js';
import type { ChatService, ChatStore, DigestComposer, DigestPreview, Outbox } from '../domain/ports.js';
import { checkTimeZone, nextSlotAfter, parseSchedule, type Schedule } from '../domain/schedule.js';
import type { Clock } from '../shared/clock.js';
import { createCooldown } from '../shared/cooldown.js';
import { AppError } from '../shared/errors.js';

export type ChatServiceOptions = {
  chats: ChatStore;
  outbox: Pick<Outbox, 'enqueue'>;
  composer: DigestComposer;
  clock: Clock;
  /** Topic ids and labels, in taxonomy order. */
  topics: ReadonlyArray<TopicLabel>;
  /** Which topic a word typed instead of an id names ("украина"); without it only ids are understood. */
  topicNamed?: TopicNamer;
  defaults: { timeZone: string; schedule: Schedule };
  /** Called after an on-demand digest was put in the outbox, so the pump looks at once. */
  onEnqueued?: () => void;
  /** Minimum time between two on-demand digests for one chat. */
  digestCooldownMs?: number;
  /** How long a preview asked for again, unchanged, is the one just made (0: never). */
  previewReuseMs?: number;
};

/** Previews kept for reuse at most; the oldest goes first. */
const maxReusedPreviews = 200;

/** The ChatService port (src/domain/ports.ts) over the chat store, the outbox and the digest composer. */
export function createChatService(options: ChatServiceOptions): ChatService {
  const { chats, clock } = options;
  const known = options.topics.map((topic) => topic.id);
  const named = options.topicNamed;
  const cooldownMs = options.digestCooldownMs ?? 30_000;
  const lastRequest = createCooldown(cooldownMs);
  // Which waits were already told to the chat, by the chat and the end of the wait.
  const toldWait = createCooldown(cooldownMs);
  // The chat, not the forum topic: the topics of a group share its members and its platform limits, so
  // a member typing /digest in each of fifty topics gets one digest, not fifty.
  const keyOf = (address: ChatAddress) => `${address.platform}:${address.chatId}`;
  // A preview asked for again within a few seconds with the same words, for a chat whose settings did not
  // change (a member typing /digest twice, the Home tab opened again, Share pressed on the digest just
  // shown), is the one just made. Composing reads and ranks the period's stories (about 0.2 s of the event
  // loop at 100k stories) and Slack sets no limit of its own on a member's commands.
  const previewReuseMs = options.previewReuseMs ?? 10_000;
  const madePreviews = new Map<string, { at: number; preview: DigestPreview }>();

  /** The chat, created when new (with the default time zone; subscribed only when asked to). */
  function chatAt(
    address: ChatAddress,
    actor: string,
    extra: { title?: string | null; subscribe?: boolean } = {},
  ): { chat: Chat; created: boolean } {
    const existing = chats.byAddress(address);
    if (existing !== null) return { chat: existing, created: false };
    const schedule: Schedule = extra.subscribe ? options.defaults.schedule : { frequency: 'off' };
    const defaults = { title: extra.title ?? null, timeZone: options.defaults.timeZone, schedule };
    return { chat: chats.ensure(address, defaults, actor, clock.now()), created: true };
  }

  /**
   * A setting changed from the chat itself. A Telegram chat that blocked or removed the bot and writes to
   * it again is on again, as after /digest (backByMessage); any other stop stays.
   */
  function change(address: ChatAddress, actor: string, settings: Parameters<ChatStore['update']>[1]): Chat {
    const { chat } = chatAt(address, actor);
    const back = backByMessage(chat) ? { active: true } : {};
    return chats.update(chat.id, { ...settings, ...back }, actor, clock.now());
  }

  /**
   * The subscriptions at an address that are (`active`) or are not on: without a thread, the whole chat
   * with its forum topics' subscriptions, since the platform's word on the bot holds for all of them.
   */
  function rowsAt(address: ChatAddress, active: boolean): Chat[] {
    const rows =
      address.threadId === null
        ? chats.atChat(address.platform, address.chatId, active)
        : [chats.byAddress(address)];
    return rows.filter((chat): chat is Chat => chat !== null && chat.active === active);
  }

  /** Whether the chat's language was ever set (by /language, the CLI, or a subscriber before). */
  const languageChosen = (chatId: number): boolean =>
    chats.changes(chatId).some((change) => change.field === 'language');

  /** Whether the chat's time zone was ever set (by /timezone, the CLI, or a subscriber's own zone). */
  const zoneChosen = (chatId: number): boolean =>
    chats.changes(chatId).some((change) => change.field === 'timeZone');

  /** The schedule the chat had when it last unsubscribed (its audit trail says), or null. */
  function scheduleBeforeOff(chatId: number): Schedule | null {
    const last = chats
      .changes(chatId)
      .filter((c) => c.field === 'schedule')
      .at(-1);
    if (last === undefined || last.after !== 'off' || last.before === null || last.before === 'off')
      return null;
    try {
      return parseSchedule(last.before);
    } catch {
      return null;
    }
  }

  function preview(
    address: ChatAddress,
    words: readonly string[],
    extra: { title?: string | null; language?: DigestLanguage | undefined } = {},
  ): DigestPreview {
    const request = parseDigestRequest(words, known, named);
    const stored = chats.byAddress(address);
    // A chat a person turned off gets no digest by asking either (Slack's /digest and Share, Telegram's /digest).
    if (stored !== null && isTurnedOffByPerson(stored)) throw digestsTurnedOff();
    const now = clock.now();
    // By what the words ask for, not how they are spelt, and by the title only where it makes the chat:
    // Share sends the request back in its own words (shareValue) and without the channel's name.
    const title = stored === null ? (extra.title ?? null) : null;
    const key = JSON.stringify([address, request, title, extra.language ?? null, stored]);
    for (const [old, made] of madePreviews) {
      if (now - made.at < previewReuseMs && madePreviews.size <= maxReusedPreviews) break;
      madePreviews.delete(old);
    }
    const made = madePreviews.get(key);
    if (made !== undefined && now >= made.at) return made.preview;
    const chat = stored ?? virtualChat(address, title, options.defaults, now);
    const until = now;
    const since = until - (request.periodMs ?? defaultPeriodMs(chat.schedule));
    const subject = {
      ...chat,
      ...(request.topics === null ? {} : { topics: request.topics }),
      ...(extra.language === undefined ? {} : { language: extra.language }),
    };
    const preview = { ...options.composer.compose(subject, { since, until }), since, until, request };
    if (previewReuseMs > 0) {
      madePreviews.delete(key);
      madePreviews.set(key, { at: now, preview });
    }
    return preview;
  }

  return {
    topics: () => options.topics,
    find: (address) => chats.byAddress(address),
    list: (filter = {}) =>
      chats
        .list({ active: true, ...(filter.platform === undefined ? {} : { platform: filter.platform }) })
        .filter((chat) => filter.subscribed !== true || chat.schedule.frequency !== 'off'),
    subscribe(address, actor, extra = {}) {
      const topics = extra.topics === undefined ? undefined : validateTopics(extra.topics, known, named);
      const timeZone = extra.timeZone === undefined ? undefined : checkTimeZone(extra.timeZone);
      const found = chatAt(address, actor, { title: extra.title ?? null, subscribe: true });
      // The operator's off switch wins over the chat's own commands.
      if (isTurnedOffByPerson(found.chat)) throw digestsTurnedOff();
      const off = found.chat.schedule.frequency === 'off';
      const started = found.created || off || !found.chat.active;
      // Whoever starts the digests gives them their zone, unless someone chose one (/timezone); a chat
      // made by another setting first (/digest language ru) still has the default zone.
      const zoneOpen = started && (found.created || !zoneChosen(found.chat.id));
      const chat = chats.update(
        found.chat.id,
        {
          active: true,
          ...(off ? { schedule: scheduleBeforeOff(found.chat.id) ?? options.defaults.schedule } : {}),
          ...(topics === undefined ? {} : { topics }),
          ...(timeZone !== undefined && zoneOpen ? { timeZone } : {}),
          ...(extra.title === undefined || extra.title === null ? {} : { title: extra.title }),
          // Whoever starts the digests gives them their language, unless someone chose one (/language).
          ...(extra.language === undefined || !started || languageChosen(found.chat.id)
            ? {}
            : { language: extra.language }),
        },
        actor,
        clock.now(),
      );
      return { chat, created: found.created, started, zoneOpen };
    },
    unsubscribe(address, actor) {
      const chat = chats.byAddress(address);
      return chat === null
        ? null
        : chats.update(chat.id, { schedule: { frequency: 'off' } }, actor, clock.now());
    },
    setTopics: (address, actor, topics) =>
      change(address, actor, { topics: validateTopics(topics, known, named) }),
    toggleTopic(address, actor, topic) {
      if (topic === 'all') return change(address, actor, { topics: [] });
      const [id] = validateTopics([topic], known, named);
      const selected = new Set(chatAt(address, actor).chat.topics);
      if (id !== undefined && selected.has(id)) selected.delete(id);
      else if (id !== undefined) selected.add(id);
      return change(address, actor, { topics: known.filter((t) => selected.has(t)) });
    },
    setSchedule: (address, actor, text) => change(address, actor, { schedule: parseSchedule(text) }),
    setTimeZone: (address, actor, text) => change(address, actor, { timeZone: checkTimeZone(text) }),
    setQuiet: (address, actor, text) => change(address, actor, { quiet: parseQuietMode(text) }),
    setLanguage: (address, actor, text) => change(address, actor, { language: parseDigestLanguage(text) }),
    nextDigestAt: (chat) => (chat.active ? nextSlotAfter(chat.schedule, chat.timeZone, clock.now()) : null),
    preview: (address, words, extra = {}) => preview(address, words, extra),
    requestDigest(address, actor, words, extra = {}) {
      const now = clock.now();
      const key = keyOf(address);
      const waitMs = lastRequest.remainingMs(key, now);
      if (waitMs > 0) {
        // The first refusal of a wait says how long; the next ones are `repeated`, for the front end to leave
        // unanswered: fifty /digest typed fast must not make fifty replies, each counted against the chat's
        // platform limits (a 429 there pauses the digests of every chat).
        const told = `${key} ${now + waitMs}`;
        const repeated = toldWait.remainingMs(told, now) > 0;
        if (!repeated) toldWait.start(told, now);
        throw new AppError('rate_limited', 'a digest was just sent to this chat', {
          details: { retryAfterSeconds: Math.ceil(waitMs / 1000), ...(repeated ? { repeated: true } : {}) },
        });
      }
      // The asker's language (extra.language) until someone chooses the chat's (/language).
      const stored = chats.byAddress(address);
      const chosen = stored !== null && languageChosen(stored.id);
      const digest = preview(address, words, chosen ? { ...extra, language: undefined } : extra);
      const found = chatAt(address, actor).chat;
      // A chat that blocked or removed the bot and now writes to it can be written to again (backByMessage).
      const chat = backByMessage(found) ? chats.update(found.id, { active: true }, actor, now) : found;
      // Still off (the bot lost the right to post): the outbox would take the digest as dead, unsaid.
      if (!chat.active) throw digestsStopped(chat);
      const record = {
        chatId: chat.id,
        period: `on-demand:${now}`,
        since: digest.since,
        until: digest.until,
      };
      options.outbox.enqueue(
        { ...record, slot: null, storyCount: digest.storyCount, parts: digest.parts },
        now,
      );
      // Only a digest that is queued starts the wait: after a failed enqueue the chat may ask again at once.
      lastRequest.start(key, now);
      options.onEnqueued?.();
      return digest;
    },
    deactivate(address, reason, actor) {
      for (const chat of rowsAt(address, true)) chats.deactivate(chat.id, reason, actor, clock.now());
    },
    reactivate(address, actor) {
      for (const chat of rowsAt(address, false))
        if (backByMembership(chat)) chats.update(chat.id, { active: true }, actor, clock.now());
    },
    migrate(address, newChatId) {
      const chat = chats.byAddress(address);
      if (chat !== null) chats.migrate(chat.id, newChatId, clock.now());
    },
  };
}

/** A chat not subscribed yet, as it would be with the defaults: `/digest` works before `/start`. */
function virtualChat(
  address: ChatAddress,
  title: string | null,
  defaults: { timeZone: string; schedule: Schedule },
  now: number,
): Chat {
  return {
    ...address,
    id: 0,
    title,
    topics: [],
    ...defaults,
    quiet: 'note',
    language: 'en',
    active: false,
    inactiveReason: null,
    lastSlot: null,
    lastUntil: null,
    createdAt: now,
    updatedAt: now,
    scheduleSetAt: now,
  };
}
