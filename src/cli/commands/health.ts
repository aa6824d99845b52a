import type { Command } from 'commander';
import { AppError } from '../../shared/errors.js';
import type { CommandContext } from '../program.js';

// Docker's HEALTHCHECK gives the command 5 s; an answer later than this is as good as none.
const defaultTimeoutMs = 4_000;

/**
 * Where a client on this machine reaches the server that listens on `host`: a wildcard address is
 * reached on loopback, an IPv6 address in brackets.
 */
export function healthUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' || host === '[::]' ? '::1' : host;
  const bracketed = reachable.includes(':') && !reachable.startsWith('[') ? `[${reachable}]` : reachable;
  return `http://${bracketed}:${port}/healthz`;
}

/** The status and problems of a /healthz answer, on one line. */
function describeHealth(text: string): string {
  try {
    const body = JSON.parse(text) as { status?: unknown; problems?: unknown; database?: unknown };
    const problems = Array.isArray(body.problems) ? `: ${body.problems.map(String).join('; ')}` : '';
    const database = body.status === 'unavailable' ? `: database ${String(body.database)}` : '';
    return `${String(body.status)}${problems}${database}`;
  } catch {
    return 'not a Parley health answer';
  }
}

/**
 * `parley health`: asks the running Parley's /healthz, at the host and port of the same configuration,
 * and exits 0 when it answers 200 (ok or degraded: a restart fixes neither), 1 otherwise. It is the
 * Docker health check, so that the check follows `server.port` wherever the operator sets it.
 */
export function registerHealthCommand(program: Command, context: CommandContext): void {
  program
    .command('health')
    .description(
      "asks the running Parley's /healthz (server.host and server.port); exits 1 unless it answers 200",
    )
    .action(async () => {
      const { host, port } = context.config().server;
      if (port === 0) {
        context.out('health server off (server.port 0): nothing to ask');
        return;
      }
      const url = healthUrl(host, port);
      let response: Response;
      try {
        response = await fetch(url, { signal: AbortSignal.timeout(defaultTimeoutMs) });
      } catch (error) {
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        throw new AppError(
          timedOut ? 'timeout' : 'unreachable',
          `${url}: ${timedOut ? 'no answer in 4 s' : 'not reachable'} (is parley start running?)`,
          { cause: error },
        );
      }
      const text = await response.text();
      if (response.status !== 200)
        throw new AppError('http_status', `${url}: HTTP ${response.status}, ${describeHealth(text)}`);
      context.out(`${url}: ${describeHealth(text)}`);
    });
}
