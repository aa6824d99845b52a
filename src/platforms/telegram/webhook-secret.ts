import { webhookSecretProblem } from '../../domain/webhook-secret.js';
import { AppError } from '../../shared/errors.js';

/** The webhook's secret, or config_invalid saying what is wrong with it (see webhookSecretProblem). */
export function checkWebhookSecret(secret: string | null): string {
  const problem = webhookSecretProblem(secret);
  if (problem !== null || secret === null)
    throw new AppError('config_invalid', `TELEGRAM_WEBHOOK_SECRET ${problem ?? 'is required'}`, {
      details: { length: secret?.length ?? 0 },
    });
  return secret;
}
