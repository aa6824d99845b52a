/**
 * A story of the window: one small object (~130 bytes) whose vectors live in the pool and whose
 * members live in the member store under its slot. Term centroids are per language; the first
 * language is held in fields, since most stories have one, further ones in `otherLanguages`.
 */
export type Story = {
  id: number;
  alive: boolean;
  /** Seconds since the index's epoch: small integers, so V8 stores them unboxed. */
  firstAt: number;
  lastAt: number;
  /** A small integer, reused after eviction: the story's row in the member store and the table. */
  slot: number;
  language: string;
  /** Pool handle of the term centroid of `language`, and the number of members merged into it. */
  terms: number;
  termMembers: number;
  /** Further languages: [language, pool handle, members merged] repeated. */
  otherLanguages: Array<string | number>;
  /** Entity centroid (pool handle), language independent. */
  entities: number;
  /** The representative title, its terms (pool handle, -1 before the first) and language. */
  title: string;
  titleTerms: number;
  titleLanguage: string;
  /** The union of its members' acts (cluster-act.ts): order-independent, so a seeded story gates alike. */
  acts: number;
};

export const NO_LANGUAGES: Array<string | number> = [];

export function languageCount(story: Story): number {
  return 1 + story.otherLanguages.length / 3;
}

export function languageAt(story: Story, i: number): string {
  return i === 0 ? story.language : (story.otherLanguages[3 * i - 3] as string);
}

export function termsAt(story: Story, i: number): number {
  return i === 0 ? story.terms : (story.otherLanguages[3 * i - 2] as number);
}

export function termMembersAt(story: Story, i: number): number {
  return i === 0 ? story.termMembers : (story.otherLanguages[3 * i - 1] as number);
}

/** Counts a member merged into the centroid of language `i`. */
export function countTermMember(story: Story, i: number): void {
  if (i === 0) story.termMembers++;
  else story.otherLanguages[3 * i - 1] = termMembersAt(story, i) + 1;
}

/** The index of a language's term centroid, or -1. */
export function findLanguage(story: Story, language: string): number {
  for (let i = 0; i < languageCount(story); i++) if (languageAt(story, i) === language) return i;
  return -1;
}
