import { webhookSecretProblem } from '../domain/webhook-secret.js';
import { isHttpUrl } from '../shared/url.js';
import type { Problem } from './problems.js';
import type { Secrets } from './schema.js';

export type ApiRoots = { telegram: string; slack: string; llm: string | null };

type Env = Record<string, string | undefined>;

const source = 'environment';

/** Unset and empty are the same: `TOKEN=` in a .env file means "no token". */
function read(env: Env, name: string): string | null {
  const value = env[name];
  return value === undefined || value === '' ? null : value;
}

export function readSecrets(env: Env): Secrets {
  return {
    telegramBotToken: read(env, 'TELEGRAM_BOT_TOKEN'),
    telegramWebhookSecret: read(env, 'TELEGRAM_WEBHOOK_SECRET'),
    slackBotToken: read(env, 'SLACK_BOT_TOKEN'),
    slackAppToken: read(env, 'SLACK_APP_TOKEN'),
    slackSigningSecret: read(env, 'SLACK_SIGNING_SECRET'),
    llmApiKey: read(env, 'LLM_API_KEY'),
  };
}

/** TELEGRAM_WEBHOOK_SECRET in webhook mode (only checked when the bot token is set). */
export function checkWebhookSecret(env: Env, telegramMode: unknown, problems: Problem[]): void {
  if (telegramMode !== 'webhook' || read(env, 'TELEGRAM_BOT_TOKEN') === null) return;
  const message = webhookSecretProblem(read(env, 'TELEGRAM_WEBHOOK_SECRET'));
  if (message !== null) problems.push({ file: source, path: 'TELEGRAM_WEBHOOK_SECRET', message });
}

/** Base URLs of the APIs Parley talks to; tests point them at loopback fakes. */
export function readApiRoots(env: Env, problems: Problem[]): ApiRoots {
  const url = (name: string, fallback: string | null): string | null => {
    const value = read(env, name);
    if (value === null) return fallback;
    if (!isHttpUrl(value)) {
      // The value is not quoted: a token pasted into the wrong variable would be printed in the error.
      const message = `is not an http(s) URL (must start with https:// or http://; the value is not shown: it may be a secret)`;
      problems.push({ file: source, path: name, message });
      return fallback;
    }
    const { username, password } = new URL(value);
    if (username === '' && password === '') return value;
    // fetch refuses such a URL on every request, and each refusal would log the password.
    const message = 'must not carry a user name or password: put the key in LLM_API_KEY';
    problems.push({ file: source, path: name, message });
    return fallback;
  };
  return {
    // Spec: https://core.telegram.org/bots/api#making-requests
    telegram: url('TELEGRAM_API_ROOT', 'https://api.telegram.org') ?? 'https://api.telegram.org',
    // Spec: https://api.slack.com/web#basics
    slack: url('SLACK_API_URL', 'https://slack.com/api/') ?? 'https://slack.com/api/',
    llm: url('LLM_BASE_URL', null),
  };
}
