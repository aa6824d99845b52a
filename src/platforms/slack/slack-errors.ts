import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { AppError, outcomeUnknown, proxyRefusalStatus, systemErrorCode } from '../../shared/errors.js';

/**
 * What Slack's answers mean for the delivery pump. The Web API answers HTTP 200 with `ok: false` and an
 * error string for almost everything; only 429 (Retry-After) and outages use the status line.
 * Spec: https://docs.slack.dev/reference/methods/chat.postMessage#errors
 */

/**
 * The channel cannot take the bot's messages any more: stop sending to it. The restricted_action ones:
 * a read-only (announcement) channel, a thread-only channel (Parley posts top-level messages), #general
 * closed to posts: every later digest would be refused alike. Plain `restricted_action` ("a workspace
 * preference prevents the authenticated user from posting") is not here: it may be the workspace's, for
 * every channel, and lifted later; it fails the message and leaves the channel subscribed.
 */
const goneChannel = new Set([
  'channel_not_found',
  'is_archived',
  'channel_is_archived',
  'not_in_channel',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'posting_to_general_channel_denied',
]);

/**
 * The token or the app is wrong for the whole workspace, so every channel would fail alike: the operator
 * must act. account_inactive is here, not under "channel gone": for a bot token it means the bot user or
 * the workspace was deleted ("Authentication token is for a deleted user or workspace").
 */
const badToken = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'missing_scope',
  'not_allowed_token_type',
  'ekm_access_denied',
  // An org-wide app not granted this workspace: "The token used is not granted the specific workspace
  // access required to complete this request."
  'team_access_not_granted',
]);

/**
 * Slack cannot take the message now, but will: retry with backoff. For the first two the docs warn "some
 * aspect of the operation succeeded" (outcome unknown); the others refused the request. team_added_to_org
 * and org_login_required: an Enterprise migration, "intermittently unavailable until the transition is
 * complete". Spec: https://docs.slack.dev/reference/methods/chat.postMessage#errors
 */
const serverTrouble: Record<string, boolean> = {
  internal_error: true,
  fatal_error: true,
  service_unavailable: false,
  request_timeout: false,
  team_added_to_org: false,
  org_login_required: false,
};

/**
 * message_limit_exceeded: "Members on this team are sending too many messages" (a free workspace's
 * high-volume limit: "you may be prevented from sending too many messages or files in a short period of
 * time", https://slack.com/help/articles/115002422943). The whole workspace is refused, not one channel,
 * so it pauses every Slack send as a 429 does; Slack names no wait, so a minute unless a Retry-After does.
 */
const workspaceLimitSeconds = 60;

/** What Slack's error strings look like (`channel_not_found`); anything else did not come from Slack. */
const slackErrorCode = /^[a-z][a-z0-9_]*$/;

function rateLimited(retryAfterSeconds: number, cause: unknown, reason?: string): AppError {
  return new AppError('rate_limited', `Slack rate limit: retry after ${retryAfterSeconds} s`, {
    cause,
    retryable: true,
    details: { retryAfterSeconds, platform: 'slack', ...(reason !== undefined && { reason }) },
  });
}

/**
 * An HTTP 200 whose body is not Slack's JSON (a proxy's or captive portal's HTML page): WebClient passes the
 * whole text as the error string (buildResult). Whoever answered may have forwarded the post, so the
 * outcome is unknown, as when the body breaks off: retried, at least once (README "Delivery guarantees").
 */
function notSlackAnswer(error: WebAPIPlatformError): AppError {
  const body = typeof error.data.error === 'string' ? error.data.error : JSON.stringify(error.data);
  const start = body.replace(/\s+/g, ' ').trim().slice(0, 80);
  return new AppError('http_status', 'Slack API answered HTTP 200 with a body that is not Slack JSON', {
    cause: error,
    retryable: true,
    details: { status: 200, reason: `body starts "${start}"`, platform: 'slack', outcomeUnknown: true },
  });
}

function fromPlatform(error: WebAPIPlatformError): AppError {
  const reason: unknown = error.data.error;
  if (typeof reason !== 'string' || !slackErrorCode.test(reason)) return notSlackAnswer(error);
  const messages = error.data.response_metadata?.messages ?? [];
  const details = { reason, platform: 'slack', ...(messages.length > 0 && { messages }) };
  if (reason === 'ratelimited' || reason === 'rate_limited')
    return rateLimited(error.data.response_metadata?.retryAfter ?? 1, error);
  if (reason === 'message_limit_exceeded')
    return rateLimited(error.data.response_metadata?.retryAfter ?? workspaceLimitSeconds, error, reason);
  if (goneChannel.has(reason))
    return new AppError('chat_gone', `Slack channel is gone: ${reason}`, {
      cause: error,
      retryable: false,
      details,
    });
  if (badToken.has(reason))
    return new AppError('config_invalid', `Slack refused the bot token: ${reason}`, {
      cause: error,
      retryable: false,
      details,
    });
  const outcomeUnknown = serverTrouble[reason];
  if (outcomeUnknown !== undefined)
    return new AppError('http_status', `Slack cannot take messages now: ${reason}`, {
      cause: error,
      retryable: true,
      details: { ...details, status: 200, outcomeUnknown },
    });
  // invalid_blocks, msg_too_long, msg_blocks_too_long, too_many_attachments, no_text, restricted_action,
  // no_permission ("make sure your app is a member of the conversation": this channel's, not the token's) …
  return new AppError('message_rejected', `Slack refused the message: ${reason}`, {
    cause: error,
    retryable: false,
    details,
  });
}

function fromHttp(error: WebAPIHTTPError): AppError {
  const status = error.statusCode;
  const reason = `HTTP ${status} ${error.statusMessage}`.trim();
  // 401/403/404 at the HTTP level mean a wrong slackApiUrl or a proxy in the way, not a bad message.
  if (status === 401 || status === 403 || status === 404)
    return new AppError('config_invalid', `Slack API answered ${reason}`, {
      cause: error,
      retryable: false,
      details: { status, reason },
    });
  return new AppError('http_status', `Slack API answered ${reason}`, {
    cause: error,
    retryable: status >= 500 || status === 408,
    details: { status, reason, outcomeUnknown: false },
  });
}

/** web-api v8 uses global fetch (undici): "fetch failed" with the socket error as its cause. */
function fromRequest(error: WebAPIRequestError): AppError {
  const original = error.original;
  if (original.name === 'TimeoutError' || original.name === 'AbortError')
    return new AppError('timeout', 'Slack did not answer in time', {
      cause: error,
      retryable: true,
      details: { reason: original.message, outcomeUnknown: true },
    });
  const refused = proxyRefusalStatus(original);
  if (refused !== null)
    return new AppError('unreachable', `The proxy refused to connect to Slack: HTTP ${refused}`, {
      cause: error,
      retryable: true,
      details: { reason: original.message, status: refused, outcomeUnknown: false },
    });
  const code = systemErrorCode(original);
  return new AppError('unreachable', `Cannot reach Slack: ${code ?? original.message}`, {
    cause: error,
    retryable: true,
    details: { reason: original.message, code, outcomeUnknown: outcomeUnknown(code) },
  });
}

/**
 * A failure while reading the answer's body: WebClient reads it (buildResult) outside the try that wraps
 * transport errors in WebAPIRequestError, so the timeout's abort (a DOMException) or undici's "terminated"
 * (the connection dropped mid-body) reaches us bare. The status line said 200: the post may be in.
 */
function isBodyReadFailure(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  return error instanceof TypeError && error.message === 'terminated';
}

/** The AppError for a @slack/web-api error; anything else is rethrown, since it is a bug. */
export function translateSlackError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof WebAPIRateLimitedError) return rateLimited(error.retryAfter, error);
  if (error instanceof WebAPIPlatformError) return fromPlatform(error);
  if (error instanceof WebAPIHTTPError) return fromHttp(error);
  if (error instanceof WebAPIRequestError) return fromRequest(error);
  if (isBodyReadFailure(error)) return fromRequest(new WebAPIRequestError(error));
  // A 429 without a usable Retry-After header (WebClient.js makeRequest): wait the minimum.
  if (error instanceof Error && error.message.startsWith('Retry header did not contain a valid timeout'))
    return rateLimited(1, error);
  throw error;
}
