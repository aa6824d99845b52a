import type { FeedFetchOutcome, FeedSource } from '../domain/feed.js';
import type { FeedStore } from '../domain/ports.js';
import type { Database } from './database.js';
import { type FeedRow, feedColumns, toFeed } from './feed-rows.js';

type SourceRow = {
  id: number;
  name: string | null;
  language: string | null;
  full_text: number;
  enabled: number;
};
type SourceParams = { url: string; name: string | null; language: string | null; full_text: number };

function firstOfEachUrl(sources: readonly FeedSource[]): FeedSource[] {
  const seen = new Map<string, FeedSource>();
  for (const source of sources) if (!seen.has(source.url)) seen.set(source.url, source);
  return [...seen.values()];
}

function sourceParams(source: FeedSource): SourceParams {
  const { url, name, language, fullText } = source;
  return { url, name, language, full_text: fullText ? 1 : 0 };
}

function needsUpdate(row: SourceRow, wanted: SourceParams): boolean {
  return (
    row.enabled !== 1 ||
    row.name !== wanted.name ||
    row.language !== wanted.language ||
    row.full_text !== wanted.full_text
  );
}

function prepareOutcomeStatements(db: Database) {
  return {
    ok: db.prepare<{
      id: number;
      at: number;
      status: number;
      etag: string | null;
      last_modified: string | null;
      title: string | null;
      listed: number;
      ttl: number | null;
      next: number;
    }>(
      `UPDATE feeds SET last_fetch_at = @at, last_success_at = @at, last_listed = @listed,
         last_listed_at = CASE WHEN @listed > 0 THEN @at ELSE last_listed_at END,
         last_status = @status, etag = @etag,
         last_modified = @last_modified, title = COALESCE(@title, title), consecutive_errors = 0, last_error = NULL,
         ttl_minutes = @ttl, next_fetch_at = @next
       WHERE id = @id`,
    ),
    // A 304 confirms the stored validators, so etag and last_modified stay; it lists nothing, so the
    // items' listed_at and the feed's last_listed_at stay too (retention.ts), as after a read of an empty
    // feed, which says nothing about which items are gone.
    notModified: db.prepare<{ id: number; at: number; next: number }>(
      `UPDATE feeds SET last_fetch_at = @at, last_success_at = @at, last_status = 304, consecutive_errors = 0,
         last_error = NULL, next_fetch_at = @next
       WHERE id = @id`,
    ),
    failed: db.prepare<{ id: number; at: number; status: number | null; error: string; next: number }>(
      `UPDATE feeds SET last_fetch_at = @at, last_status = @status, last_error = @error,
         consecutive_errors = consecutive_errors + 1, next_fetch_at = @next
       WHERE id = @id`,
    ),
    // Not read at all (its host asked for a pause): its last fetch, status and error count stay as they were.
    held: db.prepare<{ id: number; error: string; next: number }>(
      'UPDATE feeds SET last_error = @error, next_fetch_at = @next WHERE id = @id',
    ),
  };
}

export function createFeedStore(db: Database): FeedStore {
  const selectAll = db.prepare<[number], FeedRow>(
    `SELECT ${feedColumns} FROM feeds f WHERE f.enabled = 1 OR ? = 1
     ORDER BY COALESCE(f.name, f.url) COLLATE NOCASE, f.url`,
  );
  const selectDue = db.prepare<{ now: number; latest: number }, FeedRow>(
    `SELECT ${feedColumns} FROM feeds f WHERE f.enabled = 1 AND (f.next_fetch_at <= @now OR f.next_fetch_at > @latest)
     ORDER BY f.next_fetch_at, f.id`,
  );
  const selectByUrl = db.prepare<[string], FeedRow>(`SELECT ${feedColumns} FROM feeds f WHERE f.url = ?`);
  const findSource = db.prepare<[string], SourceRow>(
    'SELECT id, name, language, full_text, enabled FROM feeds WHERE url = ?',
  );
  const insertSource = db.prepare<SourceParams>(
    `INSERT INTO feeds (url, name, language, full_text, enabled, next_fetch_at)
     VALUES (@url, @name, @language, @full_text, 1, 0)`,
  );
  // A feed that comes back to the list is read at once and its backoff starts over: the failures that
  // had pushed its next read out (up to ingest.maxBackoff) may be why the operator removed and re-added it.
  const updateSource = db.prepare<SourceParams>(
    `UPDATE feeds SET name = @name, language = @language, full_text = @full_text, enabled = 1,
       next_fetch_at = CASE WHEN enabled = 1 THEN next_fetch_at ELSE 0 END,
       consecutive_errors = CASE WHEN enabled = 1 THEN consecutive_errors ELSE 0 END
     WHERE url = @url`,
  );
  const disableOthers = db.prepare<[string]>(
    'UPDATE feeds SET enabled = 0 WHERE enabled = 1 AND url NOT IN (SELECT value FROM json_each(?))',
  );
  const outcomes = prepareOutcomeStatements(db);

  const sync = db.transaction((sources: readonly FeedSource[]) => {
    const wanted = firstOfEachUrl(sources).map(sourceParams);
    let added = 0;
    let updated = 0;
    for (const params of wanted) {
      const row = findSource.get(params.url);
      if (row === undefined) {
        insertSource.run(params);
        added += 1;
      } else if (needsUpdate(row, params)) {
        updateSource.run(params);
        updated += 1;
      }
    }
    const disabled = disableOthers.run(JSON.stringify(wanted.map((params) => params.url))).changes;
    return { added, updated, disabled };
  });

  const record = db.transaction((id: number, outcome: FeedFetchOutcome) => {
    if (outcome.kind === 'held') {
      outcomes.held.run({ id, error: outcome.error, next: outcome.nextFetchAt });
      return;
    }
    const base = { id, at: outcome.at, next: outcome.nextFetchAt };
    if (outcome.kind === 'ok') {
      const { status, etag, lastModified, title, ttlMinutes } = outcome;
      const ttl = ttlMinutes ?? null;
      outcomes.ok.run({
        ...base,
        status,
        etag,
        last_modified: lastModified,
        title,
        ttl,
        listed: outcome.listed,
      });
    } else if (outcome.kind === 'not-modified') {
      outcomes.notModified.run(base);
    } else {
      outcomes.failed.run({ ...base, status: outcome.status, error: outcome.error });
    }
  });

  return {
    syncSources: (sources) => sync.immediate(sources),
    list: (options = {}) => selectAll.all(options.includeDisabled ? 1 : 0).map(toFeed),
    due: (now, latest = Number.POSITIVE_INFINITY) => selectDue.all({ now, latest }).map(toFeed),
    byUrl: (url) => {
      const row = selectByUrl.get(url);
      return row === undefined ? null : toFeed(row);
    },
    recordOutcome: (feedId, outcome) => record.immediate(feedId, outcome),
  };
}
