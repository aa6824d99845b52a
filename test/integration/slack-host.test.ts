/** slack.host that this machine cannot listen on: a config problem naming the key, not a bare system error. */
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatService } from '../../src/domain/ports.js';
import { startSlackFrontEnd } from '../../src/platforms/slack/slack-front-end.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.js';

const fakes: FakeSlack[] = [];
afterAll(async () => {
  for (const fake of fakes) await fake.close();
});

describe('startSlackFrontEnd in HTTP mode', () => {
  // Addresses of other machines (TEST-NET-1 and -3, RFC 5737); names are left out: resolving one leaves loopback.
  it.each(['192.0.2.77', '203.0.113.9'])('names slack.host when it cannot listen on %s', async (host) => {
    const fake = await startFakeSlack();
    fakes.push(fake);
    const started = startSlackFrontEnd({
      botToken: fake.token,
      apiUrl: fake.url,
      mode: 'http',
      appToken: null,
      signingSecret: 'a'.repeat(32),
      port: 0,
      host,
      service: {} as ChatService,
      log: createSilentLogger(),
    });
    await expect(started).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining(`slack.host ${host} is not an address of this machine`),
    });
  });
});
