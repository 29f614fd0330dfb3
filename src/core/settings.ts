/** `settings["drizzle-migrations"]` in ESLint, or the tsserver plugin entry. All optional. */
export interface DrizzleMigrationsSettings {
  /** Path(s) to drizzle config files, relative to `cwd`. Default: walk up from the linted file. */
  config?: string | string[];
  /**
   * Folder drizzle-kit runs in (its `process.cwd()`), against which the config's `schema` and
   * `out` resolve. Default: try the config's folder, then the nearest folder with a package.json.
   */
  projectRoot?: string;
  /**
   * Set when migrations are NOT applied by drizzle's migrator inside one transaction
   * (a custom runner, `neon-http`, psql). Then `CONCURRENTLY` is allowed.
   */
  migrationsRunOutsideTransaction?: boolean;
  /** Postgres major version of production; some facts depend on it. Default 15. */
  postgresVersion?: number;
  /** Last migration already applied everywhere: SQL rules skip it and everything older. */
  since?: string;
}

export interface ResolvedSettings {
  cwd: string;
  config: string[];
  projectRoot?: string;
  migrationsRunOutsideTransaction: boolean;
  postgresVersion: number;
  since?: string;
}

export const SETTINGS_KEY = 'drizzle-migrations';

export function resolveSettings(raw: unknown, cwd: string): ResolvedSettings {
  const s = (raw && typeof raw === 'object' ? raw : {}) as DrizzleMigrationsSettings;
  const config = typeof s.config === 'string' ? [s.config] : Array.isArray(s.config) ? s.config.filter((c) => typeof c === 'string') : [];
  return {
    cwd,
    config,
    projectRoot: typeof s.projectRoot === 'string' ? s.projectRoot : undefined,
    migrationsRunOutsideTransaction: s.migrationsRunOutsideTransaction === true,
    postgresVersion: typeof s.postgresVersion === 'number' ? s.postgresVersion : 15,
    since: typeof s.since === 'string' ? s.since : undefined,
  };
}

const keys = new WeakMap<ResolvedSettings, string>();

/** A string identifying the settings' values, computed once per settings object (asked per rule per file). */
export function settingsKey(settings: ResolvedSettings): string {
  let key = keys.get(settings);
  if (key === undefined) keys.set(settings, (key = JSON.stringify(settings)));
  return key;
}

const resolvedByRaw = new WeakMap<object, { cwd: string; settings: ResolvedSettings }>();
/** Resolved settings when `raw` is absent: one object per cwd. */
const resolvedByCwd = new Map<string, ResolvedSettings>();

/**
 * `resolveSettings`, returning the same object for the same raw settings object and cwd: a host
 * asks once per rule per file, and the analyses' memos compare settings by identity first.
 */
export function resolveSettingsOnce(raw: unknown, cwd: string): ResolvedSettings {
  if (!raw || typeof raw !== 'object') {
    let settings = resolvedByCwd.get(cwd);
    if (!settings) {
      if (resolvedByCwd.size >= 100) resolvedByCwd.clear();
      resolvedByCwd.set(cwd, (settings = resolveSettings(raw, cwd)));
    }
    return settings;
  }
  const hit = resolvedByRaw.get(raw);
  if (hit?.cwd === cwd) return hit.settings;
  const settings = resolveSettings(raw, cwd);
  resolvedByRaw.set(raw, { cwd, settings });
  return settings;
}
