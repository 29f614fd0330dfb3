import { resolve } from 'node:path';
import type { Finding, ProjectProblem } from './finding.js';
import type { MigrationRuleContext, RuleDefinition } from './rule.js';
import type { SchemaLookup } from './schema-lookup.js';
import { settingsKey as keyOfSettings, type ResolvedSettings } from './settings.js';
import { TimedCache } from './cache.js';
import { configCandidates } from './config.js';
import { internalError } from './internal-error.js';
import { getProject } from './project.js';
import { isAppliedHistory, locateMigration, runByDrizzleMigrator, schemaBeforeMigration, type MigrationLocation } from '../migration/migration-context.js';
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

/** What every rule of one file shares: where the migration sits, and (read on first use) the schema before it. */
interface FileContext {
  file: string;
  text: string;
  statements: MigrationStatement[];
  settingsKey: string;
  skipped?: MigrationFileAnalysis['skipped'];
  problems: ProjectProblem[];
  location?: MigrationLocation;
  /** A 0.x migration the journal does not list: drizzle's migrator never applies it (another tool may). */
  outsideDrizzleMigrator?: boolean;
}

/**
 * One schema before a migration is kept: the rules of one file and its next edits share it, and each
 * holds a parsed snapshot (keeping 4 made a 300-migration lint 8–15 % slower: more to copy at each GC).
 */
export const BEFORE_CACHE_LIMIT = 1;
const beforeCache = new TimedCache<SchemaLookup | undefined>(BEFORE_CACHE_LIMIT);
/** ESLint runs each rule of one file in a row (the plugin calls once per rule): they share one file context. */
let lastContext: FileContext | undefined;
let last: { context: FileContext; rules: readonly RuleDefinition[]; result: MigrationFileAnalysis } | undefined;

/**
 * Runs every `checkMigration` rule over one `.sql` file, but only when the file is a migration of a
 * discovered drizzle project (inside the config's `out`, where drizzle-kit writes them) and is newer
 * than `settings.since`. Passes the schema before this migration for type judgements, read only when
 * a rule asks for it. Never throws.
 */
export function analyzeMigrationFile(input: AnalyzeMigrationInput, rules: readonly RuleDefinition[] = allRules): MigrationFileAnalysis {
  const context = fileContext(input);
  if (last && last.context === context && last.rules === rules) return last.result;
  const result = analyze(context, input.settings, rules);
  last = { context, rules, result };
  return result;
}

function fileContext(input: AnalyzeMigrationInput): FileContext {
  const file = resolve(input.settings.cwd, input.file);
  const settingsKey = keyOfSettings(input.settings);
  const previous = lastContext;
  if (previous && previous.file === file && previous.text === input.text && previous.statements === input.statements && previous.settingsKey === settingsKey) {
    return previous;
  }
  const context: FileContext = { file, text: input.text, statements: input.statements, settingsKey, problems: [] };
  try {
    context.location = locate(file, input.settings);
    if (!context.location) context.skipped = 'not-a-migration';
    else if (isAppliedHistory(context.location.tag, input.settings.since)) context.skipped = 'applied-history';
    else context.outsideDrizzleMigrator = !runByDrizzleMigrator(context.location);
  } catch (error) {
    context.problems.push(internalError(file, error));
  }
  lastContext = context;
  return context;
}

function analyze(context: FileContext, settings: ResolvedSettings, rules: readonly RuleDefinition[]): MigrationFileAnalysis {
  const result: MigrationFileAnalysis = { findings: [], problems: [...context.problems] };
  const { location } = context;
  if (context.skipped) return { ...result, skipped: context.skipped };
  if (!location) return result;
  // Whatever applies a file drizzle's migrator skips, nothing says it wraps every pending migration in one transaction.
  const fileSettings = context.outsideDrizzleMigrator && !settings.migrationsRunOutsideTransaction ? { ...settings, migrationsRunOutsideTransaction: true } : settings;
  const ruleContext = lazyBefore({ file: context.file, text: context.text, statements: context.statements, settings: fileSettings }, location);
  for (const rule of rules) {
    if (!rule.checkMigration) continue;
    try {
      result.findings.push(...rule.checkMigration(ruleContext));
    } catch (error) {
      result.problems.push(internalError(context.file, error, rule.id));
    }
  }
  return result;
}

/** Most migrations need no old schema (only type changes, renames, enum and NOT NULL checks do): read it on first access. */
function lazyBefore(context: Omit<MigrationRuleContext, 'before'>, location: MigrationLocation): MigrationRuleContext {
  return Object.defineProperty(context, 'before', {
    enumerable: true,
    get: () => beforeCache.get(`${location.outDir}\0${location.tag}`, () => schemaBeforeMigration(location)),
  }) as MigrationRuleContext;
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
