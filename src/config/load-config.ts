import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { describeError } from '../shared/errors.js';
import { type AnalysisSpecs, readAnalysisSpecs } from './analysis-files.js';
import { checkWebhookSecret, readApiRoots, readProxy, readSecrets } from './environment.js';
import { combineSources, type ReadOpml, readOpmlFeeds } from './feed-sources.js';
import { packageRoot, packageVersion } from './package-version.js';
import { configError, type Problem, problemsFromIssues } from './problems.js';
import { readYaml } from './read-yaml.js';
import { type Config, type ConfigFile, configFileSchema } from './schema.js';

export type LoadConfigOptions = {
  /** A file that replaces config/parley.yaml entirely (`--config`). */
  configPath?: string;
  /** Overrides database.path (`--db`). */
  dbPath?: string;
  env: Record<string, string | undefined>;
  /** Relative paths in the config (and configPath, dbPath) are resolved against this folder. */
  cwd: string;
  /** The feeds of an OPML file. Injected: config may not import ingest, where the OPML parser lives. */
  readOpml: ReadOpml;
};

export const defaultConfigPath = 'config/parley.yaml';
const defaultOpmlPath = 'config/feeds.opml';
const builtInDefaults = '(built-in defaults)';

type ConfigSource = { label: string; text: string | null };

/** A path as the operator would write it: relative to cwd when inside it. */
function shownPath(path: string, cwd: string): string {
  const inside = relative(cwd, path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

/**
 * The OPML file: the default one (config/feeds.opml) is read from the working directory when it is
 * there, else from Parley's own folder, so `parley` works from anywhere (as topics and the lexicon do).
 */
function defaultOrGiven(path: string, cwd: string): string {
  const resolved = resolve(cwd, path);
  if (path !== defaultOpmlPath || existsSync(resolved)) return resolved;
  return packageFeedList() ?? resolved;
}

/** Parley's own default feed list (in its package folder), or null when that folder is not found. */
export function packageFeedList(): string | null {
  const root = packageRoot();
  return root === null ? null : join(root, defaultOpmlPath);
}

function resolvePath(path: string, cwd: string): string {
  return path === ':memory:' ? path : resolve(cwd, path);
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : null;
}

/** The given file (which must exist), else config/parley.yaml if it exists, else nothing: built-in defaults. */
function locate(options: LoadConfigOptions): ConfigSource {
  const given = options.configPath !== undefined;
  const path = resolve(options.cwd, options.configPath ?? defaultConfigPath);
  const label = shownPath(path, options.cwd);
  try {
    return { label, text: readFileSync(path, 'utf8') };
  } catch (error) {
    if (!given && errorCode(error) === 'ENOENT') return { label: builtInDefaults, text: null };
    const reason = errorCode(error) === 'ENOENT' ? 'no such file' : describeError(error);
    throw configError([{ file: label, path: '', message: `cannot read the config file: ${reason}` }]);
  }
}

/**
 * The feeds to poll. No `feeds` key: the default OPML file. A `feeds` key names every feed, so an
 * omitted `opml` there means none (a --config file with its own list polls only that list).
 */
function resolveFeeds(
  raw: Record<string, unknown>,
  options: LoadConfigOptions,
  file: string,
  problems: Problem[],
) {
  const { feeds } = raw;
  const part = configFileSchema.shape.feeds.safeParse(feeds);
  if (!part.success) return null;
  const opml = part.data === undefined ? defaultOpmlPath : (part.data.opml ?? null);
  const list = part.data?.list ?? [];
  const opmlPath = opml === null ? null : defaultOrGiven(opml, options.cwd);
  const opmlFeeds =
    opmlPath === null
      ? []
      : readOpmlFeeds(
          options.readOpml,
          { path: opmlPath, shown: shownPath(opmlPath, options.cwd) },
          file,
          problems,
        );
  return { opml: opmlPath, list, sources: combineSources(list, opmlFeeds) };
}

/** telegram.mode from the raw file, so that a problem elsewhere in it does not hide a missing secret. */
function telegramMode(raw: Record<string, unknown>): unknown {
  const telegram = raw['telegram'];
  return typeof telegram === 'object' && telegram !== null && 'mode' in telegram ? telegram.mode : 'polling';
}

/** Read from the raw file, so that a problem elsewhere in it does not hide one in these files. */
function analysisPaths(raw: Record<string, unknown>): { topics: string; lexicon: string } {
  const analysis = raw['analysis'];
  const lexicon =
    typeof analysis === 'object' && analysis !== null && 'lexicon' in analysis ? analysis.lexicon : null;
  return {
    topics: typeof raw['topics'] === 'string' ? raw['topics'] : 'config/topics.yaml',
    lexicon: typeof lexicon === 'string' ? lexicon : 'config/lexicon.yaml',
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function assemble(
  data: ConfigFile,
  feeds: Config['feeds'],
  apiRoots: Config['apiRoots'],
  proxy: Config['proxy'],
  specs: AnalysisSpecs,
  options: LoadConfigOptions,
): Config {
  const { ingest, database, topics, analysis, feeds: _raw, ...rest } = data;
  return {
    database: { path: resolvePath(options.dbPath ?? database.path, options.cwd) },
    feeds,
    ingest: {
      ...ingest,
      userAgent: ingest.userAgent ?? `Parley/${packageVersion()} (+https://github.com/parley-bot/parley)`,
    },
    topics: resolve(options.cwd, topics),
    analysis: { ...analysis, lexicon: resolve(options.cwd, analysis.lexicon) },
    specs,
    ...rest,
    secrets: readSecrets(options.env),
    apiRoots,
    proxy,
  };
}

/**
 * Reads, validates and freezes the configuration. Throws AppError('config_invalid') listing every
 * problem at once (details.problems), so an operator fixes the file in one go.
 */
export function loadConfig(options: LoadConfigOptions): Config {
  const source = locate(options);
  const yaml = source.text === null ? { value: {}, problems: [] } : readYaml(source.text, source.label);
  if (yaml.problems.length > 0) throw configError(yaml.problems);
  const problems: Problem[] = [];
  const parsed = configFileSchema.safeParse(yaml.value, { reportInput: true });
  if (!parsed.success)
    problems.push(...problemsFromIssues(source.label, configFileSchema, parsed.error.issues));
  const feeds = resolveFeeds(yaml.value, options, source.label, problems);
  const apiRoots = readApiRoots(options.env, problems);
  const proxy = readProxy(options.env, problems);
  checkWebhookSecret(options.env, telegramMode(yaml.value), problems);
  const specs = readAnalysisSpecs(
    analysisPaths(yaml.value),
    options.cwd,
    (path) => shownPath(path, options.cwd),
    source.label,
    problems,
  );
  if (!parsed.success || feeds === null || specs === null || problems.length > 0) throw configError(problems);
  return deepFreeze(assemble(parsed.data, feeds, apiRoots, proxy, specs, options));
}
