import type { Chat } from '../../src/domain/chat.js';

/**
 * A stored chat as a new one starts (Friday-weekly at 09:00 UTC, every topic, English, active, nothing
 * sent yet), with `fields` over it: for tests that hand chats to code without a database.
 */
export function chatRow(fields: Partial<Chat> & Pick<Chat, 'id' | 'platform' | 'chatId'>): Chat {
  return {
    threadId: null,
    title: null,
    topics: [],
    timeZone: 'UTC',
    schedule: { frequency: 'weekly', weekday: 'friday', time: '09:00' },
    quiet: 'note',
    language: 'en',
    active: true,
    inactiveReason: null,
    lastSlot: null,
    lastUntil: null,
    createdAt: 0,
    scheduleSetAt: 0,
    updatedAt: 0,
    ...fields,
  };
}
