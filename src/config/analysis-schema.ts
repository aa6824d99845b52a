import * as z from 'zod';
import { closestMatch } from '../shared/closest-match.js';
import { foldText, removeInvisible } from '../shared/fold.js';
import { configError, dottedPath, type Problem, problemsFromIssues } from './problems.js';

/**
 * Schemas of config/lexicon.yaml (the relevance lexicon) and config/topics.yaml (topics and their
 * entities' aliases). Unknown keys are errors; every problem is reported with its path at once.
 */

const wildcardWord = /^(.*?)\*$/u;

/**
 * The letters the `*` extends: a word is matched as its tokens (`cease-fire` is cease, fire) and only the
 * last is a stem, so `cease-f*` would match the word "f" alone. A zero-width character joins the word
 * it stands in, as the tokenizer removes it: Persian آتش‌بس* (with a ZWNJ) is the stem آتشبس.
 */
function lastPart(stem: string): string {
  const parts = removeInvisible(stem)
    .split(/[^\p{L}\p{M}\p{N}'’ʼ]+/u)
    .filter((part) => part !== '');
  return (parts.at(-1) ?? '').replace(/[^\p{L}\p{N}]/gu, '');
}

/** A pattern: words separated by spaces; a word may end in `*` (a stem wildcard of ≥ 3 letters). */
const pattern = z
  .string()
  .trim()
  .min(1)
  .superRefine((text, ctx) => {
    for (const word of text.split(/\s+/)) {
      const stemPart = wildcardWord.exec(word)?.[1] ?? word;
      const problem = stemPart.includes('*')
        ? `"${text}": * may only end a word`
        : !/[\p{L}\p{N}]/u.test(stemPart)
          ? `"${text}": "${word}" has no letters or digits`
          : word.endsWith('*') && [...lastPart(stemPart)].length < 3
            ? `"${text}": a wildcard needs at least 3 letters before the * ("${word}"; after a hyphen, in the part it ends)`
            : null;
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, input: text });
    }
  });

const weight = z.number().positive();
const share = z.number().min(0).max(1);
const fieldWeights = z.strictObject({
  title: z.number().min(0),
  lead: z.number().min(0),
  body: z.number().min(0),
});
const identifier = /^[a-z][a-z0-9-]*$/;

export const lexiconKinds = ['negotiation', 'context', 'battlefield', 'negative', 'cue'] as const;
export type LexiconKind = (typeof lexiconKinds)[number];

const lexiconGroup = z.strictObject({
  name: z.string().regex(identifier, 'use lower-case letters, digits and -'),
  kind: z.enum(lexiconKinds),
  /** Unused by `cue` groups, which count only through a combination. */
  weight: weight.default(1),
  impliesConflict: z.boolean().default(false),
  terms: z.array(pattern).min(1),
});

const groupName = z.string().regex(identifier, 'use lower-case letters, digits and -');

/**
 * Terms of every listed group within `within` tokens of each other in one field ("war … will end"),
 * and, when `entities` lists config/topics.yaml entity ids, one of those entities named as near.
 */
const combination = z
  .strictObject({
    name: groupName,
    /** negotiation (adds) or battlefield (subtracts: "protesters demand an end to the war"). */
    kind: z.enum(['negotiation', 'battlefield']).default('negotiation'),
    weight,
    impliesConflict: z.boolean().default(false),
    groups: z.array(groupName).min(1),
    entities: z.array(z.string().regex(identifier, 'use lower-case letters, digits and -')).default([]),
    within: z.int().min(1).default(4),
    /** The first group's term must come first ("halt … strikes", not "strikes halt exports"). */
    ordered: z.boolean().default(false),
  })
  .check((ctx) => {
    if (ctx.value.groups.length >= 2 || ctx.value.entities.length > 0) return;
    const message = 'a combination needs two groups, or a group and `entities`';
    ctx.issues.push({ code: 'custom', path: ['groups'], input: ctx.value.groups, message });
  });

/** A meeting term with the sides of one conflict (or a side and a mediator) in the same field. */
const leaderMeeting = z.strictObject({
  weight: weight.default(1),
  groups: z.array(groupName).default([]),
  /** How many tokens may separate a side from the meeting term. */
  within: z.int().min(1).default(6),
  /**
   * Groups of `groups` whose terms need two sides of one conflict named before them (their subject):
   * a mediator and one side do not do.
   */
  partiesOnly: z.array(groupName).default([]),
  /** Groups of `groups` whose terms need two sides of one conflict named anywhere near them (deals). */
  sidesOnly: z.array(groupName).default([]),
  /**
   * Groups of `groups` whose terms need two sides of one conflict written as a pair right before
   * them, or right after them at the start of a sentence ("Armenia and Azerbaijan agree"; Arabic
   * "اتفقت أرمينيا وأذربيجان"): agreeing verbs, whose subject is often someone else.
   */
  pairsOnly: z.array(groupName).default([]),
  /**
   * Groups whose terms drop out when they stand between parties of two different conflicts, with no
   * mediator and no settlement term (`offSubject.settlement`): "Putin and Modi held talks".
   */
  betweenConflicts: z.array(groupName).default([]),
});

/** A negotiation term with an off-subject topic in one clause, no settlement term: other diplomacy. */
const offSubject = z.strictObject({
  weight: weight.default(1),
  negotiation: z.array(groupName).default([]),
  topics: z.array(groupName).default([]),
  settlement: z.array(groupName).default([]),
  within: z.int().min(1).default(6),
});

export const lexiconSpecSchema = z.strictObject({
  threshold: weight.default(1),
  // The languages the terms are written in (ISO 639-1, as feeds and language detection give them).
  languages: z
    .array(z.string().regex(/^[a-z]{2}$/, 'a two-letter language code (ISO 639-1) such as en, ru, ar'))
    .default([]),
  // An item that names no conflict of config/topics.yaml is not relevant (analyse-item.ts).
  requireTopic: z.boolean().default(false),
  fields: fieldWeights.default({ title: 1, lead: 0.6, body: 0.2 }),
  bodyCap: z.number().min(0).default(0.3),
  // Off by default (minTerms 0): a body about the talks counts like a lead (relevance-focus.ts).
  bodyFocus: z
    .strictObject({
      minTerms: z.number().int().min(0).default(0),
      minGroups: z.number().int().min(1).default(2),
      perThousand: z.number().min(0).default(10),
      strongWeight: z.number().min(0).default(0.8),
      weight: z.number().min(0).default(0.6),
      cap: z.number().min(0).default(1),
    })
    .prefault({}),
  context: z
    .strictObject({
      missingFactor: share.default(0.5),
      bonus: z.number().min(0).default(0.3),
      bodyMentions: z.int().min(1).default(2),
    })
    .prefault({}),
  veto: z.strictObject({ belowContext: share.default(0.5), relief: share.default(0) }).prefault({}),
  groups: z.array(lexiconGroup).min(1),
  combinations: z.array(combination).default([]),
  leaderMeeting: leaderMeeting.prefault({}),
  offSubject: offSubject.prefault({}),
  // Off when absent: an item with some talks words that reports a story about talks (relevance-story.ts).
  storyMembership: z.strictObject({ minScore: z.number().min(0), similarity: share }).optional(),
});

/**
 * What an entity is. Leaders, officials, states and armed groups are the sides of a conflict (topic
 * entities) or its mediators (shared entities without a `side`); the leader-meeting rule counts them.
 * A `look-alike` names nothing: words that an alias would otherwise take (Turkish "kabul etti" is not
 * Kabul), listed so that the longest alias consumes them; it is no mention, so clustering never sees it.
 */
export const entityKinds = [
  'leader',
  'official',
  'state',
  'group',
  'venue',
  'place',
  'other',
  'look-alike',
] as const;

const entity = z.strictObject({
  label: z.string().min(1).optional(),
  kind: z.enum(entityKinds).default('other'),
  /** The side an actor speaks for (putin, russia, kremlin: russia); defaults to the entity id. */
  side: z.string().regex(identifier, 'use lower-case letters, digits and -').optional(),
  weight: z.number().min(0).default(1),
  /** Shared entities only: counts as armed-conflict context for relevance (Israel, IDF). */
  conflict: z.boolean().default(false),
  /**
   * Shared entities only: the topics it adds its weight to (default every topic the item names). Israel
   * is a party in Gaza, Lebanon, Iran, Syria and Yemen, not in Ukraine.
   */
  topics: z.array(z.string().regex(identifier, 'use lower-case letters, digits and -')).optional(),
  /**
   * Shared entities only: the topic an item relevant by its words takes when this entity is all it
   * names of a conflict ("Israel agrees to Witkoff ceasefire proposal": gaza).
   */
  fallback: z.string().regex(identifier, 'use lower-case letters, digits and -').optional(),
  /**
   * The conflicts within its topic that an actor is a side of, for a topic that gathers several
   * (`other`: Thailand–Cambodia, Colombia–ELN): two actors are the sides of one conflict only when they
   * share a dispute, so Thailand and Myanmar, or Colombia and Venezuela, are not. Without it an actor
   * is a side of its topic's one conflict (of each of its topics', for a shared entity).
   */
  disputes: z.array(z.string().regex(identifier, 'use lower-case letters, digits and -')).min(1).optional(),
  aliases: z.array(pattern).min(1),
});

const entities = z.record(z.string().regex(identifier, 'use lower-case letters, digits and -'), entity);

const topic = z.strictObject({
  label: z.string().min(1),
  /** The label in the other languages digests are written in (src/domain/chat.ts digestLanguages). */
  labels: z.strictObject({ ru: z.string().min(1).optional(), uk: z.string().min(1).optional() }).optional(),
  /**
   * Words chat commands take for this topic besides its id and the names its entities are recognised
   * by (src/analysis/topics.ts topicNamed): Газа, which is no alias (also "of gas").
   */
  names: z.array(z.string().min(1)).optional(),
  description: z.string().min(1),
  entities,
});

export const topicsSpecSchema = z.strictObject({
  tagging: z
    .strictObject({
      minScore: weight.default(1),
      /** The lower score that tags an item relevant by its words when no topic reaches minScore. */
      relevantMinScore: weight.optional(),
      relativeMin: share.default(0.5),
      bodyMentions: z.int().min(1).default(2),
      fields: fieldWeights.default({ title: 1.5, lead: 1, body: 0.5 }),
    })
    .prefault({}),
  entities: entities.default({}),
  topics: z.record(z.string().regex(identifier, 'use lower-case letters, digits and -'), topic),
});

export type LexiconSpec = z.output<typeof lexiconSpecSchema>;
export type LexiconGroupSpec = LexiconSpec['groups'][number];
export type TopicsSpec = z.output<typeof topicsSpecSchema>;
export type EntitySpec = z.output<typeof entity>;

/**
 * How two spellings of one pattern compare: folded as analysis folds them (case, ё, accents on Latin
 * letters, stress marks, apostrophe variants: `négociation*` and `negociation*` are one pattern, which
 * compiling refused later, after the database was opened and without the file's name); spacing ignored.
 */
function patternKey(text: string): string {
  return foldText(text).replace(/\s+/g, ' ').trim();
}

/** Combinations and the leader-meeting rule may only name groups the file defines. */
function unknownGroups(spec: LexiconSpec, file: string): Problem[] {
  const names = new Set(spec.groups.map((group) => group.name));
  const problems: Problem[] = [];
  const check = (name: string, where: readonly PropertyKey[]) => {
    if (names.has(name)) return;
    const suggestion = closestMatch(name, [...names]);
    const hint = suggestion === null ? '' : ` (did you mean ${suggestion}?)`;
    problems.push({ file, path: dottedPath(where), message: `unknown group "${name}"${hint}` });
  };
  spec.combinations.forEach((combination, c) => {
    combination.groups.forEach((name, g) => {
      check(name, ['combinations', c, 'groups', g]);
    });
  });
  for (const key of ['groups', 'betweenConflicts'] as const)
    spec.leaderMeeting[key].forEach((name, g) => {
      check(name, ['leaderMeeting', key, g]);
    });
  for (const key of ['partiesOnly', 'sidesOnly', 'pairsOnly'] as const)
    spec.leaderMeeting[key].forEach((name, g) => {
      if (!spec.leaderMeeting.groups.includes(name))
        problems.push({
          file,
          path: dottedPath(['leaderMeeting', key, g]),
          message: `"${name}" is not one of leaderMeeting.groups`,
        });
    });
  for (const key of ['negotiation', 'topics', 'settlement'] as const)
    spec.offSubject[key].forEach((name, g) => {
      check(name, ['offSubject', key, g]);
    });
  return problems;
}

function lexiconDuplicates(spec: LexiconSpec, file: string): Problem[] {
  const seen = new Map<string, string>();
  const problems: Problem[] = unknownGroups(spec, file);
  spec.groups.forEach((group, g) => {
    group.terms.forEach((term, t) => {
      const key = patternKey(term);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, group.name);
      else {
        const message = `"${term}" is already listed in group ${first}`;
        problems.push({ file, path: dottedPath(['groups', g, 'terms', t]), message });
      }
    });
  });
  return problems;
}

function topicsDuplicates(spec: TopicsSpec, file: string): Problem[] {
  const owners = new Map<string, string>();
  const aliases = new Map<string, string>();
  const problems: Problem[] = [];
  const sides: Array<{ where: readonly PropertyKey[]; side: string }> = [];
  const visit = (where: readonly PropertyKey[], id: string, spec: EntitySpec) => {
    if (spec.side !== undefined) sides.push({ where: [...where, 'side'], side: spec.side });
    const owner = owners.get(id);
    if (owner !== undefined) {
      problems.push({
        file,
        path: dottedPath(where),
        message: `entity id ${id} is also defined at ${owner}`,
      });
    } else owners.set(id, dottedPath(where));
    spec.aliases.forEach((alias, a) => {
      const other = aliases.get(patternKey(alias));
      if (other === undefined) aliases.set(patternKey(alias), id);
      else if (other !== id) {
        const message = `"${alias}" already names entity ${other}`;
        problems.push({ file, path: dottedPath([...where, 'aliases', a]), message });
      }
    });
  };
  for (const [id, shared] of Object.entries(spec.entities)) {
    visit(['entities', id], id, shared);
    (shared.topics ?? []).forEach((topicId, t) => {
      if (!Object.hasOwn(spec.topics, topicId)) {
        const message = `unknown topic "${topicId}"`;
        problems.push({ file, path: dottedPath(['entities', id, 'topics', t]), message });
      }
    });
    if (shared.fallback !== undefined && !Object.hasOwn(spec.topics, shared.fallback)) {
      const message = `unknown topic "${shared.fallback}"`;
      problems.push({ file, path: dottedPath(['entities', id, 'fallback']), message });
    }
  }
  for (const [topicId, topic] of Object.entries(spec.topics)) {
    for (const [id, own] of Object.entries(topic.entities)) {
      visit(['topics', topicId, 'entities', id], id, own);
      if (own.conflict) {
        const message = 'conflict: applies to shared entities only (topic entities always count as context)';
        problems.push({ file, path: dottedPath(['topics', topicId, 'entities', id, 'conflict']), message });
      }
      if (own.topics !== undefined) {
        const message = 'topics: applies to shared entities only (a topic entity belongs to its topic)';
        problems.push({ file, path: dottedPath(['topics', topicId, 'entities', id, 'topics']), message });
      }
      if (own.fallback !== undefined) {
        const message = 'fallback: applies to shared entities only (a topic entity belongs to its topic)';
        problems.push({ file, path: dottedPath(['topics', topicId, 'entities', id, 'fallback']), message });
      }
    }
  }
  // A side is an entity the actor speaks for: a misspelt one would make two leaders of one side "meet".
  for (const { where, side } of sides) {
    if (owners.has(side)) continue;
    const suggestion = closestMatch(side, [...owners.keys()]);
    const hint = suggestion === null ? '' : ` (did you mean ${suggestion}?)`;
    problems.push({ file, path: dottedPath(where), message: `side "${side}" is not an entity id${hint}` });
  }
  return problems;
}

/** The keys accepted at `path`, walking objects, records and arrays (problems.ts stops at records). */
function keysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.core.$ZodType = schema;
  for (let i = 0; i <= path.length; i += 1) {
    while (!(current instanceof z.ZodObject) && 'innerType' in current._zod.def) {
      const inner: unknown = current._zod.def.innerType;
      if (!(inner instanceof z.core.$ZodType)) return [];
      current = inner;
    }
    if (i === path.length) return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
    if (current instanceof z.ZodObject) {
      const shape: Record<string, z.core.$ZodType | undefined> = current.shape;
      const next = shape[String(path[i])];
      if (next === undefined) return [];
      current = next;
    } else if (current instanceof z.ZodRecord) current = current.valueType;
    else if (current instanceof z.ZodArray) current = current.element;
    else return [];
  }
  return [];
}

function schemaProblems(
  schema: z.core.$ZodType,
  issues: readonly z.core.$ZodIssue[],
  file: string,
): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    if (issue.code === 'invalid_key') {
      const message = issue.issues.map((inner) => inner.message).join('; ');
      return [{ file, path: dottedPath(issue.path), message: `invalid name: ${message}` }];
    }
    if (issue.code === 'invalid_type' && issue.expected === 'record') {
      // problems.ts words only objects; a record is a mapping to the operator too.
      return problemsFromIssues(file, schema, [{ ...issue, expected: 'object' }]);
    }
    if (issue.code !== 'unrecognized_keys') return problemsFromIssues(file, schema, [issue]);
    const known = keysAt(schema, issue.path);
    return issue.keys.map((key) => {
      const suggestion = closestMatch(key, known);
      const message =
        suggestion === null
          ? `unknown key (known keys: ${known.join(', ')})`
          : `unknown key (did you mean ${suggestion}?)`;
      return { file, path: dottedPath([...issue.path, key]), message };
    });
  });
}

function parseWith<T>(
  schema: z.ZodType<T>,
  raw: unknown,
  file: string,
  duplicates: (spec: T, file: string) => Problem[],
): T {
  const parsed = schema.safeParse(raw ?? {}, { reportInput: true });
  if (!parsed.success) throw configError(schemaProblems(schema, parsed.error.issues, file));
  const problems = duplicates(parsed.data, file);
  if (problems.length > 0) throw configError(problems);
  return parsed.data;
}

/**
 * Combinations may name topic entities (config/topics.yaml) by id; one the taxonomy lacks would never
 * match, so it is an error, checked once both files are read.
 */
export function unknownEntities(lexicon: LexiconSpec, topics: TopicsSpec, file: string): Problem[] {
  const ids = [
    ...Object.keys(topics.entities),
    ...Object.values(topics.topics).flatMap((topic) => Object.keys(topic.entities)),
  ];
  const known = new Set(ids);
  return lexicon.combinations.flatMap((combination, c) =>
    combination.entities.flatMap((id, e) => {
      if (known.has(id)) return [];
      const suggestion = closestMatch(id, ids);
      const hint = suggestion === null ? '' : ` (did you mean ${suggestion}?)`;
      const path = dottedPath(['combinations', c, 'entities', e]);
      return [{ file, path, message: `unknown entity "${id}" (not in the topics file)${hint}` }];
    }),
  );
}

/** Validates a parsed config/lexicon.yaml; throws AppError('config_invalid') listing every problem. */
export function parseLexiconSpec(raw: unknown, file = 'config/lexicon.yaml'): LexiconSpec {
  return parseWith(lexiconSpecSchema, raw, file, lexiconDuplicates);
}

/** Validates a parsed config/topics.yaml; throws AppError('config_invalid') listing every problem. */
export function parseTopicsSpec(raw: unknown, file = 'config/topics.yaml'): TopicsSpec {
  return parseWith(topicsSpecSchema, raw, file, topicsDuplicates);
}
