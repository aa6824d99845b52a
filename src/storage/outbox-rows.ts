import { type Platform, platforms } from '../domain/chat.js';
import {
  type Delivery,
  type DeliveryState,
  deliveryStates,
  type OutgoingMessage,
} from '../domain/delivery.js';

/** A delivery with its digest's period and part count and its chat's current address. */
export type DeliveryRow = {
  id: number;
  digest_id: number;
  chat_id: number;
  platform: string;
  address_chat_id: string;
  address_thread_id: string;
  period: string;
  part: number;
  parts: number;
  message: string;
  state: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  remote_id: string | null;
  created_at: number;
  sent_at: number | null;
};

export const deliveryColumns = `
  d.id, d.digest_id, d.chat_id, c.platform, c.chat_id AS address_chat_id, c.thread_id AS address_thread_id,
  g.period, d.part, g.parts, COALESCE(m.body, d.message) AS message, d.state, d.attempts, d.next_attempt_at, d.last_error, d.remote_id,
  d.created_at, d.sent_at`;

/** Rows queued before migration 7 hold their message themselves and no message_id. */
export const deliveryJoins = `
  FROM deliveries d JOIN digests g ON g.id = d.digest_id JOIN chats c ON c.id = d.chat_id
  LEFT JOIN messages m ON m.id = d.message_id`;

function known<T extends string>(values: readonly T[], value: string, what: string): T {
  const found = values.find((candidate) => candidate === value);
  if (found === undefined) throw new Error(`the deliveries table holds an unknown ${what} "${value}"`);
  return found;
}

export function toDelivery(row: DeliveryRow): Delivery {
  const platform: Platform = known(platforms, row.platform, 'platform');
  return {
    id: row.id,
    digestId: row.digest_id,
    chatId: row.chat_id,
    address: {
      platform,
      chatId: row.address_chat_id,
      threadId: row.address_thread_id === '' ? null : row.address_thread_id,
    },
    period: row.period,
    part: row.part,
    parts: row.parts,
    message: JSON.parse(row.message) as OutgoingMessage,
    state: known<DeliveryState>(deliveryStates, row.state, 'state'),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    remoteId: row.remote_id,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}
