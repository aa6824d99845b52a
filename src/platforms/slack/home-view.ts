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

/** One line per channel, packed into as few sections as the text limit allows. */
function channelSections(chats: readonly Chat[], service: ChatService): Block[] {
  if (chats.length === 0)
    return [section('No channel gets a scheduled digest yet: type `/digest subscribe` in a channel.')];
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
  return hidden > 0 ? [...shown, context(`…and more channels (${hidden} more sections).`)] : shown;
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

/** The App Home tab: what Parley is, the channels subscribed in this workspace, the latest digest. */
export function homeView(
  chats: readonly Chat[],
  service: ChatService,
  preview: DigestPreview | null,
): HomeView {
  const top: Block[] = [
    header('Parley: peace talks digests'),
    section(about),
    divider,
    header('Subscribed channels'),
    ...channelSections(chats, service),
    divider,
    header('Latest digest'),
  ];
  return { type: 'home', blocks: [...top, ...digestBlocks(preview, maxHomeBlocks - top.length)] };
}
