import { AppError } from '../../shared/errors.js';
import { translateSlackError } from './slack-errors.js';
import { singleTryClient } from './slack-sender.js';

/** The workspace a bot token belongs to, as auth.test names it. */
export type SlackTeam = { id: string; name: string | null };

/**
 * The workspace of `token` (auth.test's team_id and team), asked once, without the client's own retries.
 * A failure is thrown as an AppError (translateSlackError): retryable when Slack cannot be reached.
 * Spec: https://docs.slack.dev/reference/methods/auth.test
 */
export async function slackTeamOf(options: {
  token: string;
  /** https://slack.com/api/, or a fake; a missing trailing '/' is added. */
  apiUrl: string;
  timeoutMs: number;
  /** The outbound proxy's fetch, if any. */
  fetch?: typeof globalThis.fetch;
}): Promise<SlackTeam> {
  const client = singleTryClient(options);
  let answer: Awaited<ReturnType<typeof client.auth.test>>;
  try {
    answer = await client.auth.test();
  } catch (error) {
    throw translateSlackError(error);
  }
  if (typeof answer.team_id !== 'string' || answer.team_id === '')
    throw new AppError('parse_failed', 'Slack auth.test answered without a team_id', { retryable: false });
  return { id: answer.team_id, name: typeof answer.team === 'string' ? answer.team : null };
}
