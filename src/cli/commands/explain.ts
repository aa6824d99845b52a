import type { Command } from 'commander';
import { actNames, eventActs, OUTCOME_ACTS } from '../../analysis/cluster-act.js';
import { byStoryRule, mayJoinStory } from '../../analysis/relevance-story.js';
import type { TermMatch } from '../../domain/analysis.js';
import type { StoredAnalysis } from '../../domain/story.js';
import { canonicalUrl } from '../../ingest/canonical-url.js';
import { AppError } from '../../shared/errors.js';
import { counted, formatScore, formatTime, truncate } from '../format.js';
import type { CommandContext } from '../program.js';
import type { Runtime } from '../runtime.js';

const matchText = (m: TermMatch): string =>
  `${m.pattern}${m.found.toLowerCase() === m.pattern.toLowerCase() ? '' : ` ("${m.found}")`} in ${m.field} ${m.weight >= 0 ? '+' : ''}${m.weight}`;

function analysisLines(analysis: StoredAnalysis): string[] {
  const { relevance } = analysis;
  const lines = [
    `relevance: ${relevance.relevant ? 'RELEVANT' : 'not relevant'}, score ${formatScore(relevance.score)} (threshold ${relevance.threshold})`,
    ...relevance.matches.map((m) => `  ${matchText(m)}`),
    ...relevance.rules.map((rule) => `  rule: ${rule}`),
  ];
  if (analysis.topics.length === 0) lines.push('topics: none');
  for (const tag of analysis.topics) {
    lines.push(
      `topic ${tag.topic}: score ${formatScore(tag.score)}`,
      ...tag.matches.map((m) => `  ${matchText(m)}`),
    );
  }
  const entities = [...new Set(analysis.entities.map((e) => e.entity))];
  if (entities.length > 0) lines.push(`entities: ${entities.join(', ')}`);
  return lines;
}

/**
 * How the lexicon and topics as they are now judge a stored item, when that differs from its stored
 * analysis (config/lexicon.yaml or topics.yaml edited since): its score, verdict or topics. A verdict that
 * only its story made relevant (the story-membership rule, which needs the clustering index) is compared
 * by its score and topics.
 */
function judgedToday(runtime: Runtime, itemId: number, stored: StoredAnalysis): string | null {
  const text = runtime.stories.itemText(itemId);
  if (text === null) return null;
  const now = runtime.analyse(text);
  const score = formatScore(now.relevance.score);
  const topics = now.topics.map((tag) => tag.topic).join(', ') || 'none';
  // Only a verdict its story made (its rule says so), and only while the rule may still make it: a
  // verdict that a veto or requireTopic now turns, with the same score and topics, differs.
  const byStory =
    stored.relevance.rules.some((rule) => rule.endsWith(byStoryRule)) &&
    mayJoinStory(now, runtime.config.specs.lexicon);
  const same =
    score === formatScore(stored.relevance.score) &&
    now.relevance.threshold === stored.relevance.threshold &&
    (now.relevance.relevant === stored.relevance.relevant || byStory) &&
    topics === (stored.topics.map((tag) => tag.topic).join(', ') || 'none');
  if (same) return null;
  const verdict = now.relevance.relevant ? 'RELEVANT' : 'not relevant';
  return `${verdict}, score ${score} (threshold ${now.relevance.threshold}), topics ${topics}`;
}

function explainStory(context: CommandContext, runtime: Runtime, id: number): void {
  const story = runtime.stories.get(id);
  if (story === null) throw new AppError('not_found', `no story #${id}: see \`parley stories\``);
  context.out(`story #${story.id}: ${story.title}`);
  context.out(
    `topics: ${story.topics.join(', ') || 'none'}; relevance ${formatScore(story.relevance)}; ${counted(story.itemCount, 'item')} from ${counted(story.sourceCount, 'outlet')}`,
  );
  context.out(
    // updatedAt is the latest report's digest time: its publication, or, for one Parley read late, the
    // time it counts from (domain/schedule.ts digestTimeOf).
    `first seen by Parley ${formatTime(story.firstSeenAt)}; in digests as of ${formatTime(story.updatedAt)} (its latest report)`,
  );
  if (story.summary) context.out(`summary: ${story.summary}`);
  // The union of its members' acts, as clustering holds it (the current headlines, as after a restart).
  const acts = story.items.reduce((all, item) => all | eventActs(item.title, item.language), 0);
  if ((acts & OUTCOME_ACTS) !== 0)
    context.out(
      `headlines report: ${actNames(acts).join(', ')} (a report whose headline tells only of the opposite outcome starts another story)`,
    );
  context.out('members (similarity to the story when they joined):');
  for (const item of story.items) {
    const how =
      item.duplicateOf !== null
        ? `copy of item ${item.duplicateOf}`
        : item.similarity === 0
          ? 'first'
          : item.similarity.toFixed(2);
    context.out(`  ${how.padEnd(6)} ${item.feed}: ${truncate(item.title, 90)}`);
    const verdict = runtime.stories.analysisOf(item.itemId)?.relevance;
    if (verdict)
      context.out(
        `         score ${formatScore(verdict.score)}: ${verdict.matches.slice(0, 4).map(matchText).join('; ')}`,
      );
  }
}

// A front page shared by a scraped feed's items: each is explained, up to this many.
const itemsPerUrl = 5;

/**
 * The same article's address as a reader may have it rather than as the feed gave it: over the other
 * scheme (a site on https whose feed still links http, or a link typed without it), and with or without
 * the path's trailing slash (a site redirects one to the other).
 */
function otherForms(url: string): string[] {
  const match = /^(https?)(:\/\/[^/?#]+)(\/[^?#]*)?(.*)$/i.exec(url);
  if (match === null) return [];
  const [, scheme = '', host = '', path = '/', rest = ''] = match;
  const schemes = [scheme, scheme.toLowerCase() === 'https' ? 'http' : 'https'];
  const paths = path === '/' ? [path] : [path, path.endsWith('/') ? path.slice(0, -1) : `${path}/`];
  const forms = schemes.flatMap((s) => paths.map((p) => `${s}${host}${p}${rest}`));
  return forms.filter((form) => form !== url);
}

function explainItem(context: CommandContext, runtime: Runtime, url: string): void {
  const canonical = canonicalUrl(url) ?? url;
  let found = runtime.stories.itemsByUrl(canonical, itemsPerUrl + 1);
  if (found.length === 0) found = runtime.stories.itemsByUrl(url, itemsPerUrl + 1);
  for (const form of otherForms(canonical)) {
    if (found.length > 0) break;
    found = runtime.stories.itemsByUrl(form, itemsPerUrl + 1);
  }
  if (found.length === 0) throw new AppError('not_found', `no stored item has the URL ${canonical}`);
  const shown = found.slice(0, itemsPerUrl);
  if (found.length > 1)
    context.out(
      `${found.length > itemsPerUrl ? `more than ${itemsPerUrl}` : found.length} stored items link to ${canonical} ` +
        `(feeds that carry one article, or link every item to their front page); ${found.length > itemsPerUrl ? `the newest ${itemsPerUrl}` : 'each'}:`,
    );
  for (const [index, item] of shown.entries()) {
    if (found.length > 1)
      context.out(
        `${index === 0 ? '' : '\n'}item ${item.itemId} (${item.feed}): ${truncate(item.title, 100)}`,
      );
    explainOne(context, runtime, item);
  }
}

function explainOne(
  context: CommandContext,
  runtime: Runtime,
  item: { itemId: number; held: 'undated' | 'relisted' | null },
): void {
  if (item.held === 'undated') {
    context.out(
      `item ${item.itemId} had no date in the first fetch of its feed: Parley takes it as published before it ` +
        'followed the feed and leaves it out of stories and digests (it counts once the feed gives it a date)',
    );
    return;
  }
  if (item.held === 'relisted') {
    context.out(
      `item ${item.itemId} was removed by retention and then listed by its feed again: it was news, or old ` +
        'news, once, so Parley leaves it out of stories and digests',
    );
    return;
  }
  const analysis = runtime.stories.analysisOf(item.itemId);
  if (analysis === null) {
    context.out(
      `item ${item.itemId} has not been analysed yet (it was stored before analysis ran): poll again`,
    );
    return;
  }
  for (const line of analysisLines(analysis)) context.out(line);
  const today = judgedToday(runtime, item.itemId, analysis);
  if (today !== null)
    context.out(
      `analysed ${formatTime(analysis.analysedAt)}; the lexicon and topics as they are now say: ${today}. Items are ` +
        'analysed again only when new or changed, so the verdict above stands',
    );
  context.out(
    analysis.storyId === null
      ? 'story: none'
      : `story: #${analysis.storyId} (parley explain ${analysis.storyId})`,
  );
  const acts = headlineActs(runtime, item.itemId);
  if (acts !== null)
    context.out(
      `headline reports: ${actNames(acts).join(', ')} (${
        (acts & OUTCOME_ACTS) === 0
          ? 'talks and proposals go with any story'
          : "a story whose reports' headlines tell only of the opposite outcome is another story, however alike the words"
      })`,
    );
}

/** The acts the item's headline reports as clustering reads them (analysis/cluster-act.ts), or null for none. */
function headlineActs(runtime: Runtime, itemId: number): number | null {
  const text = runtime.stories.itemText(itemId);
  if (text === null) return null;
  const acts = eventActs(text.title, text.language);
  return acts === 0 ? null : acts;
}

export function registerExplainCommand(program: Command, context: CommandContext): void {
  program
    .command('explain <story-id|item-url>')
    .description(
      'why a story or an item is (or is not) in: relevance terms and score, topics, cluster members',
    )
    .action((target: string) =>
      context.withRuntime(
        async (runtime) => {
          if (/^#?\d+$/.test(target)) explainStory(context, runtime, Number(target.replace('#', '')));
          else explainItem(context, runtime, target);
        },
        { queryOnly: true },
      ),
    );
}
