import { webhookSecretProblem } from '../domain/webhook-secret.js';
import type { ProxySettings } from '../shared/proxy.js';
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

/** The variable that is set, lower case first (as curl and undici read them), or null. */
function readEither(env: Env, name: string): { name: string; value: string } | null {
  for (const each of [name.toLowerCase(), name]) {
    const value = read(env, each);
    if (value !== null) return { name: each, value: value.trim() };
  }
  return null;
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A proxy URL as operators write it: `http://proxy.corp:3128`, `http://user:pass@10.0.0.5:3128`, or
 * without a scheme (`proxy.corp:3128`, which curl takes as http://). Null, with a problem, when it is
 * not one; the value is never quoted: it may carry a password.
 */
function proxyUrl(setting: { name: string; value: string }, problems: Problem[]): string | null {
  const text = /^[a-z][a-z\d+.-]*:\/\//i.test(setting.value) ? setting.value : `http://${setting.value}`;
  const refuse = (why: string) => {
    const shown = `${why} (the value is not shown: it may hold a password)`;
    problems.push({ file: source, path: setting.name, message: shown });
    return null;
  };
  if (!URL.canParse(text)) return refuse('is not a proxy URL: expected http://host:port');
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return refuse(
      `names a ${url.protocol.slice(0, -1)} proxy: only http:// and https:// proxies are supported`,
    );
  if (url.hostname === '') return refuse('is not a proxy URL: expected http://host:port');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '')
    return refuse('must be only a scheme, host and port (http://host:port), with no path');
  // undici decodes them when it builds the Proxy-Authorization header, and throws on a stray %.
  if (!decodes(url.username) || !decodes(url.password))
    return refuse('has a user name or password that is not percent-encoded: write % as %25');
  return url.href;
}

/**
 * The outbound proxy (https_proxy / HTTPS_PROXY, http_proxy / HTTP_PROXY, no_proxy / NO_PROXY), or null
 * when neither proxy variable is set: every request then goes direct, as before.
 */
export function readProxy(env: Env, problems: Problem[]): ProxySettings | null {
  const https = readEither(env, 'HTTPS_PROXY');
  const http = readEither(env, 'HTTP_PROXY');
  if (https === null && http === null) return null;
  const httpsProxy = https === null ? null : proxyUrl(https, problems);
  const httpProxy = http === null ? null : proxyUrl(http, problems);
  if (httpsProxy === null && httpProxy === null) return null;
  return { httpProxy, httpsProxy, noProxy: readEither(env, 'NO_PROXY')?.value ?? '' };
}
