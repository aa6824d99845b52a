/**
 * The texts of the real-headline sets (test/eval/headlines): they are third-party headlines, so they
 * stay out of the repository like the shared corpora. They come from the markdown digests of a public
 * news harvester (CodeAKrome/News-Dumpster, GPL-3.0; files and commits in test/eval/headlines/README.md),
 * which list each harvested item as a markdown link, in one of these forms:
 *
 *   - *88* [At least 136 Palestinians killed in Israeli strikes on Gaza](https://…) *mehr-news* **neu …**
 *   - **1901**: [Africa: Côte d'Ivoire Launches …](https://…)
 *   - 23 [India and Pakistan Agree Ceasefire](https://…)   (or as a heading: #### 23 [India …](https://…))
 *   - **2444**: Keep your swimming pool clean with these pool vacuum cleaners   (no link)
 *   - _1467_ [Title](https://…)        - [Title](https://…) (ID: 6505)   (topical digests)
 *   - 2, Title                          (0520bigdex.md: no links)
 *
 * `node dist/test/eval/headlines-texts.js <dir>` reads the digests saved in <dir> under their names in
 * that repository and writes <dir>/<day>.jsonl, one `{"id","title","link","source"}` per item (the first
 * line of an id wins), which `npm run eval -- headlines` reads from PARLEY_HEADLINES; and, from
 * <dir>/ru-feeds.tsv (parseCopiedFeedItems), the Russian feed sets' <set>.jsonl.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * One item's text. The Russian feed set (ru-1123) has string ids (`<feed>#<index>`), a summary and its
 * feed's date; the digests' headlines have neither.
 */
export type Headline = {
  id: number | string;
  title: string;
  link: string | null;
  source: string | null;
  summary?: string;
  published?: string | null;
};

/**
 * The digest(s) each day's set was taken from (file names in the harvester's repository); 0528 joins
 * the topical digests of 25–30 May 2025 (Ukraine, Israel–Gaza).
 */
export const HEADLINE_DIGESTS: Readonly<Record<string, string | readonly string[]>> = {
  '0511': 'update_05-11.md',
  '0513': 'up05132030.md',
  '0526': '0526index.md',
  '0530': '0530dex_linked.md',
  '0520': '0520bigdex.md',
  '0528': [
    '0526IsraelGaza.md',
    'NewsDumpster0526RusUkr.md',
    '0528kraine.md',
    '0528Israel.md',
    '0530rusukr.md',
  ],
  '0531': '0531dex.md',
  '0719': 'up0719.md',
  '0722': '0722up.md',
  '0727': '0727up.md',
  '0731': '0731up.md',
  '0803': '0803up.md',
};

// Some lines lack a link ("- **2444**: Keep your swimming pool clean …") or hold the title in its place.
const item =
  /^(?:- |#{2,6} )(?:\*(\d+)\*|\*\*(\d+)\*\*:|_(\d+)_|(\d+),?) (?:\[(.*)\]\(([^)]*)\)(?: \*([^*\s]+)\*)?|([^[].*))/;
// Topical digests put the id last: "- [Title](https://…) (ID: 6505)".
const idLast = /^- \[(.*)\]\(([^)\s]*)\) \(ID: (\d+)\)\s*$/;

/** Every headline line of a digest, in order, each id once. */
export function parseDigest(markdown: string): Headline[] {
  const seen = new Set<number>();
  const headlines: Headline[] = [];
  for (const line of markdown.split('\n')) {
    const trimmed = line.trim();
    const last = idLast.exec(trimmed);
    const match = last === null ? item.exec(trimmed) : null;
    if (last === null && match === null) continue;
    // "- 1, 11": a list of ids, not "- 2, Title"
    if (match !== null && match[5] === undefined && /^[\d,\s]+$/.test(match[8] ?? '')) continue;
    const id = Number(last?.[3] ?? match?.[1] ?? match?.[2] ?? match?.[3] ?? match?.[4]);
    if (seen.has(id)) continue;
    seen.add(id);
    const link = (last?.[2] ?? match?.[6] ?? '').trim();
    headlines.push({
      id,
      title: (last?.[1] ?? match?.[5] ?? match?.[8] ?? '').trim(),
      link: /^https?:\/\//.test(link) ? link : null,
      source: match?.[7] ?? null,
    });
  }
  return headlines;
}

/**
 * The headline lines of a digest as copied by hand, `ID ||| SOURCE ||| TITLE` (SOURCE may be empty): a
 * quicker way to rebuild a day than saving whole digests, since the labels hold each item's link.
 */
export function parseCopied(text: string): Headline[] {
  const seen = new Set<number>();
  const headlines: Headline[] = [];
  for (const line of text.split('\n')) {
    const [id = '', source = '', ...title] = line.split('|||');
    if (!/^\s*\d+\s*$/.test(id) || title.join('|||').trim() === '') continue;
    if (seen.has(Number(id))) continue;
    seen.add(Number(id));
    headlines.push({
      id: Number(id),
      title: title.join('|||').trim(),
      link: null,
      source: source.trim() || null,
    });
  }
  return headlines;
}

/** The Russian feed sets, whose items come from the feed files of a scraper's repository (README). */
export const FEED_ITEM_SETS: readonly string[] = ['ru-1123', 'ru-1224a', 'ru-1224b'];
const feedItemsFile = 'ru-feeds.tsv';
const maxSummaryChars = 400;

/**
 * The labelled items of the Russian feed sets as copied from the feed files, one per line:
 * `SET ||| ID ||| LINK ||| PUBDATE ||| CHANNEL TITLE ||| TITLE ||| DESCRIPTION` (the description without
 * markup, cut at 400 characters; PUBDATE and DESCRIPTION may be empty). By set, each `SET`+`ID` once;
 * lines of items that were not found (TITLE `NOT FOUND`) are left out.
 */
export function parseCopiedFeedItems(text: string): Map<string, Headline[]> {
  const sets = new Map<string, Headline[]>();
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    const fields = line.split('|||').map((field) => field.trim());
    if (fields.length < 7) continue;
    const [set = '', id = '', link = '', published = '', source = '', title = ''] = fields;
    const summary = fields.slice(6).join('|||').trim();
    if (!FEED_ITEM_SETS.includes(set) || !/^[\w-]+#\d+$/.test(id)) continue;
    if (title === '' || title === 'NOT FOUND' || seen.has(`${set} ${id}`)) continue;
    seen.add(`${set} ${id}`);
    const items = sets.get(set) ?? [];
    items.push({
      id,
      title,
      link: /^https?:\/\//.test(link) ? link : null,
      source: source || null,
      summary: [...summary].slice(0, maxSummaryChars).join(''),
      published: published || null,
    });
    sets.set(set, items);
  }
  return sets;
}

function writeFeedItemSets(dir: string): void {
  const path = join(dir, feedItemsFile);
  if (!existsSync(path)) {
    process.stdout.write(`${feedItemsFile}: not found in ${dir}, ${FEED_ITEM_SETS.join(', ')} skipped\n`);
    return;
  }
  for (const [set, items] of parseCopiedFeedItems(readFileSync(path, 'utf8'))) {
    writeFileSync(join(dir, `${set}.jsonl`), items.map((h) => `${JSON.stringify(h)}\n`).join(''));
    process.stdout.write(`${feedItemsFile} -> ${set}.jsonl: ${items.length} items\n`);
  }
}

function main(dir: string): void {
  writeFeedItemSets(dir);
  for (const [day, digests] of Object.entries(HEADLINE_DIGESTS)) {
    const files = typeof digests === 'string' ? [digests] : digests;
    const missing = files.filter((file) => !existsSync(join(dir, file)));
    const copied = join(dir, `${day}.tsv`);
    if (missing.length > 0 && !existsSync(copied)) {
      process.stdout.write(`${missing.join(', ')} (or ${day}.tsv): not found in ${dir}, ${day} skipped\n`);
      continue;
    }
    const headlines =
      missing.length > 0
        ? parseCopied(readFileSync(copied, 'utf8'))
        : parseDigest(files.map((file) => readFileSync(join(dir, file), 'utf8')).join('\n'));
    writeFileSync(join(dir, `${day}.jsonl`), headlines.map((h) => `${JSON.stringify(h)}\n`).join(''));
    process.stdout.write(
      `${missing.length > 0 ? `${day}.tsv` : files.join(' + ')} -> ${day}.jsonl: ${headlines.length} headlines\n`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (dir === undefined) {
    process.stderr.write('usage: node dist/test/eval/headlines-texts.js <folder with the digests>\n');
    process.exitCode = 2;
  } else main(dir);
}
