import type { Platform } from '../domain/chat.js';
import { type DigestRecord, deliveryStates, type OutboxCounts } from '../domain/delivery.js';
import type { Outbox } from '../domain/ports.js';
import { clockAheadMs } from '../domain/schedule.js';
import { AppError } from '../shared/errors.js';
import { toPlatform } from './chat-rows.js';
import type { Database } from './database.js';
import { createMessageWriter } from './message-rows.js';
import { type DeliveryRow, deliveryColumns, deliveryJoins, toDelivery } from './outbox-rows.js';

type ChatState = { platform: string; active: number; inactive_reason: string | null };

type DigestParams = Omit<DigestRecord, 'parts'> & { parts: number; now: number };

type DeliveryParams = {
  digestId: number;
  chatId: number;
  part: number;
  platform: string;
  messageId: number;
  state: 'pending' | 'dead';
  lastError: string | null;
  now: number;
  /** 1 for a digest someone asked for (no slot), sent before the scheduled ones. */
  asked: 0 | 1;
};

const unknownOutcome = 'outcome unknown: the process stopped during the send';

/**
 * Ready: pending, due, the chat active, every earlier part of its digest sent, and no older digest of the
 * chat still unsent (a /digest during the weekly push waits for it rather than interleaving); asked for
 * (a /digest, 1) or scheduled (0), see Outbox.ready. Needs no sort and no table read for a row it skips:
 * see the indexes in schema-chats.ts and migration 25. Exported for the plan test.
 */
export const readySql = `SELECT ${deliveryColumns} ${deliveryJoins}
  WHERE d.state = 'pending' AND d.platform = ? AND d.asked = ? AND d.next_attempt_at <= ? AND c.active = 1
    AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.digest_id = d.digest_id AND e.part < d.part AND e.state <> 'sent')
    AND NOT EXISTS (SELECT 1 FROM deliveries o WHERE o.chat_id = d.chat_id AND o.digest_id < d.digest_id
      AND o.state IN ('pending', 'sending'))
  ORDER BY d.next_attempt_at, d.id LIMIT ?`;

/**
 * The latest send to each platform chat since `since`, and the sends a stop interrupted (at `now`): two
 * index ranges (deliveries_sent, migration 21, and deliveries_ready by state), the few seconds' rows only,
 * never the sent history. Exported for the plan test.
 */
export const recentSendsSql = `SELECT c.platform, c.chat_id, MAX(COALESCE(d.sent_at, @now)) AS at
  FROM deliveries d JOIN chats c ON c.id = d.chat_id
  WHERE d.sent_at >= @since OR d.state = 'sending'
  GROUP BY c.platform, c.chat_id`;

function prepareWrites(db: Database) {
  return {
    chat: db.prepare<[number], ChatState>('SELECT platform, active, inactive_reason FROM chats WHERE id = ?'),
    insertDigest: db.prepare<DigestParams>(
      `INSERT INTO digests (chat_id, period, since, until, slot, story_count, parts, created_at)
       VALUES (@chatId, @period, @since, @until, @slot, @storyCount, @parts, @now)
       ON CONFLICT (chat_id, period) DO NOTHING`,
    ),
    digestId: db.prepare<[number, string], { id: number }>(
      'SELECT id FROM digests WHERE chat_id = ? AND period = ?',
    ),
    // The body lives in messages (migration 7); the old column's CHECK wants valid JSON, and null is 4 bytes.
    insertDelivery: db.prepare<DeliveryParams>(
      `INSERT INTO deliveries (digest_id, chat_id, part, platform, message, message_id, state, next_attempt_at,
         last_error, created_at, asked)
       VALUES (@digestId, @chatId, @part, @platform, 'null', @messageId, @state, @now, @lastError, @now, @asked)`,
    ),
    // A slot only moves forward, except over one recorded while the clock ran ahead (more than an hour
    // past now, see digest-scheduler.ts): the real slot replaces it, and a schedule time recorded then
    // (the chat was due despite it) becomes this slot's.
    keepSlot: db.prepare<{ slot: number; until: number | null; id: number; now: number | null }>(
      `UPDATE chats SET last_slot = @slot, last_until = @until,
         schedule_set_at = CASE WHEN schedule_set_at > @now + ${clockAheadMs} THEN @slot ELSE schedule_set_at END
       WHERE id = @id AND (last_slot IS NULL OR last_slot < @slot OR last_slot > @now + ${clockAheadMs})`,
    ),
    sending: db.prepare<[number]>(
      "UPDATE deliveries SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND state = 'pending'",
    ),
    sent: db.prepare<[string, number, number]>(
      "UPDATE deliveries SET state = 'sent', remote_id = ?, sent_at = ?, last_error = NULL WHERE id = ?",
    ),
    keepPause: db.prepare<[string, number]>(
      `INSERT INTO platform_pauses (platform, until) VALUES (?, ?)
       ON CONFLICT (platform) DO UPDATE SET until = MAX(until, excluded.until)`,
    ),
    // Only from sending: a row that a deactivation marked dead meanwhile stays dead.
    retry: db.prepare<[number, string, number, number]>(
      `UPDATE deliveries SET state = 'pending', next_attempt_at = ?, last_error = ?, attempts = MAX(attempts - ?, 0)
       WHERE id = ? AND state = 'sending'`,
    ),
    failOne: db.prepare<[string, number]>(
      "UPDATE deliveries SET state = 'failed', last_error = ? WHERE id = ? AND state IN ('pending', 'sending')",
    ),
    failLater: db.prepare<[string, number]>(
      `UPDATE deliveries SET state = 'failed', last_error = ?
       WHERE state IN ('pending', 'sending') AND (digest_id, part) IN
         (SELECT l.digest_id, l.part FROM deliveries f JOIN deliveries l ON l.digest_id = f.digest_id AND l.part > f.part
          WHERE f.id = ?)`,
    ),
    recover: db.prepare<[number, string]>(
      "UPDATE deliveries SET state = 'pending', next_attempt_at = ?, last_error = ? WHERE state = 'sending'",
    ),
    // The send the process stopped in may be what stops it (a message that crashes it): retried past the
    // cap at every start, it went out again for ever.
    spent: db.prepare<[number], { id: number; attempts: number }>(
      "SELECT id, attempts FROM deliveries WHERE state = 'sending' AND attempts >= ?",
    ),
  };
}

function prepareReads(db: Database) {
  return {
    ready: db.prepare<[Platform, 0 | 1, number, number], DeliveryRow>(readySql),
    get: db.prepare<[number], DeliveryRow>(`SELECT ${deliveryColumns} ${deliveryJoins} WHERE d.id = ?`),
    ofChat: db.prepare<[number, number], DeliveryRow>(
      `SELECT ${deliveryColumns} ${deliveryJoins} WHERE d.chat_id = ? ORDER BY d.digest_id DESC, d.part LIMIT ?`,
    ),
    counts: db.prepare<[], { state: string; n: number }>(
      'SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state',
    ),
    recentSends: db.prepare<
      { since: number; now: number },
      { platform: string; chat_id: string; at: number }
    >(recentSendsSql),
    pausesAfter: db.prepare<[number], { platform: string; until: number }>(
      'SELECT platform, until FROM platform_pauses WHERE until > ? ORDER BY platform',
    ),
    oldestPending: db.prepare<[], { at: number | null }>(
      "SELECT MIN(created_at) AS at FROM deliveries WHERE state = 'pending'",
    ),
  };
}

export function createOutbox(db: Database): Outbox {
  const write = prepareWrites(db);
  const read = prepareReads(db);
  const stored = createMessageWriter(db);

  // The open batch. Its transaction begins with its first enqueue, so a tick slice in which no chat is
  // due never takes the write lock (and never waits on another process that holds it).
  let open: { began: boolean } | null = null;
  const lost = () =>
    new AppError(
      'db_unavailable',
      'SQLite rolled the batch transaction back; nothing of the batch is stored',
    );

  const enqueue = db.transaction((digest: DigestRecord, now: number) => {
    if (digest.parts.length === 0) throw new Error(`a digest for chat ${digest.chatId} has no parts`);
    const chat = write.chat.get(digest.chatId);
    if (chat === undefined) {
      throw new AppError('invalid_input', `there is no chat ${digest.chatId}`, {
        details: { id: digest.chatId },
      });
    }
    const wrong = digest.parts.find((message) => message.platform !== chat.platform);
    if (wrong !== undefined) {
      throw new Error(`a ${wrong.platform} message cannot go to ${chat.platform} chat ${digest.chatId}`);
    }
    const { parts, ...record } = digest;
    const inserted = write.insertDigest.run({ ...record, parts: parts.length, now });
    if (inserted.changes === 0) {
      return { digestId: write.digestId.get(digest.chatId, digest.period)?.id ?? 0, created: false };
    }
    const digestId = Number(inserted.lastInsertRowid);
    // A chat turned off while its digest was being built keeps the record (the period counts as done)
    // but nothing is queued that a later reactivation would send stale.
    const state = chat.active === 1 ? 'pending' : 'dead';
    const lastError =
      chat.active === 1 ? null : `the chat is inactive: ${chat.inactive_reason ?? 'unknown reason'}`;
    const asked: 0 | 1 = digest.slot === null ? 1 : 0;
    parts.forEach((message, index) => {
      const params = {
        digestId,
        chatId: digest.chatId,
        part: index + 1,
        platform: chat.platform,
        now,
        asked,
      };
      write.insertDelivery.run({ ...params, messageId: stored(message), state, lastError });
    });
    if (digest.slot !== null)
      write.keepSlot.run({ slot: digest.slot, until: digest.until, id: digest.chatId, now });
    return { digestId, created: true };
  });

  const passQuiet = db.transaction(
    (chatId: number, slot: number, until: number | null, now: number | null) => {
      write.keepSlot.run({ slot, until, id: chatId, now });
    },
  );

  const fail = db.transaction((id: number, error: string) => {
    write.failOne.run(error, id);
    write.failLater.run(`an earlier part failed: ${error}`, id);
  });

  const recover = db.transaction((now: number, maxAttempts: number) => {
    const spent = write.spent.all(maxAttempts);
    for (const { id, attempts } of spent) {
      const error = `gave up after ${attempts} attempts: ${unknownOutcome}`;
      write.failOne.run(error, id);
      write.failLater.run(`an earlier part failed: ${error}`, id);
    }
    return { retried: write.recover.run(now, unknownOutcome).changes, failed: spent.length };
  });

  // better-sqlite3 runs a transaction function called inside an open transaction (one begun by hand
  // too) as a SAVEPOINT, rolled back to and released if it throws
  // (https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md#transactionfunction---function).
  const savepoint = db.transaction((work: () => unknown) => work());

  function begin(batch: { began: boolean }): void {
    if (batch.began) {
      // After an error that made SQLite roll the batch back, an enqueue would otherwise commit alone.
      if (!db.inTransaction) throw lost();
      return;
    }
    db.exec('BEGIN IMMEDIATE');
    batch.began = true;
  }

  function finish(batch: { began: boolean }): void {
    if (!batch.began) return;
    if (!db.inTransaction) throw lost();
    db.exec('COMMIT');
  }

  function batched<T>(work: () => T): T {
    if (open !== null) {
      // A batch inside a batch: a savepoint of the outer one, which must have begun for that.
      begin(open);
      return savepoint(work) as T;
    }
    const batch = { began: false };
    open = batch;
    try {
      const result = work();
      finish(batch);
      return result;
    } catch (error) {
      // A failed COMMIT (a deferred constraint, SQLITE_BUSY) leaves the transaction open.
      if (batch.began && db.inTransaction) db.exec('ROLLBACK');
      throw error;
    } finally {
      open = null;
    }
  }

  return {
    enqueue: (digest, now) => {
      if (open !== null) begin(open);
      return enqueue.immediate(digest, now);
    },
    passQuiet: (chatId, slot, until = null, now = null) => {
      if (open !== null) begin(open);
      passQuiet.immediate(chatId, slot, until, now);
    },
    batch: batched,
    // A digest someone asked for first: behind a weekly push to 10,000 chats (25 a second) it waited 400 s.
    ready: (platform, now, limit) => {
      const asked = read.ready.all(platform, 1, now, limit);
      const rows =
        asked.length < limit ? [...asked, ...read.ready.all(platform, 0, now, limit - asked.length)] : asked;
      return rows.map(toDelivery);
    },
    markSending: (id) => write.sending.run(id).changes === 1,
    markSent: (id, remoteId, now) => {
      write.sent.run(remoteId, now, id);
    },
    retryLater: (id, at, error, options = {}) => {
      write.retry.run(at, error, options.countAttempt === false ? 1 : 0, id);
    },
    fail: (id, error) => fail.immediate(id, error),
    recoverInFlight: (now, maxAttempts) => recover.immediate(now, maxAttempts),
    recentSends: (since, now) =>
      read.recentSends
        .all({ since, now })
        .map((row) => ({ platform: toPlatform(row.platform), chatId: row.chat_id, at: row.at })),
    keepPause: (platform, until) => {
      write.keepPause.run(platform, until);
    },
    pausesAfter: (now) =>
      read.pausesAfter.all(now).map((row) => ({ platform: toPlatform(row.platform), until: row.until })),
    get: (id) => {
      const row = read.get.get(id);
      return row === undefined ? null : toDelivery(row);
    },
    ofChat: (chatId, limit = 100) => read.ofChat.all(chatId, limit).map(toDelivery),
    counts: () => {
      const counts = Object.fromEntries(deliveryStates.map((state) => [state, 0])) as OutboxCounts;
      for (const row of read.counts.all()) {
        const state = deliveryStates.find((known) => known === row.state);
        if (state !== undefined) counts[state] = row.n;
      }
      return counts;
    },
    oldestPendingAt: () => read.oldestPending.get()?.at ?? null,
  };
}
