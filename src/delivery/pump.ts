import { type ChatAddress, isGroupChat, type Platform } from '../domain/chat.js';
import type { Delivery } from '../domain/delivery.js';
import type { ChatStore, MessageSender, Outbox } from '../domain/ports.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import {
  decideOnFailure,
  defaultRetryPolicy,
  type FailureAction,
  maxRateLimitPauseMs,
  type RetryPolicy,
} from './failure-policy.js';
import { createRateGate, type RateGate, type RateLimits } from './rate-gate.js';
import { createSleeper, type Sleeper } from './sleeper.js';

export type DeliveryOutcome = 'sent' | 'rate_limited' | 'paused' | 'retry' | 'migrated' | 'dead' | 'failed';

/** Hooks for /metrics. */
export type PumpObserver = {
  sent(platform: Platform, seconds: number): void;
  outcome(platform: Platform, outcome: DeliveryOutcome): void;
};

export type PumpOptions = {
  outbox: Outbox;
  chats: Pick<ChatStore, 'deactivate' | 'migrate'>;
  senders: readonly MessageSender[];
  limits: Readonly<Record<Platform, RateLimits>>;
  clock: Clock;
  log: Logger;
  /**
   * Sends in flight per platform. Each is a message whose outcome a crash can leave unknown, so this is
   * also the most duplicates one crash can cause. grammY advises sequential broadcasts.
   */
  concurrency?: number;
  retry?: RetryPolicy;
  /** How often an idle pump looks for work it was not woken for (retries coming due). */
  idleMs?: number;
  batch?: number;
  observe?: PumpObserver;
};

export type Pump = {
  start(): void;
  /** New deliveries were enqueued: look now instead of at the next idle check. */
  wake(): void;
  /** Stops claiming, lets the sends in flight finish. */
  stop(): Promise<void>;
};

type Lane = {
  sender: MessageSender;
  gate: RateGate;
  queue: Delivery[];
  /** Platform chats with a send in flight (forum topics of one chat count as that chat). */
  busyChats: Set<string>;
  /**
   * Outcomes of sends to write to the outbox, oldest first: kept until the database takes them, so that
   * a part the platform accepted is never sent again and one that failed never stays `sending`.
   */
  unrecorded: Unrecorded[];
};

/** A send's outcome waiting to be written; `write` is idempotent, tried again until it succeeds. */
type Unrecorded = { deliveryId: number; what: string; write: () => void };

/**
 * Telegram counts its limits per chat_id: a forum topic (message_thread_id) is not another chat, so
 * the topics of one supergroup share its 20/min and its 1/s.
 */
const keyOf = (address: ChatAddress): string => address.chatId;

/** The outbox pump: one lane per platform, each paced by its own rate gate. */
export function createPump(options: PumpOptions): Pump {
  const { outbox, chats, clock, log } = options;
  const policy = options.retry ?? defaultRetryPolicy;
  const idleMs = options.idleMs ?? 1000;
  const batch = options.batch ?? 200;
  const sleeper: Sleeper = createSleeper();
  const lanes: Lane[] = options.senders.map((sender) => ({
    sender,
    gate: createRateGate(options.limits[sender.platform]),
    queue: [],
    busyChats: new Set(),
    unrecorded: [],
  }));
  let stopping = false;
  let workers: Promise<void>[] = [];

  /** The next delivery whose chat and platform may take a message now, or how long to wait. */
  function pick(lane: Lane, now: number): Delivery | number {
    if (lane.queue.length === 0) lane.queue = outbox.ready(lane.sender.platform, now, batch);
    let wait = idleMs;
    for (let index = 0; index < lane.queue.length; index += 1) {
      const delivery = lane.queue[index] as Delivery;
      if (lane.busyChats.has(keyOf(delivery.address))) continue;
      const ms = lane.gate.waitFor(keyOf(delivery.address), isGroupChat(delivery.address), now);
      if (ms === 0) {
        lane.queue.splice(index, 1);
        return delivery;
      }
      wait = Math.min(wait, ms);
    }
    return Math.max(1, wait);
  }

  /**
   * What a failed send means now (a paused lane, logs) and, as a write kept in `unrecorded`, for the
   * outbox and the chat.
   */
  function apply(lane: Lane, delivery: Delivery, action: FailureAction, now: number): DeliveryOutcome {
    const fields = { delivery_id: delivery.id, chat: keyOf(delivery.address), reason: action.reason };
    const later = (what: string, write: () => void) =>
      lane.unrecorded.push({ deliveryId: delivery.id, what, write });
    switch (action.kind) {
      case 'pause':
        lane.gate.pause(action.until);
        later('a paused send', () => {
          outbox.retryLater(delivery.id, action.until, action.reason, { countAttempt: false });
          // A 429's pause outlives a restart (keepLimitsFromBefore). A bad token's or a refusing proxy's does
          // not: restarting is how the operator puts in the new token or proxy settings.
          if (action.why === 'rate_limited') outbox.keepPause(lane.sender.platform, action.until);
        });
        log.warn({ ...fields, platform: lane.sender.platform, until: action.until }, 'sends paused');
        return action.why === 'rate_limited' ? 'rate_limited' : 'paused';
      case 'deactivate':
        later('a chat gone', () => chats.deactivate(delivery.chatId, action.reason, 'system', now));
        log.warn(fields, 'chat gone: deactivated');
        return 'dead';
      case 'migrate':
        later('a migrated chat', () => {
          chats.migrate(delivery.chatId, action.chatId, now);
          outbox.retryLater(delivery.id, now, action.reason);
        });
        log.info({ ...fields, to: action.chatId }, 'chat migrated');
        return 'migrated';
      case 'retry':
        later('a failed send', () => outbox.retryLater(delivery.id, action.at, action.reason));
        log.warn({ ...fields, attempt: delivery.attempts + 1, at: action.at }, 'send failed: will retry');
        return 'retry';
      case 'fail':
        later('a failed delivery', () => outbox.fail(delivery.id, action.reason, now));
        log.error(fields, 'delivery failed');
        return 'failed';
    }
  }

  /**
   * Writes the outcomes of sends. A failure here is the database's, not the send's: a part that went out
   * must neither fail its digest nor be sent again, and one that failed must not stay `sending` (its
   * digest and the chat's later ones would wait for it until a restart); each is kept and written on the
   * next turn.
   */
  function record(lane: Lane): boolean {
    while (lane.unrecorded.length > 0) {
      const next = lane.unrecorded[0] as Unrecorded;
      try {
        next.write();
      } catch (error) {
        log.error(
          { err: error, delivery_id: next.deliveryId },
          `could not record ${next.what}: will try again`,
        );
        return false;
      }
      lane.unrecorded.shift();
    }
    return true;
  }

  async function deliver(lane: Lane, delivery: Delivery, now: number): Promise<void> {
    const { platform } = lane.sender;
    const chat = keyOf(delivery.address);
    lane.gate.take(chat, isGroupChat(delivery.address), now);
    lane.busyChats.add(chat);
    let outcome: DeliveryOutcome;
    try {
      const started = performance.now();
      const sent = await lane.sender.send(delivery.address, delivery.message);
      options.observe?.sent(platform, (performance.now() - started) / 1000);
      const at = clock.now();
      lane.unrecorded.push({
        deliveryId: delivery.id,
        what: 'a sent part',
        write: () => outbox.markSent(delivery.id, sent.remoteId, at),
      });
      outcome = 'sent';
    } catch (error) {
      const attempted = { attempts: delivery.attempts + 1 };
      const at = clock.now();
      outcome = apply(lane, delivery, decideOnFailure(error, attempted, at, policy), at);
      // A pause or a migration changes what the cached queue may hold: read it again.
      if (outcome !== 'retry' && outcome !== 'failed') lane.queue = [];
    } finally {
      lane.busyChats.delete(chat);
      lane.gate.finish(chat, isGroupChat(delivery.address), clock.now());
    }
    record(lane);
    options.observe?.outcome(platform, outcome);
  }

  async function work(lane: Lane): Promise<void> {
    while (!stopping) {
      try {
        // Nothing new is claimed while an outcome is unrecorded: an accepted part's next part must not look
        // unsent, and the database is failing.
        if (!record(lane)) {
          await sleeper.sleep(idleMs);
          continue;
        }
        const now = clock.now();
        const next = pick(lane, now);
        if (typeof next === 'number') await sleeper.sleep(next);
        else if (outbox.markSending(next.id, now)) await deliver(lane, next, now);
      } catch (error) {
        // The database said no (disk full, locked past the busy timeout): keep the pump alive and look again.
        log.error({ err: error, platform: lane.sender.platform }, 'outbox pump error');
        lane.queue = [];
        await sleeper.sleep(idleMs);
      }
    }
  }

  /**
   * The limits the sends before this start (a restart, a crash) left: the platform counts them whichever
   * process sent, and would answer the first send within them with 429. The chats' gaps are read before
   * recoverInFlight, which makes the interrupted sends pending again; a send recorded after `now` (the
   * system clock set back) counts as now: a chat waits one gap, not until its clock catches up. Then the
   * platforms' 429 pauses not yet over.
   */
  function keepLimitsFromBefore(now: number): void {
    const longest = Math.max(
      0,
      ...lanes.map(({ sender }) => {
        const limits = options.limits[sender.platform];
        return Math.max(limits.chatGapMs, limits.groupGapMs);
      }),
    );
    for (const sent of outbox.recentSends(now - longest, now)) {
      const address = { platform: sent.platform, chatId: sent.chatId, threadId: null };
      lanes
        .find((lane) => lane.sender.platform === sent.platform)
        ?.gate.finish(keyOf(address), isGroupChat(address), Math.min(sent.at, now));
    }
    // A 429's pause that has not ended: the platform would answer the first send with another (and
    // Telegram lengthens a flood wait that is not honoured).
    for (const pause of outbox.pausesAfter(now)) {
      const lane = lanes.find(({ sender }) => sender.platform === pause.platform);
      if (lane === undefined) continue;
      // At most a 429's longest pause from now: the system clock may have been set back since.
      lane.gate.pause(Math.min(pause.until, now + maxRateLimitPauseMs));
      log.info(
        { platform: pause.platform, until: pause.until },
        'sends paused: a rate limit from before the restart',
      );
    }
  }

  return {
    start() {
      stopping = false;
      keepLimitsFromBefore(clock.now());
      const recovered = outbox.recoverInFlight(clock.now(), policy.maxAttempts);
      if (recovered.retried > 0)
        log.warn(
          { deliveries: recovered.retried },
          'sends interrupted by the last stop will be retried (at-least-once)',
        );
      if (recovered.failed > 0)
        log.error(
          { deliveries: recovered.failed, max_attempts: policy.maxAttempts },
          'sends interrupted by the last stop failed: no attempt left',
        );
      const concurrency = Math.max(1, options.concurrency ?? 1);
      workers = lanes.flatMap((lane) => Array.from({ length: concurrency }, () => work(lane)));
    },
    wake() {
      for (const lane of lanes) lane.queue = [];
      sleeper.wakeAll();
    },
    async stop() {
      stopping = true;
      sleeper.wakeAll();
      await Promise.all(workers);
      // Left unrecorded, a part stays `sending` and goes again after the restart (at-least-once).
      for (const lane of lanes) record(lane);
    },
  };
}
