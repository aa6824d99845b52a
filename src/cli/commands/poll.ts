import type { Command } from 'commander';
import type { FeedPollResult } from '../../scheduler/poll-feeds.js';
import { acquireInstanceLock } from '../../storage/instance-lock.js';
import { formatSeconds, formatTime, feedLabel as shortFeedLabel } from '../format.js';
import type { CommandContext } from '../program.js';
import type { Runtime } from '../runtime.js';

function feedLabel(result: FeedPollResult): string {
  return shortFeedLabel(result.feed, 40);
}

export function describeResult(result: FeedPollResult): string {
  const label = feedLabel(result);
  if (result.outcome === 'failed') {
    return `FAIL  ${label}: ${result.error ?? 'unknown error'} (retry at ${formatTime(result.nextFetchAt)})`;
  }
  if (result.outcome === 'not-modified') return `ok    ${label}: not modified (${formatSeconds(result.ms)})`;
  const old = result.skippedOld > 0 ? `, ${result.skippedOld} too old` : '';
  const undated =
    result.backlog > 0
      ? `, ${result.backlog} undated on first fetch (taken as older news, not analysed)`
      : '';
  const relisted =
    result.relisted > 0
      ? `, ${result.relisted} listed again after retention removed them (not analysed)`
      : '';
  const counts = `${result.parsed} items, ${result.inserted} new, ${result.updated} updated, ${result.relevant} about talks${old}${undated}${relisted}`;
  return `ok    ${label}: ${counts} (${formatSeconds(result.ms)})`;
}

export function summarise(results: readonly FeedPollResult[]): string[] {
  const failed = results.filter((r) => r.outcome === 'failed');
  const notModified = results.filter((r) => r.outcome === 'not-modified').length;
  const inserted = results.reduce((sum, r) => sum + r.inserted, 0);
  const updated = results.reduce((sum, r) => sum + r.updated, 0);
  const relevant = results.reduce((sum, r) => sum + r.relevant, 0);
  const ok = results.length - failed.length - notModified;
  const lines = [
    `${results.length} feeds: ${ok} ok, ${notModified} not modified, ${failed.length} failed; ${inserted} new items, ${updated} updated, ${relevant} about peace talks`,
  ];
  if (failed.length > 0) {
    lines.push('failed feeds:');
    for (const r of failed) lines.push(`  ${r.feed.url}: ${r.error ?? 'unknown error'}`);
  }
  return lines;
}

/** Said when no feed of a poll could be read: the cause is then rarely the feeds themselves. */
export const everyFeedFailed =
  'every feed failed, nothing was fetched: is this machine online (DNS, a firewall; behind a proxy, set HTTPS_PROXY and HTTP_PROXY)? `parley feeds check <url>` says why one feed fails';

export function registerPollCommand(program: Command, context: CommandContext): void {
  program
    .command('poll')
    .description(
      'fetch every enabled feed now, store new and changed items; exits 0 even if some feeds fail, 1 if all do',
    )
    .requiredOption('--once', 'poll once and exit (the scheduler polls continuously under `parley start`)')
    .action(async () => {
      await context.withRuntime(async (runtime) => {
        const lock = acquireInstanceLock(runtime.config.database.path);
        try {
          await pollOnce(context, runtime);
        } finally {
          lock.release();
        }
      });
    });
}

async function pollOnce(context: CommandContext, runtime: Runtime): Promise<void> {
  runtime.feeds.syncSources(runtime.config.feeds.sources);
  const feeds = runtime.feeds.list();
  const tty = context.cli.stdout.isTTY === true;
  let done = 0;
  const results = await runtime.poller.pollFeeds(feeds, (result) => {
    done += 1;
    const progress = tty ? `[${String(done).padStart(String(feeds.length).length)}/${feeds.length}] ` : '';
    context.out(`${progress}${describeResult(result)}`);
  });
  for (const line of summarise(results)) context.out(line);
  // Nothing could be fetched: a cron job or a script should see it (a network or proxy problem).
  if (results.length > 0 && results.every((result) => result.outcome === 'failed')) {
    context.err(`parley: ${everyFeedFailed}`);
    context.exitCode = 1;
  }
}
