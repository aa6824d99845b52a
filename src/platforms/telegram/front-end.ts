import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Bot, BotError, GrammyError, HttpError } from 'grammy';
import type { Update } from 'grammy/types';
import { AppError } from '../../shared/errors.js';
import { listenProblem } from '../../shared/listen-problem.js';
import type { Logger } from '../../shared/logger.js';
import { allowedUpdates, createTelegramBot, type TelegramBotOptions } from './bot.js';
import { registerCommandMenus } from './bot-commands.js';
import { type KeptTrying, keepTrying, type Refusal } from './keep-trying.js';
import { checkWebhookSecret } from './webhook-secret.js';
import { createWebhookServer, type UpdateOutcome } from './webhook-server.js';

export type TelegramWebhookOptions = {
  /** The public https URL Telegram calls; when it has no path, `path` is appended. */
  url: string;
  port: number;
  /** Where the local server takes updates, e.g. "/telegram". */
  path: string;
  /** setWebhook's secret_token: 1–256 of A-Z a-z 0-9 _ - (platform-facts §1.2); null refuses to start. */
  secret: string | null;
  /** Default 0.0.0.0. */
  host?: string;
};

export type TelegramFrontEndOptions = TelegramBotOptions & {
  mode: 'polling' | 'webhook';
  webhook?: TelegramWebhookOptions;
  /** Backoff before polling starts again after it stopped on an error, or setWebhook is tried again (tests shorten it). */
  pollingRetryMs?: { first: number; max: number };
  /**
   * How long stop() waits for polling to wind down, or in webhook mode for the updates being handled
   * (default 5 s).
   */
  stopGraceMs?: number;
  /**
   * Webhook mode: how long an update waits for the bot's first getMe before it is refused with a 500 for
   * Telegram to send again (default 5 s; tests shorten it).
   */
  initWaitMs?: number;
};

export type TelegramFrontEnd = {
  /** The webhook server's port (useful with port 0), or null when polling. */
  port: number | null;
  /** Stops taking updates and lets the handlers in progress finish. */
  stop(): Promise<void>;
};

const defaultRetryMs = { first: 5_000, max: 300_000 };

/** A refused token will not get better by retrying; the operator has to fix TELEGRAM_BOT_TOKEN. */
function tokenRefusal(error: unknown): Refusal | null {
  if (!(error instanceof GrammyError) || (error.error_code !== 401 && error.error_code !== 404)) return null;
  return {
    message: 'telegram refused the bot token: check TELEGRAM_BOT_TOKEN',
    error: new AppError('config_invalid', `Telegram refused the bot token: ${error.description}`, {
      cause: error,
      retryable: false,
    }),
  };
}

/**
 * What makes setWebhook fail for good: a refused token, or a 400 ("bad webhook: An HTTPS URL must be
 * provided for webhook", "…webhook can be set up only on ports 80, 88, 443 or 8443", "…Failed to
 * resolve host"), which the same call will get again however often it is made (platform-facts §1.4).
 */
function webhookRefusal(error: unknown): Refusal | null {
  if (!(error instanceof GrammyError) || error.error_code !== 400) return tokenRefusal(error);
  const reason = error.description;
  return {
    message: 'telegram refused the webhook: check telegram.webhook.url; not trying again',
    error: new AppError('config_invalid', `Telegram refused telegram.webhook.url (setWebhook): ${reason}`, {
      cause: error,
      retryable: false,
      details: { reason, platform: 'telegram' },
    }),
  };
}

// The calls polling makes, which grammY retries quietly while Telegram cannot be reached.
const pollingMethods = new Set(['getMe', 'deleteWebhook', 'getUpdates']);
const unreachableLogEveryMs = 5 * 60_000;

/**
 * Says when polling cannot reach Telegram (at once, then every 5 minutes while it lasts) and when it can
 * again: grammY's own retries are silent, and a bot that gets no commands looked healthy in the logs.
 */
export function watchReachability(bot: Bot, log: Logger, now = () => Date.now()): void {
  let failingSince: number | null = null;
  let lastLog = 0;
  bot.api.config.use(async (previous, method, payload, signal) => {
    if (!pollingMethods.has(method)) return previous(method, payload, signal);
    try {
      const result = await previous(method, payload, signal);
      if (failingSince !== null) {
        log.info({ down_ms: now() - failingSince }, 'telegram reachable again: polling');
        failingSince = null;
      }
      return result;
    } catch (error) {
      // bot.stop() aborts the long poll in flight: that is no outage.
      if (error instanceof HttpError && signal?.aborted !== true) {
        const at = now();
        if (failingSince === null) failingSince = at;
        if (failingSince === at || at - lastLog >= unreachableLogEveryMs) {
          lastLog = at;
          log.warn(
            { err: error, method, down_ms: at - failingSince },
            'telegram unreachable: polling keeps trying',
          );
        }
      }
      throw error;
    }
  });
}

/**
 * Long polling with `bot.start()`, not awaited: it runs until stop(). Handler errors are logged by
 * bot.catch; grammY itself retries getMe, deleteWebhook and getUpdates on network errors (so a start
 * while Telegram is unreachable just waits). What ends `bot.start()` (a 409 while another poller or a
 * webhook holds the bot) is logged and polling starts again after a backoff (5 s doubling, at most
 * 5 min), except for a refused token.
 * Spec: https://grammy.dev/guide/deployment-types
 */
function startPolling(bot: Bot, log: Logger, retryMs = defaultRetryMs, graceMs = 5_000): TelegramFrontEnd {
  watchReachability(bot, log);
  const polling = keepTrying(
    () =>
      bot.start({
        allowed_updates: allowedUpdates,
        onStart: (me) => log.info({ username: me.username }, 'telegram bot polling'),
      }),
    { failed: 'telegram polling stopped: starting again', refused: tokenRefusal, log, retryMs },
  );
  return {
    port: null,
    async stop() {
      polling.stop();
      const grace = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
      // stop() confirms the last update's offset with one more getUpdates, so none is handled twice. That
      // call waits up to the request timeout (a minute) when Telegram takes it and never answers, and a
      // shutdown must not (Docker kills after 10 s): past the grace, those updates may come again.
      if (bot.isRunning())
        await Promise.race([
          bot.stop().catch((error: unknown) => log.warn({ err: error }, 'telegram stop')),
          grace,
        ]);
      // grammY retries getMe at start without a way to cancel it: while Telegram is unreachable, polling
      // never winds down, and a shutdown must not wait for it either.
      await Promise.race([polling.done, grace]);
    },
  };
}

function webhookUrl(options: TelegramWebhookOptions): string {
  const url = new URL(options.url);
  if (url.pathname === '/') url.pathname = options.path;
  return url.toString();
}

/**
 * Registers the webhook with Telegram, and keeps trying in the background while Telegram cannot be
 * reached: a start during an outage, or after TELEGRAM_WEBHOOK_SECRET was changed, must not leave the
 * bot deaf until a restart. A refusal (a 400 about the URL, a refused token) is not tried again.
 */
function registerWebhook(
  bot: Bot,
  options: TelegramWebhookOptions,
  secret: string,
  log: Logger,
  retryMs: { first: number; max: number },
): KeptTrying {
  return keepTrying(
    async () => {
      await bot.api.setWebhook(webhookUrl(options), {
        allowed_updates: allowedUpdates,
        secret_token: secret,
      });
      log.info({ path: options.path }, 'telegram webhook set');
    },
    { failed: 'telegram setWebhook failed: trying again', refused: webhookRefusal, log, retryMs },
  );
}

/**
 * Whether the bot knows itself (getMe) within `waitMs`. grammY's init retries getMe for as long as
 * Telegram cannot be reached; the try goes on in the background, shared by the updates that come
 * meanwhile.
 */
async function initWithin(bot: Bot, waitMs: number, log: Logger, updateId: number): Promise<boolean> {
  if (bot.isInited()) return true;
  const init = bot.init().then(
    () => true,
    (error: unknown) => {
      log.error({ err: error, update_id: updateId }, 'telegram webhook update failed');
      return false;
    },
  );
  const late = new Promise<false>((resolve) => setTimeout(() => resolve(false), waitMs).unref());
  return Promise.race([init, late]);
}

/**
 * Handles one update with the bot: a handler's error is logged (bot.catch) and the update acknowledged,
 * as polling does, since a 500 would make Telegram send it again and again. Only an update the bot could
 * not start on (getMe failed or is still being retried: Telegram unreachable) is to be sent again: one
 * acknowledged while it waited for getMe was held in memory only, and lost if Parley stopped meanwhile.
 */
function handleWith(
  bot: Bot,
  log: Logger,
  initWaitMs: number,
): (update: { update_id: number }) => Promise<UpdateOutcome> {
  return async (update) => {
    if (!(await initWithin(bot, initWaitMs, log, update.update_id))) return 'retry';
    try {
      await bot.handleUpdate(update as Update);
    } catch (error) {
      if (!(error instanceof BotError)) throw error;
      await bot.errorHandler(error);
    }
    return 'done';
  };
}

/** Listens on host:port; a port in use or a host not of this machine is the operator's to fix. */
async function listen(server: Server, options: TelegramWebhookOptions): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const host = options.host ?? '0.0.0.0';
    server.once('error', (error: NodeJS.ErrnoException) => {
      const problem = listenProblem(error.code, {
        ...{ hostKey: 'telegram.webhook.host', host, portKey: 'telegram.webhook.port', port: options.port },
      });
      reject(problem === null ? error : new AppError('config_invalid', problem, { cause: error }));
    });
    server.listen(options.port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/**
 * The webhook server (see createWebhookServer) on host:port, then setWebhook. A wrong or missing
 * X-Telegram-Bot-Api-Secret-Token is answered 401 before the bot is involved (grammY's init would first
 * call getMe, and hang on it while Telegram is unreachable). A first setWebhook that Telegram refuses
 * fails the start: the bot would never get an update.
 */
async function startWebhook(
  bot: Bot,
  options: TelegramWebhookOptions,
  log: Logger,
  timing: {
    retryMs: { first: number; max: number };
    stopGraceMs?: number | undefined;
    initWaitMs?: number | undefined;
  },
): Promise<TelegramFrontEnd> {
  const secret = checkWebhookSecret(options.secret);
  const webhook = createWebhookServer({
    path: options.path,
    secret,
    log,
    handle: handleWith(bot, log, timing.initWaitMs ?? 5_000),
    ...(timing.stopGraceMs === undefined ? {} : { stopGraceMs: timing.stopGraceMs }),
  });
  const port = await listen(webhook.server, options);
  // The first try is awaited (a working start has its webhook set); the retries run in the background.
  const registering = registerWebhook(bot, options, secret, log, timing.retryMs);
  const refusal = await registering.first;
  if (refusal !== null) {
    await webhook.stop();
    throw refusal.error;
  }
  return {
    port,
    stop: () => {
      registering.stop();
      return webhook.stop();
    },
  };
}

/**
 * The Telegram front end: the bot with its handlers, its command menus (set in the background; a
 * failure is only logged), and the transport the config chose.
 */
export async function startTelegramFrontEnd(options: TelegramFrontEndOptions): Promise<TelegramFrontEnd> {
  const webhook = options.webhook;
  if (options.mode === 'webhook' && webhook === undefined)
    throw new AppError(
      'config_invalid',
      'Telegram webhook mode needs webhook options (url, port, path, secret)',
    );
  // Refused before anything talks to Telegram or listens on the port.
  if (options.mode === 'webhook') checkWebhookSecret(webhook?.secret ?? null);
  const bot = createTelegramBot(options);
  const menus = registerCommandMenus(bot.api, options.log);
  const transport =
    options.mode === 'webhook' && webhook !== undefined
      ? await startWebhook(bot, webhook, options.log, {
          retryMs: options.pollingRetryMs ?? defaultRetryMs,
          stopGraceMs: options.stopGraceMs,
          initWaitMs: options.initWaitMs,
        })
      : startPolling(bot, options.log, options.pollingRetryMs, options.stopGraceMs);
  return {
    port: transport.port,
    async stop() {
      await transport.stop();
      await menus;
    },
  };
}
