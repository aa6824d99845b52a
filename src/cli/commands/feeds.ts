import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { packageFeedList } from '../../config/load-config.js';
import type { Feed, FeedSource } from '../../domain/feed.js';
import { mergeOpml, parseOpml, writeOpml } from '../../ingest/opml.js';
import { AppError, describeError, isAppError } from '../../shared/errors.js';
import { hasCredentials, isHttpUrl } from '../../shared/url.js';
import { counted, feedLabel, formatTime, table, truncate } from '../format.js';
import type { CommandContext } from '../program.js';
import { refuseStrayWords } from '../stray-words.js';
import { checkFeed } from './feeds-check.js';

function feedJson(feed: Feed): Record<string, unknown> {
  return {
    url: feed.url,
    name: feed.name,
    title: feed.title,
    enabled: feed.enabled,
    items: feed.itemCount,
    lastFetchAt: feed.lastFetchAt === null ? null : new Date(feed.lastFetchAt).toISOString(),
    lastStatus: feed.lastStatus,
    consecutiveErrors: feed.consecutiveErrors,
    lastError: feed.lastError,
    nextFetchAt: feed.nextFetchAt === 0 ? null : new Date(feed.nextFetchAt).toISOString(),
  };
}

function listFeeds(context: CommandContext, json: boolean): Promise<void> {
  // No database yet (before the first poll, or a mistyped --db): the configured feeds, none read, and
  // no file created.
  const path = context.config().database.path;
  const fresh = path !== ':memory:' && !existsSync(path);
  return context.withRuntime(
    async (runtime) => {
      runtime.feeds.syncSources(runtime.config.feeds.sources);
      if (fresh)
        context.err(
          `parley: no database at ${path} yet: the configured feeds, none read (parley poll --once or parley start creates it; or check --db)`,
        );
      const feeds = runtime.feeds.list();
      if (json) {
        for (const feed of feeds) context.out(JSON.stringify(feedJson(feed)));
        return;
      }
      const header = ['FEED', 'ITEMS', 'LAST FETCH', 'STATUS', 'ERRORS', 'NEXT FETCH', 'LAST ERROR'];
      const rows = feeds.map((feed) => [
        feedLabel(feed, 36),
        String(feed.itemCount),
        formatTime(feed.lastFetchAt),
        feed.lastStatus === null ? '-' : String(feed.lastStatus),
        String(feed.consecutiveErrors),
        feed.nextFetchAt === 0 ? 'now' : formatTime(feed.nextFetchAt),
        truncate(feed.lastError ?? '', 60),
      ]);
      for (const line of table([header, ...rows])) context.out(line);
      const failing = feeds.filter((feed) => feed.consecutiveErrors > 0).length;
      context.out(`${feeds.length} feeds, ${failing} failing`);
    },
    { emptyIfMissing: true },
  );
}

function importOpml(context: CommandContext, file: string): void {
  const { opml: target, list } = context.config({ missingOpmlIsEmpty: true }).feeds;
  if (target === null) {
    throw new AppError(
      'invalid_input',
      'no feeds.opml file is configured to import into: set feeds.opml in the config',
    );
  }
  if (!existsSync(file)) throw new AppError('invalid_input', `${file}: no such file`);
  let listed: FeedSource[];
  try {
    listed = parseOpml(readFileSync(file, 'utf8'));
  } catch (error) {
    // The file the user named is bad input (exit 2), not a failure of Parley's.
    if (isAppError(error, 'parse_failed')) throw new AppError('invalid_input', `${file}: ${error.message}`);
    throw error;
  }
  // What the config loader would refuse (javascript:, a relative path) never reaches feeds.opml: one
  // such line there would stop every later command until it was edited out by hand.
  const additions = listed.filter((feed) => isHttpUrl(feed.url) && !hasCredentials(feed.url));
  for (const feed of listed.filter((f) => !additions.includes(f)))
    context.err(
      isHttpUrl(feed.url)
        ? `parley: ${file}: skipped a feed on ${new URL(feed.url.trim()).host}: its URL carries a user name or password, which Parley never fetches`
        : feed.url === ''
          ? `parley: ${file}: skipped the feed "${feed.name ?? ''}": it has no xmlUrl (its feed address)`
          : `parley: ${file}: skipped "${feed.url}": not an http(s) URL`,
    );
  // Outside a folder with its own list, the default list is Parley's own copy (config reads it from
  // the package): that copy is never written; the folder gets its own, the defaults and the additions.
  const writeTo = target === packageFeedList() ? resolve(context.cli.cwd, 'config', 'feeds.opml') : target;
  const source = existsSync(writeTo) ? writeTo : existsSync(target) ? target : null;
  const existing = source === null ? writeOpml([]) : readFileSync(source, 'utf8');
  // A feed under feeds.list is configured already: a second entry in the OPML would only be dropped again.
  const { xml, added, skipped } = mergeOpml(
    existing,
    additions,
    list.map((entry) => entry.url),
  );
  if (added.length > 0) {
    mkdirSync(dirname(writeTo), { recursive: true });
    writeFileSync(writeTo, xml);
  }
  const refused = listed.length - additions.length;
  context.out(
    `${counted(added.length, 'feed')} added to ${writeTo}, ${skipped.length} already there${refused > 0 ? `, ${refused} skipped` : ''}`,
  );
  for (const feed of added) context.out(`  + ${feed.name ?? feed.url}  ${feed.url}`);
}

function exportOpml(context: CommandContext, file: string | undefined): void {
  const xml = writeOpml(context.config().feeds.sources, { title: 'Parley feeds' });
  if (file === undefined) context.cli.stdout.write(xml.endsWith('\n') ? xml : `${xml}\n`);
  else {
    try {
      // As `feeds import` and `db backup` do, the folder is created if need be.
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, xml);
    } catch (error) {
      throw new AppError('invalid_input', `cannot write ${file}: ${describeError(error)}`, { cause: error });
    }
    context.out(`${context.config().feeds.sources.length} feeds written to ${file}`);
  }
}

export function registerFeedsCommands(program: Command, context: CommandContext): void {
  const feeds = program.command('feeds').description('the feeds Parley polls and their health');
  feeds
    .command('list', { isDefault: true })
    .description('feeds with items, last fetch, last HTTP status, consecutive errors, last error, next fetch')
    .option('--json', 'one JSON object per line')
    .allowExcessArguments()
    .action((options: { json?: boolean }, list: Command) => {
      refuseStrayWords(feeds, list);
      return listFeeds(context, options.json === true);
    });
  feeds
    .command('check <url>')
    .description('fetch one feed now and show what Parley makes of it, without storing anything')
    .option('--json', 'the verdict, then one JSON object per item')
    .action((url: string, options: { json?: boolean }) => checkFeed(context, url, options.json === true));
  feeds
    .command('import <opml>')
    .description('add the feeds of an OPML file to the configured feeds.opml')
    .action((file: string) => importOpml(context, file));
  // Not a command: feeds live in the configuration. Said plainly instead of "too many arguments for 'list'".
  for (const verb of ['add', 'remove', 'rm', 'delete'])
    feeds
      .command(`${verb} [args...]`, { hidden: true })
      .allowUnknownOption()
      .action(() => {
        throw new AppError(
          'invalid_input',
          `there is no \`feeds ${verb}\`: feeds are listed in the configuration (feeds.list in config/parley.yaml, or the OPML file feeds.opml names); \`parley feeds import <opml>\` adds an OPML file's feeds, and \`parley feeds check <url>\` tries a feed first`,
        );
      });
  feeds
    .command('export [file]')
    .description('write the configured feeds as OPML (to stdout without a file)')
    .action((file: string | undefined) => exportOpml(context, file));
}
