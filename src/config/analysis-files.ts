import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeError, isAppError } from '../shared/errors.js';
import {
  type LexiconSpec,
  parseLexiconSpec,
  parseTopicsSpec,
  type TopicsSpec,
  unknownEntities,
} from './analysis-schema.js';
import { packageRoot } from './package-version.js';
import { type Problem, readFailure } from './problems.js';
import { readYaml } from './read-yaml.js';

export type AnalysisSpecs = { topics: TopicsSpec; lexicon: LexiconSpec };

function problemsOf(error: unknown, file: string): Problem[] {
  if (isAppError(error, 'config_invalid') && Array.isArray(error.details['problems'])) {
    return error.details['problems'] as Problem[];
  }
  return [{ file, path: '', message: describeError(error) }];
}

/** The config key naming the file, so a missing one is found where it was typed. */
type NamedBy = { file: string; key: string };

function readSpec<T>(
  path: string,
  shown: string,
  namedBy: NamedBy,
  parse: (raw: unknown, file: string) => T,
  problems: Problem[],
): T | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = readFailure(error);
    problems.push({ file: namedBy.file, path: namedBy.key, message: `cannot read ${shown}: ${reason}` });
    return null;
  }
  const yaml = readYaml(text, shown);
  if (yaml.problems.length > 0) {
    problems.push(...yaml.problems);
    return null;
  }
  try {
    return parse(yaml.value, shown);
  } catch (error) {
    problems.push(...problemsOf(error, shown));
    return null;
  }
}

/**
 * The default relative path when it exists under cwd, else the file Parley ships: Parley started from
 * another folder (or installed as a package) still has its taxonomy. A path the operator chose is kept.
 */
function locate(path: string, fallback: string, cwd: string): string {
  const resolved = resolve(cwd, path);
  if (path !== fallback || existsSync(resolved)) return resolved;
  const root = packageRoot();
  return root === null ? resolved : join(root, fallback);
}

/** The taxonomy and the relevance lexicon, validated with the rest of the configuration. */
export function readAnalysisSpecs(
  paths: { topics: string; lexicon: string },
  cwd: string,
  shown: (path: string) => string,
  configFile: string,
  problems: Problem[],
): AnalysisSpecs | null {
  const topicsPath = locate(paths.topics, 'config/topics.yaml', cwd);
  const lexiconPath = locate(paths.lexicon, 'config/lexicon.yaml', cwd);
  const read = <T>(path: string, key: string, parse: (raw: unknown, file: string) => T): T | null =>
    readSpec(path, shown(path), { file: configFile, key }, parse, problems);
  const topics = read(topicsPath, 'topics', parseTopicsSpec);
  const lexicon = read(lexiconPath, 'analysis.lexicon', parseLexiconSpec);
  if (topics === null || lexicon === null) return null;
  const unknown = unknownEntities(lexicon, topics, shown(lexiconPath));
  if (unknown.length > 0) {
    problems.push(...unknown);
    return null;
  }
  return { topics, lexicon };
}
