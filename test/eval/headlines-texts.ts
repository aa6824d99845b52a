/**
 * The texts of the real-headline sets (test/eval/headlines): they are third-party headlines, so they
 * stay out of the repository like the shared corpora. They come from the markdown digests of a public
 * news harvester (CodeAKrome/News-Dumpster, GPL-3.0; files and commits in test/eval/headlines/README.md),
 * which list each harvested item as a markdown link, in one of three forms:
 *
 *   - *88* [At least 136 Palestinians killed in Israeli strikes on Gaza](https://…) *mehr-news* **neu …**
 *   - **1901**: [Africa: Côte d'Ivoire Launches …](https://…)
 *   - 23 [India and Pakistan Agree Ceasefire](https://…)   (or as a heading: #### 23 [India …](https://…))
 *   - **2444**: Keep your swimming pool clean with these pool vacuum cleaners   (no link)
 *
 * `node dist/test/eval/headlines-texts.js <dir>` reads the digests saved in <dir> under their names in
 * that repository and writes <dir>/<day>.jsonl, one `{"id","title","link","source"}` per item (the first
 * line of an id wins), which `npm run eval -- headlines` reads from PARLEY_HEADLINES.
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

/** The digest each day's set was taken from (file name in the harvester's repository). */
export const HEADLINE_DIGESTS: Readonly<Record<string, string>> = {
  '0511': 'update_05-11.md',
  '0513': 'up05132030.md',
  '0526': '0526index.md',
  '0530': '0530dex_linked.md',
  '0531': '0531dex.md',
  '0719': 'up0719.md',
  '0722': '0722up.md',
  '0727': '0727up.md',
  '0731': '0731up.md',
  '0803': '0803up.md',
};

// Some lines lack a link ("- **2444**: Keep your swimming pool clean …") or hold the title in its place.
const item =
  /^(?:- |#{2,6} )(?:\*(\d+)\*|\*\*(\d+)\*\*:|(\d+)) (?:\[(.*)\]\(([^)]*)\)(?: \*([^*\s]+)\*)?|([^[].*))/;

/** Every headline line of a digest, in order, each id once. */
export function parseDigest(markdown: string): Headline[] {
  const seen = new Set<number>();
  const headlines: Headline[] = [];
  for (const line of markdown.split('\n')) {
    const match = item.exec(line.trim());
    if (match === null) continue;
    const id = Number(match[1] ?? match[2] ?? match[3]);
    if (seen.has(id)) continue;
    seen.add(id);
    const link = (match[5] ?? '').trim();
    headlines.push({
      id,
      title: (match[4] ?? match[7] ?? '').trim(),
      link: /^https?:\/\//.test(link) ? link : null,
      source: match[6] ?? null,
    });
  }
  return headlines;
}

function main(dir: string): void {
  for (const [day, file] of Object.entries(HEADLINE_DIGESTS)) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      process.stdout.write(`${file}: not found in ${dir}, ${day} skipped\n`);
      continue;
    }
    const headlines = parseDigest(readFileSync(path, 'utf8'));
    writeFileSync(join(dir, `${day}.jsonl`), headlines.map((h) => `${JSON.stringify(h)}\n`).join(''));
    process.stdout.write(`${file} -> ${day}.jsonl: ${headlines.length} headlines\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (dir === undefined) {
    process.stderr.write('usage: node dist/test/eval/headlines-texts.js <folder with the digests>\n');
    process.exitCode = 2;
  } else main(dir);
}
