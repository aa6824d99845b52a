import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Parley's version from its package.json, found by walking up from this file: the same code runs
 * from src/ under vitest and from dist/src/ when built, at different depths.
 */
export function packageVersion(): string {
  const manifest = packageManifest();
  return manifest !== null && 'version' in manifest && typeof manifest.version === 'string'
    ? manifest.version
    : '0.0.0';
}

/** Parley's own folder (where its package.json is), or null when it cannot be found. */
export function packageRoot(): string | null {
  return packageManifest()?.root ?? null;
}

function packageManifest(): (object & { root: string }) | null {
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
        return { ...manifest, root: folder };
      }
    }
    folder = dirname(folder);
  }
  return null;
}
