import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Bot, BotError, GrammyError, HttpError, webhookCallback } from 'grammy';
import { closeServer, limitSlowClients } from '../../shared/close-server.js';
import { AppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { allowedUpdates, createTelegramBot, type TelegramBotOptions } from './bot.js';
import { registerCommandMenus } from './bot-commands.js';
import { checkWebhookSecret } from './webhook-secret.js';

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
  /** How long stop() waits for polling to wind down (default 5 s). */
  stopGraceMs?: number;
};

export type TelegramFrontEnd = {
  /** The webhook server's port (useful with port 0), or null when polling. */
  port: number | null;
  /** Stops taking updates and lets the handlers in progress finish. */
  stop(): Promise<void>;
};

const defaultRetryMs = { first: 5_000, max: 300_000 };

/** A refused token will not get better by retrying; the operator has to fix TELEGRAM_BOT_TOKEN. */
const refusedToken = (error: unknown): boolean =>
  error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404);

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
    'telegram polling stopped: starting again',
    log,
    retryMs,
  );
  return {
    port: null,
    async stop() {
      polling.stop();
      // stop() confirms the last update's offset with one more getUpdates, so none is handled twice.
      if (bot.isRunning())
        await bot.stop().catch((error: unknown) => log.warn({ err: error }, 'telegram stop'));
      // grammY retries getMe at start without a way to cancel it: while Telegram is unreachable, polling
      // never winds down, and a shutdown must not wait for it.
      await Promise.race([polling.done, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    },
  };
}

function webhookUrl(options: TelegramWebhookOptions): string {
  const url = new URL(options.url);
  if (url.pathname === '/') url.pathname = options.path;
  return url.toString();
}

/** The header Telegram sends with every update, checked in constant time (sha256 evens the lengths). */
function hasSecret(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string') return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(header), digest(secret));
}

/**
 * Runs `task` until it succeeds or stop(), trying again after a failure (retryMs.first doubling, at
 * most retryMs.max); a refused token is not retried. `first` settles after the first try, `done` when
 * it is over.
 */
function keepTrying(
  task: () => Promise<void>,
  failed: string,
  log: Logger,
  retryMs: { first: number; max: number },
): { first: Promise<void>; done: Promise<void>; stop(): void } {
  let stopped = false;
  let wake = (): void => {};
  let tried = (): void => {};
  const first = new Promise<void>((resolve) => {
    tried = resolve;
  });
  const run = async (): Promise<void> => {
    for (let delay = retryMs.first; !stopped; delay = Math.min(delay * 2, retryMs.max)) {
      try {
        await task();
        return;
      } catch (error) {
        if (stopped) return;
        if (refusedToken(error)) {
          log.error({ err: error }, 'telegram refused the bot token: check TELEGRAM_BOT_TOKEN');
          return;
        }
        log.error({ err: error, retry_in_ms: delay }, failed);
        tried();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          timer.unref();
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  };
  const done = run().finally(tried);
  return {
    first,
    done,
    stop: () => {
      stopped = true;
      wake();
    },
  };
}

/**
 * Registers the webhook with Telegram, and keeps trying in the background while Telegram cannot be
 * reached: a start during an outage, or after TELEGRAM_WEBHOOK_SECRET was changed, must not leave the
 * bot deaf until a restart.
 */
function registerWebhook(
  bot: Bot,
  options: TelegramWebhookOptions,
  secret: string,
  log: Logger,
  retryMs: { first: number; max: number },
): { first: Promise<void>; stop(): void } {
  return keepTrying(
    async () => {
      await bot.api.setWebhook(webhookUrl(options), {
        allowed_updates: allowedUpdates,
        secret_token: secret,
      });
      log.info({ path: options.path }, 'telegram webhook set');
    },
    'telegram setWebhook failed: trying again',
    log,
    retryMs,
  );
}

/**
 * A node:http server on host:port that hands POSTs to `path` to grammY. A wrong or missing
 * X-Telegram-Bot-Api-Secret-Token is answered 401 here, before grammY (which would first call getMe,
 * and hang on it while Telegram is unreachable). A slow handler is answered after 10 s anyway
 * ('return'): otherwise Telegram sends the same update again (grammY guide/deployment-types.md). A
 * handler's error is logged and the update acknowledged, as polling does: a 500 would make Telegram
 * send it again and again.
 * Spec: https://core.telegram.org/bots/api#setwebhook
 */
async function startWebhook(
  bot: Bot,
  options: TelegramWebhookOptions,
  log: Logger,
  retryMs: { first: number; max: number },
): Promise<TelegramFrontEnd> {
  const secret = checkWebhookSecret(options.secret);
  const handle = webhookCallback(bot, 'http', { onTimeout: 'return', secretToken: secret });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || path !== options.path) {
      res.writeHead(404).end();
      return;
    }
    if (!hasSecret(req.headers['x-telegram-bot-api-secret-token'], secret)) {
      res.writeHead(401).end();
      return;
    }
    handle(req, res).catch((error: unknown) => {
      if (error instanceof BotError) {
        log.error({ err: error.error, update_id: error.ctx.update.update_id }, 'telegram update failed');
        if (!res.headersSent) res.writeHead(200).end();
        return;
      }
      log.error({ err: error }, 'telegram webhook update failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  limitSlowClients(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new AppError('config_invalid', `telegram.webhook.port ${options.port} is already in use`, {
              cause: error,
            })
          : error,
      ),
    );
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // The first try is awaited (a working start has its webhook set); the retries run in the background.
  const registering = registerWebhook(bot, options, secret, log, retryMs);
  await registering.first;
  return {
    port,
    stop: () => {
      registering.stop();
      return closeServer(server);
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
      ? await startWebhook(bot, webhook, options.log, options.pollingRetryMs ?? defaultRetryMs)
      : startPolling(bot, options.log, options.pollingRetryMs, options.stopGraceMs);
  return {
    port: transport.port,
    async stop() {
      await transport.stop();
      await menus;
    },
  };
}
