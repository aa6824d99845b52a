import { createChatService } from '../../delivery/chat-service.js';
import type { ChatService } from '../../domain/ports.js';
import { startSlackFrontEnd } from '../../platforms/slack/slack-front-end.js';
import { startTelegramFrontEnd } from '../../platforms/telegram/front-end.js';
import { isAppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { Runtime } from '../runtime.js';
import { configDefaults } from './chats-input.js';

type Stoppable = { stop(): Promise<void> };

/**
 * Starts a front end; when the platform cannot be reached now (a retryable error: network, timeout,
 * 5xx), keeps trying in the background (10 s doubling, at most 5 min) instead of failing the whole
 * process, since polling and delivery work without it. A refused token or a missing secret still fails.
 */
async function startOrRetry(name: string, log: Logger, start: () => Promise<Stoppable>): Promise<Stoppable> {
  try {
    return await start();
  } catch (error) {
    if (!isAppError(error) || !error.retryable) throw error;
    let current: Stoppable | null = null;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const attempt = (delay: number) => {
      log.warn({ err: error, platform: name, retry_in_ms: delay }, 'front end unreachable: will retry');
      timer = setTimeout(async () => {
        try {
          const started = await start();
          if (stopped) await started.stop();
          else current = started;
        } catch (again) {
          if (!stopped && isAppError(again) && again.retryable) attempt(Math.min(delay * 2, 300_000));
          else if (!stopped) log.error({ err: again, platform: name }, 'front end failed to start');
        }
      }, delay);
    };
    attempt(10_000);
    return {
      async stop() {
        stopped = true;
        clearTimeout(timer);
        await current?.stop();
      },
    };
  }
}

/** The commands both front ends serve; on-demand digests wake the pump. */
export function createService(runtime: Runtime, wake: () => void): ChatService {
  return createChatService({
    chats: runtime.chats,
    outbox: runtime.outbox,
    composer: runtime.composer,
    clock: runtime.clock,
    topics: runtime.topicList().map(({ id, label, labels }) => ({ id, label, labels })),
    topicNamed: runtime.topicNamed,
    defaults: configDefaults(runtime.config),
    onEnqueued: wake,
  });
}

/**
 * The Telegram bot and the Slack app for the platforms whose token is set. A missing companion secret
 * (SLACK_APP_TOKEN in Socket Mode, SLACK_SIGNING_SECRET in HTTP mode) or a refused token stops start-up
 * with the reason, rather than running a bot nobody can talk to.
 */
export async function startFrontEnds(runtime: Runtime, service: ChatService): Promise<Stoppable[]> {
  const { config, log, clock } = runtime;
  const { telegramBotToken, slackBotToken } = config.secrets;
  const started: Stoppable[] = [];
  const outbound = runtime.outbound;
  const fetch = outbound === null ? {} : { fetch: outbound.fetch };
  try {
    if (telegramBotToken !== null) {
      const { url, port, host, path } = config.telegram.webhook;
      const secret = config.secrets.telegramWebhookSecret;
      const webhook = url === null ? {} : { webhook: { url, port, host, path, secret } };
      const options = {
        token: telegramBotToken,
        apiRoot: config.apiRoots.telegram,
        service,
        log,
        clock,
        ...fetch,
      };
      started.push(await startTelegramFrontEnd({ ...options, mode: config.telegram.mode, ...webhook }));
    }
    if (slackBotToken !== null) {
      started.push(
        await startOrRetry('slack', log, () =>
          startSlackFrontEnd({
            botToken: slackBotToken,
            apiUrl: config.apiRoots.slack,
            mode: config.slack.mode,
            appToken: config.secrets.slackAppToken,
            signingSecret: config.secrets.slackSigningSecret,
            port: config.slack.port,
            host: config.slack.host,
            service,
            log,
            clock,
            timeoutMs: config.delivery.sendTimeout,
            ...(outbound === null ? {} : { fetch: outbound.fetch, dispatcher: outbound.dispatcher }),
          }),
        ),
      );
    }
  } catch (error) {
    for (const frontEnd of started) await frontEnd.stop();
    throw error;
  }
  return started;
}
