import dns from 'node:dns';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  assertLiteralAllowed,
  createGuardedLookup,
  isBlockedAddress,
} from '../../../src/ingest/address-guard.js';
import { isAppError } from '../../../src/shared/errors.js';

describe('isBlockedAddress', () => {
  const cases: Array<[string, boolean]> = [
    ['10.0.0.1', true],
    ['172.16.5.4', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['127.0.0.1', true],
    ['127.12.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.251', true],
    ['255.255.255.255', true],
    ['::', true],
    ['::1', true],
    ['fc00::1', true],
    ['fd12:3456::1', true],
    ['fe80::1', true],
    ['ff02::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:10.1.2.3', true],
    ['64:ff9b::10.0.0.1', true],
    ['64:ff9b::a9fe:a9fe', true],
    ['2002:7f00:1::', true],
    ['100.127.255.255', true],
    ['192.0.0.8', true],
    ['192.0.2.1', true],
    ['192.88.99.1', true],
    ['198.19.255.1', true],
    ['198.51.100.7', true],
    ['203.0.113.9', true],
    ['64:ff9b:1::1', true],
    ['100::1', true],
    ['2001:0:4136:e378::1', true],
    ['2001:db8::1', true],
    ['fec0::1', true],
    ['64:ff9b::192.168.1.1', true],
    ['not an address', true],
    ['93.184.216.34', false],
    ['8.8.8.8', false],
    ['172.32.0.1', false],
    ['100.128.0.1', false],
    ['198.20.0.1', false],
    ['2001:200::1', false],
    ['2606:2800::1', false],
    ['2a00:1450:4001::200e', false],
    ['::ffff:93.184.216.34', false],
    ['64:ff9b::93.184.216.34', false],
  ];
  it.each(cases)('%s → blocked: %s', (address, blocked) => {
    expect(isBlockedAddress(address)).toBe(blocked);
  });
});

describe('assertLiteralAllowed', () => {
  it.each([['127.0.0.1'], ['[::1]'], ['[::ffff:7f00:1]']])('refuses the literal host %s', (host) => {
    expect(() => assertLiteralAllowed(host, isBlockedAddress)).toThrow(/private or local/);
  });

  it('lets names and public literals through (names are checked at lookup)', () => {
    expect(() => assertLiteralAllowed('localhost', isBlockedAddress)).not.toThrow();
    expect(() => assertLiteralAllowed('93.184.216.34', isBlockedAddress)).not.toThrow();
  });
});

describe('createGuardedLookup', () => {
  const resolve = (policy: ((address: string) => boolean) | null, all: boolean) =>
    new Promise<{ error: unknown; address: unknown }>((done) => {
      createGuardedLookup(policy)('localhost', { all }, (error, address) => done({ error, address }));
    });

  it('refuses a name that resolves to loopback, naming the address', async () => {
    const { error } = await resolve(isBlockedAddress, true);
    expect(isAppError(error, 'blocked_address')).toBe(true);
    expect(error).toMatchObject({ details: { address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) } });
  });

  it('answers in the shape the caller asked for when nothing is blocked', async () => {
    const all = await resolve(null, true);
    const one = await resolve(null, false);
    expect(all.error).toBeNull();
    expect(Array.isArray(all.address)).toBe(true);
    expect(typeof one.address).toBe('string');
  });
});

describe('createGuardedLookup, with the resolver answering what a test says', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const answering = (addresses: Array<{ address: string; family: number }>) =>
    vi
      .spyOn(dns, 'lookup')
      .mockImplementation(((
        _host: string,
        _options: unknown,
        callback: (error: Error | null, addresses: Array<{ address: string; family: number }>) => void,
      ) => callback(null, addresses)) as unknown as typeof dns.lookup);

  const resolve = (all: boolean) =>
    new Promise<{ error: unknown; address: unknown; family: unknown }>((done) => {
      createGuardedLookup(isBlockedAddress)('feed.example', { all }, (error, address, family) =>
        done({ error, address, family }),
      );
    });

  it('refuses a name when any of its addresses is private, not only the first', async () => {
    answering([
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ]);
    const { error } = await resolve(false);
    expect(isAppError(error, 'blocked_address')).toBe(true);
    expect(error).toMatchObject({ details: { host: 'feed.example', address: '10.0.0.1' } });
  });

  it('answers the first address with its own family', async () => {
    answering([
      { address: '2606:2800::1', family: 6 },
      { address: '93.184.216.34', family: 4 },
    ]);
    expect(await resolve(false)).toEqual({ error: null, address: '2606:2800::1', family: 6 });
  });

  it('says ENOTFOUND for a name with no address rather than answering undefined', async () => {
    answering([]);
    const { error } = await resolve(false);
    expect(error).toMatchObject({ code: 'ENOTFOUND', message: 'no address for feed.example' });
  });
});
