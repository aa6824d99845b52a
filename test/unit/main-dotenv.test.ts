import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadDotEnv } from '../../src/main.js';

const names = ['PARLEY_TEST_DOTENV_A', 'PARLEY_TEST_DOTENV_B'] as const;

describe('loadDotEnv', () => {
  const folder = mkdtempSync(join(tmpdir(), 'parley-dotenv-'));
  afterEach(() => {
    for (const name of names) delete process.env[name];
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reads the first variable of a .env saved with a byte-order mark (Windows Notepad)', () => {
    const path = join(folder, 'bom.env');
    writeFileSync(path, `\uFEFF${names[0]}=first\n${names[1]}=second\n`);
    expect(loadDotEnv(path, process.env)).toBeNull();
    expect([process.env[names[0]], process.env[names[1]]]).toEqual(['first', 'second']);
  });

  it('leaves variables already in the environment as they are', () => {
    const path = join(folder, 'set.env');
    writeFileSync(path, `${names[0]}=from-file\n`);
    process.env[names[0]] = 'from-environment';
    expect(loadDotEnv(path, process.env)).toBeNull();
    expect(process.env[names[0]]).toBe('from-environment');
  });

  it('says why a .env that cannot be read is not used, instead of crashing', () => {
    const path = join(folder, 'folder.env');
    mkdirSync(path);
    expect(loadDotEnv(path, process.env)).toBe(`cannot read ${path}: is a folder, not a file`);
  });

  it('is nothing without a .env file', () => {
    expect(loadDotEnv(join(folder, 'none.env'), process.env)).toBeNull();
  });
});
