import { describe, expect, it } from 'vitest';
import { findEntities } from '../../../src/analysis/entities.js';
import { compileTopics } from '../../../src/analysis/lexicon.js';
import { tagTopics, topicList } from '../../../src/analysis/topics.js';
import { item, shippedTopics } from './shipped-config.js';

const tags = (title: string, summary = '', content: string | null = null) =>
  tagTopics(item(title, summary, content), shippedTopics).map((tag) => tag.topic);

describe('tagTopics with the shipped topics', () => {
  it.each([
    ['Zelensky says Kyiv must be part of any talks', ['ukraine']],
    ['Зеленский призвал к прекращению огня', ['ukraine']],
    ['Зеленський закликав до перемир’я', ['ukraine']],
    ['Hamas weighs new ceasefire proposal', ['gaza']],
    ['ХАМАС рассмотрит новое предложение', ['gaza']],
    ['Iran, US delegations to meet in Rome', ['iran']],
    ['Houthis agree to halt attacks on US ships', ['yemen']],
    ['Pashinyan and Aliyev initial peace treaty in Washington', ['caucasus']],
    ['M23 and Kinshasa sign declaration in Doha', ['drc']],
    ['India and Pakistan agree to a ceasefire along the Line of Control', ['south-asia']],
    ['Witkoff arrives in Moscow', ['ukraine']],
    ['Мирний план США передбачає обмеження чисельності ЗСУ', ['ukraine']],
    ['Thailand and Cambodia agree to a ceasefire in Kuala Lumpur', ['other']],
    ['Таиланд и Камбоджа договорились о перемирии', ['other']],
    ['Turkey welcomes the PKK decision to disarm', ['other']],
    ['Kosovo and Serbia resume EU-mediated talks', ['other']],
  ])('tags %j with %j', (title, expected) => {
    expect(tags(title)).toEqual(expected);
  });

  it.each([
    ['Witkoff says talks went well'],
    ['Trump says a deal is close'],
    ['Talks in Doha and Istanbul'],
    ['Judge warns US deportations to South Sudan may breach court order'],
    ['Thai baht slips as exports slow'],
    ['Serbia wins the basketball final'],
  ])('makes no topic from shared entities or one weak name alone: %j', (title) => {
    expect(tags(title)).toEqual([]);
  });

  it('needs a body-only entity to recur before it counts', () => {
    expect(tags('Talks resume', 'Negotiators met again.', 'They spoke about Gaza.')).toEqual([]);
    expect(tags('Talks resume', 'Negotiators met again.', 'Gaza. Hamas in Gaza. Hamas said.')).toEqual([
      'gaza',
    ]);
  });

  it('leaves out a topic named in passing next to the main one', () => {
    const ranked = tagTopics(
      item('Israel and Hezbollah extend Lebanon ceasefire', 'Beirut welcomed the deal; Gaza talks stalled.'),
      shippedTopics,
    );
    expect(ranked.map((tag) => tag.topic)).toEqual(['lebanon']);
    expect(ranked[0]?.matches.map((match) => match.found)).toEqual([
      'Hezbollah',
      'Lebanon',
      'Israel',
      'Beirut',
    ]);
  });

  it('ranks two topics of one item by score', () => {
    const ranked = tagTopics(
      item('Witkoff to discuss Gaza truce and Iran nuclear talks', 'Hamas and Tehran sent envoys to Doha.'),
      shippedTopics,
    );
    expect(ranked.map((tag) => tag.topic)).toEqual(['gaza', 'iran']);
    expect(ranked[0]?.score).toBeGreaterThan(ranked[1]?.score ?? Number.POSITIVE_INFINITY);
    expect(ranked[1]?.matches.map((match) => match.found)).toContain('Witkoff');
  });
});

describe('findEntities', () => {
  it.each([
    ['Witkoff meets Putin', 'witkoff'],
    ['Уиткофф встретился с Путиным', 'witkoff'],
    ['Віткофф прибув до Москви', 'witkoff'],
    ['Переговоры в Стамбуле', 'istanbul'],
    ['Talks in Türkiye', 'turkey'],
  ])('normalises %j to the entity %s', (title, entity) => {
    expect(findEntities(item(title), shippedTopics).map((mention) => mention.entity)).toContain(entity);
  });

  it('lists one mention per entity and field, quoting the text', () => {
    const mentions = findEntities(item('Witkoff and Уиткофф', 'Witkoff again'), shippedTopics);
    expect(mentions).toEqual([
      { entity: 'witkoff', field: 'title', found: 'Witkoff' },
      { entity: 'witkoff', field: 'lead', found: 'Witkoff' },
    ]);
  });
});

describe('topicList', () => {
  it("lists the ten topic ids of DESIGN.md, then the guidelines' `other`, with labels and descriptions", () => {
    const list = topicList(shippedTopics);
    expect(list.map((topic) => topic.id)).toEqual([
      'ukraine',
      'gaza',
      'lebanon',
      'iran',
      'yemen',
      'syria',
      'sudan',
      'drc',
      'caucasus',
      'south-asia',
      'other',
    ]);
    expect(list.every((topic) => topic.label !== '' && topic.description !== '')).toBe(true);
  });

  it('follows the spec it was compiled from', () => {
    const compiled = compileTopics({
      tagging: { minScore: 1, relativeMin: 0.5, bodyMentions: 2, fields: { title: 1, lead: 1, body: 1 } },
      entities: {},
      topics: { x: { label: 'X', description: 'The X conflict', entities: {} } },
    });
    expect(topicList(compiled)).toEqual([{ id: 'x', label: 'X', description: 'The X conflict' }]);
  });
});
