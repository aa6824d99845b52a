/**
 * Requests as Slack sends them to a Bolt HTTP receiver: form-encoded slash commands, signed with
 * HMAC-SHA256 of `v0:${timestamp}:${body}` (https://api.slack.com/authentication/verifying-requests-from-slack).
 * Only node built-ins, so that the `slack` bench's client worker can load it cheaply.
 */
import { createHmac } from 'node:crypto';

export const signingSecret = 'test-signing-secret-8f14e45fceea167a';

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export type Sent = { status: number; text: string; ms: number; json(): Record<string, unknown> };
/** `timestamp` in seconds (default now); `secret` to sign with another one; `signature` to send this one. */
export type Signing = { timestamp?: number; secret?: string; signature?: string };

export async function postSigned(
  endpoint: string,
  body: string,
  contentType: string,
  signing: Signing = {},
): Promise<Sent> {
  const timestamp = signing.timestamp ?? Math.floor(Date.now() / 1000);
  const started = performance.now();
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature':
        signing.signature ?? slackSignature(signing.secret ?? signingSecret, timestamp, body),
    },
    body,
  });
  const text = await res.text();
  const ms = performance.now() - started;
  return { status: res.status, text, ms, json: () => JSON.parse(text) as Record<string, unknown> };
}

export type CommandFields = {
  text: string;
  user: string;
  channel: string;
  channelName: string;
  responseUrl: string;
};

/** The form body of a `/digest` slash command. Spec: https://api.slack.com/interactivity/slash-commands */
export function commandBody(fields: CommandFields): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T00000FAKE',
    team_domain: 'parley-test',
    channel_id: fields.channel,
    channel_name: fields.channelName,
    user_id: fields.user,
    user_name: fields.user.toLowerCase(),
    command: '/digest',
    text: fields.text,
    api_app_id: 'A00000FAKE',
    response_url: fields.responseUrl,
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
  }).toString();
}

/** A click on a digest's "Share in channel" button in channel C1, answered at the response_url named `key`. */
export function shareClick(responseUrl: (key: string) => string, value: string | undefined, key: string) {
  return {
    type: 'block_actions',
    user: { id: 'U1', username: 'u1', team_id: 'T00000FAKE' },
    api_app_id: 'A00000FAKE',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1795000000.000100', channel_id: 'C1', is_ephemeral: true },
    trigger_id: 'trigger-share',
    team: { id: 'T00000FAKE', domain: 'parley-test' },
    channel: { id: 'C1', name: 'peace-desk' },
    response_url: responseUrl(key),
    actions: [
      {
        action_id: 'parley_share_digest',
        block_id: 'share',
        type: 'button',
        text: { type: 'plain_text', text: 'Share in channel' },
        ...(value === undefined ? {} : { value }),
        action_ts: '1795000001.000200',
      },
    ],
  };
}
