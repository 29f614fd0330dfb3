/**
 * Runs OUR linter on a scratch project through the ESLint Node API (the plugin's `strict` config),
 * then reads the same findings from the host-neutral core (memoised, so no second analysis) to learn
 * the SQL each finding claims drizzle-kit will write, and turns that into (rule, table, object) keys.
 */
import { ESLint } from 'eslint';
import plugin from '../../src/eslint/index.js';
import { analyzeSchemaFile } from '../../src/core/analyze.js';
import { analyzeTypeScriptFile } from '../../src/core/analyze-typescript.js';
import { clearAllCaches } from '../../src/core/cache.js';
import { resolveSettings, SETTINGS_KEY } from '../../src/core/settings.js';
import type { Finding } from '../../src/core/finding.js';
import { readFileSync } from 'node:fs';
import { readStatement, splitStatements, type StatementFact } from './sql-statements.js';
import type { ScratchProject } from './scratch.js';

export interface ReportedFinding {
  ruleId: string;
  table?: string;
  object?: string;
  message: string;
  sql?: string;
  file: string;
}

export interface LintOutcome {
  findings: ReportedFinding[];
  problems: string[];
  /** ESLint messages of our rules that the core findings did not account for (should be 0). */
  eslintMismatch: number;
  /** Findings of the syntax rules (`no-unsafe-sql-raw`…): counted in the ESLint check, not scored (no migration SQL to compare). */
  syntaxFindings: number;
  fatal: string[];
}

const PREFIX = 'drizzle-migrations/';

export async function lintScratch(project: ScratchProject, extraSettings: Record<string, unknown> = {}): Promise<LintOutcome> {
  clearAllCaches();
  const settingsRaw = { config: project.configFile, projectRoot: project.root, ...extraSettings };
  const eslint = new ESLint({
    cwd: project.root,
    overrideConfigFile: true,
    overrideConfig: [...plugin.configs.strict, { settings: { [SETTINGS_KEY]: settingsRaw } }],
    ignore: false,
  });
  const results = await eslint.lintFiles(project.schemaFiles);
  const settings = resolveSettings(settingsRaw, project.root);
  const findings: ReportedFinding[] = [];
  const problems = new Set<string>();
  const fatal: string[] = [];
  let eslintMismatch = 0;
  let syntaxFindings = 0;
  const seen = new Set<string>();
  for (const result of results) {
    const ours = result.messages.filter((m) => m.ruleId?.startsWith(PREFIX));
    fatal.push(...result.messages.filter((m) => m.fatal).map((m) => `${result.filePath}: ${m.message}`));
    const text = readFileSync(result.filePath, 'utf8');
    const analysis = analyzeSchemaFile({ file: result.filePath, text, settings });
    for (const problem of analysis.problems) problems.add(`${problem.file.replace(project.root + '/', '')}: ${problem.message}`);
    const syntax = analyzeTypeScriptFile({ file: result.filePath, text, settings }).findings.length;
    syntaxFindings += syntax;
    const reported = ours.filter((m) => m.ruleId !== `${PREFIX}require-valid-drizzle-project`).length;
    eslintMismatch += Math.abs(reported - analysis.findings.length - syntax);
    for (const finding of analysis.findings) {
      const key = `${finding.ruleId}\0${finding.sql ?? finding.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({ ...keyOf(finding), ruleId: finding.ruleId, message: finding.message, sql: finding.sql, file: result.filePath.replace(project.root + '/', '') });
    }
  }
  return { findings, problems: [...problems], eslintMismatch, syntaxFindings, fatal };
}

/** Rules whose quoted SQL is several statements: the one that names the hazard. */
const PREFERRED_FACT: Record<string, StatementFact['kind']> = {
  'no-alter-column-type': 'set-type',
  'no-foreign-key-type-mismatch': 'add-constraint',
  'no-remove-enum-value': 'drop-enum',
  'no-rename-column': 'rename-column',
  'no-rename-table': 'rename-table',
};

/** The table and object a finding is about, read from the SQL it quotes. */
function keyOf(finding: Finding): { table?: string; object?: string } {
  const facts = finding.sql ? splitStatements(finding.sql).map(readStatement) : [];
  const preferred = PREFERRED_FACT[finding.ruleId];
  const fact = (preferred && facts.find((f) => f.kind === preferred)) ?? facts.find((f) => f.kind !== 'other' && f.kind !== 'create-table') ?? facts[0];
  return fact ? objectOf(fact) : {};
}

function objectOf(fact: StatementFact): { table?: string; object?: string } {
  switch (fact.kind) {
    case 'drop-table':
    case 'rename-table':
    case 'create-table':
      return { table: fact.table, object: '' };
    case 'add-column':
    case 'drop-column':
    case 'rename-column':
    case 'set-not-null':
    case 'set-type':
      return { table: fact.table, object: fact.column };
    case 'create-index':
      return { table: fact.table, object: fact.index };
    case 'add-constraint':
      return { table: fact.table, object: fact.constraint };
    case 'create-enum':
    case 'drop-enum':
      return { table: fact.enumName, object: '' };
    default:
      return {};
  }
}
