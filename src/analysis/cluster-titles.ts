import { findLanguage, languageCount, type Story, termMembersAt, termsAt } from './cluster-story.js';
import type { MergeResult, VectorPool } from './cluster-vector-pool.js';
import type { SparseVector } from './cluster-vectors.js';
import { hasBalancedQuotes, singleQuotation } from './summary-furniture.js';

/**
 * The representative title of a story: the title whose terms have the highest cosine with the
 * story's term centroid of their language, times that language's share of the members (so that a
 * lone Russian report does not name an English story). One title is kept: each new member's title
 * challenges it against the updated centroid and the better one stays. A title that its feed cut short
 * (an open quotation, a closing ellipsis: "Proposal for next round of talks ‘received") is kept only
 * until a whole one in its language comes. Keeping every member's title to re-rank them all would
 * cost ~150 bytes a member for a rarely different answer.
 */
export type TitleChooser = {
  offer(story: Story, title: string, language: string, terms: SparseVector): void;
  release(story: Story): void;
  bytes(): number;
};

// What is left of an opening mark once the quotations are out (an elision opens none).
const openingSingleQuote = /(?:^|\s)['‘](?!\d|[Tt](?:is|was)\b)/u;

/** A title its feed cut short: a quotation left open, or an ellipsis at the end. */
export function isCutShort(title: string): boolean {
  return (
    !hasBalancedQuotes(title) ||
    openingSingleQuote.test(title.replace(singleQuotation, ' ')) ||
    /(?:…|\.\.\.)\s*$/u.test(title)
  );
}

// A title string: 16-byte header + one byte a Latin-1 character, two otherwise (counted as two).
const STRING_HEADER_BYTES = 16;

export function createTitleChooser(pool: VectorPool): TitleChooser {
  const scratch: MergeResult = { added: [], posted: [] };
  let titles = 0;
  let characters = 0;

  const score = (story: Story, handle: number, language: string): number => {
    const at = findLanguage(story, language);
    if (at < 0) return 0;
    const centroid = termsAt(story, at);
    const norm = pool.norm(handle) * pool.norm(centroid);
    if (norm === 0) return 0;
    let members = 0;
    for (let i = 0; i < languageCount(story); i++) members += termMembersAt(story, i);
    return (pool.dotPooled(handle, centroid) / norm) * (termMembersAt(story, at) / Math.max(1, members));
  };

  const keep = (story: Story, title: string, handle: number, language: string): void => {
    if (story.titleTerms >= 0) {
      characters -= story.title.length;
      pool.free(story.titleTerms);
    } else titles++;
    story.title = title;
    story.titleTerms = handle;
    story.titleLanguage = language;
    characters += title.length;
  };

  return {
    offer(story, title, language, terms) {
      const handle = pool.create();
      pool.merge(handle, terms, 1, scratch);
      scratch.added.length = 0;
      scratch.posted.length = 0;
      // A whole title beats a cut one of the same language; otherwise the most central title wins (a
      // lone report in another language scores low by its language's share of the members).
      const cut = isCutShort(title);
      const currentCut = story.titleTerms >= 0 && isCutShort(story.title);
      const better =
        story.titleTerms < 0 ||
        (language === story.titleLanguage && cut !== currentCut
          ? currentCut
          : score(story, handle, language) > score(story, story.titleTerms, story.titleLanguage));
      if (better) keep(story, title, handle, language);
      else pool.free(handle);
    },
    release(story) {
      if (story.titleTerms < 0) return;
      characters -= story.title.length;
      titles--;
      pool.free(story.titleTerms);
      story.titleTerms = -1;
    },
    bytes: () => titles * STRING_HEADER_BYTES + characters * 2,
  };
}
