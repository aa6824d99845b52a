import {
  type Chat,
  type ChatAddress,
  type ChatSettings,
  describeAddress,
  turnedOffPrefix,
} from '../domain/chat.js';
import type { ChatStore } from '../domain/ports.js';
import { AppError } from '../shared/errors.js';
import {
  applySettings,
  type ChangeRow,
  type ChatRow,
  type ChatSettingParams,
  chatColumns,
  scheduleJson,
  settingParams,
  toChange,
  toChat,
} from './chat-rows.js';
import type { Database } from './database.js';

type ListParams = { active: number | null; platform: string | null; afterId: number; limit: number };
type InsertParams = {
  platform: string;
  chatId: string;
  threadId: string;
  title: string | null;
  timeZone: string;
  schedule: string;
  now: number;
};

/**
 * One keyset page of chats. `c.id > @afterId` has no IS NULL escape, so that each page starts with a
 * rowid seek instead of a scan from the first chat; LIMIT -1 is no limit
 * (https://www.sqlite.org/lang_select.html#limitoffset). Exported for the plan test.
 */
export const listChatsSql = `SELECT ${chatColumns} FROM chats c
  WHERE c.id > @afterId AND (@active IS NULL OR c.active = @active) AND (@platform IS NULL OR c.platform = @platform)
  ORDER BY c.id LIMIT @limit`;

/**
 * The rows at one platform chat: a seek in the (platform, chat_id, thread_id, merged_into) unique key.
 * Exported for the plan test.
 */
export const chatRowsAtSql = `SELECT ${chatColumns} FROM chats c
  WHERE c.platform = @platform AND c.chat_id = @chatId AND c.active = @active ORDER BY c.id`;

function prepareStatements(db: Database) {
  return {
    byId: db.prepare<[number], ChatRow>(`SELECT ${chatColumns} FROM chats c WHERE c.id = ?`),
    byAddress: db.prepare<[string, string, string], ChatRow>(
      `SELECT ${chatColumns} FROM chats c
       WHERE c.platform = ? AND c.chat_id = ? AND c.thread_id = ? AND c.merged_into = 0`,
    ),
    insert: db.prepare<InsertParams>(
      `INSERT INTO chats (platform, chat_id, thread_id, title, time_zone, schedule, created_at, updated_at, schedule_set_at)
       VALUES (@platform, @chatId, @threadId, @title, @timeZone, @schedule, @now, @now, @now)`,
    ),
    saveSettings: db.prepare<ChatSettingParams>(
      `UPDATE chats SET title = @title, topics = @topics, time_zone = @time_zone, schedule = @schedule,
         quiet = @quiet, language = @language, active = @active, inactive_reason = @inactive_reason, updated_at = @updated_at,
         schedule_set_at = @schedule_set_at
       WHERE id = @id`,
    ),
    setAddress: db.prepare<[string, number, number]>(
      'UPDATE chats SET chat_id = ?, updated_at = ? WHERE id = ?',
    ),
    markMerged: db.prepare<[number, number]>('UPDATE chats SET merged_into = ? WHERE id = ?'),
    addChange: db.prepare<[number, number, string, string, string | null, string | null]>(
      `INSERT INTO chat_changes (chat_id, at, actor, field, value_before, value_after) VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    changes: db.prepare<[number], ChangeRow>(
      `SELECT chat_id, at, actor, field, value_before, value_after FROM chat_changes WHERE chat_id = ? ORDER BY id`,
    ),
    // A chat turned back on starts afresh, as one that subscribes: its next digest has one schedule
    // period, not the days it was off (see digest-scheduler.ts: since its last digest, within 8 days).
    forgetSlot: db.prepare<[number]>('UPDATE chats SET last_slot = NULL, last_until = NULL WHERE id = ?'),
    // A digest partly sent to the chat merged away goes on to the chat that took its address: killing its
    // unsent parts would leave the group with half a digest. Its digest row stays with the merged chat
    // (both may have one for the same period).
    moveStarted: db.prepare<{ from: number; to: number }>(
      `UPDATE deliveries SET chat_id = @to WHERE chat_id = @from AND state IN ('pending', 'sending')
         AND digest_id IN (SELECT digest_id FROM deliveries WHERE chat_id = @from AND state = 'sent')`,
    ),
    // The migrated chat's digests none of which went out, for a period the chat that took the address had
    // begun to get: sent at the new address, the group would get that period twice.
    killHadPeriod: db.prepare<{ from: number; to: number; reason: string }>(
      `UPDATE deliveries SET state = 'dead', last_error = @reason WHERE chat_id = @to AND state IN ('pending', 'sending')
         AND digest_id IN (SELECT g.id FROM digests g WHERE g.chat_id = @to
           AND NOT EXISTS (SELECT 1 FROM deliveries s WHERE s.digest_id = g.id AND s.state = 'sent')
           AND EXISTS (SELECT 1 FROM digests o JOIN deliveries od ON od.digest_id = o.id
             WHERE o.chat_id = @from AND o.period = g.period AND od.state = 'sent'))`,
    ),
    killUnsent: db.prepare<[string, number]>(
      `UPDATE deliveries SET state = 'dead', last_error = ? WHERE chat_id = ? AND state IN ('pending', 'sending')`,
    ),
    // A chat that unsubscribes loses its scheduled digests still waiting for their turn (a broadcast takes
    // minutes, a 429 pause longer): after "the digests stopped" it must not get one. A digest begun (a part
    // sent or in flight, or tried: a send that timed out or that a stop interrupted waits, pending, to go
    // again, and may be in the chat) is finished, and one asked for with /digest (no slot) still goes.
    // A wait for a rate limit is no attempt (retryLater countAttempt: false).
    killScheduled: db.prepare<[string, number, number]>(
      `UPDATE deliveries SET state = 'dead', last_error = ? WHERE chat_id = ? AND state = 'pending'
         AND digest_id IN (SELECT g.id FROM digests g WHERE g.chat_id = ? AND g.slot IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM deliveries s WHERE s.digest_id = g.id
             AND (s.state IN ('sent', 'sending') OR s.attempts > 0)))`,
    ),
    list: db.prepare<ListParams, ChatRow>(listChatsSql),
    atChat: db.prepare<{ platform: string; chatId: string; active: number }, ChatRow>(chatRowsAtSql),
    count: db.prepare<[number | null, number | null], { n: number }>(
      'SELECT COUNT(*) AS n FROM chats WHERE ? IS NULL OR active = ?',
    ),
    botOf: db.prepare<[string], { bot: string }>('SELECT bot FROM platform_bots WHERE platform = ?'),
    setBot: db.prepare<[string, string]>(
      'INSERT INTO platform_bots (platform, bot) VALUES (?, ?) ON CONFLICT (platform) DO UPDATE SET bot = excluded.bot',
    ),
  };
}

const activeParam = (active: boolean | undefined): number | null =>
  active === undefined ? null : active ? 1 : 0;

export function createChatStore(db: Database): ChatStore {
  const sql = prepareStatements(db);

  const find = (id: number): Chat | null => {
    const row = sql.byId.get(id);
    return row === undefined ? null : toChat(row);
  };
  const mustGet = (id: number): Chat => {
    const chat = find(id);
    if (chat === null) throw new AppError('invalid_input', `there is no chat ${id}`, { details: { id } });
    return chat;
  };
  const findAddress = (address: ChatAddress): Chat | null => {
    const row = sql.byAddress.get(address.platform, address.chatId, address.threadId ?? '');
    return row === undefined ? null : toChat(row);
  };

  /** Saves the settings that differ with one change row each; a chat turned off loses its unsent deliveries. */
  const apply = (chat: Chat, settings: ChatSettings, actor: string, now: number, offReason: string): Chat => {
    const { next, changes } = applySettings(chat, settings, offReason);
    if (changes.length === 0) return chat;
    // A new time zone moves the slots as a new schedule does: moved east past today's slot, the chat would
    // get that slot's digest at once, while /timezone answers with the next one.
    const restarts =
      changes.some((change) => change.field === 'schedule' || change.field === 'timeZone') ||
      (next.active && !chat.active);
    sql.saveSettings.run(settingParams(restarts ? { ...next, scheduleSetAt: now } : next, now));
    for (const change of changes) {
      sql.addChange.run(chat.id, now, actor, change.field, change.before, change.after);
    }
    if (chat.active && !next.active) sql.killUnsent.run(offReason, chat.id);
    else if (next.schedule.frequency === 'off' && chat.schedule.frequency !== 'off')
      sql.killScheduled.run(`scheduled digests ${turnedOffPrefix}${actor}`, chat.id, chat.id);
    if (next.active && !chat.active) sql.forgetSlot.run(chat.id);
    return mustGet(chat.id);
  };

  const ensure = db.transaction(
    (address: ChatAddress, defaults: Parameters<ChatStore['ensure']>[1], actor: string, now: number) => {
      const existing = findAddress(address);
      if (existing === null) {
        const { title, timeZone } = defaults;
        const params = { ...address, threadId: address.threadId ?? '', title, timeZone, now };
        const inserted = sql.insert.run({ ...params, schedule: scheduleJson(defaults.schedule) });
        const id = Number(inserted.lastInsertRowid);
        sql.addChange.run(id, now, actor, 'created', null, describeAddress(address));
        return mustGet(id);
      }
      const settings: ChatSettings = defaults.title === null ? {} : { title: defaults.title };
      if (!existing.active) settings.active = true;
      return apply(existing, settings, actor, now, '');
    },
  );

  const update = db.transaction((id: number, settings: ChatSettings, actor: string, now: number) =>
    apply(mustGet(id), settings, actor, now, `${turnedOffPrefix}${actor}`),
  );

  const deactivate = db.transaction((id: number, reason: string, actor: string, now: number) => {
    apply(mustGet(id), { active: false }, actor, now, reason);
  });

  /**
   * When another chat already answers to the new address (the supergroup was added on its own before the
   * migration was seen), the migrated chat keeps its settings and history and takes the address; the other
   * is turned off and marked merged, with its own history. Only the rest of a digest the other had begun
   * to send moves over, so that it is finished; its digests not begun are dropped, and so are the migrated
   * chat's own not begun for a period the other had begun (the same group must not get it twice).
   */
  const migrate = db.transaction((id: number, newChatId: string, now: number) => {
    const chat = mustGet(id);
    if (chat.chatId === newChatId) return chat;
    const other = findAddress({ ...chat, chatId: newChatId });
    if (other !== null) {
      const reason = `merged into ${id}`;
      sql.killHadPeriod.run({
        from: other.id,
        to: id,
        reason: `chat ${other.id} at ${newChatId} had this period`,
      });
      sql.moveStarted.run({ from: other.id, to: id });
      apply(other, { active: false }, 'system', now, reason);
      sql.markMerged.run(id, other.id);
    }
    sql.setAddress.run(newChatId, now, id);
    sql.addChange.run(id, now, 'system', 'chatId', chat.chatId, newChatId);
    return mustGet(id);
  });

  return {
    ensure: (address, defaults, actor, now) => ensure.immediate(address, defaults, actor, now),
    get: find,
    byAddress: findAddress,
    list: (filter = {}) =>
      sql.list
        .all({
          active: activeParam(filter.active),
          platform: filter.platform ?? null,
          afterId: filter.afterId ?? Number.MIN_SAFE_INTEGER,
          limit: filter.limit ?? -1,
        })
        .map(toChat),
    atChat: (platform, chatId, active) =>
      sql.atChat.all({ platform, chatId, active: active ? 1 : 0 }).map(toChat),
    update: (id, settings, actor, now) => update.immediate(id, settings, actor, now),
    deactivate: (id, reason, actor, now) => deactivate.immediate(id, reason, actor, now),
    migrate: (id, newChatId, now) => migrate.immediate(id, newChatId, now),
    changes: (id) => sql.changes.all(id).map(toChange),
    count: (filter = {}) => {
      const active = activeParam(filter.active);
      return sql.count.get(active, active)?.n ?? 0;
    },
    botOf: (platform) => sql.botOf.get(platform)?.bot ?? null,
    setBot: (platform, bot) => {
      sql.setBot.run(platform, bot);
    },
  };
}
