import type { FeedSource } from '../domain/feed.js';
import { hasCredentials, isHttpUrl, urlKey } from '../shared/url.js';
import { credentialsMessage } from './config-values.js';
import { type Problem, readFailure } from './problems.js';
import type { FeedListEntry } from './schema.js';

export type ReadOpml = (path: string) => readonly FeedSource[];

/** The OPML file's feeds; an unreadable or malformed file, or a feed without an http(s) URL, is a problem. */
export function readOpmlFeeds(
  read: ReadOpml,
  opml: { path: string; shown: string },
  file: string,
  problems: Problem[],
): FeedSource[] {
  let feeds: readonly FeedSource[];
  try {
    feeds = read(opml.path);
  } catch (error) {
    problems.push({ file, path: 'feeds.opml', message: `cannot read ${opml.shown}: ${readFailure(error)}` });
    return [];
  }
  const usable = feeds.filter((feed) => isHttpUrl(feed.url) && !hasCredentials(feed.url));
  for (const feed of feeds.filter((f) => !usable.includes(f))) {
    // Not quoted when it carries a password: the message is printed and may be logged.
    const message = isHttpUrl(feed.url)
      ? `${opml.shown}: a feed URL (${new URL(feed.url.trim()).host}) ${credentialsMessage}`
      : feed.url === ''
        ? `${opml.shown}: the feed "${feed.name ?? ''}" has no xmlUrl (its feed address)`
        : `${opml.shown}: "${feed.url}" is not an http(s) URL`;
    problems.push({ file, path: 'feeds.opml', message });
  }
  return usable;
}

/**
 * What to poll: the enabled list entries, then the OPML's feeds, each URL once (first wins).
 * A list entry with `enabled: false` also switches off the same URL in the OPML file.
 */
export function combineSources(
  list: readonly FeedListEntry[],
  opmlFeeds: readonly FeedSource[],
): FeedSource[] {
  const seen = new Set(list.filter((entry) => !entry.enabled).map((entry) => urlKey(entry.url)));
  const sources: FeedSource[] = [];
  const candidates = [...list.filter((entry) => entry.enabled), ...opmlFeeds];
  for (const { url, name, language, fullText } of candidates) {
    const key = urlKey(url);
    if (seen.has(key)) continue;
    seen.add(key);
    sources.push({ url, name, language, fullText });
  }
  return sources;
}
