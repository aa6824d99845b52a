import { afterEach, describe, expect, it } from 'vitest';
import { subcommands } from '../../src/platforms/slack/slack-command.js';
import type { StorySeed } from '../support/seed-stories.js';
import { type CommandOptions, type SlackHarness, startSlackHarness } from '../support/slack-harness.js';

/**
 * Every `/digest` subcommand with good and bad arguments, as signed HTTP requests to the real Bolt
 * receiver. Answers come back in the ack (quick ones) or through the response_url (digests, and what
 * needs the member's time zone from users.info); both must be ephemeral.
 */
const now = Date.UTC(2026, 10, 26, 12); // Thursday 26 Nov 2026, 14:00 in Kyiv
const hour = 3_600_000;
const seeds: StorySeed[] = [
  {
    title: 'Kyiv and Moscow envoys meet in Istanbul',
    summary: 'Both delegations agreed to meet again.',
    topic: 'ukraine',
    at: now - 2 * hour,
    outlets: 3,
  },
  {
    title: 'Prisoner exchange agreed after talks in Abu Dhabi',
    summary: 'Each side frees 150 prisoners.',
    topic: 'ukraine',
    at: now - 72 * hour,
  },
  {
    title: 'Negotiators discuss Gaza truce in Doha',
    summary: 'Mediators proposed a phased plan.',
    topic: 'gaza',
    at: now - 4 * hour,
    outlets: 2,
  },
  {
    title: 'Iran and US resume nuclear talks in Muscat',
    summary: 'Oman hosts the round.',
    topic: 'iran',
    at: now - 5 * hour,
  },
];

const open: SlackHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((harness) => harness.close()));
});

async function setup(): Promise<SlackHarness> {
  const harness = await startSlackHarness({ start: now, seeds });
  open.push(harness);
  return harness;
}

/** `json`: every string in the answer (texts, button values, action ids), one per line, as Slack reads them. */
type Answer = { type: string | null; text: string; blocks: unknown[]; json: string };

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

/** The answer to `/digest <text>`: the ack's body, or the first post to the command's response_url. */
async function ask(harness: SlackHarness, text: string, options: CommandOptions = {}): Promise<Answer> {
  const sent = await harness.command(text, options);
  expect(sent.status).toBe(200);
  if (sent.text !== '') {
    const body = sent.json();
    const blocks = Array.isArray(body['blocks']) ? body['blocks'] : [];
    const text = String(body['text']);
    return { type: String(body['response_type']), text, blocks, json: strings(body).join('\n') };
  }
  const [post] = await harness.responses(sent.key, 1);
  const blocks = post?.blocks ?? [];
  return { type: post?.responseType ?? null, text: post?.text ?? '', blocks, json: strings(post).join('\n') };
}

const C1 = { channel: 'C1' };
const address = (chatId: string) => ({ platform: 'slack', chatId, threadId: null }) as const;

describe('/digest [topic…] [period]', () => {
  it('shows this week’s digest of every topic only to the member, with a share button', async () => {
    const harness = await setup();
    const answer = await ask(harness, '');
    expect(answer.type).toBe('ephemeral');
    for (const seed of seeds) expect(answer.json).toContain(seed.title);
    expect(answer.json).toContain('parley_share_digest');
    expect(harness.service.find(address('C1'))).toBeNull();
  });

  it.each([
    ['ukraine', ['Istanbul', 'Abu Dhabi'], ['Doha', 'Muscat']],
    ['ukraine 24h', ['Istanbul'], ['Abu Dhabi', 'Doha', 'Muscat']],
    ['24H gaza IRAN', ['Doha', 'Muscat'], ['Istanbul', 'Abu Dhabi']],
  ])('"/digest %s" shows only those topics and that period', async (text, shown, hidden) => {
    const answer = await ask(await setup(), text);
    for (const title of shown) expect(answer.json).toContain(title);
    for (const title of hidden) expect(answer.json).not.toContain(title);
  });

  it('uses the channel’s topics when none are named', async () => {
    const harness = await setup();
    await ask(harness, 'subscribe gaza', C1);
    const answer = await ask(harness, '', C1);
    expect(answer.json).toContain('Doha');
    expect(answer.json).not.toContain('Istanbul');
  });

  it('says so when the period has no story, without a share button', async () => {
    const answer = await ask(await setup(), 'sudan');
    expect(answer.type).toBe('ephemeral');
    expect(answer.json).not.toContain('parley_share_digest');
  });
});

describe('/digest subscribe and unsubscribe', () => {
  it('subscribes the channel in the subscribing member’s time zone from Slack, on the default schedule', async () => {
    const harness = await setup();
    const answer = await ask(harness, 'subscribe Ukraine', { channel: 'C1', user: 'U1' });
    expect(answer.type).toBe('ephemeral');
    expect(answer.json).toContain('weekly on Friday at 09:00 (Europe/Kyiv)');
    expect(harness.fake.callsTo('users.info')).toBe(1);
    expect(harness.service.find(address('C1'))).toMatchObject({
      topics: ['ukraine'],
      timeZone: 'Europe/Kyiv',
      title: 'peace-desk',
      active: true,
    });
  });

  it.each([
    ['has none set', 'U2'],
    ['cannot be read (users.info fails)', 'U404'],
  ])('falls back to the default time zone, and says so, when the member’s %s', async (_case, user) => {
    const harness = await setup();
    const answer = await ask(harness, 'subscribe', { channel: 'C2', user });
    expect(harness.service.find(address('C2'))).toMatchObject({ topics: [], timeZone: 'UTC' });
    expect(answer.json).toContain('could not read the time zone of your Slack profile');
    expect(answer.json).toContain('follows UTC');
  });

  it('does not mention the profile’s zone when subscribing again only changes the topics', async () => {
    const harness = await setup();
    await ask(harness, 'subscribe', { channel: 'C2', user: 'U2' });
    const again = await ask(harness, 'subscribe gaza', { channel: 'C2', user: 'U2' });
    expect(again.json).toContain('subscription is updated');
    expect(again.json).not.toContain('could not read the time zone');
  });

  it.each(['language ru', 'quiet skip'])(
    'subscribes in the member’s zone when "/digest %s" made the channel’s settings first',
    async (first) => {
      const harness = await setup();
      await ask(harness, first, { channel: 'C7', user: 'U1' });
      expect(harness.service.find(address('C7'))?.timeZone).toBe('UTC');
      await ask(harness, 'subscribe', { channel: 'C7', user: 'U1' });
      expect(harness.service.find(address('C7'))).toMatchObject({ timeZone: 'Europe/Kyiv' });
      await ask(harness, 'timezone Asia/Qatar', { channel: 'C7', user: 'U1' });
      await ask(harness, 'unsubscribe', { channel: 'C7', user: 'U1' });
      await ask(harness, 'subscribe', { channel: 'C7', user: 'U1' });
      expect(harness.service.find(address('C7'))?.timeZone).toBe('Asia/Qatar');
    },
  );

  it.each(['quiet skip', 'timezone Europe/Kyiv', 'language ru'])(
    'takes "/digest %s" in a direct message for its own /digest, without advising a subscription it refuses',
    async (text) => {
      const harness = await setup();
      const answer = await ask(harness, text, { channel: 'D0123' });
      expect(answer.json).toContain('Here `/digest` shows the digest just for you');
      expect(answer.json).not.toContain('digest subscribe');
    },
  );

  it('refuses a direct message, where chat.postMessage cannot post, and stores nothing', async () => {
    const harness = await setup();
    const answer = await ask(harness, 'subscribe ukraine', { channel: 'D0123' });
    expect(answer.text).toContain('Scheduled digests go to channels');
    expect(harness.service.find(address('D0123'))).toBeNull();
  });

  describe('where the app cannot post', () => {
    /** Slack hides a private channel or group DM the app is not in from it (conversations.info). */
    async function withConversations(): Promise<SlackHarness> {
      const harness = await startSlackHarness({
        start: now,
        seeds,
        conversations: {
          G0MPIM1: { type: 'mpim', member: false },
          C0SECRET: { type: 'private', member: false },
          G0OLDPRIV: { type: 'private', member: true },
          C0NOSCOPE: 'missing_scope',
        },
      });
      open.push(harness);
      return harness;
    }

    // Found by review: a group DM answered "subscribed", and its first digest deactivated it (channel_not_found).
    it.each([
      ['subscribe', 'a group DM the app is not in', 'G0MPIM1', 'mpdm-alice--bob--carol-1'],
      ['subscribe ukraine', 'a private channel the app was not invited to', 'C0SECRET', 'privategroup'],
      ['schedule daily 08:00', 'a private channel the app was not invited to', 'C0SECRET', 'privategroup'],
    ])(
      'refuses "/digest %s" in %s, saying how to let it in, and stores nothing',
      async (text, _where, channel, channelName) => {
        const harness = await withConversations();
        const answer = await ask(harness, text, { channel, channelName });
        expect(answer.type).toBe('ephemeral');
        expect(answer.text).toContain('Parley is not in this conversation');
        expect(answer.json).toContain('/invite @Parley');
        expect(harness.service.find(address(channel))).toBeNull();
        expect(harness.fake.callsTo('conversations.info')).toBe(1);
      },
    );

    it('subscribes a private channel the app is in, whatever its id looks like (G…: created before March 2021)', async () => {
      const harness = await withConversations();
      const answer = await ask(harness, 'subscribe', { channel: 'G0OLDPRIV', channelName: 'privategroup' });
      expect(answer.json).toContain('weekly on Friday at 09:00');
      expect(harness.service.find(address('G0OLDPRIV'))).toMatchObject({ active: true, title: null });
    });

    it('subscribes as before when Slack does not say (conversations.info without its scopes)', async () => {
      const harness = await withConversations();
      await ask(harness, 'subscribe', { channel: 'C0NOSCOPE' });
      expect(harness.service.find(address('C0NOSCOPE'))).toMatchObject({ active: true });
    });
  });

  it('stops the scheduled digest and says when there was none', async () => {
    const harness = await setup();
    expect((await ask(harness, 'unsubscribe', C1)).text).toContain('no scheduled digest');
    await ask(harness, 'subscribe', C1);
    expect((await ask(harness, 'unsubscribe', C1)).text).toContain('Unsubscribed');
    expect(harness.service.find(address('C1'))?.schedule).toEqual({ frequency: 'off' });
  });
});

describe('/digest schedule, timezone, settings, topics, help', () => {
  it('changes the schedule of a subscribed channel and turns it off', async () => {
    const harness = await setup();
    await ask(harness, 'subscribe', C1);
    expect((await ask(harness, 'schedule daily 18:30', C1)).json).toContain('daily at 18:30 (Europe/Kyiv)');
    expect((await ask(harness, 'schedule weekly Mon 7:05', C1)).json).toContain('weekly on Monday at 07:05');
    expect((await ask(harness, 'schedule off', C1)).text).toContain('no scheduled digest');
    expect(harness.service.find(address('C1'))?.schedule).toEqual({ frequency: 'off' });
  });

  it('subscribes a channel that had no subscription on the schedule given, in the member’s zone', async () => {
    const harness = await setup();
    const answer = await ask(harness, 'schedule daily 07:00', C1);
    expect(answer.json).toContain('daily at 07:00 (Europe/Kyiv)');
    expect(harness.service.find(address('C1'))?.schedule).toEqual({ frequency: 'daily', time: '07:00' });
  });

  it('sets the time zone from an IANA name or a city', async () => {
    const harness = await setup();
    await ask(harness, 'subscribe', C1);
    expect((await ask(harness, 'timezone new york', C1)).json).toContain('America/New_York');
    expect((await ask(harness, 'timezone europe/kiev', C1)).json).toContain('Europe/Kyiv');
  });

  it('sets what a quiet period gets, shows it in the settings, and explains a wrong word', async () => {
    const harness = await setup();
    await ask(harness, 'subscribe', C1);
    expect((await ask(harness, 'settings', C1)).json).toContain('A period without new stories: a short note');
    expect((await ask(harness, 'quiet Skip', C1)).text).toContain('now gets nothing');
    expect(harness.service.find(address('C1'))?.quiet).toBe('skip');
    expect((await ask(harness, 'settings', C1)).json).toContain('A period without new stories: nothing');
    const wrong = await ask(harness, 'quiet mute', C1);
    expect(wrong.json).toContain('is not a choice for quiet periods');
    expect(wrong.json).toContain('/digest quiet note');
    expect((await ask(harness, 'quiet', C1)).json).toContain('needs note or skip');
    expect(harness.service.find(address('C1'))?.quiet).toBe('skip');
  });

  it('sets the language of the posted digest, shows it in the settings, and explains a wrong word', async () => {
    const harness = await setup();
    await ask(harness, 'subscribe', C1);
    expect((await ask(harness, 'settings', C1)).json).toContain('• Language: English');
    expect((await ask(harness, 'language русский', C1)).text).toContain('now written in Russian');
    expect(harness.service.find(address('C1'))?.language).toBe('ru');
    expect((await ask(harness, 'settings', C1)).json).toContain('• Language: Russian');
    const wrong = await ask(harness, 'language klingon', C1);
    expect(wrong.json).toContain('is not a language digests are written in');
    expect(wrong.json).toContain('/digest language en');
    expect((await ask(harness, 'language', C1)).json).toContain('needs en, ru or uk');
    expect(harness.service.find(address('C1'))?.language).toBe('ru');
  });

  it('shows the settings of a subscribed channel and of one without a subscription', async () => {
    const harness = await setup();
    expect((await ask(harness, 'settings', C1)).text).toContain('no scheduled digest');
    await ask(harness, 'subscribe gaza iran', C1);
    const settings = await ask(harness, 'settings', C1);
    expect(settings.json).toContain('Israel–Hamas, Gaza, Iran nuclear talks');
    expect(settings.json).toContain('next on Fri, 27 Nov 2026, 09:00');
  });

  it('says why a subscribed channel’s digest stopped and how to start it again', async () => {
    const harness = await setup();
    await ask(harness, 'subscribe', C1);
    harness.service.deactivate(address('C1'), 'Slack channel is gone: not_in_channel', 'system');
    const settings = await ask(harness, 'settings', C1);
    expect(settings.json).toContain('stopped: Slack channel is gone: not_in_channel');
    expect(settings.json).toContain('/invite @Parley');
    await ask(harness, 'subscribe', C1);
    expect((await ask(harness, 'settings', C1)).json).toContain('This channel’s digest');
  });

  it('lists the topics, marking the channel’s own', async () => {
    const harness = await setup();
    await ask(harness, 'subscribe iran', C1);
    const answer = await ask(harness, 'topics', C1);
    expect(answer.json).toContain('`iran`: Iran nuclear talks ✓');
    expect(answer.json).toMatch(/`ukraine`: Russia–Ukraine war\n/);
  });

  it('explains every form in help', async () => {
    const answer = await ask(await setup(), 'help');
    for (const word of subcommands) expect(answer.json).toContain(`/digest ${word}`);
    expect(answer.json).toContain('&lt;weekday&gt;');
  });
});

describe('mistakes', () => {
  it.each([
    ['ukrain', '"ukrain" (did you mean ukraine?)', 'ukraine, gaza, iran, sudan'],
    ['narnia 7d', 'unknown topic "narnia"', 'Subcommands: subscribe, unsubscribe'],
    ['7d 24h', 'give one period, not 7d and 24h', '/digest [topic…]'],
    ['40d', 'between 1 minute and 31 days', '/digest [topic…]'],
    ['subscribe narnia', 'unknown topic "narnia"', 'ukraine, gaza, iran, sudan'],
    ['unsubscribe now', '"unsubscribe" takes nothing after it, not "now"', 'Usage: `/digest unsubscribe`'],
    ['schedule', '"schedule" needs a schedule', 'weekly &lt;weekday&gt; &lt;HH:MM&gt;'],
    ['schedule weekly someday 09:00', 'unknown weekday "someday"', 'Usage: `/digest schedule'],
    ['schedule daily 25:00', 'invalid time "25:00"', 'Usage: `/digest schedule'],
    ['schedule hourly', '"hourly" is not a schedule', 'Usage: `/digest schedule'],
    ['timezone', '"timezone" needs a time zone', 'Usage: `/digest timezone'],
    ['timezone Mars/Olympus', 'unknown time zone "Mars/Olympus"', 'Usage: `/digest timezone'],
    ['settings please', '"settings" takes nothing after it', 'Usage: `/digest settings`'],
    ['topics ukraine', 'use /digest subscribe ukraine', 'Usage: `/digest topics`'],
  ])(
    '"/digest %s" answers what was wrong and what is valid, and changes nothing',
    async (text, wrong, valid) => {
      const harness = await setup();
      const answer = await ask(harness, text, C1);
      expect(answer.type).toBe('ephemeral');
      expect(answer.json).toContain(wrong);
      expect(answer.json).toContain(valid);
      expect(harness.service.find(address('C1'))).toBeNull();
    },
  );

  it.each([
    ['as typed', 'timezone <!channel> & <https://evil.example|click here>'],
    ['as Slack sends it', 'timezone &lt;!channel&gt; &amp; &lt;https://evil.example|click here&gt;'],
  ])('escapes what the member typed (%s) so it cannot mention or link', async (_how, text) => {
    const answer = await ask(await setup(), text, C1);
    expect(answer.json).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|click here&gt;');
    expect(answer.json).not.toMatch(/<!channel>|<https:\/\/evil|&amp;lt;/);
  });

  it.each(['settings', 'unsubscribe', 'topics'])(
    'quotes a few words of a 4,000-character "/digest %s …", whole and escaped once (found by review)',
    async (name) => {
      const answer = await ask(await setup(), `${name} ${'&amp;'.repeat(3990)}`, C1);
      const [warning] = answer.blocks as Array<{ text: { text: string } }>;
      // Cut by the 3000-character section limit, the quote ended in "&am…" and lost the rest of the sentence.
      expect(warning?.text.text.length).toBeLessThan(700);
      expect(warning?.text.text).toMatch(/(&amp;)+…/);
      expect(answer.text.length).toBeLessThan(700);
    },
  );

  it('escapes a user mention given as a topic', async () => {
    const answer = await ask(await setup(), 'subscribe <@U999|boss>', C1);
    expect(answer.json).toContain('&lt;@u999|boss&gt;');
    expect(answer.json).not.toContain('<@U999');
  });
});
