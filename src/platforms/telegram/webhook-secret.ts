import { AppError } from '../../shared/errors.js';

// Spec: https://core.telegram.org/bots/api#setwebhook (secret_token: 1-256 characters, A-Z a-z 0-9 _ -)
const webhookSecret = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * The webhook's secret, or config_invalid: without one anyone who reaches the port could post updates,
 * and a channel_post is trusted as coming from the channel's admins.
 */
export function checkWebhookSecret(secret: string | null): string {
  if (secret === null)
    throw new AppError(
      'config_invalid',
      'telegram webhook mode needs TELEGRAM_WEBHOOK_SECRET (1 to 256 of A-Z a-z 0-9 _ -): without it anyone who reaches the port could send the bot updates',
    );
  if (!webhookSecret.test(secret))
    throw new AppError(
      'config_invalid',
      'TELEGRAM_WEBHOOK_SECRET must be 1 to 256 of A-Z a-z 0-9 _ - (Telegram refuses any other secret_token)',
      { details: { length: secret.length } },
    );
  return secret;
}
