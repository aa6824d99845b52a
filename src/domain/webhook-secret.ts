// Spec: https://core.telegram.org/bots/api#setwebhook (secret_token: 1-256 characters, A-Z a-z 0-9 _ -)
const webhookSecret = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * What is wrong with a Telegram webhook secret, or null when it is fine. Webhook mode needs one: without
 * it anyone who reaches the port could post updates, and a channel_post is trusted as coming from the
 * channel's admins. Checked at config load and again when the front end starts.
 */
export function webhookSecretProblem(secret: string | null): string | null {
  if (secret === null) return 'is required in telegram webhook mode (1 to 256 of A-Z a-z 0-9 _ -)';
  return webhookSecret.test(secret) ? null : 'must be 1 to 256 of A-Z a-z 0-9 _ -';
}
