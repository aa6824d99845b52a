import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type {
  LexiconSpec as AnalysisLexiconSpec,
  TopicsSpec as AnalysisTopicsSpec,
} from '../../../src/analysis/lexicon.js';
import { parseLexiconSpec, parseTopicsSpec, unknownEntities } from '../../../src/config/analysis-schema.js';
import { isAppError } from '../../../src/shared/errors.js';

type Problem = { file: string; path: string; message: string };

/** The problems that config_invalid lists for `run`; fails if `run` does not throw it. */
function problems(run: () => unknown): Problem[] {
  try {
    run();
  } catch (error) {
    if (!isAppError(error, 'config_invalid')) throw error;
    const raw = error.details['problems'];
    return (Array.isArray(raw) ? raw : []).map((p: Record<string, unknown>) => ({
      file: String(p['file']),
      path: String(p['path']),
      message: String(p['message']),
    }));
  }
  throw new Error('expected config_invalid');
}

const lexicon = (yaml: string) => () => parseLexiconSpec(parse(yaml));
const topics = (yaml: string) => () => parseTopicsSpec(parse(yaml));

describe('parseLexiconSpec', () => {
  it('fills the rules with defaults and gives the shape analysis compiles', () => {
    const spec: AnalysisLexiconSpec = parseLexiconSpec(
      parse('groups:\n  - { name: talks, kind: negotiation, weight: 0.8, terms: [talks, переговор*] }\n'),
    );
    expect(spec.threshold).toBe(1);
    expect(spec.fields).toEqual({ title: 1, lead: 0.6, body: 0.2 });
    expect(spec.context).toEqual({ missingFactor: 0.5, bonus: 0.3, bodyMentions: 2 });
    expect(spec.groups[0]).toEqual({
      name: 'talks',
      kind: 'negotiation',
      weight: 0.8,
      impliesConflict: false,
      terms: ['talks', 'переговор*'],
    });
  });

  it.each([
    ['groups: []', 'groups', /at least 1/],
    [
      'threshld: 1\ngroups: [{ name: a, kind: context, weight: 1, terms: [war] }]',
      'threshld',
      /did you mean threshold\?/,
    ],
    [
      'groups: [{ name: a, kind: talks, weight: 1, terms: [x] }]',
      'groups[0].kind',
      /"talks" is not one of negotiation, context, battlefield, negative/,
    ],
    ['groups: [{ name: a, kind: context, weight: -1, terms: [x] }]', 'groups[0].weight', /.+/],
    ['groups: [{ name: a, kind: context, weight: 1, term: [x] }]', 'groups[0].term', /did you mean terms\?/],
    [
      'groups: [{ name: a, kind: context, weight: 1, terms: [ab*] }]',
      'groups[0].terms[0]',
      /at least 3 letters before the \*/,
    ],
    [
      'groups: [{ name: a, kind: context, weight: 1, terms: [cease-f*] }]',
      'groups[0].terms[0]',
      /at least 3 letters before the \* \("cease-f\*"; after a hyphen/,
    ],
    [
      'groups: [{ name: a, kind: context, weight: 1, terms: ["pe*ce"] }]',
      'groups[0].terms[0]',
      /\* may only end a word/,
    ],
    [
      'groups: [{ name: a, kind: context, weight: 1, terms: ["—"] }]',
      'groups[0].terms[0]',
      /has no letters or digits/,
    ],
    ['groups: [{ name: A B, kind: context, weight: 1, terms: [x] }]', 'groups[0].name', /lower-case/],
    [
      'groups: [{ name: a, kind: cue, terms: [x] }]\ncombinations: [{ name: c, weight: 1, groups: [a, b] }]',
      'combinations[0].groups[1]',
      /unknown group "b"/,
    ],
    [
      'groups: [{ name: talks, kind: cue, terms: [x] }]\nleaderMeeting: { groups: [talk] }',
      'leaderMeeting.groups[0]',
      /unknown group "talk" \(did you mean talks\?\)/,
    ],
    [
      'groups: [{ name: talks, kind: cue, terms: [x] }, { name: sign, kind: cue, terms: [y] }]\n' +
        'leaderMeeting: { groups: [talks], partiesOnly: [sign] }',
      'leaderMeeting.partiesOnly[0]',
      /"sign" is not one of leaderMeeting.groups/,
    ],
    [
      'groups: [{ name: talks, kind: cue, terms: [x] }, { name: deal, kind: cue, terms: [y] }]\n' +
        'leaderMeeting: { groups: [talks], sidesOnly: [deal] }',
      'leaderMeeting.sidesOnly[0]',
      /"deal" is not one of leaderMeeting.groups/,
    ],
    [
      'groups: [{ name: talks, kind: cue, terms: [x] }, { name: agree, kind: cue, terms: [y] }]\n' +
        'leaderMeeting: { groups: [talks], pairsOnly: [agree] }',
      'leaderMeeting.pairsOnly[0]',
      /"agree" is not one of leaderMeeting.groups/,
    ],
    [
      'groups: [{ name: talks, kind: cue, terms: [x] }]\nleaderMeeting: { betweenConflicts: [talk] }',
      'leaderMeeting.betweenConflicts[0]',
      /unknown group "talk" \(did you mean talks\?\)/,
    ],
    [
      'groups: [{ name: talks, kind: cue, terms: [x] }]\noffSubject: { settlement: [peace] }',
      'offSubject.settlement[0]',
      /unknown group "peace"/,
    ],
    [
      'groups: [{ name: a, kind: cue, terms: [x] }]\ncombinations: [{ name: c, weight: 1, groups: [a] }]',
      'combinations[0].groups',
      /two groups, or a group and `entities`/,
    ],
    [
      'context: { bonus: 1, missing: 0.5 }\ngroups: [{ name: a, kind: context, weight: 1, terms: [x] }]',
      'context.missing',
      /did you mean missingFactor\?/,
    ],
  ])('reports %j at %s', (yaml, path, message) => {
    const found = problems(lexicon(yaml));
    expect(found).toContainEqual({
      file: 'config/lexicon.yaml',
      path,
      message: expect.stringMatching(message),
    });
  });

  it('fills combinations and the leader-meeting rule with defaults', () => {
    const spec = parseLexiconSpec(
      parse(
        'groups:\n  - { name: end, kind: cue, terms: [end] }\n  - { name: war, kind: context, weight: 1, terms: [war] }\n' +
          'combinations: [{ name: war-ending, weight: 1, groups: [end, war] }]\n',
      ),
    );
    expect(spec.groups[0]).toMatchObject({ kind: 'cue', weight: 1 });
    expect(spec.combinations).toEqual([
      {
        name: 'war-ending',
        kind: 'negotiation',
        weight: 1,
        impliesConflict: false,
        groups: ['end', 'war'],
        entities: [],
        within: 4,
        ordered: false,
      },
    ]);
    expect(spec.leaderMeeting).toEqual({
      weight: 1,
      groups: [],
      within: 6,
      partiesOnly: [],
      sidesOnly: [],
      pairsOnly: [],
      betweenConflicts: [],
    });
    expect(spec.offSubject).toEqual({ weight: 1, negotiation: [], topics: [], settlement: [], within: 6 });
  });

  it('turns body focus off and negative relief to 0 by default, and reads them when given', () => {
    const groups = 'groups: [{ name: a, kind: context, weight: 1, terms: [war] }]\n';
    const defaults = parseLexiconSpec(parse(groups));
    expect(defaults.bodyFocus).toEqual({
      minTerms: 0,
      minGroups: 2,
      perThousand: 10,
      strongWeight: 0.8,
      weight: 0.6,
      cap: 1,
    });
    expect(defaults.veto).toEqual({ belowContext: 0.5, relief: 0 });
    const given = parseLexiconSpec(
      parse(`${groups}bodyFocus: { minTerms: 3, cap: 0.8 }\nveto: { relief: 0.5 }\n`),
    );
    expect(given.bodyFocus).toMatchObject({ minTerms: 3, minGroups: 2, cap: 0.8 });
    expect(given.veto).toEqual({ belowContext: 0.5, relief: 0.5 });
    expect(defaults.storyMembership).toBeUndefined();
  });

  it.each([
    ['veto: { relief: 1.5 }', 'veto.relief'],
    ['bodyFocus: { minTerms: 2.5 }', 'bodyFocus.minTerms'],
    ['bodyFocus: { minGroups: 0 }', 'bodyFocus.minGroups'],
    ['bodyFocus: { density: 10 }', 'bodyFocus.density'],
    ['storyMembership: { minScore: 0.3, similarity: 1.5 }', 'storyMembership.similarity'],
    ['storyMembership: { minScore: 0.3 }', 'storyMembership.similarity'],
  ])('reports %j at %s', (rule, path) => {
    const found = problems(lexicon(`${rule}\ngroups: [{ name: a, kind: context, weight: 1, terms: [war] }]`));
    expect(found.map((problem) => problem.path)).toContain(path);
  });

  it('reports a term listed in two groups, with both places', () => {
    const found = problems(
      lexicon(
        'groups:\n  - { name: a, kind: negotiation, weight: 1, terms: [Talks] }\n  - { name: b, kind: negative, weight: 1, terms: [x, talks] }\n',
      ),
    );
    expect(found).toEqual([
      {
        file: 'config/lexicon.yaml',
        path: 'groups[1].terms[1]',
        message: '"talks" is already listed in group a',
      },
    ]);
  });

  it('reports a term that differs from another only by its accents, which analysis ignores', () => {
    const found = problems(
      lexicon(
        'groups:\n  - { name: a, kind: negotiation, weight: 1, terms: [negociation* de paix, переговор*] }\n  - { name: b, kind: negotiation, weight: 1, terms: [Négociation* de paix, перегово́р*, перемир’я, перемирʼя] }\n',
      ),
    );
    expect(found.map(({ path, message }) => `${path}: ${message}`)).toEqual([
      'groups[1].terms[0]: "Négociation* de paix" is already listed in group a',
      'groups[1].terms[1]: "перегово́р*" is already listed in group a',
      'groups[1].terms[3]: "перемирʼя" is already listed in group b',
    ]);
  });

  it('lists every problem at once', () => {
    const found = problems(
      lexicon('threshold: high\ngroups: [{ name: a, kind: context, weight: 1, terms: [ab*], extra: 1 }]'),
    );
    expect(found.map((problem) => problem.path)).toEqual([
      'threshold',
      'groups[0].terms[0]',
      'groups[0].extra',
    ]);
  });
});

const validTopics = `
entities:
  witkoff: { weight: 0.5, conflict: true, aliases: [witkoff, уиткофф*] }
topics:
  ukraine:
    label: Russia–Ukraine war
    description: The war.
    entities:
      zelensky: { aliases: [zelensk*, зеленськ*] }
`;

describe('parseTopicsSpec', () => {
  it('fills defaults and gives the shape analysis compiles', () => {
    const spec: AnalysisTopicsSpec = parseTopicsSpec(parse(validTopics));
    expect(spec.tagging).toEqual({
      minScore: 1,
      relativeMin: 0.5,
      bodyMentions: 2,
      fields: { title: 1.5, lead: 1, body: 0.5 },
    });
    expect(spec.topics['ukraine']?.entities['zelensky']).toEqual({
      kind: 'other',
      weight: 1,
      conflict: false,
      aliases: ['zelensk*', 'зеленськ*'],
    });
  });

  it.each([
    [validTopics.replace('ukraine:', 'Ukraine:'), 'topics.Ukraine', /invalid name: use lower-case letters/],
    [
      validTopics.replace('description: The war.', 'descripton: The war.'),
      'topics.ukraine.descripton',
      /did you mean description\?/,
    ],
    [
      validTopics.replace('{ aliases: [zelensk*', '{ alias: [zelensk*'),
      'topics.ukraine.entities.zelensky.alias',
      /did you mean aliases\?/,
    ],
    [
      validTopics.replace('зеленськ*', 'зе*'),
      'topics.ukraine.entities.zelensky.aliases[1]',
      /at least 3 letters/,
    ],
    [
      validTopics.replace('label: Russia–Ukraine war', 'label: ""'),
      'topics.ukraine.label',
      /must not be empty/,
    ],
    [
      `${validTopics}      witkoff: { aliases: [steve] }\n`,
      'topics.ukraine.entities.witkoff',
      /entity id witkoff is also defined at entities.witkoff/,
    ],
    [
      `${validTopics}      zelenskyy: { aliases: [Zelensk*] }\n`,
      'topics.ukraine.entities.zelenskyy.aliases[0]',
      /"Zelensk\*" already names entity zelensky/,
    ],
    [
      `${validTopics}      kyiv: { kind: capital, aliases: [kyiv] }\n`,
      'topics.ukraine.entities.kyiv.kind',
      /"capital" is not one of leader, official, state, group, venue, place, other/,
    ],
    [
      `${validTopics}      kyiv: { side: Ukraine, aliases: [kyiv] }\n`,
      'topics.ukraine.entities.kyiv.side',
      /lower-case/,
    ],
    [
      `${validTopics}      yermak: { side: zelenksy, aliases: [yermak] }\n`,
      'topics.ukraine.entities.yermak.side',
      /side "zelenksy" is not an entity id \(did you mean zelensky\?\)/,
    ],
    [
      `${validTopics}      kyiv: { conflict: true, aliases: [kyiv] }\n`,
      'topics.ukraine.entities.kyiv.conflict',
      /shared entities only/,
    ],
    [
      `${validTopics}      kyiv: { topics: [ukraine], aliases: [kyiv] }\n`,
      'topics.ukraine.entities.kyiv.topics',
      /shared entities only/,
    ],
    [
      validTopics.replace('witkoff: { weight: 0.5,', 'witkoff: { topics: [ukrain], weight: 0.5,'),
      'entities.witkoff.topics[0]',
      /unknown topic "ukrain"/,
    ],
    [
      validTopics.replace('witkoff: { weight: 0.5,', 'witkoff: { fallback: ukrain, weight: 0.5,'),
      'entities.witkoff.fallback',
      /unknown topic "ukrain"/,
    ],
    [
      validTopics.replace('witkoff: { weight: 0.5,', 'witkoff: { fallback: constructor, weight: 0.5,'),
      'entities.witkoff.fallback',
      /unknown topic "constructor"/,
    ],
    [
      `${validTopics}      kyiv: { fallback: ukraine, aliases: [kyiv] }\n`,
      'topics.ukraine.entities.kyiv.fallback',
      /shared entities only/,
    ],
  ])('reports a problem at %s', (yaml, path, message) => {
    const found = problems(topics(yaml));
    expect(found).toContainEqual({
      file: 'config/topics.yaml',
      path,
      message: expect.stringMatching(message),
    });
  });

  it('checks that combinations name entities the topics file defines, suggesting the closest', () => {
    const lexiconSpec = parseLexiconSpec(
      parse(
        'groups: [{ name: willing, kind: cue, terms: [coalition of the willing] }]\n' +
          'combinations: [{ name: w, weight: 1, groups: [willing], entities: [kyiv, ukrain] }]\n',
      ),
    );
    const topicsSpec = parseTopicsSpec(
      parse(
        'topics:\n  ukraine:\n    label: U\n    description: U\n    entities:\n' +
          '      ukraine: { weight: 1, aliases: [ukrain*] }\n      kyiv: { weight: 1, aliases: [kyiv] }\n',
      ),
    );
    expect(unknownEntities(lexiconSpec, topicsSpec, 'lexicon.yaml')).toEqual([
      {
        file: 'lexicon.yaml',
        path: 'combinations[0].entities[1]',
        message: 'unknown entity "ukrain" (not in the topics file) (did you mean ukraine?)',
      },
    ]);
  });

  it("reads a topic's labels in the digest languages and refuses a language digests are not written in", () => {
    const yaml = (labels: string) =>
      `topics:\n  syria:\n    label: Syria\n    labels: ${labels}\n    description: S\n    entities:\n` +
      '      damascus: { weight: 1, aliases: [damascus] }\n';
    expect(parseTopicsSpec(parse(yaml('{ ru: Сирия, uk: Сирія }'))).topics['syria']?.labels).toEqual({
      ru: 'Сирия',
      uk: 'Сирія',
    });
    const found = problems(topics(yaml('{ ru: Сирия, de: Syrien }')));
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toBe('topics.syria.labels.de');
    expect(found[0]?.message).toBe('unknown key (known keys: ru, uk)');
  });

  it('names the file it was given', () => {
    const found = problems(() => parseTopicsSpec({ topics: 'none' }, 'my-topics.yaml'));
    expect(found).toEqual([
      {
        file: 'my-topics.yaml',
        path: 'topics',
        message: 'expected a mapping (key: value lines), got "none"',
      },
    ]);
  });
});
