import type { DigestRequest } from '../../domain/digest-request.js';
import type { DigestPreview } from '../../domain/ports.js';
import { type Block, context, type Reply, userRef } from './mrkdwn.js';
import { type SharedWords, sharedWords } from './shared-words.js';

export const shareActionId = 'parley_share_digest';

// A response_url "can be used up to 5 times within 30 minutes":
// https://api.slack.com/interactivity/handling#message_responses
export const maxResponses = 5;
// Spec: https://docs.slack.dev/reference/block-kit/blocks (50 blocks). Block text past about 12,000
// characters fails with msg_blocks_too_long (slackapi/bolt-js#2509); the renderer stays at 11,000.
const maxBlocks = 50;
const maxChars = 11_800;
// Spec: https://docs.slack.dev/reference/block-kit/block-elements/button-element (value ≤ 2000 characters).
const maxValue = 2000;

function textsOf(block: Block): string[] {
  if (block.type === 'section' || block.type === 'header')
    return block.text === undefined ? [] : [block.text.text];
  if (block.type === 'context')
    return block.elements.map((element) => ('text' in element ? element.text : ''));
  return [];
}

const charsOf = (blocks: readonly Block[]): number =>
  blocks.reduce((sum, block) => sum + textsOf(block).reduce((n, text) => n + text.length, 0), 0);

/** The preview's messages (rendered for Slack by the composer) as replies. */
export function partsOf(preview: DigestPreview): Reply[] {
  return preview.parts.flatMap((part) =>
    part.platform === 'slack' ? [{ text: part.text, blocks: part.blocks as Block[] }] : [],
  );
}

/**
 * `trailer` at the end of the last message when it fits there, else as one more message if `max` allows
 * (with `name` as its notification text).
 */
export function withTrailer(
  messages: readonly Reply[],
  trailer: Block[],
  max: number,
  name = sharedWords.en.digestName,
): Reply[] {
  const last = messages.at(-1);
  const fits =
    last !== undefined &&
    last.blocks.length + trailer.length <= maxBlocks &&
    charsOf(last.blocks) + charsOf(trailer) <= maxChars;
  if (last !== undefined && fits)
    return [...messages.slice(0, -1), { ...last, blocks: [...last.blocks, ...trailer] }];
  if (messages.length < max) return [...messages, { text: name, blocks: trailer }];
  return [...messages];
}

/**
 * What the share button must remember, in canonical words (topic ids or "all", the period in ms), so
 * the button's value stays small whatever was typed: the digest is rendered again on click.
 */
export function shareValue(request: DigestRequest): string | null {
  const topics = request.topics === null ? [] : request.topics.length === 0 ? ['all'] : request.topics;
  const period = request.periodMs === null ? [] : [`${request.periodMs}ms`];
  const value = [...topics, ...period].join(' ');
  return value.length <= maxValue ? value : null;
}

export function wordsOf(value: string): string[] {
  return value.split(' ').filter((word) => word !== '');
}

const shareButton = (value: string): Block => ({
  type: 'actions',
  elements: [
    {
      type: 'button',
      action_id: shareActionId,
      text: { type: 'plain_text', text: 'Share in channel' },
      // No words (the channel's own topics and period): no value, which Slack then leaves out.
      ...(value === '' ? {} : { value }),
    },
  ],
});

/**
 * The ephemeral answer to `/digest …`: at most four parts (one response_url use is kept for the share
 * button's message when the last part is full), then the button. An empty digest gets no button.
 */
export function digestReplies(preview: DigestPreview, value: string | null): Reply[] {
  const parts = partsOf(preview);
  if (preview.storyCount === 0 || value === null) return parts.slice(0, maxResponses);
  const shown = parts.slice(0, maxResponses - 1);
  const omitted = parts.length - shown.length;
  const more =
    omitted > 0
      ? [
          context(
            `${omitted} more part(s) not shown: name a topic or a shorter period, e.g. \`/digest ukraine 24h\`.`,
          ),
        ]
      : [];
  return withTrailer(shown, [...more, shareButton(value)], maxResponses);
}

/**
 * The digest as posted for the channel; one response_url use is left for the confirmation, so a longer
 * digest is cut after its first parts, and the channel is told so (its last heading says "part 4 of 8").
 * The line under it is in the digest's language (`words`), as everyone in the channel reads it.
 */
export function sharedMessages(preview: DigestPreview, userId: string, words: SharedWords): Reply[] {
  const all = partsOf(preview);
  const max = maxResponses - 1;
  const post = (count: number): { replies: Reply[]; told: boolean } => {
    const trailer = [context(words.sharedBy(userRef(userId), all.length - count))];
    const omitted = all.length - count;
    const replies = withTrailer(all.slice(0, count), trailer, max, words.digestName);
    return { replies, told: omitted === 0 || replies.at(-1)?.blocks.at(-1) === trailer[0] };
  };
  const first = post(Math.min(all.length, max));
  // Every use taken by full parts: one part fewer, so that the channel learns the digest is cut.
  return first.told ? first.replies : post(max - 1).replies;
}

export const sharedConfirmation: Reply = {
  text: 'Shared in the channel',
  blocks: [context('You shared this digest in the channel.')],
};
