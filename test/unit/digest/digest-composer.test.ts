import { describe, expect, it } from 'vitest';
import { createDigestComposer } from '../../../src/digest/digest-composer.js';
import type { Chat } from '../../../src/domain/chat.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { openDatabase } from '../../../src/storage/database.js';
import { type StorySeed, seedStories, topicList } from '../../support/seed-stories.js';
import { chatFollowing, member, story } from './fixtures.js';

const day = 86_400_000;
const now = Date.UTC(2026, 10, 27, 9);
const labels = new Map(topicList.map((topic) => [topic.id, topic.label]));

const chat = (topics: string[], platform: Chat['platform'] = 'telegram'): Chat =>
  chatFollowing(topics, platform);

function composerOver(seeds: StorySeed[], candidatesPerTopic?: number) {
  const db = openDatabase(':memory:');
  const stories = seedStories(db, seeds);
  const clock = createManualClock(now);
  return createDigestComposer({
    stories,
    labels,
    clock,
    lagMs: 3_600_000,
    ...(candidatesPerTopic ? { candidatesPerTopic } : {}),
  });
}

const text = (parts: ReturnType<ReturnType<typeof composerOver>['compose']>['parts']): string =>
  parts.map((part) => (part.platform === 'telegram' ? part.html : part.text)).join('\n');

describe('digest composer', () => {
  it('finds a rare topic’s story early in a busy week, behind many newer stories of other topics', () => {
    const busy = Array.from({ length: 60 }, (_, i) => ({
      title: `Gaza round ${i}`,
      topic: 'gaza',
      at: now - 3600_000 - i,
    }));
    const composer = composerOver(
      [{ title: 'Sudan truce talks in Jeddah', topic: 'sudan', at: now - 6 * day }, ...busy],
      10,
    );
    const digest = composer.compose(chat(['sudan']), { since: now - 7 * day, until: now });
    expect(digest.storyCount).toBe(1);
    expect(text(digest.parts)).toContain('Sudan truce talks in Jeddah');
  });

  it('says how many stories it left out, and that it may be more when the topic was read up to its limit', () => {
    const seeds = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        title: `Ukraine round ${i}`,
        topic: 'ukraine',
        at: now - 3600_000 - i,
      }));
    const period = { since: now - 7 * day, until: now };
    expect(text(composerOver(seeds(14), 50).compose(chat(['ukraine']), period).parts)).toContain(
      `…and 4 more stories on ${labels.get('ukraine')} in this period.`,
    );
    expect(text(composerOver(seeds(80), 50).compose(chat(['ukraine']), period).parts)).toContain(
      `…and at least 40 more stories on ${labels.get('ukraine')} in this period.`,
    );
  });

  it('keeps the stories more outlets reported, not merely the newest, when a topic has more than fit', () => {
    const minor = Array.from({ length: 30 }, (_, i) => ({
      title: `Minor note ${i}`,
      topic: 'ukraine',
      at: now - day + i,
    }));
    const major = {
      title: 'Envoys agree prisoner exchange',
      topic: 'ukraine',
      at: now - 5 * day,
      outlets: 4,
    };
    const composer = composerOver([major, ...minor], 10);
    const digest = composer.compose(chat(['ukraine']), { since: now - 7 * day, until: now });
    expect(text(digest.parts)).toContain('Envoys agree prisoner exchange');
    expect(digest.storyCount).toBe(10);
  });

  it('gives a chat with no topics every topic’s stories and leaves out those outside the period', () => {
    const composer = composerOver([
      { title: 'Iran talks in Muscat', topic: 'iran', at: now - day },
      { title: 'Kyiv and Moscow swap prisoners', topic: 'ukraine', at: now - 2 * day },
      { title: 'Old Gaza truce', topic: 'gaza', at: now - 9 * day },
    ]);
    const digest = composer.compose(chat([], 'slack'), { since: now - 7 * day, until: now });
    expect(digest.storyCount).toBe(2);
    expect(text(digest.parts)).not.toContain('Old Gaza truce');
    expect(text(digest.parts)).toContain('Peace talks digest, 20 Nov 2026 to 27 Nov 2026');
  });

  it("writes a chat's digest in its language, topic labels included, and keeps each language's rendering apart", () => {
    const db = openDatabase(':memory:');
    const stories = seedStories(db, [
      { title: 'Kyiv and Moscow swap prisoners', topic: 'ukraine', at: now - day },
    ]);
    const composer = createDigestComposer({
      stories,
      labels,
      translatedLabels: { ru: new Map([['ukraine', 'Война России и Украины']]) },
      clock: createManualClock(now),
      lagMs: 3_600_000,
    });
    const period = { since: now - 7 * day, until: now };
    const russian = text(composer.compose({ ...chat(['ukraine']), language: 'ru' }, period).parts);
    expect(russian.replace(/[\u00a0\u202f]/g, ' ')).toContain(
      'Дайджест мирных переговоров, 20–27 ноября 2026 г.',
    );
    expect(russian).toContain('Война России и Украины');
    expect(russian).toContain('Источник:');
    expect(russian).not.toMatch(/Sources|Peace talks digest/);
    // Ukrainian has no labels of its own here: the English ones, in Ukrainian words around them.
    const ukrainian = text(composer.compose({ ...chat(['ukraine']), language: 'uk' }, period).parts);
    expect(ukrainian).toContain('Джерело:');
    expect(ukrainian).toContain(labels.get('ukraine'));
    const english = text(composer.compose(chat(['ukraine']), period).parts);
    expect(english).toContain('Peace talks digest, 20 Nov 2026 to 27 Nov 2026');
  });
});

describe('a story told in the chat language', () => {
  it("renders the story's version in each chat's digest language, and its own title for the rest", () => {
    const told = story(1, ['ukraine'], ['A', 'B'], {
      items: [member(1, 'A', { language: 'ru' }), member(2, 'B', { language: 'uk' })],
      title: 'Путин и Трамп поговорили по телефону',
      updatedAt: now - day,
      versions: [
        { language: 'uk', title: 'Путін і Трамп поговорили телефоном', summary: 'Розмова тривала годину.' },
      ],
    });
    const composer = createDigestComposer({
      stories: { list: () => [told] },
      labels,
      clock: createManualClock(now),
      lagMs: 3_600_000,
    });
    const html = (language: Chat['language']) => {
      const [part] = composer.compose({ ...chat([]), language }, { since: now - 7 * day, until: now }).parts;
      return part?.platform === 'telegram' ? part.html : '';
    };
    expect(html('uk')).toContain('Путін і Трамп поговорили телефоном');
    expect(html('uk')).not.toContain('Путин и Трамп');
    expect(html('ru')).toContain('Путин и Трамп поговорили по телефону');
    expect(html('en')).toContain('Путин и Трамп поговорили по телефону');
  });
});
