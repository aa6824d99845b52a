import { LineCounter, parseDocument } from 'yaml';
import type { Problem } from './problems.js';

export type YamlResult = { value: Record<string, unknown>; problems: Problem[] };

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses a config file's text. Syntax errors (and duplicate keys, which YAML 1.2 forbids) become
 * problems naming line and column; an empty file or one with only comments is an empty mapping.
 */
export function readYaml(text: string, file: string): YamlResult {
  const lineCounter = new LineCounter();
  // Spec: YAML 1.2 core schema, so `09:00` stays a string and `yes` is not true: https://yaml.org/spec/1.2.2/
  const document = parseDocument(text, { lineCounter, prettyErrors: false, version: '1.2' });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error): Problem => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { file, path: '', message: `line ${line}, column ${col}: ${error.message}` };
    });
    return { value: {}, problems };
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined) return { value: {}, problems: [] };
  if (!isMapping(value)) {
    return {
      value: {},
      problems: [
        {
          file,
          path: '',
          message: 'expected a mapping of keys (database:, feeds:, ingest:, …) at the top level',
        },
      ],
    };
  }
  return { value, problems: [] };
}
