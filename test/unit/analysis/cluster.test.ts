import { describe, expect, it } from 'vitest';
import { createStoryIndex, defaultClusterOptions, type StoryIndex } from '../../../src/analysis/cluster.js';
import { isCutShort } from '../../../src/analysis/cluster-titles.js';
import { isAppError } from '../../../src/shared/errors.js';
import {
  background,
  HOUR,
  input,
  type Report,
  T0,
  WITKOFF_MOSCOW,
  WITKOFF_MOSCOW_AP,
} from './cluster-features.js';

const WITKOFF_MOSCOW_RU: Report = {
  title: 'Путин принял Уиткоффа в Кремле: переговоры длились пять часов',
  lead:
    'Президент России Владимир Путин провел переговоры со спецпосланником США Стивом Уиткоффом, ' +
    'сообщил помощник президента Юрий Ушаков.',
  entities: ['putin', 'witkoff', 'kremlin', 'ushakov', 'russia', 'usa'],
  language: 'ru',
  hours: 3,
};

const ZELENSKY_PARIS: Report = {
  title: 'Zelensky meets Macron in Paris to discuss Ukraine ceasefire talks',
  lead:
    'Ukrainian President Volodymyr Zelensky met French President Emmanuel Macron at the Elysee on Thursday ' +
    'to coordinate European security guarantees ahead of any ceasefire.',
  entities: ['zelensky', 'macron', 'paris', 'elysee', 'ukraine', 'france'],
  hours: 1,
};

const WITKOFF_MIAMI: Report = {
  title: 'Umerov and Witkoff hold talks in Miami on Ukraine peace plan',
  lead:
    "Ukraine's security council secretary Rustem Umerov met US envoy Steve Witkoff in Miami on Thursday " +
    'for talks on the American peace plan, Kyiv said.',
  entities: ['umerov', 'witkoff', 'miami', 'kyiv', 'ukraine', 'usa'],
  hours: 1,
};

function indexWithBackground(): StoryIndex {
  const index = createStoryIndex(defaultClusterOptions);
  // Seeded as 30 separate stories: in an empty window nothing tells yet that "talks" is common.
  for (const item of background(1000, 30)) index.seed(item, item.id, 0);
  return index;
}

describe('createStoryIndex', () => {
  it('merges two outlets’ paraphrased reports of the Moscow meeting into one story', () => {
    const index = indexWithBackground();
    const first = index.add(input(1, WITKOFF_MOSCOW));
    const second = index.add(input(2, WITKOFF_MOSCOW_AP));
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ storyId: first.storyId, created: false, reason: 'similar' });
    expect(second.similarity).toBeGreaterThanOrEqual(defaultClusterOptions.threshold);
  });

  it('joins a Russian report to the English story through three shared rare entities', () => {
    const index = indexWithBackground();
    const english = index.add(input(1, WITKOFF_MOSCOW));
    const russian = index.add(input(2, WITKOFF_MOSCOW_RU));
    expect(russian).toMatchObject({ storyId: english.storyId, reason: 'similar' });
  });

  it('keeps a Russian report with only common entities out of the English story', () => {
    const index = indexWithBackground();
    const english = index.add(input(1, WITKOFF_MOSCOW));
    const other = index.add(
      input(2, { ...WITKOFF_MOSCOW_RU, title: 'Россия и Украина', entities: ['russia', 'ukraine'] }),
    );
    expect(other.storyId).not.toBe(english.storyId);
  });

  it('keeps two meetings of the same conflict on the same day apart', () => {
    const index = indexWithBackground();
    const moscow = index.add(input(1, WITKOFF_MOSCOW));
    const paris = index.add(input(2, ZELENSKY_PARIS));
    expect(paris.created).toBe(true);
    expect(paris.storyId).not.toBe(moscow.storyId);
  });

  it('keeps the envoy’s Moscow and Miami meetings apart although they share his name and the plan', () => {
    const index = indexWithBackground();
    const moscow = index.add(input(1, WITKOFF_MOSCOW));
    const miami = index.add(input(2, WITKOFF_MIAMI));
    expect(miami.created).toBe(true);
    expect(miami.storyId).not.toBe(moscow.storyId);
  });

  it('keeps two headlines apart that share the conflict’s names but hardly a word (minTermCosine)', () => {
    // Two stories of one day of the Iran talks: the entity cosine is 1, the words hardly meet.
    const talks: Report = {
      title: 'Iran and the E3 agree to continue consultations in Istanbul',
      lead: '',
      entities: ['iran', 'e3'],
    };
    const enrichment: Report = {
      title: "Iran won't abandon enrichment, Araghchi tells the E3",
      lead: '',
      entities: ['iran', 'e3'],
      hours: 1,
    };
    for (const [minTermCosine, joined] of [
      [defaultClusterOptions.minTermCosine, false],
      [0, true],
    ] as const) {
      const index = createStoryIndex({ ...defaultClusterOptions, minTermCosine });
      for (const item of background(1000, 30)) index.seed(item, item.id, 0);
      const first = index.add(input(1, talks));
      expect(index.add(input(2, enrichment)).storyId === first.storyId).toBe(joined);
    }
  });

  it('flags the same wire text in a second feed as a duplicate of the first item', () => {
    const index = indexWithBackground();
    const first = index.add(input(1, WITKOFF_MOSCOW));
    const copy = index.add(input(2, { ...WITKOFF_MOSCOW, hours: 1 }));
    expect(copy).toEqual({
      storyId: first.storyId,
      created: false,
      similarity: 1,
      duplicateOf: 1,
      reason: 'duplicate',
    });
  });

  it('flags a near-verbatim copy with one word changed as a duplicate', () => {
    const index = indexWithBackground();
    const first = index.add(input(1, WITKOFF_MOSCOW));
    const lead = WITKOFF_MOSCOW.lead.replace('Thursday', 'Thursday evening');
    const copy = index.add(input(2, { ...WITKOFF_MOSCOW, lead }));
    expect(copy).toMatchObject({ storyId: first.storyId, reason: 'duplicate', duplicateOf: 1 });
    expect(copy.similarity).toBeGreaterThanOrEqual(defaultClusterOptions.duplicateJaccard);
  });

  it('keeps a re-published item with a new title in its story', () => {
    const index = indexWithBackground();
    const first = index.add(input(1, WITKOFF_MOSCOW));
    const update = index.add(input(2, { ...WITKOFF_MOSCOW, title: 'Kremlin: talks were useful', hours: 4 }));
    expect(update.storyId).toBe(first.storyId);
    expect(update.reason).not.toBe('new');
  });

  it('starts a new story rather than join one whose last item is older than the window', () => {
    const index = createStoryIndex({ ...defaultClusterOptions, windowHours: 72 });
    const first = index.add(input(1, WITKOFF_MOSCOW));
    const late = index.add(input(2, { ...WITKOFF_MOSCOW_AP, hours: 80 }));
    const lateCopy = index.add(input(3, { ...WITKOFF_MOSCOW, hours: 80 }));
    expect(late.created).toBe(true);
    expect(late.storyId).not.toBe(first.storyId);
    expect(lateCopy.storyId).not.toBe(first.storyId);
  });

  it('forgets evicted stories, their members, title and terms', () => {
    const index = createStoryIndex(defaultClusterOptions);
    const old = index.add(input(1, WITKOFF_MOSCOW));
    index.add(input(2, WITKOFF_MOSCOW_AP));
    const recent = index.add(input(3, { ...ZELENSKY_PARIS, hours: 50 }));
    const before = index.stats();
    expect(index.evict(T0 + 24 * HOUR)).toBe(1);
    const after = index.stats();
    expect(after).toMatchObject({ stories: 1, items: 1 });
    expect(after.vocabulary).toBeLessThan(before.vocabulary);
    expect(after.bytesEstimate).toBeLessThanOrEqual(before.bytesEstimate);
    expect(index.members(old.storyId)).toEqual([]);
    expect(index.title(old.storyId)).toBe('');
    expect(index.members(recent.storyId)).toHaveLength(1);
    expect(index.add(input(4, { ...WITKOFF_MOSCOW, hours: 51 })).created).toBe(true);
  });

  it('answers nearest() without changing what add() decides next', () => {
    const plain = createStoryIndex(defaultClusterOptions);
    const asked = createStoryIndex(defaultClusterOptions);
    const stream = background(1, 300).map((item, i) => ({ ...item, publishedAt: T0 + i * 60_000 }));
    for (const item of stream) {
      const near = asked.nearest(item);
      const decided = asked.add(item);
      expect(decided).toEqual(plain.add(item));
      expect(near?.storyId ?? null).toBe(decided.created ? null : decided.storyId);
    }
    expect(asked.stats()).toMatchObject({
      stories: plain.stats().stories,
      vocabulary: plain.stats().vocabulary,
    });
  });

  it('scores a story on the words alone when the names share one but not two', () => {
    // One name in common of ten: the entity cosine (0.1) would sink the mixed score below the
    // threshold; one shared name says nothing either way, so the term cosine alone decides.
    const mine = ['alice', 'bob', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'];
    const theirs = ['alice', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9'];
    const index = createStoryIndex(defaultClusterOptions);
    const first = index.add(input(1, { title: 'aa bb', lead: '', entities: mine }));
    const title = 'aa bb cc dd ee ff gg hh ii jj kk ll';
    const second = index.add(input(2, { title, lead: '', entities: theirs }));
    expect(second.created).toBe(false);
    expect(second.storyId).toBe(first.storyId);
  });

  it('creates a story for an item sharing no term or entity without scoring any story', () => {
    const index = indexWithBackground();
    index.add(input(1, WITKOFF_MOSCOW));
    const before = index.stats();
    const lone = index.add(
      input(2, {
        title: 'Quorum reached for Antarctic krill treaty',
        lead: 'Fishing nations approved new quotas.',
        entities: ['ccamlr'],
      }),
    );
    const after = index.stats();
    expect(lone.created).toBe(true);
    expect(after.candidatesScored).toBe(before.candidatesScored);
    expect(after.postingsVisited).toBe(before.postingsVisited);
  });

  it('finds the matching story through the index and scores only a few candidates', () => {
    const index = indexWithBackground();
    index.add(input(1, WITKOFF_MOSCOW));
    const before = index.stats();
    index.add(input(2, WITKOFF_MOSCOW_AP));
    const after = index.stats();
    expect(after.postingsVisited).toBeGreaterThan(before.postingsVisited);
    expect(after.candidatesScored - before.candidatesScored).toBeGreaterThanOrEqual(1);
    expect(after.candidatesScored - before.candidatesScored).toBeLessThan(after.stories);
  });

  it('names a story after the headline closest to its reports, not after the first one', () => {
    const index = createStoryIndex(defaultClusterOptions);
    const live = index.add(input(1, { ...WITKOFF_MOSCOW, title: 'Live updates: what we know so far' }));
    index.add(input(2, WITKOFF_MOSCOW_AP));
    index.add(
      input(3, { ...WITKOFF_MOSCOW_AP, title: 'Witkoff and Putin meet for peace plan talks', hours: 3 }),
    );
    expect(index.members(live.storyId)).toHaveLength(3);
    expect(index.title(live.storyId)).not.toBe('Live updates: what we know so far');
  });

  it('does not name a story after a headline its feed cut short', () => {
    const index = createStoryIndex(defaultClusterOptions);
    const cut = index.add(
      input(1, {
        ...WITKOFF_MOSCOW,
        title: 'Witkoff and Putin hold five-hour talks in Moscow on ‘peace plan',
      }),
    );
    index.add(
      input(2, { ...WITKOFF_MOSCOW_AP, title: 'Witkoff and Putin hold talks in Moscow on Ukraine…' }),
    );
    // Not a copy of the second report (a copy leaves the title alone).
    index.add(
      input(3, {
        ...WITKOFF_MOSCOW,
        title: 'Putin and Witkoff discuss Ukraine peace plan in Moscow',
        lead:
          'The Kremlin said Vladimir Putin and US envoy Steve Witkoff discussed the American peace plan ' +
          'for Ukraine for five hours in Moscow; Yuri Ushakov called the talks useful.',
        hours: 3,
      }),
    );
    expect(index.members(cut.storyId)).toHaveLength(3);
    expect(index.title(cut.storyId)).toBe('Putin and Witkoff discuss Ukraine peace plan in Moscow');
  });

  it.each([
    ['an open straight quotation', "Witkoff and Putin hold talks in Moscow on 'peace"],
    ['an open single quotation after an apostrophe', 'Witkoff says ‘We’re close to a Ukraine peace plan'],
  ])('takes a whole headline over one with %s', (_label, title) => {
    const index = createStoryIndex(defaultClusterOptions);
    const cut = index.add(input(1, { ...WITKOFF_MOSCOW, title }));
    index.add(input(2, { ...WITKOFF_MOSCOW_AP, title: 'Envoy Witkoff meets Putin' }));
    expect(index.members(cut.storyId)).toHaveLength(2);
    expect(index.title(cut.storyId)).toBe('Envoy Witkoff meets Putin');
  });

  it('keeps a cut English title rather than name a mostly English story after a lone Russian one', () => {
    const index = createStoryIndex(defaultClusterOptions);
    const english = index.add(
      input(1, {
        ...WITKOFF_MOSCOW,
        title: 'Witkoff and Putin hold five-hour talks in Moscow on ‘peace plan',
      }),
    );
    index.add(
      input(2, {
        ...WITKOFF_MOSCOW_AP,
        title: 'Putin receives Trump envoy Witkoff at the Kremlin for “peace plan…',
      }),
    );
    index.add(input(3, WITKOFF_MOSCOW_RU));
    expect(index.members(english.storyId)).toHaveLength(3);
    expect(index.title(english.storyId)).not.toBe(WITKOFF_MOSCOW_RU.title);
  });

  it('lists a story’s members with the similarity each joined with', () => {
    const index = indexWithBackground();
    const first = index.add(input(1, WITKOFF_MOSCOW));
    const second = index.add(input(2, WITKOFF_MOSCOW_AP));
    const members = index.members(first.storyId);
    expect(members.map((member) => member.itemId)).toEqual([1, 2]);
    expect(members[0]?.similarity).toBe(0);
    expect(members[1]?.similarity).toBeCloseTo(second.similarity, 5);
  });

  it('numbers new stories from nextStoryId and can seed a known story', () => {
    const index = createStoryIndex({ ...defaultClusterOptions, nextStoryId: 500 });
    index.seed(input(1, WITKOFF_MOSCOW), 42, 0);
    expect(index.add(input(2, WITKOFF_MOSCOW_AP)).storyId).toBe(42);
    expect(index.add(input(3, ZELENSKY_PARIS)).storyId).toBe(500);
  });

  it('takes story ids beyond 32 bits too, and numbers new stories on from them', () => {
    const index = createStoryIndex(defaultClusterOptions);
    expect(index.members(2 ** 31)).toEqual([]);
    expect(index.title(1.5)).toBe('');
    index.seed(input(1, WITKOFF_MOSCOW), 2 ** 31 - 1, 0);
    expect(index.add(input(2, ZELENSKY_PARIS)).storyId).toBe(2 ** 31);
    expect(index.add(input(3, WITKOFF_MOSCOW_AP)).storyId).toBe(2 ** 31 - 1);
    expect(index.members(2 ** 31)).toHaveLength(1);
    expect(index.title(2 ** 31)).toBe(ZELENSKY_PARIS.title);
    expect(index.stats().stories).toBe(2);
    index.evict(T0 + 30 * 24 * HOUR);
    expect(index.stats().stories).toBe(0);
    expect(index.members(2 ** 31)).toEqual([]);
  });

  it('seeds a copy as a member only, as it joined: not into the centroid or the IDF', () => {
    const copied = createStoryIndex(defaultClusterOptions);
    copied.seed(input(1, WITKOFF_MOSCOW), 42, 1);
    copied.seed(input(2, WITKOFF_MOSCOW), 42, 1, 1);
    const single = createStoryIndex(defaultClusterOptions);
    single.seed(input(1, WITKOFF_MOSCOW), 42, 1);
    expect(copied.members(42)).toHaveLength(2);
    // The next report meets the same centroid and IDF as if the copy had never come.
    expect(copied.add(input(3, WITKOFF_MOSCOW_AP)).similarity).toBe(
      single.add(input(3, WITKOFF_MOSCOW_AP)).similarity,
    );
    const merged = createStoryIndex(defaultClusterOptions);
    merged.seed(input(1, WITKOFF_MOSCOW), 42, 1);
    merged.seed(input(2, WITKOFF_MOSCOW), 42, 1);
    expect(merged.add(input(3, WITKOFF_MOSCOW_AP)).similarity).not.toBe(
      single.add(input(4, WITKOFF_MOSCOW_AP)).similarity,
    );
  });

  it.each([
    [{ threshold: 0 }, /threshold/],
    [{ windowHours: -1 }, /windowHours/],
    [{ maxCandidates: 0 }, /maxCandidates/],
    [{ termShare: 2 }, /termShare/],
  ])('refuses options %j with an invalid_input error', (bad, message) => {
    let error: unknown;
    try {
      createStoryIndex({ ...defaultClusterOptions, ...bad });
    } catch (caught) {
      error = caught;
    }
    expect(isAppError(error, 'invalid_input')).toBe(true);
    expect(String(error)).toMatch(message);
  });
});

describe('isCutShort', () => {
  it.each([
    'Proposal for next round of indirect US talks ‘received',
    "Witkoff and Putin hold talks in Moscow on 'peace",
    'Witkoff says ‘We’re close to a Ukraine peace plan',
    'Putin receives Witkoff for “peace plan',
    'Witkoff and Putin hold talks in Moscow on Ukraine…',
    'Witkoff and Putin hold talks in Moscow on Ukraine...',
  ])('holds for %j', (title) => {
    expect(isCutShort(title)).toBe(true);
  });

  it.each([
    "Witkoff talks echo the '90s Oslo process",
    "Class of '22 meets the envoys",
    "'Tis the season for a truce",
    '‘We’re ready,’ Zelensky says of the peace plan',
    "Trump's envoy meets Putin",
    'Putin receives Witkoff for “peace plan” talks',
  ])('does not hold for %j', (title) => {
    expect(isCutShort(title)).toBe(false);
  });
});
