import type { ItemAnalysis } from '../../domain/analysis.js';
import type { NormalisedItem } from '../../domain/item.js';
import type { FeedReadResult } from '../../domain/ports.js';
import { parseHttpUrl } from '../../ingest/http-url.js';
import { describeError, isAppError } from '../../shared/errors.js';
import { formatTime, truncate } from '../format.js';
import type { CommandContext } from '../program.js';

function itemJson(item: NormalisedItem, analysis: ItemAnalysis): Record<string, unknown> {
  return {
    title: item.title,
    url: item.url,
    publishedAt: new Date(item.publishedAt).toISOString(),
    summary: item.summary,
    language: item.language,
    relevant: analysis.relevance.relevant,
    topics: analysis.topics.map((tag) => tag.topic),
  };
}

function printVerdict(
  context: CommandContext,
  url: string,
  result: FeedReadResult,
  json: boolean,
  analyse: (item: NormalisedItem) => ItemAnalysis,
): void {
  if (result.kind === 'not-modified') {
    context.out(json ? JSON.stringify({ url, ok: true, status: 304 }) : `${url}: not modified (304)`);
    return;
  }
  const { feed } = result;
  if (json) {
    const verdict = { url, ok: true, status: result.status, finalUrl: result.finalUrl, format: feed.format };
    context.out(
      JSON.stringify({
        ...verdict,
        title: feed.title,
        language: feed.language,
        items: result.items.length,
        bytes: result.bytes,
      }),
    );
    for (const item of result.items) context.out(JSON.stringify(itemJson(item, analyse(item))));
    return;
  }
  context.out(`${feed.title ?? url}`);
  context.out(
    `  ${feed.format.toUpperCase()}, HTTP ${result.status}, ${result.bytes} bytes, ${result.items.length} items, language ${feed.language ?? 'unknown'}`,
  );
  if (result.finalUrl !== url) context.out(`  redirected to ${result.finalUrl}`);
  for (const item of result.items) {
    const analysis = analyse(item);
    const verdict = analysis.relevance.relevant
      ? `RELEVANT ${analysis.topics.map((t) => t.topic).join(',') || '-'}`
      : 'not relevant';
    context.out(`- ${formatTime(item.publishedAt)}  ${truncate(item.title, 100)}  [${verdict}]`);
    context.out(`    ${item.url ?? '(no link)'}  [${item.language ?? '?'}]`);
  }
  const unread = unreadLanguages(result.items, context.config().specs.lexicon.languages);
  if (unread.length > 0) {
    context.out(
      `  note: the lexicon has no words in ${unread.join(', ')}: items in ${unread.length > 1 ? 'those languages' : 'it'} are never relevant (README, "Which languages does Parley read?")`,
    );
  }
}

/**
 * Languages of the items that the lexicon has no words in (its `languages`), in order of appearance; none
 * when the lexicon does not say which it has.
 */
function unreadLanguages(items: readonly NormalisedItem[], known: readonly string[]): string[] {
  const unread = new Set<string>();
  if (known.length === 0) return [];
  for (const { language } of items) {
    const base = language?.split('-')[0]?.toLowerCase();
    if (base !== undefined && !known.includes(base)) unread.add(base);
  }
  return [...unread];
}

function isHttpUrl(text: string): boolean {
  try {
    parseHttpUrl(text);
    return true;
  } catch {
    return false;
  }
}

export async function checkFeed(context: CommandContext, url: string, json: boolean): Promise<void> {
  await context.withRuntime(async (runtime) => {
    try {
      const result = await runtime.reader.read({ url, language: null, etag: null, lastModified: null });
      printVerdict(context, url, result, json, (item) => runtime.analyse(item));
    } catch (error) {
      if (!isAppError(error)) throw error;
      const message = describeError(error);
      context.out(
        json ? JSON.stringify({ url, ok: false, code: error.code, error: message }) : `${url}: ${message}`,
      );
      // A URL that is not one is bad usage (2, as the README's exit codes say); a feed that fails, 1.
      context.exitCode = error.code === 'invalid_url' && !isHttpUrl(url) ? 2 : 1;
    }
  });
}
