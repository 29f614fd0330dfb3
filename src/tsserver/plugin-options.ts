/**
 * The tsconfig plugin entry (`compilerOptions.plugins[]`), read leniently: a bad value becomes a
 * warning line in the tsserver log, never an exception.
 *
 * ```jsonc
 * { "name": "eslint-plugin-drizzle-migrations/tsserver",
 *   "preset": "recommended",          // or "strict": every rule
 *   "severity": "warning",            // default level of enabled rules: "suggestion" | "warning" | "error"
 *   "rules": { "no-drop-column": "error", "require-concurrent-index": "off" },
 *   // the same keys as ESLint's settings["drizzle-migrations"]:
 *   "config": "apps/api/drizzle.config.ts", "migrationsRunOutsideTransaction": false, … }
 * ```
 */
import type { RuleDefinition } from '../core/rule.js';
import { resolveSettings, type ResolvedSettings } from '../core/settings.js';

export type RuleLevel = 'off' | 'suggestion' | 'warning' | 'error';

export interface PluginOptions {
  settings: ResolvedSettings;
  /** Level per known rule id; a rule missing here is off. */
  levels: Map<string, RuleLevel>;
}

export interface ReadOptionsResult {
  options: PluginOptions;
  warnings: string[];
}

const LEVEL_ALIASES: Record<string, RuleLevel> = {
  off: 'off',
  suggestion: 'suggestion',
  warn: 'warning',
  warning: 'warning',
  error: 'error',
  '0': 'off',
  '1': 'warning',
  '2': 'error',
  false: 'off',
};

export function readPluginOptions(config: unknown, cwd: string, rules: readonly RuleDefinition[]): ReadOptionsResult {
  const warnings: string[] = [];
  const entry = (config && typeof config === 'object' ? config : {}) as Record<string, unknown>;
  const known = new Set(rules.map((r) => r.id));

  let preset = 'recommended';
  if (entry.preset === 'strict' || entry.preset === 'recommended') preset = entry.preset;
  else if (entry.preset !== undefined) warnings.push(`"preset" must be "recommended" or "strict"; using "recommended".`);

  let defaultLevel: RuleLevel = 'warning';
  if (entry.severity !== undefined) {
    const level = toLevel(entry.severity);
    if (level && level !== 'off') defaultLevel = level;
    else warnings.push(`"severity" must be "suggestion", "warning" or "error"; using "warning".`);
  }

  const levels = new Map<string, RuleLevel>();
  for (const rule of rules) levels.set(rule.id, preset === 'strict' || rule.recommended ? defaultLevel : 'off');

  const overrides = entry.rules && typeof entry.rules === 'object' ? (entry.rules as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(overrides)) {
    const id = key.replace(/^drizzle-migrations\//, '');
    const level = value === true ? defaultLevel : toLevel(value);
    if (!known.has(id)) warnings.push(`Unknown rule "${key}" in "rules"; ignored.`);
    else if (!level) warnings.push(`Rule "${key}": level must be "off", "suggestion", "warning" or "error"; ignored.`);
    else levels.set(id, level);
  }

  return { options: { settings: resolveSettings(entry, cwd), levels }, warnings };
}

function toLevel(value: unknown): RuleLevel | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  return LEVEL_ALIASES[String(raw).toLowerCase()];
}
