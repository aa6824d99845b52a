import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Bot, webhookCallback } from 'grammy';
import { AppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { allowedUpdates, createTelegramBot, type TelegramBotOptions } from './bot.js';
import { registerCommandMenus } from './bot-commands.js';

export type TelegramWebhookOptions = {
  /** The public https URL Telegram calls; when it has no path, `path` is appended. */
  url: string;
  port: number;
  /** Where the local server takes updates, e.g. "/telegram". */
  path: string;
  /** setWebhook's secret_token: 1–256 of A-Z a-z 0-9 _ - (platform-facts §1.2); null: none. */
  secret: string | null;
  /** Default 0.0.0.0. */
  host?: string;
};

export type TelegramFrontEndOptions = TelegramBotOptions & {
  mode: 'polling' | 'webhook';
  webhook?: TelegramWebhookOptions;
};

export type TelegramFrontEnd = {
  /** The webhook server's port (useful with port 0), or null when polling. */
  port: number | null;
  /** Stops taking updates and lets the handlers in progress finish. */
  stop(): Promise<void>;
};

/**
 * Long polling with `bot.start()`, not awaited: it runs until stop(). Handler errors are logged by
 * bot.catch; network errors are retried by grammY itself; a refused token (401) or a second poller
 * (409) ends polling and is logged. Spec: https://grammy.dev/guide/deployment-types
 */
function startPolling(bot: Bot, log: Logger): TelegramFrontEnd {
  const running = bot
    .start({
      allowed_updates: allowedUpdates,
      onStart: (me) => log.info({ username: me.username }, 'telegram bot polling'),
    })
    .catch((error: unknown) => log.error({ err: error }, 'telegram polling stopped'));
  return {
    port: null,
    async stop() {
      // stop() confirms the last update's offset with one more getUpdates, so none is handled twice.
      if (bot.isRunning())
        await bot.stop().catch((error: unknown) => log.warn({ err: error }, 'telegram stop'));
      await running;
    },
  };
}

function webhookUrl(options: TelegramWebhookOptions): string {
  const url = new URL(options.url);
  if (url.pathname === '/') url.pathname = options.path;
  return url.toString();
}

/**
 * A node:http server on host:port that hands POSTs to `path` to grammY, which refuses a wrong or missing
 * X-Telegram-Bot-Api-Secret-Token with 401. A slow handler is answered after 10 s anyway ('return'):
 * otherwise Telegram sends the same update again (grammY guide/deployment-types.md).
 * Spec: https://core.telegram.org/bots/api#setwebhook
 */
async function startWebhook(
  bot: Bot,
  options: TelegramWebhookOptions,
  log: Logger,
): Promise<TelegramFrontEnd> {
  const handle = webhookCallback(bot, 'http', {
    onTimeout: 'return',
    ...(options.secret === null ? {} : { secretToken: options.secret }),
  });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || path !== options.path) {
      res.writeHead(404).end();
      return;
    }
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'telegram webhook update failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  if (options.secret === null) log.warn({}, 'telegram webhook has no secret token: anyone can post updates');
  try {
    await bot.api.setWebhook(webhookUrl(options), {
      allowed_updates: allowedUpdates,
      ...(options.secret === null ? {} : { secret_token: options.secret }),
    });
    log.info({ port, path: options.path }, 'telegram webhook set');
  } catch (error) {
    log.error({ err: error }, 'telegram setWebhook failed: no updates will arrive');
  }
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/**
 * The Telegram front end: the bot with its handlers, its command menus (set in the background; a
 * failure is only logged), and the transport the config chose.
 */
export async function startTelegramFrontEnd(options: TelegramFrontEndOptions): Promise<TelegramFrontEnd> {
  const bot = createTelegramBot(options);
  const menus = registerCommandMenus(bot.api, options.log);
  const webhook = options.webhook;
  if (options.mode === 'webhook' && webhook === undefined)
    throw new AppError(
      'config_invalid',
      'Telegram webhook mode needs webhook options (url, port, path, secret)',
    );
  const transport =
    options.mode === 'webhook' && webhook !== undefined
      ? await startWebhook(bot, webhook, options.log)
      : startPolling(bot, options.log);
  return {
    port: transport.port,
    async stop() {
      await transport.stop();
      await menus;
    },
  };
}
