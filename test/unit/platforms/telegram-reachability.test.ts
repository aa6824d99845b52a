import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { watchReachability } from '../../../src/platforms/telegram/front-end.js';
import { createLogger } from '../../../src/shared/logger.js';

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** A Bot API on loopback that drops every connection while `down`, else answers getMe. */
async function flakyApi(): Promise<{ url: string; setDown(down: boolean): void }> {
  let down = true;
  const server = createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ ok: true, result: { id: 1, is_bot: true, first_name: 'P', username: 'p_bot' } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setDown: (value) => {
      down = value;
    },
  };
}

describe('Telegram reachability while polling', () => {
  it('says at once when Telegram cannot be reached, again every 5 minutes, and when it can again', async () => {
    const api = await flakyApi();
    const lines: Array<{ msg: string; level: number }> = [];
    const log = createLogger({
      level: 'info',
      destination: { write: (line: string) => lines.push(JSON.parse(line)) },
    });
    let clock = 0;
    const bot = new Bot('123:abc', { client: { apiRoot: api.url } });
    watchReachability(bot, log, () => clock);
    const getMe = () => bot.api.getMe().catch(() => null);
    await getMe();
    clock += 60_000;
    await getMe();
    clock += 5 * 60_000;
    await getMe();
    api.setDown(false);
    expect(await getMe()).toMatchObject({ username: 'p_bot' });
    expect(lines.map((line) => line.msg)).toEqual([
      'telegram unreachable: polling keeps trying',
      'telegram unreachable: polling keeps trying',
      'telegram reachable again: polling',
    ]);
    expect(JSON.stringify(lines)).not.toContain('123:abc');
  });
});
