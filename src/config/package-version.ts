import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Parley's version from its package.json, found by walking up from this file: the same code runs
 * from src/ under vitest and from dist/src/ when built, at different depths.
 */
export function packageVersion(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    const candidate = join(folder, 'package.json');
    if (existsSync(candidate)) {
      const manifest: unknown = JSON.parse(readFileSync(candidate, 'utf8'));
      if (
        typeof manifest === 'object' &&
        manifest !== null &&
        'name' in manifest &&
        manifest.name === 'parley'
      ) {
        return 'version' in manifest && typeof manifest.version === 'string' ? manifest.version : '0.0.0';
      }
    }
    folder = dirname(folder);
  }
  return '0.0.0';
}
