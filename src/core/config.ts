import { dirname, join, resolve } from 'node:path';
import type { ProjectProblem } from './finding.js';
import type { ResolvedSettings } from './settings.js';
import { TimedCache } from './cache.js';
import { isStaticObject, readConfigObject, type StaticObject, type StaticValue } from './config-read.js';
import { isFile, readTextFile } from './fs.js';
import { expandSchemaPatterns } from './glob.js';

/** drizzle-kit itself only looks for `.ts`, `.js`, `.json`; the others are common in ESM repos. */
export const CONFIG_FILE_NAMES = ['drizzle.config.ts', 'drizzle.config.mts', 'drizzle.config.js', 'drizzle.config.mjs', 'drizzle.config.cjs', 'drizzle.config.json'];

const DEFAULT_OUT = 'drizzle';

export interface DrizzleConfig {
  /** Absolute path of the config file. */
  file: string;
  /** `undefined` when missing or not statically readable: treated as PostgreSQL. */
  dialect?: string;
  /** Entries as written: files, folders or globs. */
  schema: string[];
  out: string;
  casing?: 'snake_case' | 'camelCase';
  migrationsPrefix?: string;
  /** Read for completeness; `drizzle-kit generate` ignores both (reference §1), so analysis does too. */
  tablesFilter?: string[];
  schemaFilter?: string[];
}

export type ConfigResult = { kind: 'ok'; config: DrizzleConfig } | { kind: 'error'; problem: ProjectProblem };

/** A config with `schema`/`out` resolved against the folder drizzle-kit runs in. */
export interface ResolvedConfig extends DrizzleConfig {
  root: string;
  outDir: string;
  /** Absolute schema files the `schema` entries match. */
  entryFiles: string[];
  /** Paths whose mtime decides `root` and `entryFiles`. */
  watched: string[];
}

export function readDrizzleConfig(file: string): ConfigResult {
  const text = readTextFile(file);
  if (text === undefined) return configError(file, 'cannot be read');
  return parseDrizzleConfig(file, text);
}

export function parseDrizzleConfig(file: string, text: string): ConfigResult {
  const exported = readConfigObject(file, text);
  if (exported.kind === 'error') return configError(file, exported.reason);
  const { object } = exported;
  const schema = stringList(field(object, 'schema'));
  if (!schema) return configError(file, 'has a `schema` this plugin cannot read without running the config (it must be a string or an array of strings)');
  const out = field(object, 'out');
  if (out !== undefined && typeof out !== 'string') return configError(file, 'has an `out` this plugin cannot read without running the config (it must be a string)');
  if (out === undefined && object.hasUnknownSpread) return configError(file, 'spreads an object this plugin cannot read, so `out` is unknown; write `out` in the config object');
  const migrations = field(object, 'migrations');
  return {
    kind: 'ok',
    config: {
      file,
      dialect: optionalString(field(object, 'dialect')),
      schema,
      out: out ?? DEFAULT_OUT,
      casing: readCasing(field(object, 'casing')),
      migrationsPrefix: isStaticObject(migrations) ? optionalString(field(migrations, 'prefix')) : undefined,
      tablesFilter: stringList(field(object, 'tablesFilter')),
      schemaFilter: stringList(field(object, 'schemaFilter')),
    },
  };
}

export function isPostgresConfig(config: DrizzleConfig): boolean {
  return config.dialect === undefined || config.dialect === 'postgresql';
}

/**
 * drizzle-kit resolves `schema` and `out` against its process cwd, which is usually the package
 * root, not always the config's folder: try `settings.projectRoot`, else the config's folder, then
 * the nearest folder with a package.json, and take the first where the schema entries match files.
 */
export function resolveConfig(config: DrizzleConfig, settings: ResolvedSettings): ResolvedConfig {
  const configDir = dirname(config.file);
  const roots = settings.projectRoot ? [resolve(settings.cwd, settings.projectRoot)] : unique([configDir, nearestPackageRoot(configDir) ?? configDir]);
  const watched: string[] = [];
  for (const root of roots) {
    const expansion = expandSchemaPatterns(config.schema, root);
    watched.push(...expansion.watched);
    if (expansion.files.length > 0) return { ...config, root, outDir: resolve(root, config.out), entryFiles: expansion.files, watched };
  }
  return { ...config, root: roots[0], outDir: resolve(roots[0], config.out), entryFiles: [], watched };
}

/** Config files that may govern `file`: from `settings.config`, else each ancestor's `drizzle.config.*`, nearest first. */
export function configCandidates(file: string, settings: ResolvedSettings): string[] {
  if (settings.config.length > 0) return settings.config.map((config) => resolve(settings.cwd, config));
  // Per folder, not per file: a lint of 2,000 files in 50 folders walks up 50 times a second at most.
  const start = dirname(resolve(file));
  return folderCandidates.get(start, () => {
    const found: string[] = [];
    for (let dir = start; ; dir = dirname(dir)) {
      const config = configInFolder(dir);
      if (config) found.push(config);
      if (dirname(dir) === dir) return found;
    }
  });
}

const folderConfigs = new TimedCache<string | undefined>();
const folderCandidates = new TimedCache<string[]>();

function configInFolder(dir: string): string | undefined {
  return folderConfigs.get(dir, () => CONFIG_FILE_NAMES.map((name) => join(dir, name)).find(isFile));
}

function nearestPackageRoot(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (isFile(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function field(object: StaticObject, key: string): StaticValue | undefined {
  return object.fields.get(key);
}

function stringList(value: StaticValue | undefined): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) return value as string[];
  return undefined;
}

function optionalString(value: StaticValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function readCasing(value: StaticValue | undefined): DrizzleConfig['casing'] {
  return value === 'snake_case' || value === 'camelCase' ? value : undefined;
}

function configError(file: string, reason: string): ConfigResult {
  return { kind: 'error', problem: { file, message: `The drizzle config ${reason}.` } };
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
