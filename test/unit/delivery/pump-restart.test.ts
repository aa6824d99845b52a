import { afterEach, describe, expect, it, vi } from 'vitest';
import { maxRateLimitPauseMs } from '../../../src/delivery/failure-policy.js';
import { createPump, type Pump } from '../../../src/delivery/pump.js';
import type { ChatAddress } from '../../../src/domain/chat.js';
import type { OutgoingMessage } from '../../../src/domain/delivery.js';
import type { MessageSender } from '../../../src/domain/ports.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { AppError } from '../../../src/shared/errors.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { createChatStore } from '../../../src/storage/chat-store.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createOutbox } from '../../../src/storage/outbox-store.js';

/**
 * A restarted pump (a crash, a deploy) keeps the platform's per-chat gaps from the sends the outbox
 * recorded before it: Telegram answers 429 to a second message within 1 s of the first whichever process
 * sent it. The clock is manual and never reaches the end of a gap unless told, so "not sent yet" holds
 * however slowly the machine runs; each send moves it 50 ms.
 */
const limits = {
  telegram: { perSecond: 25, chatGapMs: 1000, groupGapMs: 3000 },
  slack: { perSecond: 10, chatGapMs: 1000, groupGapMs: 0 },
};
const schedule = { frequency: 'weekly', weekday: 'friday', time: '09:00' } as const;
const sentBeforeRestart = 10_000_000;

const pumps: Pump[] = [];
afterEach(async () => {
  for (const pump of pumps.splice(0)) await pump.stop();
});

function setup(restartAfterMs: number) {
  const db = openDatabase(':memory:');
  const chats = createChatStore(db);
  const outbox = createOutbox(db);
  const clock = createManualClock(sentBeforeRestart + restartAfterMs);
  const sent: string[] = [];
  let onSend = (): void => {};
  const sender: MessageSender = {
    platform: 'telegram',
    send: async (address) => {
      sent.push(address.chatId);
      // A send takes time: past the overall spacing (25/s), well within any chat's gap.
      clock.advance(50);
      onSend();
      return { remoteId: String(sent.length) };
    },
  };
  const chatAt = (chatId: string) => {
    const address: ChatAddress = { platform: 'telegram', chatId, threadId: null };
    return chats.ensure(address, { title: null, timeZone: 'UTC', schedule }, 'test', 0).id;
  };
  const enqueue = (chatId: string, period: string) => {
    const parts = [{ platform: 'telegram', html: `${chatId} ${period}` } as const];
    const record = { chatId: chatAt(chatId), period, since: 0, until: 1, slot: null, storyCount: 0 };
    outbox.enqueue({ ...record, parts }, clock.now());
    return outbox.ofChat(chatAt(chatId), 1)[0]?.id ?? 0;
  };
  /** A part the process before the restart sent (or was sending, when it stopped) at `sentBeforeRestart`. */
  const sentBefore = (chatId: string, state: 'sent' | 'sending') => {
    const id = enqueue(chatId, 'before');
    outbox.markSending(id, sentBeforeRestart);
    if (state === 'sent') outbox.markSent(id, 'r', sentBeforeRestart);
  };
  const start = () => {
    const pump = createPump({
      outbox,
      chats,
      senders: [sender],
      limits,
      clock,
      log: createSilentLogger(),
      idleMs: 20,
    });
    pumps.push(pump);
    pump.start();
    return pump;
  };
  /** Resolves once `chatId` has been sent to (`times` times in all). */
  const sentTo = (chatId: string, times = 1) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (sent.filter((id) => id === chatId).length >= times) resolve();
      };
      onSend = check;
      check();
    });
  return { clock, sent, sentBefore, enqueue, start, sentTo };
}

describe('pump after a restart', () => {
  it('waits out the 1 s gap of a private chat sent to just before the restart, and sends others meanwhile', async () => {
    const { clock, sent, sentBefore, enqueue, start, sentTo } = setup(500);
    sentBefore('42', 'sent');
    enqueue('42', 'after');
    enqueue('77', 'after');
    const pump = start();
    await sentTo('77');
    expect(sent).toEqual(['77']);
    clock.set(sentBeforeRestart + 1000);
    pump.wake();
    await sentTo('42');
    expect(sent).toEqual(['77', '42']);
  });

  it('waits out the 3 s gap of a group (20/min) sent to 1.5 s before the restart', async () => {
    const { clock, sent, sentBefore, enqueue, start, sentTo } = setup(1500);
    sentBefore('-100', 'sent');
    enqueue('-100', 'after');
    enqueue('77', 'after');
    const pump = start();
    await sentTo('77');
    expect(sent).toEqual(['77']);
    clock.set(sentBeforeRestart + 3000);
    pump.wake();
    await sentTo('-100');
    expect(sent).toEqual(['77', '-100']);
  });

  it('counts a send the stop interrupted as made at the restart: its resend keeps the chat gap', async () => {
    const { clock, sent, sentBefore, enqueue, start, sentTo } = setup(10_000);
    sentBefore('42', 'sending');
    enqueue('77', 'after');
    const pump = start();
    await sentTo('77');
    expect(sent).toEqual(['77']);
    clock.advance(1000);
    pump.wake();
    await sentTo('42');
    expect(sent).toEqual(['77', '42']);
  });

  it('holds a chat one gap, not until the clock catches up, when its last send is recorded after now', async () => {
    const { clock, sent, sentBefore, enqueue, start, sentTo } = setup(-3_600_000);
    sentBefore('42', 'sent');
    enqueue('42', 'after');
    enqueue('77', 'after');
    const pump = start();
    await sentTo('77');
    expect(sent).toEqual(['77']);
    clock.advance(1000);
    pump.wake();
    await sentTo('42');
    expect(sent).toEqual(['77', '42']);
  });

  it('sends at once to a chat whose last send is older than its gap', async () => {
    const { sent, sentBefore, enqueue, start, sentTo } = setup(1000);
    sentBefore('42', 'sent');
    enqueue('42', 'after');
    enqueue('77', 'after');
    start();
    await sentTo('77');
    expect(sent).toEqual(['42', '77']);
  });
});

describe("pump after a restart within a 429's pause", () => {
  it('keeps the platform paused until the end it was given, and sends on the other platform meanwhile', async () => {
    const db = openDatabase(':memory:');
    const chats = createChatStore(db);
    const outbox = createOutbox(db);
    const clock = createManualClock(sentBeforeRestart);
    const sent: string[] = [];
    let limited = true;
    let onSend = (): void => {};
    const sender = (platform: 'telegram' | 'slack'): MessageSender => ({
      platform,
      send: async (address) => {
        if (platform === 'telegram' && limited) {
          limited = false;
          throw new AppError('rate_limited', 'Telegram rate limit: retry after 30 s', {
            retryable: true,
            details: { retryAfterSeconds: 30, platform },
          });
        }
        sent.push(`${platform}:${address.chatId}`);
        clock.advance(50);
        onSend();
        return { remoteId: String(sent.length) };
      },
    });
    const enqueue = (platform: 'telegram' | 'slack', chatId: string) => {
      const address: ChatAddress = { platform, chatId, threadId: null };
      const id = chats.ensure(address, { title: null, timeZone: 'UTC', schedule }, 'test', 0).id;
      const parts: OutgoingMessage[] = [
        platform === 'telegram' ? { platform, html: chatId } : { platform, text: chatId, blocks: [] },
      ];
      outbox.enqueue(
        { chatId: id, period: 'p', since: 0, until: 1, slot: null, storyCount: 0, parts },
        clock.now(),
      );
    };
    const start = () => {
      const pump = createPump({
        outbox,
        chats,
        senders: [sender('telegram'), sender('slack')],
        limits,
        clock,
        log: createSilentLogger(),
        idleMs: 20,
      });
      pumps.push(pump);
      pump.start();
      return pump;
    };
    const sentTo = (key: string) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (sent.includes(key)) resolve();
        };
        onSend = check;
        check();
      });

    enqueue('telegram', '42');
    const first = start();
    await vi.waitFor(() => expect(outbox.counts().pending).toBe(1));
    await first.stop();
    expect(sent).toEqual([]);

    // Restarted 10 s into the 30 s pause, with a Slack part and a second Telegram one waiting.
    clock.advance(10_000);
    enqueue('telegram', '77');
    enqueue('slack', 'C1');
    const second = start();
    await sentTo('slack:C1');
    expect(sent).toEqual(['slack:C1']);
    clock.set(sentBeforeRestart + 30_000);
    second.wake();
    await sentTo('telegram:77');
    await sentTo('telegram:42');
    expect(sent.slice(1).sort()).toEqual(['telegram:42', 'telegram:77']);
  });

  // Review: the two branches beside the kept pause, each untested.
  function pumpWith(
    outbox: ReturnType<typeof createOutbox>,
    chats: ReturnType<typeof createChatStore>,
    clock: ReturnType<typeof createManualClock>,
    send: MessageSender['send'],
  ) {
    const pump = createPump({
      outbox,
      chats,
      senders: [{ platform: 'telegram', send }],
      limits,
      clock,
      log: createSilentLogger(),
      idleMs: 20,
    });
    pumps.push(pump);
    pump.start();
    return pump;
  }

  it("does not keep a bad token's pause: a restart is how the new token goes in", async () => {
    const db = openDatabase(':memory:');
    const chats = createChatStore(db);
    const outbox = createOutbox(db);
    const clock = createManualClock(sentBeforeRestart);
    const address: ChatAddress = { platform: 'telegram', chatId: '42', threadId: null };
    const id = chats.ensure(address, { title: null, timeZone: 'UTC', schedule }, 'test', 0).id;
    const parts: OutgoingMessage[] = [{ platform: 'telegram', html: '42' }];
    outbox.enqueue(
      { chatId: id, period: 'p', since: 0, until: 1, slot: null, storyCount: 0, parts },
      clock.now(),
    );
    let tries = 0;
    const pump = pumpWith(outbox, chats, clock, async () => {
      tries += 1;
      throw new AppError('config_invalid', 'Telegram refused the bot token', {
        details: { platform: 'telegram' },
      });
    });
    // The part is pending before the pump starts too: wait for the refused send and its write.
    await vi.waitFor(() => {
      expect(tries).toBe(1);
      expect(outbox.counts().pending).toBe(1);
    });
    await pump.stop();
    expect(outbox.pausesAfter(clock.now())).toEqual([]);
  });

  it("waits at most a 429's longest pause for one kept from before the clock was set back", async () => {
    const db = openDatabase(':memory:');
    const chats = createChatStore(db);
    const outbox = createOutbox(db);
    const clock = createManualClock(sentBeforeRestart);
    const address: ChatAddress = { platform: 'telegram', chatId: '42', threadId: null };
    const id = chats.ensure(address, { title: null, timeZone: 'UTC', schedule }, 'test', 0).id;
    const parts: OutgoingMessage[] = [{ platform: 'telegram', html: '42' }];
    outbox.enqueue(
      { chatId: id, period: 'p', since: 0, until: 1, slot: null, storyCount: 0, parts },
      clock.now(),
    );
    outbox.keepPause('telegram', clock.now() + 10 * maxRateLimitPauseMs);
    const sent: string[] = [];
    const pump = pumpWith(outbox, chats, clock, async (to) => {
      sent.push(to.chatId);
      return { remoteId: '1' };
    });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sent).toEqual([]);
    clock.advance(maxRateLimitPauseMs + 1);
    pump.wake();
    await vi.waitFor(() => expect(sent).toEqual(['42']));
  });
});
