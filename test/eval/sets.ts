/**
 * Labelled evaluation sets: real feed items from <shared>/corpora joined with the hand labels in
 * test/eval/labels/<set>.jsonl (relevance, topics, story and event slugs, dev/holdout split).
 * See test/eval/labels/README.md for what each set is and how it was labelled.
 *
 * The corpus texts are not in the repository: they are read from sharedDir. The feed files are parsed
 * here with fast-xml-parser on purpose, independently of Parley's own feed parser, so that the sets
 * measure the analysis and not the ingest code. Keys: the news-dumpster `id`; for feed items the
 * item's link (trimmed), or `<file>#<index>` (0-based index in the file) when the item has no link or
 * its link was already used by an earlier item of the same set (files in name order).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { decodeHTML } from 'entities';
import { XMLParser } from 'fast-xml-parser';

export type Label = {
  relevant: boolean;
  topics: string[];
  story: string | null;
  event: string | null;
  split: 'dev' | 'holdout';
  note?: string;
};

export type LabelledItem = {
  set: string;
  key: string;
  source: string;
  title: string;
  summary: string;
  content: string | null;
  url: string | null;
  publishedAt: number | null;
  language: string | null;
  label: Label;
};

/** One corpus item before it is joined with its label. */
export type CorpusItem = Omit<LabelledItem, 'label'> & { file: string; index: number };

type SetSpec =
  | { id: string; kind: 'jsonl'; path: string }
  | { id: string; kind: 'feeds'; path: string; language: string };

/** The labelled sets, paths relative to <sharedDir>/corpora. */
export const SETS: readonly SetSpec[] = [
  {
    id: 'news-dumpster-2025-05-21',
    kind: 'jsonl',
    path: 'items/news-dumpster-2025-05-21/dedupe0521.jsonl.gz',
  },
  { id: 'ru-2025-08-16', kind: 'feeds', path: 'feeds/ru-2025-08-16', language: 'ru' },
  { id: 'outlets-2020-08-15', kind: 'feeds', path: 'feeds/outlets-2020-08-15', language: 'en' },
  { id: 'kyivindependent-2024-07', kind: 'feeds', path: 'feeds/kyivindependent-2024-07', language: 'en' },
  { id: 'outlets-2024-08-08', kind: 'feeds', path: 'feeds/outlets-2024-08-08', language: 'en' },
  { id: 'outlets-2025-03-31', kind: 'feeds', path: 'feeds/outlets-2025-03-31', language: 'en' },
  { id: 'outlets-2021-10-17', kind: 'feeds', path: 'feeds/outlets-2021-10-17', language: 'en' },
];

type Node = Record<string, unknown>;

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of an element that may carry attributes (`{ '#text': … }`) or be repeated. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return text(value[0]);
  if (isNode(value)) return text(value['#text']);
  return '';
}

/** Plain text from an HTML fragment: tags dropped, entities decoded, whitespace collapsed. */
export function stripHtml(html: string): string {
  const withoutBlocks = html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ');
  const withoutTags = withoutBlocks.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<[^>]*>/g, ' ');
  return decodeHTML(withoutTags).replace(/\s+/g, ' ').trim();
}

function parseDate(value: string): number | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

/** The link of an RSS item (`<link>text</link>`) or Atom entry (`<link rel="alternate" href>`). */
function linkOf(node: Node): string {
  const links = node['link'];
  const list = Array.isArray(links) ? links : links === undefined ? [] : [links];
  let fallback = '';
  for (const link of list) {
    if (isNode(link) && typeof link['@_href'] === 'string') {
      const rel = typeof link['@_rel'] === 'string' ? link['@_rel'] : 'alternate';
      if (rel === 'alternate') return link['@_href'].trim();
      if (!fallback) fallback = link['@_href'].trim();
    } else if (text(link).trim()) {
      return text(link).trim();
    }
  }
  return fallback;
}

type RawFeedItem = {
  title: string;
  link: string;
  summary: string;
  content: string | null;
  publishedAt: number | null;
  language: string | null;
};

/** Items of one RSS 2.0 / Atom document, in document order. */
export function parseFeedItems(source: string): RawFeedItem[] {
  const doc: unknown = xml.parse(source);
  if (!isNode(doc)) return [];
  const rss = doc['rss'];
  const channel = isNode(rss) ? rss['channel'] : undefined;
  const atom = doc['feed'];
  const feedLanguage = isNode(channel)
    ? text(channel['language'])
    : isNode(atom)
      ? text(atom['@_xml:lang'])
      : '';
  const entries: unknown[] = isNode(channel)
    ? ((channel['item'] as unknown[] | undefined) ?? [])
    : isNode(atom)
      ? ((atom['entry'] as unknown[] | undefined) ?? [])
      : [];
  const items: RawFeedItem[] = [];
  for (const entry of entries) {
    if (!isNode(entry)) continue;
    const group = isNode(entry['media:group']) ? entry['media:group'] : {};
    const description =
      text(entry['description']) ||
      text(entry['summary']) ||
      text(group['media:description']) ||
      (isNode(atom) ? text(entry['content']) : '');
    const encoded = text(entry['content:encoded']);
    items.push({
      title: stripHtml(text(entry['title'])),
      link: linkOf(entry),
      summary: stripHtml(description),
      content: encoded ? stripHtml(encoded) : null,
      publishedAt: parseDate(
        text(entry['pubDate']) ||
          text(entry['published']) ||
          text(entry['dc:date']) ||
          text(entry['updated']),
      ),
      language: feedLanguage.trim() ? feedLanguage.trim().toLowerCase().slice(0, 2) : null,
    });
  }
  return items;
}

async function readFeedSet(spec: SetSpec & { kind: 'feeds' }, dir: string): Promise<CorpusItem[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.xml')).sort();
  const used = new Set<string>();
  const out: CorpusItem[] = [];
  for (const file of files) {
    let parsed: RawFeedItem[];
    try {
      parsed = parseFeedItems(await readFile(join(dir, file), 'utf8'));
    } catch {
      continue; // an unreadable file simply contributes no items
    }
    parsed.forEach((item, index) => {
      const key = item.link && !used.has(item.link) ? item.link : `${file}#${index}`;
      if (item.link) used.add(item.link);
      out.push({
        set: spec.id,
        key,
        file,
        index,
        source: file.replace(/\.xml$/, ''),
        title: item.title,
        summary: item.summary,
        content: item.content,
        url: item.link || null,
        publishedAt: item.publishedAt,
        language: item.language ?? spec.language,
      });
    });
  }
  return out;
}

function readJsonlSet(spec: SetSpec, path: string, raw: Buffer): CorpusItem[] {
  const lines = gunzipSync(raw).toString('utf8').split('\n');
  const out: CorpusItem[] = [];
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const row: unknown = JSON.parse(line);
    if (!isNode(row)) return;
    const link = text(row['link']).trim();
    const body = text(row['text']);
    out.push({
      set: spec.id,
      key: text(row['id']) || `${path}#${index}`,
      file: path,
      index,
      source: text(row['source']),
      title: text(row['title']).trim(),
      summary: stripHtml(text(row['summary'])),
      content: body ? body : null,
      url: link || null,
      publishedAt: parseDate(text(row['published'])),
      language: text(row['lang']) || null,
    });
  });
  return out;
}

/** The items of one set in corpus order (no labels), or null when its material is absent. */
export async function readCorpusSet(sharedDir: string, setId: string): Promise<CorpusItem[] | null> {
  const spec = SETS.find((candidate) => candidate.id === setId);
  if (!spec) return null;
  const path = join(sharedDir, 'corpora', spec.path);
  if (!existsSync(path)) return null;
  try {
    if (spec.kind === 'feeds') return await readFeedSet(spec, path);
    return readJsonlSet(spec, spec.path, await readFile(path));
  } catch {
    return null;
  }
}

function labelsDir(): string | null {
  const candidates = [
    new URL('./labels/', import.meta.url),
    new URL('../../../test/eval/labels/', import.meta.url),
  ];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(path)) return path;
  }
  return null;
}

function toLabel(row: Node): Label {
  const label: Label = {
    relevant: row['relevant'] === true,
    topics: Array.isArray(row['topics'])
      ? row['topics'].filter((t): t is string => typeof t === 'string')
      : [],
    story: typeof row['story'] === 'string' ? row['story'] : null,
    event: typeof row['event'] === 'string' ? row['event'] : null,
    split: row['split'] === 'holdout' ? 'holdout' : 'dev',
  };
  if (typeof row['note'] === 'string') label.note = row['note'];
  return label;
}

/** The labels of one set by key, or null when the label file is absent. */
export async function readLabels(setId: string, dir = labelsDir()): Promise<Map<string, Label> | null> {
  if (!dir) return null;
  const path = join(dir, `${setId}.jsonl`);
  if (!existsSync(path)) return null;
  const labels = new Map<string, Label>();
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (!line.trim()) continue;
    const row: unknown = JSON.parse(line);
    if (isNode(row) && typeof row['key'] === 'string') labels.set(row['key'], toLabel(row));
  }
  return labels;
}

/**
 * Every labelled set: corpus items joined with their labels, in corpus order. Items without a label
 * (files deliberately left unlabelled, see the README) are left out. A set whose corpus or label file
 * is absent is listed in `missing` with an empty array; this function never throws.
 */
export async function loadLabelledSets(
  sharedDir = '/work/shared',
): Promise<{ sets: Record<string, LabelledItem[]>; missing: string[] }> {
  const sets: Record<string, LabelledItem[]> = {};
  const missing: string[] = [];
  for (const spec of SETS) {
    sets[spec.id] = [];
    try {
      const [items, labels] = await Promise.all([readCorpusSet(sharedDir, spec.id), readLabels(spec.id)]);
      if (!items || !labels) {
        missing.push(spec.id);
        continue;
      }
      const joined: LabelledItem[] = [];
      for (const { file: _file, index: _index, ...item } of items) {
        const label = labels.get(item.key);
        if (label) joined.push({ ...item, label });
      }
      sets[spec.id] = joined;
    } catch {
      missing.push(spec.id);
    }
  }
  return { sets, missing };
}
