import type { ChatAddress } from './chat.js';

/**
 * pending: waiting to be sent (or to be retried); sending: handed to the platform, outcome not yet
 * recorded; sent; failed: gave up (retries exhausted, or the platform refused the message);
 * dead: the chat is gone (blocked the bot, removed it, does not exist).
 */
export const deliveryStates = ['pending', 'sending', 'sent', 'failed', 'dead'] as const;
export type DeliveryState = (typeof deliveryStates)[number];

/** One message as the platform takes it, rendered before it is stored. */
export type OutgoingMessage =
  | { platform: 'telegram'; html: string }
  | { platform: 'slack'; text: string; blocks: unknown[] };

/** What the scheduler (or an on-demand request) hands to the outbox: a digest for one chat and period. */
export type DigestRecord = {
  chatId: number;
  /** The period's stable name: "2026-W48", "2026-11-26", or "on-demand:<ms>" for a /digest request. */
  period: string;
  since: number;
  until: number;
  /** The schedule slot this digest is for (stored as the chat's lastSlot in the same transaction), or null. */
  slot: number | null;
  storyCount: number;
  parts: OutgoingMessage[];
};

/** One part of one digest on its way to one chat. The address is the chat's current one. */
export type Delivery = {
  id: number;
  digestId: number;
  chatId: number;
  address: ChatAddress;
  period: string;
  part: number;
  parts: number;
  message: OutgoingMessage;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  remoteId: string | null;
  createdAt: number;
  sentAt: number | null;
};

export type OutboxCounts = Record<DeliveryState, number>;

export type SentMessage = { remoteId: string };
