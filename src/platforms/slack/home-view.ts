import type { Chat } from '../../domain/chat.js';
import type { ChatService, DigestPreview } from '../../domain/ports.js';
import { describeChat } from './command-replies.js';
import { partsOf } from './digest-reply.js';
import { type Block, channelRef, context, divider, header, section } from './mrkdwn.js';

export type HomeView = { type: 'home'; blocks: Block[] };

// Spec: https://docs.slack.dev/reference/block-kit/blocks (up to 100 blocks in a Home tab; section text ≤ 3000).
const maxHomeBlocks = 100;
const maxSectionChars = 2900;
const maxChannelSections = 10;

const about =
  'Parley reads news feeds about peace talks (negotiations, ceasefires, peace plans, mediation, prisoner ' +
  'and hostage exchanges), merges the reports of several outlets into one story with a short summary, ' +
  'tags it by conflict and makes digests of them.\n' +
  '• `/digest` in any channel: this week’s digest, only for you, with a button to share it.\n' +
  '• `/digest subscribe ukraine`: the digest in that channel every week.\n' +
  '• `/digest help`: everything else.';

/** What Slack said about the channels the viewer is in (see memberChannels). */
export type ViewerChannels =
  | { kind: 'known'; channels: ReadonlySet<string>; complete: boolean }
  | { kind: 'missing_scope' }
  | { kind: 'failed' };

const unknownChannels = {
  missing_scope:
    'Parley cannot see which channels you are in, so it lists none here (the app needs the `channels:read` ' +
    'and `groups:read` scopes of `config/slack-app-manifest.yaml`; ask whoever installed it). ' +
    '`/digest settings` in a channel shows its digest.',
  failed:
    'Slack did not say which channels you are in just now, so none are listed: open this tab again in a ' +
    'minute. `/digest settings` in a channel shows its digest.',
};

/** One line per subscribed channel the viewer is in, packed into as few sections as the text limit allows. */
function channelSections(all: readonly Chat[], viewer: ViewerChannels, service: ChatService): Block[] {
  if (viewer.kind !== 'known') return [section(unknownChannels[viewer.kind])];
  const chats = all.filter((chat) => viewer.channels.has(chat.chatId));
  const partial = viewer.complete
    ? []
    : [context('You are in more channels than Parley could check: some of yours may be missing here.')];
  if (chats.length === 0)
    return [
      section('None of your channels gets a scheduled digest yet: type `/digest subscribe` in one.'),
      ...partial,
    ];
  const sections: string[] = [];
  let current = '';
  for (const chat of chats) {
    const { topics, schedule } = describeChat(chat, service);
    const line = `• ${channelRef(chat.chatId)}: ${topics}; ${schedule}`;
    if (current !== '' && current.length + line.length + 1 > maxSectionChars) {
      sections.push(current);
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  sections.push(current);
  const shown = sections.slice(0, maxChannelSections).map(section);
  const hidden = sections.length - shown.length;
  const more = hidden > 0 ? [context(`…and more channels (${hidden} more sections).`)] : [];
  return [...shown, ...more, ...partial];
}

/** The digest's first message, within what is left of the tab's 100 blocks. */
function digestBlocks(preview: DigestPreview | null, room: number): Block[] {
  if (preview === null) return [section('The latest digest could not be made just now.')];
  const [first] = partsOf(preview);
  if (first === undefined) return [];
  const more = preview.parts.length > 1 || first.blocks.length > room - 1;
  const blocks = first.blocks.slice(0, more ? room - 1 : room);
  return more ? [...blocks, context('More in the full digest: type `/digest` in a channel.')] : blocks;
}

/**
 * The App Home tab: what Parley is, the subscribed channels the viewer is in (none when Slack does not
 * say, since a private channel's settings are for its members), the latest digest.
 */
export function homeView(
  chats: readonly Chat[],
  viewer: ViewerChannels,
  service: ChatService,
  preview: DigestPreview | null,
): HomeView {
  const top: Block[] = [
    header('Parley: peace talks digests'),
    section(about),
    divider,
    header('Your channels with a digest'),
    ...channelSections(chats, viewer, service),
    divider,
    header('Latest digest'),
  ];
  return { type: 'home', blocks: [...top, ...digestBlocks(preview, maxHomeBlocks - top.length)] };
}
