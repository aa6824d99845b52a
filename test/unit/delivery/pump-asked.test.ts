import { afterEach, describe, expect, it } from 'vitest';
import { createPump, type Pump } from '../../../src/delivery/pump.js';
import type { ChatAddress } from '../../../src/domain/chat.js';
import type { MessageSender } from '../../../src/domain/ports.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { createChatStore } from '../../../src/storage/chat-store.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createOutbox } from '../../../src/storage/outbox-store.js';

/**
 * A /digest typed while the weekly push goes out is sent next, not after the push: at Telegram's 25
 * messages a second, 10,000 chats' digests take 400 s. The clock is manual; each send moves it 40 ms.
 */
const limits = {
  telegram: { perSecond: 25, chatGapMs: 1000, groupGapMs: 3000 },
  slack: { perSecond: 10, chatGapMs: 1000, groupGapMs: 0 },
};
const schedule = { frequency: 'weekly', weekday: 'friday', time: '09:00' } as const;

const pumps: Pump[] = [];
afterEach(async () => {
  for (const pump of pumps.splice(0)) await pump.stop();
});

describe('pump: a digest someone asked for', () => {
  it('goes out before the scheduled digests queued before it, as soon as the pump is woken', async () => {
    const db = openDatabase(':memory:');
    const chats = createChatStore(db);
    const outbox = createOutbox(db);
    const clock = createManualClock(1_000_000);
    const sent: string[] = [];
    let afterSend = (): void => {};
    const sender: MessageSender = {
      platform: 'telegram',
      send: async (_address, message) => {
        sent.push(message.platform === 'telegram' ? message.html : '');
        clock.advance(40);
        afterSend();
        return { remoteId: String(sent.length) };
      },
    };
    const enqueue = (chatId: string, slot: number | null) => {
      const address: ChatAddress = { platform: 'telegram', chatId, threadId: null };
      const chat = chats.ensure(address, { title: null, timeZone: 'UTC', schedule }, 'test', 0);
      const period = slot === null ? `on-demand:${clock.now()}` : 'weekly';
      const parts = [{ platform: 'telegram', html: `${chatId} ${period}` } as const];
      outbox.enqueue(
        { chatId: chat.id, period, since: 0, until: 1, slot, storyCount: 1, parts },
        clock.now(),
      );
    };
    for (let chat = 1; chat <= 200; chat += 1) enqueue(String(chat), 900_000);
    const pump = createPump({ outbox, chats, senders: [sender], limits, clock, log: createSilentLogger() });
    pumps.push(pump);
    const asked = new Promise<number>((resolve) => {
      afterSend = () => {
        if (sent.length === 5) {
          enqueue('4242', null);
          pump.wake();
        }
        const at = sent.findIndex((html) => html.startsWith('4242 '));
        if (at >= 0) resolve(at);
      };
    });
    pump.start();
    // The send in flight when it was asked for may finish first; then it goes.
    expect(await asked).toBeLessThanOrEqual(6);
  });
});
