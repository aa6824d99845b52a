/**
 * Why a server cannot listen where the config says, in words that name the config keys to change; null
 * for a failure that is not the operator's to fix. `inUse` is what a port in use most likely means.
 */
export function listenProblem(
  code: string | undefined,
  where: { hostKey: string; host: string; portKey: string; port: number; inUse?: string },
): string | null {
  const { hostKey, host, portKey, port } = where;
  switch (code) {
    case 'EADDRINUSE':
      return `${portKey} ${port} on ${host} is already in use${where.inUse === undefined ? '' : `: ${where.inUse}`}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EADDRNOTAVAIL':
      return `${hostKey} ${host} is not an address of this machine (${code}): use 127.0.0.1, 0.0.0.0 or one of its own addresses, without a port`;
    case 'EACCES':
      return `${portKey} ${port} on ${host} needs privileges Parley does not have: use a port above 1023`;
    default:
      return null;
  }
}
