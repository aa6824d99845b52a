import { AppError } from '../shared/errors.js';
import { withoutOneLetterProclitic, withoutPronoun } from './arabic.js';
import { isHebrewWord, withoutHebrewPrefixes } from './hebrew.js';
import { withoutPersianAffixes } from './persian.js';
import { nameBeforeEnding, tokenize } from './tokenize.js';

/**
 * A token trie over config patterns: `peace talks`, `переговор*`, `cease-fire*`. Each pattern word is
 * folded and tokenised like item text, so hyphens and apostrophes split and fold the same way on
 * both sides. A word ending in `*` matches any token starting with its stem. Matching is leftmost-
 * longest and non-overlapping: `trade talks` consumes `talks`, and an exact word beats a wildcard.
 * Cost per token: one Map lookup for exact words and one for the wildcard bucket of its first two
 * characters, whatever the number of patterns; an Arabic word that matches nothing gets one more try
 * without a one-letter proclitic (behindProclitic), a Hebrew one without its prefixes
 * (behindHebrewPrefixes), and in a Persian text one without its plural or ezafe ending or verbal prefix
 * (behindPersianAffixes). A Turkish name with its case ending after an
 * apostrophe (İstanbul'da) takes the exact edge of the name (namesBeforeEnding).
 */
export type MatcherEntry<T> = { pattern: string; value: T };

/** A match over token indices [start, end). */
export type Hit<T> = { pattern: string; value: T; start: number; end: number };

/**
 * `match(tokens, nameEndings, persian)`: the second argument may be false when the caller knows that no
 * token is a Turkish name with its case ending (TokenSpans.nameEndings), which spares looking for them;
 * the third is true for a Persian text (TokenSpans.persian), whose words may carry Persian affixes.
 */
export type Matcher<T> = {
  match(tokens: readonly string[], nameEndings?: boolean, persian?: boolean): Hit<T>[];
  readonly size: number;
};

type Edge<T> = { stem: string; node: TrieNode<T> };
type TrieNode<T> = {
  exact: Map<string, TrieNode<T>> | null;
  prefixes: Map<number, Edge<T>[]> | null;
  terminal: MatcherEntry<T> | null;
};

type Step = { token: string; wildcard: boolean };

const newNode = <T>(): TrieNode<T> => ({ exact: null, prefixes: null, terminal: null });
// Wildcards are bucketed by their first three characters (two for a two-letter stem), so that a word
// scans only the stems it could start with: with French, Spanish and German in the lexicon, 27 stems
// begin with "fr" (friedens*…) and every English "from" or "free" walked them all. Both keys are
// numbers; a three-character key is at least 2^32, a two-character key below it.
const bucketKey2 = (token: string): number => token.charCodeAt(0) * 65_536 + token.charCodeAt(1);
const bucketKey3 = (token: string): number => bucketKey2(token) * 65_536 + token.charCodeAt(2);
const bucketKey = (stem: string): number => (stem.length >= 3 ? bucketKey3(stem) : bucketKey2(stem));

/** `Эр-Рияд*` → эр, рияд*. A wildcard stem shorter than two characters matches exactly. */
function patternSteps(pattern: string): Step[] {
  const steps: Step[] = [];
  for (const word of pattern.trim().split(/\s+/)) {
    const wildcard = word.endsWith('*');
    const tokens = tokenize(wildcard ? word.slice(0, -1) : word);
    tokens.forEach((token, i) => {
      steps.push({ token, wildcard: wildcard && i === tokens.length - 1 && token.length >= 2 });
    });
  }
  return steps;
}

function child<T>(node: TrieNode<T>, step: Step): TrieNode<T> {
  if (!step.wildcard) {
    node.exact ??= new Map();
    const existing = node.exact.get(step.token);
    if (existing !== undefined) return existing;
    const created = newNode<T>();
    node.exact.set(step.token, created);
    return created;
  }
  node.prefixes ??= new Map();
  const key = bucketKey(step.token);
  const bucket = node.prefixes.get(key) ?? [];
  node.prefixes.set(key, bucket);
  const edge = bucket.find((candidate) => candidate.stem === step.token);
  if (edge !== undefined) return edge.node;
  const created = newNode<T>();
  // Longest stem first: of two wildcards that match a word equally far, the more specific one wins
  // (`kriegsgefangen*` over `krieg*`), wherever each stands in the file.
  const at = bucket.findIndex((candidate) => candidate.stem.length < step.token.length);
  bucket.splice(at === -1 ? bucket.length : at, 0, { stem: step.token, node: created });
  return created;
}

type Best<T> = { entry: MatcherEntry<T> | null; end: number };

/**
 * Turkish names with their case ending (İstanbul'da, Süper Lig'de, Hamas'ın): the name before the
 * apostrophe at each such token, for the exact edges (a wildcard such as `ukrayna*` meets the word as
 * it is); null when no token has one, as in nearly every text, so that walks pay one null test.
 */
function namesBeforeEnding(tokens: readonly string[]): (string | undefined)[] | null {
  let names: (string | undefined)[] | null = null;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] ?? '';
    const name = nameBeforeEnding(token);
    if (name === undefined) continue;
    names ??= [];
    names[i] = name;
  }
  return names;
}

function walk<T>(
  node: TrieNode<T>,
  tokens: readonly string[],
  j: number,
  best: Best<T>,
  names: readonly (string | undefined)[] | null,
): void {
  if (node.terminal !== null && j > best.end) {
    best.entry = node.terminal;
    best.end = j;
  }
  const token = tokens[j];
  if (token === undefined) return;
  let next = node.exact?.get(token);
  if (next === undefined && names !== null) {
    const name = names[j];
    if (name !== undefined) next = node.exact?.get(name);
  }
  if (next !== undefined) walk(next, tokens, j + 1, best, names);
  if (node.prefixes === null || token.length < 2) return;
  // Longer stems first: of two wildcards that reach as far, the more specific one wins.
  if (token.length >= 3) walkBucket(node.prefixes.get(bucketKey3(token)), tokens, j, best, names);
  walkBucket(node.prefixes.get(bucketKey2(token)), tokens, j, best, names);
}

function walkBucket<T>(
  bucket: Edge<T>[] | undefined,
  tokens: readonly string[],
  j: number,
  best: Best<T>,
  names: readonly (string | undefined)[] | null,
): void {
  if (bucket === undefined) return;
  const token = tokens[j] ?? '';
  for (const edge of bucket) if (token.startsWith(edge.stem)) walk(edge.node, tokens, j + 1, best, names);
}

/**
 * Whether any pattern may start with this token: the common case, a miss, without a walk. The root's
 * wildcard buckets are keyed by the first three characters of their stems (two for a two-letter
 * stem), so a miss costs three Map lookups at most; keying by two characters let every English "of",
 * "on" or "you" walk once Polish ofensyw* and Turkish öneri* (oneri*) were in the lexicon.
 */
function mayStartAt<T>(root: TrieNode<T>, token: string): boolean {
  if (root.exact?.has(token)) return true;
  const prefixes = root.prefixes;
  if (prefixes === null || token.length < 2) return false;
  return (token.length >= 3 && prefixes.has(bucketKey3(token))) || prefixes.has(bucketKey2(token));
}

/** The longest pattern starting at token i, written into the reused `best`. */
function longestAt<T>(
  root: TrieNode<T>,
  tokens: readonly string[],
  i: number,
  best: Best<T>,
  names: readonly (string | undefined)[] | null = null,
): Best<T> {
  best.entry = null;
  best.end = -1;
  walk(root, tokens, i, best, names);
  return best;
}

/**
 * Builds the trie. Two patterns that fold to the same words (`négociation*` and `negociation*`,
 * `الرهائن` and `رهائن`) are a config mistake: one of them would never match, so it is refused by name.
 */
export function createMatcher<T>(
  entries: Iterable<MatcherEntry<T>>,
  where = 'patterns',
  { pronouns = false }: { pronouns?: boolean } = {},
): Matcher<T> {
  const root = newNode<T>();
  let size = 0;
  let longest = 0;
  for (const entry of entries) {
    const steps = patternSteps(entry.pattern);
    longest = Math.max(longest, steps.length);
    if (steps.length === 0) {
      throw new AppError('config_invalid', `pattern "${entry.pattern}" has no words`, {
        details: { pattern: entry.pattern },
      });
    }
    const node = steps.reduce(child, root);
    if (node.terminal !== null) {
      const first = node.terminal.pattern;
      throw new AppError(
        'config_invalid',
        `${where}: "${first}" and "${entry.pattern}" match the same words (case, accents and articles are ignored): keep one`,
        { details: { patterns: [first, entry.pattern] } },
      );
    }
    node.terminal = entry;
    size += 1;
  }
  /**
   * An Arabic word that matches nothing may still be a name behind ب, ل, ك or ف (بغزه: in Gaza): the
   * longest pattern at i with that one letter taken off, or null. Only a pattern whose first word is
   * exact qualifies (الفروسيه, horse riding, is not `روسي*` behind ف), and only token i changes: the
   * window holds it and the words a pattern could still need after it, so the cost stays per token.
   */
  const behindProclitic = (tokens: readonly string[], i: number, best: Best<T>) => {
    const stripped = withoutOneLetterProclitic(tokens[i] ?? '');
    if (stripped === null || root.exact?.has(stripped) !== true) return null;
    const entry = longestAt(root, [stripped, ...tokens.slice(i + 1, i + longest)], 0, best).entry;
    if (entry !== null) best.end += i;
    return entry;
  };
  /** The longest pattern at i whose first word is one of `words` (the word at i less something), tried in order. */
  const behind = (words: readonly string[], tokens: readonly string[], i: number, best: Best<T>) => {
    for (const stripped of words) {
      if (!mayStartAt(root, stripped)) continue;
      const entry = longestAt(root, [stripped, ...tokens.slice(i + 1, i + longest)], 0, best).entry;
      if (entry === null) continue;
      best.end += i;
      return entry;
    }
    return null;
  };
  /**
   * Likewise a Hebrew word behind its prefixes (בעזה, והפסקת, שהמשא, כשהחטופים: hebrew.ts), shortest
   * prefix first. Unlike Arabic, a wildcard first word qualifies too (ההסכמים meets `הסכם*`): Hebrew
   * patterns are listed with that in mind, their wildcards on stems of four letters or more.
   */
  const behindHebrewPrefixes = (tokens: readonly string[], i: number, best: Best<T>) =>
    behind(withoutHebrewPrefixes(tokens[i] ?? ''), tokens, i, best);
  /**
   * Likewise a word of a Persian text without its ending or verbal prefix (گروگانها, صلحی, مذاکرهای,
   * میکنند: persian.ts), least taken off first; a wildcard first word qualifies, as for Hebrew. Only in a
   * text that persian.ts calls Persian: Arabic words end in ي, ان, ات too, and Arabic has its own rules.
   */
  const behindPersianAffixes = (tokens: readonly string[], i: number, best: Best<T>) =>
    behind(withoutPersianAffixes(tokens[i] ?? ''), tokens, i, best);
  /**
   * Likewise a word with an attached pronoun (قمتهما: their summit; هدنتها: its truce): the longest
   * pattern at i whose first word is exact and is the word without it. Only with `pronouns` (the
   * lexicon's words, not topic names).
   */
  const beforePronoun = (tokens: readonly string[], i: number, best: Best<T>) => {
    for (const stem of withoutPronoun(tokens[i] ?? '')) {
      if (root.exact?.has(stem) !== true) continue;
      const entry = longestAt(root, [stem, ...tokens.slice(i + 1, i + longest)], 0, best).entry;
      if (entry === null) continue;
      best.end += i;
      return entry;
    }
    return null;
  };
  const match = (tokens: readonly string[], nameEndings = true, persian = false): Hit<T>[] => {
    const hits: Hit<T>[] = [];
    const best: Best<T> = { entry: null, end: -1 };
    const names = nameEndings ? namesBeforeEnding(tokens) : null;
    let i = 0;
    while (i < tokens.length) {
      const token = tokens[i] ?? '';
      // The code-point test keeps the proclitic retry off the path of every other script.
      const arabic = token.charCodeAt(0) >= 0x0600 && token.charCodeAt(0) <= 0x06ff;
      const hebrew = !arabic && isHebrewWord(token);
      const starts = mayStartAt(root, token) || names?.[i] !== undefined;
      if (!starts && !arabic && !hebrew) {
        i += 1;
        continue;
      }
      let entry = starts ? longestAt(root, tokens, i, best, names).entry : null;
      if (entry === null && arabic) entry = behindProclitic(tokens, i, best);
      if (entry === null && hebrew) entry = behindHebrewPrefixes(tokens, i, best);
      // Names take no attached pronoun (حماسهم is "their enthusiasm", not Hamas): words only.
      if (entry === null && arabic && pronouns) entry = beforePronoun(tokens, i, best);
      if (entry === null && arabic && persian) entry = behindPersianAffixes(tokens, i, best);
      if (entry === null) i += 1;
      else {
        hits.push({ pattern: entry.pattern, value: entry.value, start: i, end: best.end });
        i = best.end;
      }
    }
    return hits;
  };
  return { match, size };
}
