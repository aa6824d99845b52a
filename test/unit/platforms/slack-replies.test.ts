import { describe, expect, it } from 'vitest';
import type { Chat } from '../../../src/domain/chat.js';
import { parseDigestRequest } from '../../../src/domain/digest-request.js';
import type { ChatService, DigestPreview } from '../../../src/domain/ports.js';
import {
  digestReplies,
  sharedMessages,
  shareValue,
  wordsOf,
} from '../../../src/platforms/slack/digest-reply.js';
import { homeView } from '../../../src/platforms/slack/home-view.js';
import { sharedWords } from '../../../src/platforms/slack/shared-words.js';
import { parseSlackCommand } from '../../../src/platforms/slack/slack-command.js';
import { chatRow } from '../../support/chat-row.js';

const known = ['ukraine', 'gaza', 'iran'];

describe('parseSlackCommand', () => {
  it.each([
    ['', { kind: 'digest', words: [] }],
    ['  ukraine   7d ', { kind: 'digest', words: ['ukraine', '7d'] }],
    ['Subscribe Ukraine gaza', { kind: 'subscribe', topics: ['Ukraine', 'gaza'] }],
    ['unsubscribe', { kind: 'unsubscribe' }],
    ['schedule weekly friday 09:00', { kind: 'schedule', text: 'weekly friday 09:00' }],
    ['TIMEZONE new   york', { kind: 'timezone', text: 'new york' }],
    ['timezone &lt;x&gt; &amp; y', { kind: 'timezone', text: '<x> & y' }],
    ['quiet SKIP', { kind: 'quiet', text: 'SKIP' }],
    ['help me please', { kind: 'help' }],
    ['settings', { kind: 'settings' }],
    ['topics', { kind: 'topics' }],
    // pasted or typed on a phone: full-width forms, a zero-width space, a direction mark
    ['ｕｋｒａｉｎｅ ７ｄ', { kind: 'digest', words: ['ukraine', '7d'] }],
    ['subscribe ukraine\u200B \u200Egaza', { kind: 'subscribe', topics: ['ukraine', 'gaza'] }],
  ])('reads %j', (text, expected) => {
    expect(parseSlackCommand(text)).toEqual(expected);
  });

  it.each([
    ['unsubscribe all', 'unsubscribe'],
    ['settings x', 'settings'],
    ['topics gaza', 'topics'],
    ['schedule', 'schedule'],
    ['timezone', 'timezone'],
    ['quiet', 'quiet'],
  ])('refuses %j and names the form whose usage to show', (text, usage) => {
    expect(() => parseSlackCommand(text)).toThrow(
      expect.objectContaining({ code: 'invalid_input', details: { usage } }),
    );
  });
});

describe('share button value', () => {
  it.each([
    [[], ''],
    [['all'], 'all'],
    [['Gaza', 'ukraine', 'gaza', '3d'], 'ukraine gaza 259200000ms'],
    [Array.from({ length: 5000 }, () => 'iran'), 'iran'],
  ])('keeps %j as the canonical words %j', (words, value) => {
    expect(shareValue(parseDigestRequest(words, known))).toBe(value);
    expect(wordsOf(value)).toEqual(value === '' ? [] : value.split(' '));
  });
});

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
function preview(parts: number, blocksPerPart: number): DigestPreview {
  return {
    storyCount: parts * blocksPerPart,
    since: 0,
    until: 1,
    parts: Array.from({ length: parts }, (_, part) => ({
      platform: 'slack' as const,
      text: `part ${part + 1}`,
      blocks: Array.from({ length: blocksPerPart }, (_, i) => section(`story ${part}.${i}`)),
    })),
    request: { topics: null, periodMs: null },
  };
}

const blocksOfType = (blocks: unknown[], type: string) =>
  blocks.filter((block) => (block as { type: string }).type === type);

describe('digest replies within response_url and Block Kit limits', () => {
  it('puts the share button under a short digest', () => {
    const [only, ...rest] = digestReplies(preview(1, 5), 'ukraine');
    expect(rest).toEqual([]);
    expect(only?.blocks).toHaveLength(6);
    expect(blocksOfType(only?.blocks ?? [], 'actions')).toHaveLength(1);
  });

  it('sends the button on its own when the last part already has 50 blocks', () => {
    const replies = digestReplies(preview(2, 50), 'ukraine');
    expect(replies.map((reply) => reply.blocks.length)).toEqual([50, 50, 1]);
  });

  it('shows at most four parts and says how many more there are, so five response_url uses suffice', () => {
    const replies = digestReplies(preview(7, 50), 'ukraine');
    expect(replies).toHaveLength(5);
    expect(JSON.stringify(replies[4])).toContain('3 more part(s) not shown');
    expect(replies.every((reply) => reply.blocks.length <= 50)).toBe(true);
  });

  it('leaves one response_url use for the confirmation when sharing', () => {
    const messages = sharedMessages(preview(6, 50), 'U1', sharedWords.en);
    expect(messages).toHaveLength(4);
    // Parts of 50 blocks leave no room for the note: three parts and the note, which says the rest is not there.
    expect(JSON.stringify(messages.at(-1))).toContain('Shared by <@U1> · 3 more parts not posted');
    expect(JSON.stringify(sharedMessages(preview(2, 3), 'U1', sharedWords.en))).not.toContain('not posted');
    expect(sharedMessages(preview(1, 3), 'U1', sharedWords.en)[0]?.blocks.at(-1)).toMatchObject({
      type: 'context',
    });
  });

  it.each([
    ['ru', 'Опубликовано пользователем <@U1> · ещё 3 части не опубликованы', 'Дайджест Parley'],
    ['uk', 'Опубліковано користувачем <@U1> · ще 3 частини не опубліковано', 'Дайджест Parley'],
  ] as const)(
    'writes the line under a shared digest in the channel’s language (%s)',
    (language, line, name) => {
      const messages = sharedMessages(preview(6, 50), 'U1', sharedWords[language]);
      expect(JSON.stringify(messages.at(-1))).toContain(line);
      // The note on its own: its notification text names the digest in that language too.
      expect(messages.at(-1)?.text).toBe(name);
      expect(JSON.stringify(messages)).not.toMatch(/Shared by|not posted/);
    },
  );

  it.each([
    ['ru', 1, 'ещё 1 часть не опубликована'],
    ['ru', 2, 'ещё 2 части не опубликованы'],
    ['ru', 5, 'ещё 5 частей не опубликовано'],
    ['ru', 11, 'ещё 11 частей не опубликовано'],
    ['ru', 21, 'ещё 21 часть не опубликована'],
    ['ru', 22, 'ещё 22 части не опубликованы'],
    ['ru', 25, 'ещё 25 частей не опубликовано'],
    ['ru', 111, 'ещё 111 частей не опубликовано'],
    ['uk', 1, 'ще 1 частину не опубліковано'],
    ['uk', 2, 'ще 2 частини не опубліковано'],
    ['uk', 5, 'ще 5 частин не опубліковано'],
    ['uk', 21, 'ще 21 частину не опубліковано'],
    ['uk', 22, 'ще 22 частини не опубліковано'],
    ['uk', 111, 'ще 111 частин не опубліковано'],
  ] as const)(
    'says in %s that %i parts were not posted, in the form the count takes',
    (language, count, words) => {
      expect(sharedWords[language].sharedBy('<@U1>', count)).toContain(` · ${words}: `);
    },
  );
});

describe('homeView', () => {
  it('stays within 100 blocks with many channels and a full digest part', () => {
    const chat = (i: number): Chat =>
      chatRow({
        platform: 'slack',
        chatId: `C${String(i).padStart(8, '0')}`,
        id: i,
        topics: ['ukraine'],
        timeZone: 'Europe/Kyiv',
      });
    const service = {
      topics: () => known.map((id) => ({ id, label: id })),
      nextDigestAt: () => null,
    } as unknown as ChatService;
    const chats = Array.from({ length: 2000 }, (_, i) => chat(i));
    const everyChannel = {
      kind: 'known',
      channels: new Set(chats.map((c) => c.chatId)),
      complete: true,
    } as const;
    const view = homeView(chats, everyChannel, service, preview(3, 50));
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(view.blocks)).toContain('more channels');
    expect(JSON.stringify(view.blocks.at(-1))).toContain('More in the full digest');
  });
});
