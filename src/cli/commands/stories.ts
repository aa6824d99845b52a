import type { Command } from 'commander';
import { buildDigest, type Digest } from '../../digest/build-digest.js';
import { candidatesPerTopic, digestCandidates, readRanked } from '../../digest/digest-composer.js';
import { type DigestWords, wordsFor } from '../../digest/digest-words.js';
import { renderSlack } from '../../digest/render-slack.js';
import { renderTelegram } from '../../digest/render-telegram.js';
import { renderMarkdown, renderText } from '../../digest/render-text.js';
import { labelIn, parseDigestLanguage } from '../../domain/chat.js';
import { digestLagMs } from '../../domain/schedule.js';
import { type StoryWithItems, searchQuery } from '../../domain/story.js';
import { parseSince } from '../../shared/duration.js';
import { AppError } from '../../shared/errors.js';
import { counted, formatTime, printable, truncate } from '../format.js';
import type { CommandContext } from '../program.js';
import type { Runtime } from '../runtime.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The JSON line contract of `parley stories --json` (DESIGN.md). */
export function storyJson(story: StoryWithItems): Record<string, unknown> {
  return {
    id: story.id,
    title: story.title,
    summary: story.summary,
    topics: story.topics,
    relevance: story.relevance,
    firstSeenAt: iso(story.firstSeenAt),
    updatedAt: iso(story.updatedAt),
    items: story.items.map((item) => ({
      url: item.url,
      title: item.title,
      feed: item.feed,
      publishedAt: iso(item.publishedAt),
      language: item.language,
    })),
  };
}

/** Topic ids as typed, checked against the taxonomy: an unknown one is named with the valid ones. */
export function checkTopics(runtime: Runtime, topics: readonly string[]): string[] {
  const known = runtime.topicList().map((topic) => topic.id);
  const typed = topics.map((topic) => topic.trim().toLowerCase()).filter((topic) => topic !== '');
  // `all`, as `chats add --topics all` says it: no filter (a typo beside it is still named)
  const wanted = typed.filter((topic) => topic !== 'all');
  const unknown = wanted.filter((topic) => !known.includes(topic));
  if (unknown.length > 0) {
    throw new AppError(
      'invalid_input',
      `unknown topic ${unknown.map((t) => `"${t}"`).join(', ')}: valid topics are ${known.join(', ')}`,
    );
  }
  return typed.includes('all') ? [] : wanted;
}

type PeriodOptions = { since?: string; until?: string };
/** `parley stories` lists at most this many, newest first, and says so when there are more. */
const listed = 1000;

function period(options: PeriodOptions): { since: number; until: number } {
  const now = Date.now();
  const until = options.until === undefined ? now : parseSince(options.until, now);
  // Without --since, the week before --until (or before now).
  const since = options.since === undefined ? until - 7 * 86_400_000 : parseSince(options.since, now);
  if (until <= since) {
    const at = (ms: number) => new Date(ms).toISOString();
    // Without --until the period ends now: the --since given is what is wrong.
    const message =
      options.until === undefined
        ? `--since (${at(since)}) must be earlier than now (${at(until)}), the end of the period without --until`
        : `--until (${at(until)}) must be later than --since (${at(since)})`;
    throw new AppError('invalid_input', message);
  }
  return { since, until };
}

type ListOptions = PeriodOptions & { json?: boolean; search?: string };

function listStories(context: CommandContext, topics: string[], options: ListOptions) {
  // The options first: a mistyped one is bad usage (exit 2) whether or not a database is there.
  const { since, until } = period(options);
  if (options.search !== undefined && searchQuery(options.search) === null)
    throw new AppError('invalid_input', `--search "${options.search}" has no word to look for`);
  return context.withRuntime(async (runtime) => {
    const found = runtime.stories.list({
      topics: checkTopics(runtime, topics),
      since,
      until,
      limit: listed + 1,
      ...(options.search === undefined ? {} : { search: options.search }),
    });
    const stories = found.slice(0, listed);
    for (const story of stories) {
      if (options.json) context.out(JSON.stringify(storyJson(story)));
      else {
        context.out(
          `#${story.id}  ${formatTime(story.updatedAt)}  [${story.topics.join(', ') || '-'}]  ${counted(story.itemCount, 'item')}, ${counted(story.sourceCount, 'outlet')}`,
        );
        context.out(`    ${truncate(story.title, 110)}`);
      }
    }
    const cut = found.length > listed;
    // On stderr with --json, so the JSON lines stay one story each.
    const more = `only the newest ${listed} stories are listed: narrow the period with --since and --until, or choose --topic`;
    if (cut) (options.json ? context.err : context.out)(more);
    if (!options.json) {
      // An empty default week is often an idle instance or old feeds: say how to look further back.
      const week = options.until === undefined ? 'the last 7 days' : 'the 7 days before --until';
      const hint =
        stories.length === 0 && options.since === undefined
          ? ` in ${week}; --since 30d looks further back`
          : '';
      context.out(
        `${stories.length}${cut ? '+' : ''} ${stories.length === 1 && !cut ? 'story' : 'stories'}${hint}`,
      );
    }
  }, readOnly);
}

const formats = ['text', 'markdown', 'telegram', 'slack', 'json'] as const;
/**
 * Listing stories and digests reads the database: a missing one is a mistyped path, not a new database,
 * and it opens read-only, never migrated.
 */
const readOnly = { queryOnly: true };

/** One digest in the requested form; Telegram parts and Slack messages are what a chat would receive, in order. */
function renderDigest(digest: Digest, format: (typeof formats)[number], words: DigestWords): string {
  if (format === 'json') {
    // Times as ISO 8601, as in `stories --json`.
    const sections = digest.sections.map((section) => ({
      ...section,
      stories: section.stories.map((story) => ({ ...story, updatedAt: iso(story.updatedAt) })),
    }));
    return `${JSON.stringify({ ...digest, since: iso(digest.since), until: iso(digest.until), sections })}\n`;
  }
  if (format === 'markdown') return renderMarkdown(digest, 3, words);
  if (format === 'text') return renderText(digest, 3, words);
  if (format === 'slack') return `${JSON.stringify(renderSlack(digest, { words }), null, 2)}\n`;
  const parts = renderTelegram(digest, { words });
  return parts
    .map((part, i) =>
      parts.length > 1 ? `--- message ${i + 1} of ${parts.length} ---\n${part}\n` : `${part}\n`,
    )
    .join('');
}

type DigestOptions = PeriodOptions & { format: string; language?: string };

function printDigest(context: CommandContext, topics: string[], options: DigestOptions) {
  const format = formats.find((f) => f === options.format);
  if (format === undefined)
    throw new AppError('invalid_input', `unknown format "${options.format}": use ${formats.join(', ')}`);
  const language = options.language === undefined ? 'en' : parseDigestLanguage(options.language);
  const { since, until } = period(options);
  return context.withRuntime(async (runtime) => {
    const chosen = checkTopics(runtime, topics);
    const labels = new Map(runtime.topicList().map((topic) => [topic.id, labelIn(topic, language)]));
    // Read as a chat's digest reads them (each topic's best-ranked stories), so that a busy topic
    // neither crowds a quieter one out of the read nor makes "n more" a count that was never made.
    const { list, capped } = digestCandidates(
      chosen,
      [...labels.keys()],
      (topic) => readRanked(runtime.stories, { since, until }, topic, candidatesPerTopic),
      candidatesPerTopic,
    );
    const digest = buildDigest(list, {
      topics: chosen,
      since,
      until,
      capped,
      labels,
      lagMs: digestLagMs(runtime.config.ingest.interval),
      language,
    });
    // Titles and summaries come from feeds: no terminal control sequence reaches the screen.
    context.cli.stdout.write(printable(renderDigest(digest, format, wordsFor(language))));
  }, readOnly);
}

export function registerStoryCommands(program: Command, context: CommandContext): void {
  const collect = (value: string, previous: string[]) => [...previous, ...value.split(',')];
  program
    .command('stories')
    .description('stories about peace talks, newest first')
    .option('--topic <topic>', 'only stories with this topic (repeatable)', collect, [])
    .option(
      '--since <duration|time>',
      'updated since (7d, 36h or an ISO date; default: the week before --until)',
    )
    .option('--until <time>', 'updated before this time')
    .option('--json', 'one JSON object per line')
    .option(
      '--search <words>',
      'only stories whose title or summary has all these words (each as the start of a word)',
    )
    .action((options: ListOptions & { topic: string[] }) => listStories(context, options.topic, options));
  program
    .command('digest [topics...]')
    .description('the digest a chat with these topics would get (all topics without any)')
    .option(
      '--since <duration|time>',
      'the period start (7d, 36h or an ISO date; default: the week before --until)',
    )
    .option('--until <time>', 'the period end (default now)')
    .option(
      '--format <format>',
      'text, markdown, telegram (HTML parts), slack (Block Kit messages) or json',
      'text',
    )
    .option('--language <en|ru|uk>', "the digest's own words in this language, as a chat set to it gets them")
    // `digest ukraine,gaza` as `stories --topic ukraine,gaza` reads it
    .action((topics: string[], options: DigestOptions) =>
      printDigest(
        context,
        topics.flatMap((topic) => topic.split(',')),
        options,
      ),
    );
  program
    .command('topics')
    .description('the topic taxonomy')
    .action(() =>
      context.withRuntime(async (runtime) => {
        for (const topic of runtime.topicList())
          context.out(`${topic.id.padEnd(12)} ${topic.label}: ${topic.description}`);
      }),
    );
}
