import { join, resolve } from 'node:path';
import type { ProjectProblem } from './finding.js';
import type { ResolvedSettings } from './settings.js';
import { isDue, registerCache } from './cache.js';
import { isPostgresConfig, readDrizzleConfig, resolveConfig, type ResolvedConfig } from './config.js';
import { readTextFile, statMtimeMs } from './fs.js';
import { readBaseline, type BaselineResult } from '../snapshot/index.js';
import { spanMoves } from './moved-spans.js';
import { readSchema, type ReadSchemaResult } from '../schema/index.js';

/**
 * One drizzle project = its config, its baseline (the last snapshot drizzle-kit wrote) and its
 * schema files. Cached per process; every file it was built from is watched, and at most once per
 * `cacheSettings.refreshIntervalMs` their mtimes are compared: any change rebuilds the project
 * with a new `version`, so results memoised on `version` stay correct.
 */
export interface Project {
  configFile: string;
  /** Unique per project state (across all projects): changes whenever a watched file changes. */
  version: number;
  /** `broken`: the config cannot be read statically or its schema matches no file. */
  status: 'ok' | 'ignored' | 'broken';
  config?: ResolvedConfig;
  /** Config-level problems (unreadable config, schema matching no file). */
  problems: ProjectProblem[];
  /** The last snapshot, read on first use. */
  baseline(): BaselineResult;
  /** Disk text of a project file, cached for this project state (and watched from then on). */
  readFile(path: string): string | undefined;
  /** Files `readSchema` reports for the schema on disk: entry files and followed re-exports. */
  schemaFiles(): ReadonlySet<string>;
  /** `readSchema` of the schema on disk, read once per project state (optional: absent on broken projects). */
  diskSchema?(): ReadSchemaResult;
}

interface CacheEntry {
  project: Project;
  /** Path → mtime when read (undefined: did not exist). */
  watched: Map<string, number | undefined>;
  checkedAt: number;
}

const projects = new Map<string, CacheEntry>();
registerCache(() => projects.clear());
let nextVersion = 1;

export function getProject(configFile: string, settings: ResolvedSettings): Project {
  const file = resolve(settings.cwd, configFile);
  const key = `${file}\0${settings.projectRoot ? resolve(settings.cwd, settings.projectRoot) : ''}`;
  const cached = projects.get(key);
  const now = Date.now();
  if (cached && (!isDue(cached.checkedAt, now) || !hasChanged(cached.watched))) {
    cached.checkedAt = now;
    return cached.project;
  }
  const entry = buildProject(file, settings);
  projects.set(key, entry);
  return entry.project;
}

function hasChanged(watched: Map<string, number | undefined>): boolean {
  for (const [path, mtime] of watched) if (statMtimeMs(path) !== mtime) return true;
  return false;
}

function buildProject(configFile: string, settings: ResolvedSettings): CacheEntry {
  const watched = new Map<string, number | undefined>();
  const watch = (path: string) => {
    if (!watched.has(path)) watched.set(path, statMtimeMs(path));
  };
  watch(configFile);
  const entry: CacheEntry = { project: undefined as unknown as Project, watched, checkedAt: Date.now() };
  const base = { configFile, version: nextVersion++ };
  const read = readDrizzleConfig(configFile);
  if (read.kind === 'error') {
    entry.project = brokenProject(base, [read.problem]);
    return entry;
  }
  if (!isPostgresConfig(read.config)) {
    entry.project = { ...brokenProject(base, []), status: 'ignored' };
    return entry;
  }
  const config = resolveConfig(read.config, settings);
  config.watched.forEach(watch);
  config.entryFiles.forEach(watch);
  if (config.entryFiles.length === 0) {
    const schema = config.schema.map((entry) => `\`${entry}\``).join(', ');
    entry.project = brokenProject(base, [{ file: configFile, message: `The drizzle config's \`schema\` (${schema}) matches no schema file in ${config.root}.` }], config);
    return entry;
  }
  entry.project = okProject(base, config, watch);
  return entry;
}

function okProject(base: { configFile: string; version: number }, config: ResolvedConfig, watch: (path: string) => void): Project {
  const texts = new Map<string, string | undefined>();
  let baseline: BaselineResult | undefined;
  let schemaFiles: ReadonlySet<string> | undefined;
  let diskSchema: ReadSchemaResult | undefined;
  let diskSchemaMoves = 0;
  const project: Project = {
    ...base,
    status: 'ok',
    config,
    problems: [],
    baseline() {
      if (!baseline) {
        // A new snapshot changes the listing of `out/meta` (0.x) or of `out` (1.x folders).
        watch(config.outDir);
        watch(join(config.outDir, 'meta'));
        baseline = readBaseline(config.outDir);
        if (baseline.kind === 'ok') baseline.files.forEach((file) => watch(file.path));
        if (baseline.kind === 'error') watch(baseline.problem.file);
      }
      return baseline;
    },
    readFile(path) {
      // Callers mostly pass resolved paths already: a hit costs no `resolve`.
      if (texts.has(path)) return texts.get(path);
      const file = resolve(path);
      if (!texts.has(file)) {
        watch(file);
        texts.set(file, readTextFile(file));
      }
      return texts.get(file);
    },
    diskSchema() {
      // Read again once spans moved: an editor buffer of a schema file was read since (src/schema/span-book.ts).
      if (!diskSchema || diskSchemaMoves !== spanMoves()) {
        const current = project.baseline();
        const kit = current.kind === 'ok' ? current.kit : '0.x';
        diskSchema = readSchema({ entryFiles: config.entryFiles, kit, casing: config.casing, readFile: project.readFile });
        diskSchemaMoves = spanMoves();
      }
      return diskSchema;
    },
    schemaFiles() {
      if (!schemaFiles) schemaFiles = new Set([...config.entryFiles, ...project.diskSchema!().files.map((file) => resolve(file))]);
      return schemaFiles;
    },
  };
  return project;
}

function brokenProject(base: { configFile: string; version: number }, problems: ProjectProblem[], config?: ResolvedConfig): Project {
  return {
    ...base,
    status: 'broken',
    config,
    problems,
    baseline: () => ({ kind: 'none' }),
    readFile: () => undefined,
    schemaFiles: () => new Set(),
  };
}
