import dns from 'node:dns';
import net from 'node:net';
import { AppError } from '../shared/errors.js';

/** Decides whether connecting to an IP address is refused. */
export type AddressPolicy = (address: string) => boolean;

// Spec: https://www.iana.org/assignments/iana-ipv4-special-registry/ and
// https://www.iana.org/assignments/iana-ipv6-special-registry/ (non-global ranges).
const ipv4Blocked: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network", includes the unspecified address
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT shared address space
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, home of cloud metadata endpoints
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes broadcast
];
const ipv6Blocked: ReadonlyArray<readonly [string, number]> = [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible block
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments, includes Teredo
  ['2001:db8::', 32],
  ['2002::', 16], // 6to4 can tunnel to any IPv4 address, private ones included
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // deprecated site-local
  ['ff00::', 8], // multicast
];

const blockList = new net.BlockList();
for (const [network, prefix] of ipv4Blocked) blockList.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of ipv6Blocked) blockList.addSubnet(network, prefix, 'ipv6');
// net.BlockList matches IPv4-mapped IPv6 (::ffff:a.b.c.d) against the IPv4 rules by itself.
const nat64 = new net.BlockList();
nat64.addSubnet('64:ff9b::', 96, 'ipv6');

/** The IPv4 address in the low 32 bits of an IPv6 address, e.g. `64:ff9b::a00:1` → `10.0.0.1`. */
function lowIpv4(ipv6: string): string | null {
  const normalised = new URL(`http://[${ipv6}]/`).hostname.slice(1, -1);
  const [head = '', tail = ''] = normalised.split('::');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups = normalised.includes('::') ? tailGroups : head.split(':');
  const high = Number.parseInt(groups.at(-2) ?? '0', 16);
  const low = Number.parseInt(groups.at(-1) ?? '0', 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** True for loopback, private, link-local, unique-local, multicast, reserved and unparsable addresses. */
export function isBlockedAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blockList.check(address, 'ipv4');
  if (family !== 6) return true;
  if (blockList.check(address, 'ipv6')) return true;
  // NAT64 gateways translate 64:ff9b::/96 to the embedded IPv4 address, private ones included.
  const embedded = nat64.check(address, 'ipv6') ? lowIpv4(address) : null;
  return embedded !== null && blockList.check(embedded, 'ipv4');
}

export function blockedAddressError(host: string, address: string): AppError {
  return new AppError(
    'blocked_address',
    `refusing to connect to ${host} (${address} is a private or local address; ingest.allowPrivateNetworks: true allows it)`,
    {
      details: { host, address },
    },
  );
}

/** Throws when a URL's host is an IP literal the policy refuses (connecting to a literal skips DNS lookup). */
export function assertLiteralAllowed(hostname: string, isBlocked: AddressPolicy): void {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (net.isIP(host) !== 0 && isBlocked(host)) throw blockedAddressError(host, host);
}

/**
 * A `lookup` for net/tls connect that resolves every address of a name and refuses the connection
 * when any of them is blocked, so the check applies to the address actually dialled (no DNS rebinding gap).
 */
export function createGuardedLookup(isBlocked: AddressPolicy | null): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const blocked = isBlocked ? addresses.find((entry) => isBlocked(entry.address)) : undefined;
      if (blocked) return callback(blockedAddressError(hostname, blocked.address), '');
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first)
        return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      return callback(null, first.address, first.family);
    });
  };
}

/** Resolves a name to all its addresses (dns.lookup); a seam for tests. */
export type ResolveHost = (host: string) => Promise<readonly dns.LookupAddress[]>;

const resolveAll: ResolveHost = (host) => dns.promises.lookup(host, { all: true });

// Names a network's own resolver answers, never the internet's (RFC 6761 localhost, RFC 6762 local,
// RFC 8375 home.arpa, and the ones networks use in practice): left to the proxy unresolved, they would
// reach whatever its network calls them (its own loopback, cloud metadata, the intranet).
const localNames = /(?:^|\.)(?:localhost|local|localdomain|internal|intranet|lan|home|corp|private|arpa)$/;
// The check waits this long for this machine's resolver; a name it could not resolve is not asked
// again for a while: behind a proxy a resolver that never answers held a libuv thread per lookup.
const lookupTimeoutMs = 2_000;
const unresolvedForMs = 5 * 60_000;

/**
 * Checks hosts before a request goes through a proxy (see check). The names this machine could not
 * resolve are remembered for a while.
 */
export function createHostCheck(isBlocked: AddressPolicy, resolve: ResolveHost = resolveAll) {
  const unresolved = new Map<string, number>();
  async function lookup(host: string): Promise<readonly dns.LookupAddress[] | null> {
    const until = unresolved.get(host);
    if (until !== undefined && until > Date.now()) return null;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((done) => {
      timer = setTimeout(() => done(null), lookupTimeoutMs);
    });
    const found = await Promise.race([resolve(host).catch(() => null), timeout]).finally(() =>
      clearTimeout(timer),
    );
    if (found === null) {
      if (unresolved.size >= 10_000) unresolved.clear();
      unresolved.set(host, Date.now() + unresolvedForMs);
    } else unresolved.delete(host);
    return found;
  }
  /**
   * Throws when `hostname` is an address the policy refuses, or a name any of whose addresses it
   * refuses. For requests sent through a proxy: the proxy, not Parley, connects to the host, so the
   * guarded lookup never sees its address. The proxy resolves the name again (a rebinding DNS server
   * could answer it otherwise): this keeps honest names of private hosts out, as the guarded lookup does
   * for direct requests. A name this machine cannot resolve (in time) is left to the proxy: behind a
   * proxy, machines often have no DNS for outside names at all, and refusing them would leave every feed
   * unread, or the operator turning the whole check off (ingest.allowPrivateNetworks); but not a name
   * only a local network's resolver answers (localNames), nor one without a dot (a search domain's), and
   * never localhost.
   */
  return async function check(hostname: string): Promise<void> {
    const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    // localhost. is localhost: one root dot off.
    const host = bare.endsWith('.') ? bare.slice(0, -1) : bare;
    if (net.isIP(host) !== 0) return assertLiteralAllowed(host, isBlocked);
    const name = host.toLowerCase();
    // RFC 6761: localhost and its subdomains are the loopback, whatever a resolver says.
    if (/(?:^|\.)localhost$/.test(name)) throw localNameError(hostname);
    const addresses = await lookup(name);
    if (addresses === null) {
      if (localNames.test(name) || !name.includes('.')) throw localNameError(hostname);
      return;
    }
    const blocked = addresses.find((entry) => isBlocked(entry.address));
    if (blocked) throw blockedAddressError(hostname, blocked.address);
  };
}

function localNameError(host: string): AppError {
  return new AppError(
    'blocked_address',
    `refusing to ask the proxy for ${host} (a local network's name; ingest.allowPrivateNetworks: true allows it)`,
    { details: { host } },
  );
}
