import { createChatService } from '../../delivery/chat-service.js';
import type { ChatService } from '../../domain/ports.js';
import { startSlackFrontEnd } from '../../platforms/slack/slack-front-end.js';
import { startTelegramFrontEnd } from '../../platforms/telegram/front-end.js';
import type { Runtime } from '../runtime.js';
import { configDefaults } from './chats-input.js';

type Stoppable = { stop(): Promise<void> };

/** The commands both front ends serve; on-demand digests wake the pump. */
export function createService(runtime: Runtime, wake: () => void): ChatService {
  return createChatService({
    chats: runtime.chats,
    outbox: runtime.outbox,
    composer: runtime.composer,
    clock: runtime.clock,
    topics: runtime.topicList().map(({ id, label }) => ({ id, label })),
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
  try {
    if (telegramBotToken !== null) {
      const { url, port, path } = config.telegram.webhook;
      const webhook =
        url === null ? {} : { webhook: { url, port, path, secret: config.secrets.telegramWebhookSecret } };
      const options = { token: telegramBotToken, apiRoot: config.apiRoots.telegram, service, log, clock };
      started.push(await startTelegramFrontEnd({ ...options, mode: config.telegram.mode, ...webhook }));
    }
    if (slackBotToken !== null) {
      started.push(
        await startSlackFrontEnd({
          botToken: slackBotToken,
          apiUrl: config.apiRoots.slack,
          mode: config.slack.mode,
          appToken: config.secrets.slackAppToken,
          signingSecret: config.secrets.slackSigningSecret,
          port: config.slack.port,
          service,
          log,
          clock,
          timeoutMs: config.delivery.sendTimeout,
        }),
      );
    }
  } catch (error) {
    for (const frontEnd of started) await frontEnd.stop();
    throw error;
  }
  return started;
}
