import { digestLanguageIn } from '../domain/chat.js';
import { isFrontPage } from '../domain/item.js';
import { digestTimeOf } from '../domain/schedule.js';
import { filedTopics, type StoryWithItems, storyIn } from '../domain/story.js';

export type DigestSource = { feed: string; url: string | null; title: string };

export type DigestStory = {
  id: number;
  title: string;
  summary: string;
  topics: string[];
  relevance: number;
  updatedAt: number;
  /** The story's outlets by site, language editions counted once (Story.sourceCount): ranks it. */
  outlets: number;
  /**
   * The story began before the period (a report of it counts earlier: digestTimeOf): a chat may have had
   * it in its last digest, and gets it again for its new reports, marked as an update.
   */
  update: boolean;
  sources: DigestSource[];
};

/**
 * A topic's stories, best first; `more` counts those past the per-topic limit, left out, and is a
 * lower bound when `moreAtLeast` (the stories were read up to a limit of their own).
 */
export type DigestSection = {
  topic: string;
  label: string;
  stories: DigestStory[];
  more: number;
  moreAtLeast: boolean;
};

export type Digest = {
  since: number;
  until: number;
  topics: string[];
  /** The topics as people read them ("Israel–Hamas, Gaza"), for the same list. */
  topicLabels?: string[];
  sections: DigestSection[];
  storyCount: number;
};

export type DigestOptions = {
  /** The chat's topics; empty = all. */
  topics: readonly string[];
  since: number;
  until: number;
  labels: ReadonlyMap<string, string>;
  /**
   * The digest lag (digestLagMs): a report seen after the digest of its date was composed counts from
   * then (digestTimeOf), as the stories' own dates do, so a new story of late reports is no update.
   */
  lagMs: number;
  /** At most this many stories per topic section. */
  perTopic?: number;
  /** Topics whose stories were read up to a limit: there may be more than were given. */
  capped?: ReadonlySet<string>;
  /** The chat's digest language: a story with reports in it is told by them (storyIn). */
  language?: string;
};

/**
 * One line per outlet (the member's stored outlet: a language edition is one of its own, unlike in
 * story-rows.ts source_count), newest report first, those in the chat's language before the others: an
 * article several feeds of one outlet carry, or two sections of one site, are one source. A scraper feed's link to the site's front page
 * names no article: the outlet is listed unlinked.
 */
function sourcesOf(story: StoryWithItems, language: string | undefined): DigestSource[] {
  const outlets = new Set<string>();
  const sources: DigestSource[] = [];
  // The reports a reader of the chat's language can read come first (a digest shows three).
  const readable = (item: StoryWithItems['items'][number]) =>
    language !== undefined && digestLanguageIn(item.language) === language;
  const items =
    language === undefined ? story.items : [...story.items].sort((a, b) => +readable(b) - +readable(a));
  for (const item of items) {
    if (outlets.has(item.outlet)) continue;
    outlets.add(item.outlet);
    const url = item.url === null || isFrontPage(item.url) ? null : item.url;
    sources.push({ feed: item.feed, url, title: item.title });
  }
  return sources;
}

const comparable = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[\s\p{P}]+/gu, ' ')
    .trim();

const sentences = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/**
 * Title-only feeds give a summary that repeats the headline, or its second half ("Перемирие — О чем
 * договорились Израиль и ХАМАС? Разговор с политологом…" over "Разговор с политологом…"): say it once.
 * Likewise a sentence of a longer summary that the title contains, or that is a headline of one of the
 * story's reports (a title-only report gave it: "Как политики по всему миру оценивают результаты
 * встречи…"), is left out; a fragment of under three words never is (a segmenter may cut after "U.S.").
 */
function distinctSummary(story: StoryWithItems): string {
  const title = comparable(story.title);
  const summary = comparable(story.summary);
  if (summary === '' || title.includes(summary)) return '';
  // The title is shown: a sentence it contains says nothing new. The other reports' headlines are not:
  // only a sentence that is one of them, whole, repeats a headline.
  const shown = ` ${title} `;
  const headlines = new Set(story.items.map((item) => comparable(item.title)));
  const kept = [...sentences.segment(story.summary)].filter(({ segment }) => {
    const sentence = comparable(segment);
    if (sentence.split(' ').length < 3) return true;
    return !shown.includes(` ${sentence} `) && !headlines.has(sentence);
  });
  return kept
    .map(({ segment }) => segment)
    .join('')
    .trim();
}

/**
 * More outlets first (the story matters to more newsrooms; a site's language editions count once), then
 * relevance, then recency.
 */
export function rankStories(stories: readonly DigestStory[]): DigestStory[] {
  return [...stories].sort(
    (a, b) => b.outlets - a.outlets || b.relevance - a.relevance || b.updatedAt - a.updatedAt || b.id - a.id,
  );
}

/**
 * The digest a chat with these topics gets for a period: its stories ranked and grouped by topic.
 * A story tagged with several of the chat's topics appears once, under its strongest one.
 */
export function buildDigest(stories: readonly StoryWithItems[], options: DigestOptions): Digest {
  const wanted = new Set(options.topics);
  const sections = new Map<string, DigestStory[]>();
  for (const story of stories) {
    if (story.updatedAt < options.since || story.updatedAt >= options.until) continue;
    const filed = filedTopics(story.topics);
    // For all topics, the strongest the taxonomy still has: a topic the operator removed keeps its id on
    // stories made before, and would head a section by that bare id.
    const topic =
      wanted.size === 0
        ? (filed.find((t) => options.labels.has(t)) ?? filed[0])
        : filed.find((t) => wanted.has(t));
    if (topic === undefined) continue;
    const told = options.language === undefined ? story : storyIn(story, options.language);
    const entry: DigestStory = {
      id: story.id,
      title: told.title,
      summary: distinctSummary(told),
      topics: story.topics,
      relevance: story.relevance,
      updatedAt: story.updatedAt,
      outlets: story.sourceCount,
      update: story.items.some((item) => digestTimeOf(item, options.lagMs) < options.since),
      sources: sourcesOf(story, options.language),
    };
    sections.set(topic, [...(sections.get(topic) ?? []), entry]);
  }
  const ordered = [...sections.entries()]
    .map(([topic, list]) => {
      const limit = options.perTopic ?? 10;
      return {
        topic,
        label: options.labels.get(topic) ?? topic,
        stories: rankStories(list).slice(0, limit),
        more: Math.max(0, list.length - limit),
        moreAtLeast: options.capped?.has(topic) ?? false,
      };
    })
    // The section whose lead story has the most outlets first; then the busier topic.
    .sort(
      (a, b) =>
        (b.stories[0]?.outlets ?? 0) - (a.stories[0]?.outlets ?? 0) ||
        b.stories.length + b.more - (a.stories.length + a.more) ||
        a.topic.localeCompare(b.topic),
    );
  const storyCount = ordered.reduce((sum, section) => sum + section.stories.length, 0);
  return {
    since: options.since,
    until: options.until,
    topics: [...options.topics],
    topicLabels: options.topics.map((topic) => options.labels.get(topic) ?? topic),
    sections: ordered,
    storyCount,
  };
}
