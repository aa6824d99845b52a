/**
 * What every platform sender (src/platforms/{telegram,slack}/*-sender.ts) must do when the transport
 * fails, whatever the platform: the failure policy (src/delivery/failure-policy.ts) relies on it to
 * tell "not sent" from "outcome unknown" (README, "Delivery guarantees").
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatAddress } from '../../src/domain/chat.js';
import type { OutgoingMessage } from '../../src/domain/delivery.js';
import type { MessageSender } from '../../src/domain/ports.js';
import { AppError } from '../../src/shared/errors.js';

/** The part of a loopback fake (test/fakes/telegram-api.ts, slack-api.ts) the contract drives. */
export type TransportFake = {
  readonly calls: number;
  readonly messages: readonly unknown[];
  failNext(chatId: string, failure: 'hang' | 'drop-after-accept'): void;
  close(): Promise<void>;
};

export type SenderTransportCase<Fake extends TransportFake> = {
  start(): Promise<Fake>;
  sender(fake: Fake, timeoutMs: number): MessageSender;
  address: ChatAddress;
  message: OutgoingMessage;
};

export function describeSenderTransport<Fake extends TransportFake>(
  name: string,
  c: SenderTransportCase<Fake>,
): void {
  const open: Fake[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((fake) => fake.close()));
  });
  const start = async () => {
    const fake = await c.start();
    open.push(fake);
    return fake;
  };
  const failureOf = async (sender: MessageSender): Promise<AppError> => {
    const outcome = await sender.send(c.address, c.message).then(
      () => null,
      (error: unknown) => error,
    );
    if (!(outcome instanceof AppError)) throw new Error(`expected an AppError, got ${String(outcome)}`);
    return outcome;
  };

  describe(`${name}: transport failures`, () => {
    it('gives up on a request that never answers with a timeout of unknown outcome', async () => {
      const fake = await start();
      fake.failNext(c.address.chatId, 'hang');
      expect(await failureOf(c.sender(fake, 300))).toMatchObject({
        code: 'timeout',
        retryable: true,
        details: { outcomeUnknown: true },
      });
      expect(fake.calls).toBe(1);
    });

    it('does not resend when the connection drops after the message was accepted', async () => {
      const fake = await start();
      fake.failNext(c.address.chatId, 'drop-after-accept');
      expect(await failureOf(c.sender(fake, 2_000))).toMatchObject({
        code: 'unreachable',
        retryable: true,
        details: { outcomeUnknown: true },
      });
      expect(fake.calls).toBe(1);
      expect(fake.messages).toHaveLength(1);
    });

    it('reports a refused connection as unreachable, known not to have been sent', async () => {
      const fake = await start();
      const sender = c.sender(fake, 2_000);
      await fake.close();
      expect(await failureOf(sender)).toMatchObject({
        code: 'unreachable',
        details: { code: 'ECONNREFUSED', outcomeUnknown: false },
      });
    });
  });
}
