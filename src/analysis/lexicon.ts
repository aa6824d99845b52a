import type { TextField } from '../domain/analysis.js';
import { foldText } from '../shared/fold.js';
import { createMatcher, type Matcher } from './matcher.js';

/**
 * What config/lexicon.yaml and config/topics.yaml say, as analysis needs it. src/config/analysis-schema.ts
 * validates the files into values of these shapes (analysis may not import config, so the shapes
 * are stated here; the schema test checks that the two agree).
 */
export type LexiconKind = 'negotiation' | 'context' | 'battlefield' | 'negative' | 'cue';
export type FieldWeights = Record<TextField, number>;

export type LexiconGroup = {
  name: string;
  kind: LexiconKind;
  weight: number;
  impliesConflict: boolean;
  terms: readonly string[];
};

/** Terms of every listed group within `within` tokens of each other in one field count as one term. */
export type Combination = {
  name: string;
  /** Default negotiation; a battlefield combination is a penalty. */
  kind?: 'negotiation' | 'battlefield';
  weight: number;
  impliesConflict: boolean;
  groups: readonly string[];
  /** config/topics.yaml entity ids, one of which must be named near the groups' terms. */
  entities?: readonly string[];
  within: number;
  ordered?: boolean;
};

export type LexiconSpec = {
  threshold: number;
  /**
   * The languages the terms are written in (README, "Which languages does Parley read?"): an item in
   * another meets none of its talks words and is never relevant, which `parley feeds check` says. Empty:
   * not stated.
   */
  languages?: readonly string[];
  /** An item that names no topic is not relevant (analyse-item.ts); optional for specs built in code. */
  requireTopic?: boolean;
  fields: FieldWeights;
  bodyCap: number;
  bodyFocus: {
    minTerms: number;
    minGroups: number;
    perThousand: number;
    strongWeight: number;
    weight: number;
    cap: number;
  };
  context: { missingFactor: number; bonus: number; bodyMentions: number };
  veto: { belowContext: number; relief: number };
  groups: readonly LexiconGroup[];
  combinations: readonly Combination[];
  /** When set, an item short of the threshold that reports a story about talks is relevant by it. */
  storyMembership?: { minScore: number; similarity: number } | undefined;
  leaderMeeting: {
    weight: number;
    groups: readonly string[];
    within: number;
    partiesOnly?: readonly string[];
    sidesOnly?: readonly string[];
    /** Groups whose terms need the two sides written as a pair next to them (relevance-meeting.ts). */
    pairsOnly?: readonly string[];
    /** Groups whose terms drop out between parties of two conflicts (relevance-meeting.ts). */
    betweenConflicts?: readonly string[];
  };
  /** Negotiation terms with an off-subject topic in one clause (relevance-off-subject.ts). */
  offSubject: {
    weight: number;
    negotiation: readonly string[];
    topics: readonly string[];
    settlement: readonly string[];
    within: number;
  };
};

export type EntityKind =
  | 'leader'
  | 'official'
  | 'state'
  | 'group'
  | 'venue'
  | 'place'
  | 'other'
  | 'look-alike';

export type EntitySpec = {
  label?: string | undefined;
  kind: EntityKind;
  side?: string | undefined;
  weight: number;
  conflict: boolean;
  topics?: readonly string[] | undefined;
  fallback?: string | undefined;
  disputes?: readonly string[] | undefined;
  aliases: readonly string[];
};

export type TopicsSpec = {
  tagging: {
    minScore: number;
    /** When set, the lower score that tags an item relevant by its words (analyse-item.ts). */
    relevantMinScore?: number | undefined;
    relativeMin: number;
    bodyMentions: number;
    fields: FieldWeights;
  };
  entities: Readonly<Record<string, EntitySpec>>;
  topics: Readonly<
    Record<
      string,
      {
        label: string;
        labels?: Readonly<Partial<Record<'ru' | 'uk', string | undefined>>> | undefined;
        names?: readonly string[] | undefined;
        description: string;
        entities: Readonly<Record<string, EntitySpec>>;
      }
    >
  >;
};

export type CompiledLexicon = { spec: LexiconSpec; matcher: Matcher<LexiconGroup> };

/**
 * A canonical entity: `topic` null for shared entities (mediators, venues, Trump). `side` is set for
 * the sides of a conflict (leaders, officials, states, armed groups of a topic, or shared ones given
 * a side, like Israel); `mediator` for shared actors without one (Trump, Qatar, Erdogan).
 */
export type EntityInfo = {
  id: string;
  topic: string | null;
  weight: number;
  conflict: boolean;
  side: string | null;
  mediator: boolean;
  /** A shared entity's topics (config `topics`); null: every topic the item names. */
  addsTo: readonly string[] | null;
  /** A shared entity's topic for a relevant item that names no other (config `fallback`). */
  fallback: string | null;
  /** The conflicts of its topic this actor is a side of (config `disputes`); null: the topic's. */
  disputes: readonly string[] | null;
  /** Kind `look-alike`: consumes words that look like an alias, names nothing (no mention). */
  lookAlike: boolean;
};

const actorKinds: ReadonlySet<EntityKind> = new Set(['leader', 'official', 'state', 'group']);

export type CompiledTopics = {
  spec: TopicsSpec;
  matcher: Matcher<EntityInfo>;
  topics: ReadonlyArray<{
    id: string;
    label: string;
    /** The label in other languages, by language; English is `label`. */
    labels: Readonly<Record<string, string>>;
    description: string;
  }>;
  /** The topics' `names`, folded, each with the topic that lists it (null: several do). */
  names: ReadonlyMap<string, string | null>;
};

export function compileLexicon(spec: LexiconSpec): CompiledLexicon {
  const entries = spec.groups.flatMap((group) => group.terms.map((pattern) => ({ pattern, value: group })));
  return { spec, matcher: createMatcher(entries, 'lexicon terms', { pronouns: true }) };
}

function entityEntries(entities: Readonly<Record<string, EntitySpec>>, topic: string | null) {
  return Object.entries(entities).flatMap(([id, entity]) => {
    const actor = actorKinds.has(entity.kind);
    const party = actor && (topic !== null || entity.side !== undefined);
    const value: EntityInfo = {
      id,
      topic,
      weight: entity.weight,
      conflict: entity.conflict || topic !== null,
      side: party ? (entity.side ?? id) : null,
      mediator: actor && !party,
      addsTo: entity.topics ?? null,
      fallback: entity.fallback ?? null,
      disputes: entity.disputes ?? null,
      lookAlike: entity.kind === 'look-alike',
    };
    return entity.aliases.map((pattern) => ({ pattern, value }));
  });
}

export function compileTopics(spec: TopicsSpec): CompiledTopics {
  const entries = [
    ...Object.entries(spec.topics).flatMap(([id, topic]) => entityEntries(topic.entities, id)),
    ...entityEntries(spec.entities, null),
  ];
  const topics = Object.entries(spec.topics).map(([id, topic]) => ({
    id,
    label: topic.label,
    labels: Object.fromEntries(
      Object.entries(topic.labels ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
    description: topic.description,
  }));
  const names = new Map<string, string | null>();
  for (const [id, topic] of Object.entries(spec.topics)) {
    for (const name of topic.names ?? []) {
      const word = foldText(name.trim());
      names.set(word, names.has(word) && names.get(word) !== id ? null : id);
    }
  }
  return { spec, matcher: createMatcher(entries, 'topic aliases'), topics, names };
}
