import { resolve } from 'node:path';
import type { Finding, ProjectProblem } from './finding.js';
import type { RuleDefinition } from './rule.js';
import type { ResolvedSettings } from './settings.js';
import { TimedCache } from './cache.js';
import { configCandidates } from './config.js';
import { internalError } from './internal-error.js';
import { getProject } from './project.js';
import { isAppliedHistory, locateMigration, schemaBeforeMigration, type MigrationLocation } from '../migration/migration-context.js';
import type { MigrationStatement } from '../migration/statement-types.js';
import { rules as allRules } from '../rules/index.js';

export interface MigrationFileAnalysis {
  /** Why the rules stayed silent, when they did. */
  skipped?: 'not-a-migration' | 'applied-history';
  findings: Finding[];
  problems: ProjectProblem[];
}

export interface AnalyzeMigrationInput {
  file: string;
  text: string;
  statements: MigrationStatement[];
  settings: ResolvedSettings;
}

const beforeCache = new TimedCache<ReturnType<typeof schemaBeforeMigration>>();
/** ESLint runs each rule of one file in a row: the last analysis serves them all. */
let last: { key: string; statements: MigrationStatement[]; rules: readonly RuleDefinition[]; result: MigrationFileAnalysis } | undefined;

/**
 * Runs every `checkMigration` rule over one `.sql` file, but only when the file is a migration of a
 * discovered drizzle project (inside the config's `out`, where drizzle-kit writes them) and is newer
 * than `settings.since`. Passes the schema before this migration for type judgements. Never throws.
 */
export function analyzeMigrationFile(input: AnalyzeMigrationInput, rules: readonly RuleDefinition[] = allRules): MigrationFileAnalysis {
  const file = resolve(input.settings.cwd, input.file);
  const key = `${file}\0${input.text}\0${JSON.stringify(input.settings)}`;
  if (last && last.key === key && last.statements === input.statements && last.rules === rules) return last.result;
  const result = analyze(file, input, rules);
  last = { key, statements: input.statements, rules, result };
  return result;
}

function analyze(file: string, input: AnalyzeMigrationInput, rules: readonly RuleDefinition[]): MigrationFileAnalysis {
  const result: MigrationFileAnalysis = { findings: [], problems: [] };
  try {
    const location = locate(file, input.settings);
    if (!location) return { ...result, skipped: 'not-a-migration' };
    if (isAppliedHistory(location.tag, input.settings.since)) return { ...result, skipped: 'applied-history' };
    const before = beforeCache.get(`${location.outDir}\0${location.tag}`, () => schemaBeforeMigration(location));
    for (const rule of rules) {
      if (!rule.checkMigration) continue;
      try {
        result.findings.push(...rule.checkMigration({ file, text: input.text, statements: input.statements, settings: input.settings, before }));
      } catch (error) {
        result.problems.push(internalError(file, error, rule.id));
      }
    }
  } catch (error) {
    result.problems.push(internalError(file, error));
  }
  return result;
}

function locate(file: string, settings: ResolvedSettings): MigrationLocation | undefined {
  for (const config of configCandidates(file, settings)) {
    const project = getProject(config, settings);
    const outDir = project.config?.outDir;
    const location = project.status !== 'ignored' && outDir ? locateMigration(file, outDir) : undefined;
    if (location) return location;
  }
  return undefined;
}
