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

// Spec: https://core.telegram.org/bots/api#setwebhook (secret_token: 1-256 characters, A-Z a-z 0-9 _ -)
const webhookSecret = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * A Telegram bot in webhook mode needs TELEGRAM_WEBHOOK_SECRET: without it anyone who reaches the port
 * could post updates (the front end refuses to start too). Only checked when the bot token is set.
 */
export function checkWebhookSecret(env: Env, telegramMode: unknown, problems: Problem[]): void {
  if (telegramMode !== 'webhook' || read(env, 'TELEGRAM_BOT_TOKEN') === null) return;
  const secret = read(env, 'TELEGRAM_WEBHOOK_SECRET');
  const path = 'TELEGRAM_WEBHOOK_SECRET';
  if (secret === null)
    problems.push({
      file: source,
      path,
      message: 'is required in telegram webhook mode (1 to 256 of A-Z a-z 0-9 _ -)',
    });
  else if (!webhookSecret.test(secret))
    problems.push({ file: source, path, message: 'must be 1 to 256 of A-Z a-z 0-9 _ -' });
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Base URLs of the APIs Parley talks to; tests point them at loopback fakes. */
export function readApiRoots(env: Env, problems: Problem[]): ApiRoots {
  const url = (name: string, fallback: string | null): string | null => {
    const value = read(env, name);
    if (value === null) return fallback;
    if (isHttpUrl(value)) return value;
    problems.push({ file: source, path: name, message: `"${value}" is not an http(s) URL` });
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
