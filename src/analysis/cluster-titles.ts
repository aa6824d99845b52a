import { resized } from './cluster-blocks.js';
import { findLanguage, languageCount, type Story, termMembersAt, termsAt } from './cluster-story.js';
import type { MergeResult, VectorPool } from './cluster-vector-pool.js';
import type { SparseVector } from './cluster-vectors.js';
import { hasBalancedQuotes, withoutSingleQuotations } from './summary-furniture.js';

/**
 * The representative title of a story: the title whose terms have the highest cosine with the
 * story's term centroid of their language, times that language's share of the members (so that a
 * lone Russian report does not name an English story). One title is kept: each new member's title
 * challenges it against the updated centroid and the better one stays. Keeping every member's title
 * to re-rank them all would cost ~150 bytes a member for a rarely different answer.
 *
 * Before centrality, what a headline is: one that names its page rather than the event (all
 * capitals, a live blog, a newsletter, an outlet name or format word at its end: `assessTitle`) names
 * a story only until another headline of its language comes, or one of another language with at
 * least as large a share of the members; one that its feed cut short (an open quotation, a closing
 * ellipsis: "Proposal for next round of talks ‘received") only until a whole one in its language
 * comes. A title is kept as shown: without the outlet name or format word at its end, and without a
 * live blog's marker when a headline of its own is left (withoutLiveMarker).
 *
 * A member re-published under a changed headline (`revise`): when its old headline is the title,
 * the new one takes its place (the old one is no member's any more); otherwise the new one
 * challenges the title as a new member's would.
 */
export type TitleChooser = {
  /** A new member's headline. */
  offer(story: Story, item: Title, terms: SparseVector): void;
  /** A member's changed headline. */
  revise(story: Story, item: Title, terms: SparseVector): void;
  release(story: Story): void;
  bytes(): number;
};

/** A member's headline: `id` the item's, `outlet` the name of its feed when known (see assessTitle). */
export type Title = { id: number; title: string; language: string; outlet: string | null };

/** A headline as a story title: its text as shown and what speaks against it. */
export type TitleAssessment = {
  /** Without a trailing outlet name ("… - Al Jazeera English") or format word ("… – video"). */
  text: string;
  /** Cut short by its feed: see isCutShort. */
  cut: boolean;
  /** Names its page rather than the event: all capitals, a live blog, a newsletter, or a suffix taken off. */
  poor: boolean;
};

// What is left of an opening mark once the quotations are out (an elision opens none).
const openingSingleQuote = /(?:^|\s)['‘](?!\d|[Tt](?:is|was)\b)/u;

/** A title its feed cut short: a quotation left open, or an ellipsis at the end. */
export function isCutShort(title: string): boolean {
  return (
    !hasBalancedQuotes(title) ||
    openingSingleQuote.test(withoutSingleQuotations(title)) ||
    /(?:…|\.\.\.)\s*$/u.test(title)
  );
}

// Words that say what kind of page it is, after a dash at the end (The Guardian: "… – video").
const FORMAT_WORDS = new Set([
  'video',
  'watch',
  'podcast',
  'audio',
  'video explainer',
  'explainer video',
  'in pictures',
  'in photos',
  'pictures',
  'photos',
  'photo essay',
  'cartoon',
  'quiz',
  'visual guide',
  'in maps',
  'in charts',
  'видео',
  'відео',
  'фото',
  'фоторепортаж',
  'подкаст',
  'аудио',
  'аудіо',
]);

// Outlets as sites and aggregators (Google News: "… - Al Jazeera English") name them after " - " or
// " | ": names that are not also the source a report attributes a claim to ("… - report").
const SITE_NAMES = new Set([
  'al jazeera english',
  'al jazeera',
  'bbc news',
  'bbc world service',
  'ap news',
  'associated press',
  'guardian',
  'the guardian',
  'france 24',
  'france 24 english',
  'dw',
  'dw news',
  'rfi',
  'npr',
  'un news',
  'le monde',
  'el país',
  'euronews',
  'sky news',
  'abc news',
  'cbs news',
  'nbc news',
  'fox news',
  'the independent',
  'the telegraph',
  'the new york times',
  'the washington post',
  'financial times',
  'yahoo news',
  'kyiv independent',
  'the kyiv independent',
  'kyiv post',
  'ukrainska pravda',
  'українська правда',
  'ukrinform',
  'укрінформ',
  'суспільне новини',
  'рбк-україна',
  'meduza',
  'медуза',
  'новая газета европа',
  'би-би-си',
  'bbc news русская служба',
  'русская служба би-би-си',
  'риа новости',
  'times of israel',
  'the times of israel',
  'jerusalem post',
  'the jerusalem post',
  'haaretz',
  'al-monitor',
  'middle east eye',
  'mehr news agency',
  'anadolu agency',
  'anadolu ajansı',
  'africanews',
  'allafrica',
  'allafrica.com',
  'sudan tribune',
  'radio dabanga',
  'radio okapi',
  'the hindu',
  'the times of india',
  'times of india',
  'hindustan times',
  'oc media',
  'civil.ge',
  'jamnews',
  'armenpress',
]);

// Outlets that are also named as the source of a claim ("… — Politico", "… - CNN"): only after " | ".
const ATTRIBUTED_NAMES = new Set([
  'reuters',
  'cnn',
  'politico',
  'axios',
  'bloomberg',
  'wsj',
  'the wall street journal',
  'nyt',
  'ap',
  'afp',
  'bbc',
  'tass',
  'тасс',
  'интерфакс',
  'ria novosti',
]);

// A site's address as its name ("… - JPost.com").
const DOMAIN =
  /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:com|org|net|info|news|co\.uk|ru|ua|il|in|pk|ge|am|az)$/iu;

const LATIN_MARK =
  '(?:live(?:[ -]?(?:updates?|blog|news|coverage|stream|ticker|report(?:ing)?))?|liveticker|en direct|en directo|en vivo)';
// "Онлайн" is mostly the plain word (a meeting held online, "повістки онлайн"): a marker only first or
// right after a separator at the end ("Онлайн: …", "… — онлайн", "…: пряма трансляція").
const CYRILLIC_MARK =
  '(?:онлайн(?:[ -]трансляц(?:ия|ія))?|наживо|прямая трансляция|пряма трансляція|прямой эфир|прямий ефір)';
const MARK = `(?:${LATIN_MARK}|${CYRILLIC_MARK})`;
const AFTER_MARK = String.raw`(?![\p{L}\p{N}])(?:\s*[:|–—,.]|\s+-\s|\s*$)`;
/**
 * A live blog's marker: first, or closing a short label ("Ukraine war live:", "Guerra de Ucrania, en
 * directo |"), or at the end after a separator ("… – Kashmir crisis live", "… (онлайн)").
 */
// "The ceasefire goes live", "could go live", "we want to live", "where they live": the verb, not a blog.
const NOT_VERB = String.raw`(?<!\b(?:go|goes|going|gone|went|be|is|are|was|were|to|can|could|will|would|may|might|must|should|not|never|still|they|we|you|i|people|who|where)\s)`;
const LIVE_START = new RegExp(
  String.raw`^(?:(?:[^:|–—]{0,60}?[\s,])?${NOT_VERB}${LATIN_MARK}|${CYRILLIC_MARK})${AFTER_MARK}`,
  'iu',
);
const LIVE_END = new RegExp(
  String.raw`(?:(?:[|–—(]|\s-)\s*(?:[^\s:|–—]+\s+){0,3}?|,\s*)${NOT_VERB}${LATIN_MARK}\)?\s*$|(?:[|–—(:.]|\s-)\s*${CYRILLIC_MARK}\)?\s*$|\s[-–—]\s+as it happened\s*$`,
  'iu',
);
// A tag without a separator: a bare word in capitals ("LIVE Ukraine talks"), or a longer label.
const LIVE_TAG = /^(?:LIVE|ОНЛАЙН|НАЖИВО)\s/u;
const LIVE_LABEL = /^(?:live[ -]?(?:updates?|blog|coverage|ticker)|liveticker)\s/iu;

/** A newsletter's title: "Tuesday Briefing", "Morning Briefing: …", "Fox News Politics Newsletter: …". */
const NEWSLETTER =
  /^(?:(?:the|your)\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|morning|evening|afternoon|midday|daily|weekend|weekly|week(?:'s|’s)?|news|world|global)\s+(?:briefing|brief|newsletter|digest|round-?up|wrap|update)s?(?=\s*$|\s*[:|–—,.!]|\s+-\s)|^[^:|–—]{0,60}(?<![\p{L}\p{N}])newsletter\s*:|^(?:first thing|the morning|morning mail|the download)\s*:|^(?:главное за (?:день|сутки|неделю)|головне за (?:день|добу|тиждень)|(?:утренн|вечерн)(?:ий|яя) (?:брифинг|рассылка)|дайджест)(?![\p{L}\p{N}])/iu;

/** Mostly capitals: at least 8 upper-case letters and under one lower-case one to 20 of them. */
function isShouted(text: string): boolean {
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 0x430 && c <= 0x45f)) lower++;
    else if ((c >= 65 && c <= 90) || (c >= 0x400 && c <= 0x42f)) upper++;
    else if (c > 127) {
      const ch = text.charAt(i);
      const up = ch.toUpperCase();
      if (up === ch.toLowerCase()) continue;
      if (ch === up) upper++;
      else lower++;
    } else continue;
    // Sentence case shows within a few letters: no run of capitals to come could outweigh them.
    if (lower * 20 >= upper + text.length - i) return false;
  }
  return upper >= 8 && lower * 20 < upper;
}

/** Whether a headline opens or ends as a live blog's does. */
function isLiveBlog(text: string): boolean {
  return LIVE_START.test(text) || LIVE_END.test(text) || LIVE_TAG.test(text) || LIVE_LABEL.test(text);
}

// What a blog says after its marker when it has no headline of its own: the label names the subject.
const LATEST =
  /^(?:the\s+)?(?:latest|what we know|última hora|últimas noticias|dernières (?:infos|informations|nouvelles)|l['’]essentiel|aktuelle|neueste|последние новости|главное|останні новини|головне)(?![\p{L}\p{N}])/iu;

/**
 * The marker a live blog's headline may lose: first and followed by a separator or a comma ("LIVE:",
 * "En direct, …"), or closing a label of at most five words without a sentence end and followed by a
 * separator ("Russia-Ukraine war live: …", "Guerra de Ucrania, hoy en directo | …"). A comma after a
 * label is no separator: "Cumbre en vivo, sin acuerdo", "Учеба онлайн, обстрелы…" keep their words.
 */
const STRIP_START = new RegExp(
  String.raw`^(?:${MARK}\s*(?:[:|–—,.]|\s-\s)|(?:[^\s.!?:|–—]+[\s,]+){0,5}${NOT_VERB}(?<![\p{L}\p{N}])${LATIN_MARK}\s*(?:[:|–—]|\s-\s))`,
  'iu',
);
const SEPARATORS = new Set([' ', ':', '|', '–', '—', ',', '-', '.']);

/** `text` without separators at either end (a loop: a regex anchored at the end backtracks on long runs). */
function trimSeparators(text: string): string {
  let from = 0;
  let to = text.length;
  while (from < to && SEPARATORS.has(text.charAt(from))) from++;
  while (to > from && SEPARATORS.has(text.charAt(to - 1)) && text.charAt(to - 1) !== '.') to--;
  return text.slice(from, to);
}

/**
 * A live blog's headline without its marker, when a headline of its own is left ("Russia-Ukraine
 * live: Russian strikes hit cities across Ukraine" → "Russian strikes hit cities across Ukraine",
 * "… agree ‘immediate ceasefire’ – Kashmir crisis live" → "… agree ‘immediate ceasefire’"); else
 * the headline as it is. The update a blog leads with is what the story is about.
 */
function withoutLiveMarker(text: string): string {
  let rest = text;
  const end = LIVE_END.exec(rest);
  if (end !== null) rest = rest.slice(0, end.index);
  const start = STRIP_START.exec(rest) ?? LIVE_LABEL.exec(rest) ?? LIVE_TAG.exec(rest);
  if (start !== null) rest = rest.slice(start[0].length);
  rest = trimSeparators(rest);
  if (rest === text.trim() || rest.length < MIN_HEAD || !/\s/u.test(rest) || LATEST.test(rest)) return text;
  // "guerre au Proche-Orient" starts a title with a capital; "iPhone" stays as it is.
  const [first = '', second = ''] = rest;
  return second !== second.toLocaleLowerCase() ? rest : first.toLocaleUpperCase() + rest.slice(first.length);
}

function isNewsletter(text: string): boolean {
  return NEWSLETTER.test(text);
}

const fold = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[\s\u00a0]+/gu, ' ')
    .trim();

/** The forms of a feed's name a headline may end with: "The Guardian – World" → the guardian, guardian… */
function outletForms(outlet: string): string[] {
  const whole = fold(outlet);
  const forms = [whole];
  const brand = whole.split(/\s[-–—|:]\s|\s\(/u)[0]?.trim() ?? '';
  const site = whole.split(' | ').pop()?.trim() ?? '';
  for (const form of [brand, site]) if (form && !forms.includes(form)) forms.push(form);
  for (const form of [...forms]) if (form.startsWith('the ')) forms.push(form.slice(4));
  return forms;
}

/** The last " - ", " – ", " — " or " | " of a headline, or -1. */
function lastSeparator(title: string): number {
  return Math.max(
    title.lastIndexOf(' - '),
    title.lastIndexOf(' – '),
    title.lastIndexOf(' — '),
    title.lastIndexOf(' | '),
  );
}

// A suffix is taken off only when enough headline is left: "Video - Al Jazeera" stays whole.
const MIN_HEAD = 12;

/**
 * The headline without a trailing outlet name (the item's feed's, or a site's as aggregators append
 * it) or format word, and whether one was there. An attribution is left alone ("… — Politico",
 * "… - report": the source of a claim, not the page's outlet).
 */
function withoutSuffix(title: string, outlet: string | null): { text: string; suffix: boolean } {
  let text = title.trim();
  let suffix = false;
  for (let pass = 0; pass < 2; pass++) {
    const at = lastSeparator(text);
    if (at < 0) break;
    const mark = text.charAt(at + 1);
    const segment = fold(text.slice(at + 3).replace(/^[\s"'«“]+|[\s"'»”]+$/gu, ''));
    const site = mark === '-' || mark === '|';
    const named =
      FORMAT_WORDS.has(segment) ||
      (outlet !== null && outletForms(outlet).includes(segment)) ||
      (site && (SITE_NAMES.has(segment) || DOMAIN.test(segment))) ||
      (mark === '|' && ATTRIBUTED_NAMES.has(segment));
    if (!named) break;
    suffix = true;
    if (at < MIN_HEAD) break;
    text = text.slice(0, at).replace(/[\s,;:]+$/u, '');
  }
  return { text, suffix };
}

/**
 * What a headline is worth as a story's title, and its text as shown. Capitals are left as they are:
 * no case rule restores "ARMENIA AND AZERBAIJAN AGREE PEACE TREATY TEXT" reliably (names, acronyms).
 */
export function assessTitle(title: string, outlet: string | null = null): TitleAssessment {
  const bare = withoutSuffix(title, outlet);
  const live = isLiveBlog(bare.text);
  const text = live ? withoutLiveMarker(bare.text) : bare.text;
  const poor = bare.suffix || live || isShouted(text) || isNewsletter(text);
  return { text, cut: isCutShort(text), poor };
}

/**
 * A title for a story the clustering index no longer holds (evicted; see StoryClusterer.title), from
 * its members' headlines as they are now: the stored title while a member still has it, else the
 * first fit and whole headline, else the first whole one, else the first, as assessTitle shows them.
 */
export function titleAmong(
  current: string,
  members: ReadonlyArray<{ title: string; outlet?: string | null }>,
): string {
  let best: TitleAssessment | null = null;
  let bestRank = 4;
  for (const member of members) {
    const assessed = assessTitle(member.title, member.outlet ?? null);
    if (assessed.text === current || member.title === current) return current;
    const rank = (assessed.poor ? 2 : 0) + (assessed.cut ? 1 : 0);
    if (rank < bestRank) {
      best = assessed;
      bestRank = rank;
    }
  }
  return best?.text ?? current;
}

// Flags of a story's title, by story slot.
const CUT = 1;
const POOR = 2;

// A title string: 16-byte header + one byte a Latin-1 character, two otherwise (counted as two).
const STRING_HEADER_BYTES = 16;
// By story slot: the item whose headline is the title (float64) and the title's flags (int8).
const SLOT_BYTES = 9;

export function createTitleChooser(pool: VectorPool): TitleChooser {
  const scratch: MergeResult = { added: [], posted: [] };
  let titles = 0;
  let characters = 0;
  let holder = new Float64Array(1024);
  let flags = new Int8Array(1024);

  const share = (story: Story, language: string): number => {
    const at = findLanguage(story, language);
    if (at < 0) return 0;
    let members = 0;
    for (let i = 0; i < languageCount(story); i++) members += termMembersAt(story, i);
    return termMembersAt(story, at) / Math.max(1, members);
  };

  const score = (story: Story, handle: number, language: string): number => {
    const at = findLanguage(story, language);
    if (at < 0) return 0;
    const centroid = termsAt(story, at);
    const norm = pool.norm(handle) * pool.norm(centroid);
    if (norm === 0) return 0;
    return (pool.dotPooled(handle, centroid) / norm) * share(story, language);
  };

  const keep = (story: Story, item: Title, text: string, mark: number, handle: number): void => {
    if (story.titleTerms >= 0) {
      characters -= story.title.length;
      pool.free(story.titleTerms);
    } else titles++;
    story.title = text;
    story.titleTerms = handle;
    story.titleLanguage = item.language;
    characters += text.length;
    if (story.slot >= holder.length) {
      const size = Math.max(holder.length * 2, story.slot + 1);
      holder = resized(holder, size);
      flags = resized(flags, size);
    }
    holder[story.slot] = item.id;
    flags[story.slot] = mark;
  };

  /** Whether a headline (its flags, pooled terms, language) should replace the story's title. */
  const better = (story: Story, mark: number, handle: number, language: string): boolean => {
    if (story.titleTerms < 0) return true;
    const current = flags[story.slot] ?? 0;
    const poor = (mark & POOR) !== 0;
    const currentPoor = (current & POOR) !== 0;
    if (language === story.titleLanguage) {
      if (poor !== currentPoor) return currentPoor;
      if ((mark & CUT) !== (current & CUT)) return (current & CUT) !== 0;
    } else if (poor !== currentPoor) {
      // Across languages, a good headline wins unless its language has fewer members.
      const good = poor ? story.titleLanguage : language;
      const bad = poor ? language : story.titleLanguage;
      if (share(story, good) >= share(story, bad)) return currentPoor;
    }
    return score(story, handle, language) > score(story, story.titleTerms, story.titleLanguage);
  };

  const pooled = (terms: SparseVector): number => {
    const handle = pool.create();
    pool.merge(handle, terms, 1, scratch);
    scratch.added.length = 0;
    scratch.posted.length = 0;
    return handle;
  };

  const offer = (story: Story, item: Title, terms: SparseVector): void => {
    const assessed = assessTitle(item.title, item.outlet);
    const mark = (assessed.cut ? CUT : 0) | (assessed.poor ? POOR : 0);
    const handle = pooled(terms);
    if (better(story, mark, handle, item.language)) keep(story, item, assessed.text, mark, handle);
    else pool.free(handle);
  };

  return {
    offer,
    revise(story, item, terms) {
      if (story.titleTerms < 0 || holder[story.slot] !== item.id) {
        offer(story, item, terms);
        return;
      }
      // The title's own report changed its headline: the old one is nobody's any more.
      const assessed = assessTitle(item.title, item.outlet);
      const mark = (assessed.cut ? CUT : 0) | (assessed.poor ? POOR : 0);
      keep(story, item, assessed.text, mark, pooled(terms));
    },
    release(story) {
      if (story.titleTerms < 0) return;
      characters -= story.title.length;
      titles--;
      pool.free(story.titleTerms);
      story.titleTerms = -1;
    },
    bytes: () => titles * STRING_HEADER_BYTES + characters * 2 + holder.length * SLOT_BYTES,
  };
}
