import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { defaultRetryPolicy } from '../../delivery/failure-policy.js';
import { createPump, type Pump } from '../../delivery/pump.js';
import type { Platform } from '../../domain/chat.js';
import { digestLagMs } from '../../domain/schedule.js';
import { slackTeamOf } from '../../platforms/slack/slack-team.js';
import { createDigestScheduler } from '../../scheduler/digest-scheduler.js';
import { startDigestTicker } from '../../scheduler/digest-ticker.js';
import { startPollTicker } from '../../scheduler/poll-ticker.js';
import { startRetentionTicker } from '../../scheduler/retention-ticker.js';
import { AppError, isAppError } from '../../shared/errors.js';
import { type ProxySettings, proxyLabel } from '../../shared/proxy.js';
import { acquireInstanceLock } from '../../storage/instance-lock.js';
import { createConsoleDigests } from '../console-digests.js';
import type { CommandContext } from '../program.js';
import type { Runtime } from '../runtime.js';
import { everyFeedFailed, summarise } from './poll.js';
import { createService, startFrontEnds } from './start-front-ends.js';
import { type Health, serveHealth } from './start-health.js';

type Stoppable = { stop(): Promise<void> };

/** Which proxy requests go through, host and port only: a proxy URL may carry a password. */
export function proxyLine(proxy: ProxySettings | null): string | null {
  if (proxy === null) return null;
  const https = proxy.httpsProxy ?? proxy.httpProxy;
  const parts = [
    `https:// through ${https === null ? 'no proxy' : proxyLabel(https)}`,
    `http:// through ${proxy.httpProxy === null ? 'no proxy' : proxyLabel(proxy.httpProxy)}`,
  ];
  const direct = proxy.noProxy.trim() === '' ? '' : `, direct to NO_PROXY hosts (${proxy.noProxy.trim()})`;
  return `outbound requests: ${parts.join(', ')}${direct}`;
}

/** The outbox pump with each platform's configured limits (DESIGN.md "Deliver"). */
function startPump(runtime: Runtime, health: Health): Pump {
  const { delivery } = runtime.config;
  const { metrics } = health;
  const pump = createPump({
    outbox: runtime.outbox,
    chats: runtime.chats,
    senders: runtime.senders,
    limits: {
      telegram: {
        perSecond: delivery.telegram.perSecond,
        chatGapMs: delivery.telegram.chatInterval,
        groupGapMs: 60_000 / delivery.telegram.groupPerMinute,
      },
      slack: {
        perSecond: delivery.slack.perSecond,
        chatGapMs: delivery.slack.channelInterval,
        groupGapMs: 0,
      },
    },
    clock: runtime.clock,
    log: runtime.log,
    concurrency: delivery.concurrency,
    retry: {
      ...defaultRetryPolicy,
      maxAttempts: delivery.maxAttempts,
      baseMs: delivery.retryDelay,
      maxMs: delivery.maxRetryDelay,
    },
    ...(metrics === null
      ? {}
      : {
          observe: {
            sent: (platform, seconds) => metrics.recordSend(platform, seconds),
            outcome: (platform, outcome) => metrics.recordDelivery(platform, outcome),
          },
        }),
  });
  pump.start();
  return pump;
}

/**
 * Chats following a topic that config/topics.yaml no longer has (removed or renamed): no story is tagged
 * with it, so a chat that follows only such topics gets an empty digest every period. Said at start,
 * where the operator who edited the file looks; `parley chats set <id> --topics …` changes them.
 */
function warnOfRemovedTopics(context: CommandContext, runtime: Runtime): void {
  const known = new Set(runtime.topicList().map((topic) => topic.id));
  const stale = runtime.chats
    .list({ active: true })
    .map((chat) => ({ chat, gone: chat.topics.filter((topic) => !known.has(topic)) }))
    .filter(({ gone }) => gone.length > 0);
  for (const { chat, gone } of stale) {
    const only = gone.length === chat.topics.length ? ', its only topics: its digests are empty' : '';
    context.out(
      `parley: warning: chat ${chat.id} (${chat.title ?? chat.chatId}) follows ${gone.join(', ')}, not in config/topics.yaml${only}`,
    );
    runtime.log.warn(
      { chat: chat.id, topics: gone },
      'chat follows topics that config/topics.yaml no longer has',
    );
  }
}

/** A Telegram token's bot id: the number before its colon (`123456:ABC…`). */
const telegramBotId = (token: string): string => token.split(':', 1)[0] ?? token;

/** Who a platform's chats belong to now (the token's bot or workspace), and what to say when it changed. */
type OwnerChange = {
  platform: Platform;
  owner: string;
  /** --new-bot / --new-workspace: the change is meant. */
  meant: boolean;
  refusal: (before: string, chats: number) => string;
  reason: (before: string) => string;
  moved: (before: string, chats: number) => string;
};

/**
 * A platform chat belongs to the bot (Telegram) or workspace (Slack) it subscribed through: a token of
 * another cannot write to it, and each digest would draw "chat not found" and turn its chat off for good.
 * So the start is refused while active chats belong to the owner recorded before, unless the flag says
 * the change is meant: their chats are then turned off, with the reason. The first start records it.
 */
function keepChatsWithTheirOwner(context: CommandContext, runtime: Runtime, change: OwnerChange): void {
  const before = runtime.chats.botOf(change.platform);
  if (before === change.owner) return;
  const stranded = before === null ? [] : runtime.chats.list({ active: true, platform: change.platform });
  if (before !== null && stranded.length > 0) {
    if (!change.meant)
      throw new AppError('config_invalid', change.refusal(before, stranded.length), {
        details: { owner: change.owner, before, chats: stranded.length },
      });
    const now = runtime.clock.now();
    for (const chat of stranded) runtime.chats.deactivate(chat.id, change.reason(before), 'system', now);
    context.out(change.moved(before, stranded.length));
  }
  runtime.chats.setBot(change.platform, change.owner);
}

/**
 * TELEGRAM_BOT_TOKEN replaced by a staging bot's or a new bot's: the old bot's chats come back on when
 * they /start the new bot or add it (backByMessage, backByMembership).
 */
function checkTelegramBot(context: CommandContext, runtime: Runtime, newBot: boolean): void {
  const token = runtime.config.secrets.telegramBotToken;
  if (token === null) return;
  const bot = telegramBotId(token);
  const db = runtime.config.database.path;
  keepChatsWithTheirOwner(context, runtime, {
    platform: 'telegram',
    owner: bot,
    meant: newBot,
    refusal: (before, chats) =>
      `TELEGRAM_BOT_TOKEN is the token of bot ${bot}, but the ${chats} active Telegram chats in ${db} ` +
      `subscribed through bot ${before}, which this bot cannot write to (each would be turned off at its ` +
      `next digest): put bot ${before}'s token back, or start with --new-bot to move to bot ${bot} (those ` +
      'chats are turned off until they /start it or add it)',
    reason: (before) => `subscribed through bot ${before}, not bot ${bot}`,
    moved: (before, chats) =>
      `parley: bot ${bot} replaces bot ${before}: ${chats} Telegram chats turned off until they /start it or add it`,
  });
}

/**
 * The app installed in another Slack workspace (auth.test's team_id): its old channels stay off until
 * `parley chats on` with the old token back. Slack not answering skips the check (the app retries on
 * its own); a refused token is left to the Slack front end, which stops the start with the reason.
 */
async function checkSlackTeam(
  context: CommandContext,
  runtime: Runtime,
  newWorkspace: boolean,
): Promise<void> {
  const token = runtime.config.secrets.slackBotToken;
  if (token === null) return;
  let team: { id: string; name: string | null };
  try {
    team = await slackTeamOf({
      token,
      apiUrl: runtime.config.apiRoots.slack,
      timeoutMs: runtime.config.delivery.sendTimeout,
      ...(runtime.outbound === null ? {} : { fetch: runtime.outbound.fetch }),
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'config_invalid') return;
    const why = error instanceof Error ? error.message : String(error);
    context.out(`parley: warning: Slack auth.test failed (${why}): the Slack workspace is not checked`);
    runtime.log.warn({ err: error }, 'slack auth.test failed at start: workspace check skipped');
    return;
  }
  const named = team.name === null ? team.id : `${team.id} (${team.name})`;
  const db = runtime.config.database.path;
  keepChatsWithTheirOwner(context, runtime, {
    platform: 'slack',
    owner: team.id,
    meant: newWorkspace,
    refusal: (before, chats) =>
      `SLACK_BOT_TOKEN is a token of Slack workspace ${named}, but the ${chats} active Slack chats in ${db} ` +
      `are channels of workspace ${before}, which this token cannot post to (each would be turned off at its ` +
      `next digest): put workspace ${before}'s token back, or start with --new-workspace to move to ` +
      `workspace ${team.id} (those chats are turned off)`,
    reason: (before) => `in Slack workspace ${before}, not ${team.id}`,
    moved: (before, chats) =>
      `parley: Slack workspace ${team.id} replaces ${before}: ${chats} Slack chats turned off`,
  });
}

/**
 * Chat mode: due digests go into the outbox every minute and the pump sends them; the Telegram bot and
 * the Slack app take commands. Returned in stopping order: front ends, ticker, then the pump.
 */
/** How long digests wait at start for the first poll to finish (a poll that hangs must not hold them). */
const firstPollWaitMs = 10 * 60_000;

async function startDelivery(
  context: CommandContext,
  runtime: Runtime,
  health: Health,
  firstPoll: Promise<void>,
  options: StartOptions,
): Promise<Stoppable[]> {
  checkTelegramBot(context, runtime, options.newBot === true);
  await checkSlackTeam(context, runtime, options.newWorkspace === true);
  const platforms = runtime.senders.map((sender) => sender.platform);
  const active = runtime.chats.count({ active: true });
  context.out(`parley: delivering to ${platforms.join(' and ')} (${active} active chats)`);
  warnOfRemovedTopics(context, runtime);
  const pump = startPump(runtime, health);
  const scheduler = createDigestScheduler({
    chats: runtime.chats,
    outbox: runtime.outbox,
    composer: runtime.composer,
    clock: runtime.clock,
    log: runtime.log,
    catchUpMs: runtime.config.digest.catchUpHours * 3_600_000,
    platforms,
    lagMs: digestLagMs(runtime.config.ingest.interval),
    placed: () => runtime.poller.placed(),
  });
  const ticker = startDigestTicker({
    scheduler,
    after: firstPoll,
    log: runtime.log,
    onTick: (result) => {
      health.metrics?.recordDigests(result.enqueued);
      if (result.enqueued > 0) pump.wake();
    },
  });
  try {
    const frontEnds = await startFrontEnds(
      runtime,
      createService(runtime, () => pump.wake()),
    );
    // No new commands, then no new digests, while the pump finishes its send in flight.
    return [...frontEnds, ticker, pump];
  } catch (error) {
    await ticker.stop();
    await pump.stop();
    throw error;
  }
}

type StartOptions = { newBot?: boolean; newWorkspace?: boolean; isNew?: boolean };

async function run(context: CommandContext, runtime: Runtime, options: StartOptions): Promise<void> {
  const path = runtime.config.database.path;
  // Before the lock and the first store open it: a database made by this start is new.
  const isNew = path !== ':memory:' && !existsSync(path);
  const lock = acquireInstanceLock(path);
  try {
    await serve(context, runtime, { ...options, isNew });
  } finally {
    lock.release();
  }
}

async function serve(context: CommandContext, runtime: Runtime, options: StartOptions): Promise<void> {
  const sync = runtime.feeds.syncSources(runtime.config.feeds.sources);
  const enabled = runtime.feeds.list().length;
  // A database.path changed by mistake (or a relative one read from another folder) starts with no chats:
  // say so, or the subscriptions look lost.
  const fresh = options.isNew
    ? ' (new: no chats or stories yet; if Parley ran before, its database is elsewhere: see database.path and --db)'
    : '';
  context.out(
    `parley: ${enabled} feeds (${sync.added} new, ${sync.disabled} disabled), database ${runtime.config.database.path}${fresh}`,
  );
  const proxy = proxyLine(runtime.config.proxy);
  if (proxy !== null) {
    context.out(`parley: ${proxy}`);
    runtime.log.info({ proxy }, 'outbound proxy');
  }
  let lastPollAt: number | null = null;
  const health = await serveHealth(runtime, () => lastPollAt);
  if (health.server)
    context.out(
      `parley: health on http://${runtime.config.server.host}:${health.server.port}/healthz and /metrics`,
    );
  const consoleMode = runtime.senders.length === 0;
  const labels = new Map(runtime.topicList().map((topic) => [topic.id, topic.label]));
  const printer = createConsoleDigests({
    stories: runtime.stories,
    labels,
    lagMs: digestLagMs(runtime.config.ingest.interval),
    now: () => runtime.clock.now(),
    write: (text) => context.out(text),
  });
  if (consoleMode) {
    context.out('parley: no chat tokens set: console mode, each new digest is printed here after a poll');
    // The next step, for someone who just typed `npm start`: the README's "Telegram and Slack".
    context.out(
      'parley: to send digests to Telegram chats or Slack channels, set TELEGRAM_BOT_TOKEN and/or SLACK_BOT_TOKEN (in .env) and start again: see "Telegram and Slack" in the README',
    );
  }
  // Digests wait for the first poll (at most `firstPollWaitMs`): one that fell due while Parley was
  // down then has the stories published meanwhile, which it would otherwise miss for good.
  let stopping = false;
  let firstCycleEnded = false;
  let firstPollDone = (): void => {};
  const firstPoll = new Promise<void>((resolve) => {
    firstPollDone = resolve;
    setTimeout(resolve, firstPollWaitMs).unref();
  });
  let delivery: Stoppable[] = [];
  try {
    delivery = consoleMode ? [] : await startDelivery(context, runtime, health, firstPoll, options);
  } catch (error) {
    await health.server?.close();
    throw error;
  }
  const ticker = startPollTicker({
    poller: runtime.poller,
    log: runtime.log,
    onResult: health.record,
    // A poll cut short by a stop read nothing new: no digest may be composed from it.
    onFirstCycle: () => {
      firstCycleEnded = true;
      if (!stopping) firstPollDone();
      // The console's first digest (the past week) follows the first poll, not a minute's cycle that
      // ended before it, having skipped the feeds it is still reading: that one would say nothing is new.
      if (consoleMode && !stopping) printer.afterPoll();
    },
    onCycle: (results) => {
      lastPollAt = runtime.clock.now();
      if (results.length > 0) context.out(`parley: ${summarise(results).join('\n  ')}`);
      // Every enabled feed read and none answered: the network, not the feeds (a first start offline).
      if (
        results.length > 0 &&
        results.length >= enabled &&
        results.every((result) => result.outcome === 'failed')
      )
        context.out(`parley: ${everyFeedFailed}`);
      if (consoleMode && firstCycleEnded) printer.afterPoll();
    },
  });
  const retention = startRetentionTicker({
    pruner: runtime.pruner,
    days: runtime.config.retention.days,
    maxItemAgeDays: runtime.config.ingest.maxItemAgeDays,
    clock: runtime.clock,
    log: runtime.log,
  });
  // In batches beside the polls and deliveries. Delivery is already running: a prune that fails (a
  // locked database) waits for the nightly run.
  retention
    .runOnce()
    .catch((error: unknown) => runtime.log.error({ err: error }, 'retention at start failed'));
  const signal = await context.cli.stopSignal();
  stopping = true;
  context.out(`parley: ${signal} received, finishing the poll and the send in flight`);
  // No new fetch, and none in flight to wait for: the feeds not read stay due for the next start.
  runtime.cancelFetches();
  const stopDelivery = async () => {
    for (const part of delivery) await part.stop();
  };
  await Promise.all([ticker.stop(), stopDelivery()]);
  await retention.stop();
  await health.server?.close();
}

export function registerStartCommand(program: Command, context: CommandContext): void {
  program
    .command('start')
    .description(
      'run Parley: poll feeds, send due digests to Telegram and Slack (or print them without tokens), serve /healthz and /metrics',
    )
    .option(
      '--new-bot',
      "TELEGRAM_BOT_TOKEN is a new bot's: turn off the chats of the bot before it (they come back when they /start the new one)",
    )
    .option(
      '--new-workspace',
      "SLACK_BOT_TOKEN is another Slack workspace's: turn off the chats of the workspace before it",
    )
    .action((options: StartOptions) => context.withRuntime((runtime) => run(context, runtime, options)));
}
