import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  type CompiledLexicon,
  type CompiledTopics,
  compileLexicon,
  compileTopics,
} from '../../../src/analysis/lexicon.js';
import { parseLexiconSpec, parseTopicsSpec } from '../../../src/config/analysis-schema.js';

/** The lexicon and topics the project ships (config/*.yaml), validated and compiled. */
function readConfig(name: string): unknown {
  return parse(readFileSync(fileURLToPath(new URL(`../../../config/${name}`, import.meta.url)), 'utf8'));
}

export const shippedLexicon: CompiledLexicon = compileLexicon(parseLexiconSpec(readConfig('lexicon.yaml')));
export const shippedTopics: CompiledTopics = compileTopics(parseTopicsSpec(readConfig('topics.yaml')));

/** An item with only the fields a test cares about. */
export function item(
  title: string,
  summary = '',
  content: string | null = null,
  language: string | null = null,
) {
  return { title, summary, content, language, publishedAt: Date.UTC(2025, 4, 21) };
}
