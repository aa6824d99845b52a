import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The folders are the architecture (STYLE.md "Layout"): this test reads every import under src/ and
 * names each edge that breaks the dependency rules.
 */
type SourceFile = { path: string; text: string };

/** Which areas each area may import from, besides itself. `*` = anything. */
const allowedImports: Record<string, readonly string[] | '*'> = {
  shared: [],
  domain: ['shared'],
  analysis: ['domain', 'shared'],
  digest: ['domain', 'shared'],
  ingest: ['domain', 'shared'],
  storage: ['domain', 'shared'],
  config: ['domain', 'shared'],
  server: ['domain', 'shared'],
  'platforms/telegram': ['domain', 'shared'],
  'platforms/slack': ['domain', 'shared'],
  delivery: ['domain', 'shared'],
  scheduler: ['domain', 'shared'],
  cli: '*',
  main: '*',
};

/** Each third-party SDK lives in exactly one area (a prefix ending in / matches a scope). */
const sdkHomes: Record<string, readonly string[]> = {
  'better-sqlite3': ['storage'],
  grammy: ['platforms/telegram'],
  '@grammyjs/': ['platforms/telegram'],
  '@slack/': ['platforms/slack'],
  'rss-parser': ['ingest'],
  'node-cron': ['scheduler'],
  undici: ['ingest'],
};

/** `src/platforms/slack/x.ts` → `platforms/slack`; `src/main.ts` → `main`. */
function areaOf(path: string): string {
  const parts = path.split('/').slice(1);
  if (parts.length === 1) return (parts[0] ?? '').replace(/\.ts$/, '');
  return parts[0] === 'platforms' ? `platforms/${parts[1] ?? ''}` : (parts[0] ?? '');
}

/** Static `import … from`, `import '…'`, `export … from` and dynamic `import('…')` specifiers. */
function importSpecifiers(text: string): string[] {
  const patterns = [
    /^\s*(?:import|export)\s+(?:type\s+)?[\w\s{},*$]*?\bfrom\s*['"]([^'"\n]+)['"]/gm,
    /^\s*import\s*['"]([^'"\n]+)['"]/gm,
    /\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1] ?? ''));
}

function sdkRule(specifier: string): readonly string[] | null {
  for (const [name, homes] of Object.entries(sdkHomes)) {
    if (
      name.endsWith('/') ? specifier.startsWith(name) : specifier === name || specifier.startsWith(`${name}/`)
    ) {
      return homes;
    }
  }
  return null;
}

/** One line per broken rule: `src/analysis/x.ts → src/storage/y.ts (analysis may import …)`. */
function findViolations(files: readonly SourceFile[]): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const from = areaOf(file.path);
    const allowed = allowedImports[from];
    if (allowed === undefined) {
      violations.push(`${file.path}: no rule for the area "${from}": add it to allowedImports`);
      continue;
    }
    for (const specifier of importSpecifiers(file.text)) {
      if (specifier.startsWith('.')) {
        const target = posix
          .normalize(posix.join(posix.dirname(file.path), specifier))
          .replace(/\.js$/, '.ts');
        const to = target.startsWith('src/') ? areaOf(target) : `outside src (${target})`;
        if (allowed !== '*' && to !== from && !allowed.includes(to)) {
          violations.push(
            `${file.path} → ${target} (${from} may import only ${[from, ...allowed].join(', ')})`,
          );
        }
        continue;
      }
      const homes = sdkRule(specifier);
      if (homes !== null && !homes.includes(from)) {
        violations.push(
          `${file.path} → ${specifier} (${specifier} belongs in src/${homes.join(', src/')} only)`,
        );
      }
    }
  }
  return violations;
}

function sourceFiles(root: string): SourceFile[] {
  const entries = readdirSync(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => posix.join(entry.parentPath, entry.name))
    .map((absolute) => ({
      path: posix.join('src', posix.relative(root, absolute)),
      text: readFileSync(absolute, 'utf8'),
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

describe('architecture', () => {
  const files = sourceFiles(fileURLToPath(new URL('../src/', import.meta.url)));

  it('keeps every import under src/ within the layering of STYLE.md', () => {
    expect(files.map((file) => file.path)).toContain('src/main.ts');
    expect(findViolations(files)).toEqual([]);
  });

  it('finds the import, export-from and dynamic import forms', () => {
    const text = `import type { A } from '../domain/a.js';
import {
  b,
  c,
} from "./b.js";
import './side-effect.js';
export * from '../shared/c.js';
export { d } from 'better-sqlite3';
const e = await import('../storage/e.js');
// a URL in a string is not an import: 'https://example.org/from'
export function f() { return 'from here'; }`;
    expect(importSpecifiers(text)).toEqual([
      '../domain/a.js',
      './b.js',
      '../shared/c.js',
      'better-sqlite3',
      './side-effect.js',
      '../storage/e.js',
    ]);
  });

  it('names the offending edge when a layer or an SDK rule is broken', () => {
    const fake: SourceFile[] = [
      { path: 'src/analysis/relevance.ts', text: "import { openDatabase } from '../storage/database.js';" },
      { path: 'src/domain/story.ts', text: "import type { Config } from '../config/schema.js';" },
      { path: 'src/platforms/telegram/bot.ts', text: "import { sendSlack } from '../slack/send.js';" },
      { path: 'src/ingest/store.ts', text: "import Database from 'better-sqlite3';" },
      { path: 'src/scheduler/poll.ts', text: "const reader = await import('../ingest/feed-reader.js');" },
      { path: 'src/shared/util.ts', text: "export { x } from '../domain/x.js';" },
      { path: 'src/digest/render.ts', text: "import { WebClient } from '@slack/web-api';" },
      { path: 'src/widgets/x.ts', text: '' },
    ];
    expect(findViolations(fake)).toEqual([
      'src/analysis/relevance.ts → src/storage/database.ts (analysis may import only analysis, domain, shared)',
      'src/domain/story.ts → src/config/schema.ts (domain may import only domain, shared)',
      'src/platforms/telegram/bot.ts → src/platforms/slack/send.ts (platforms/telegram may import only platforms/telegram, domain, shared)',
      'src/ingest/store.ts → better-sqlite3 (better-sqlite3 belongs in src/storage only)',
      'src/scheduler/poll.ts → src/ingest/feed-reader.ts (scheduler may import only scheduler, domain, shared)',
      'src/shared/util.ts → src/domain/x.ts (shared may import only shared)',
      'src/digest/render.ts → @slack/web-api (@slack/web-api belongs in src/platforms/slack only)',
      'src/widgets/x.ts: no rule for the area "widgets": add it to allowedImports',
    ]);
  });

  it('accepts the edges the layering allows', () => {
    const fake: SourceFile[] = [
      { path: 'src/main.ts', text: "import { x } from './storage/database.js';" },
      { path: 'src/cli/commands/poll.ts', text: "import { y } from '../../ingest/feed-reader.js';" },
      {
        path: 'src/storage/database.ts',
        text: "import Database from 'better-sqlite3';\nimport type { Item } from '../domain/item.js';",
      },
      {
        path: 'src/platforms/slack/app.ts',
        text: "import { App } from '@slack/bolt';\nimport { z } from './z.js';",
      },
      {
        path: 'src/ingest/http.ts',
        text: "import { fetch } from 'undici';\nimport { readFileSync } from 'node:fs';",
      },
    ];
    expect(findViolations(fake)).toEqual([]);
  });
});
