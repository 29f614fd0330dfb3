import { isAbsolute, resolve } from 'node:path';
import type { Finding, ProjectProblem } from './finding.js';
import type { RuleDefinition, SchemaRuleContext } from './rule.js';
import { settingsKey as keyOfSettings, type ResolvedSettings } from './settings.js';
import { isDue, registerCache } from './cache.js';
import { internalError } from './internal-error.js';
import { configCandidates } from './config.js';
import { mentionsDrizzleOrm } from './drizzle-import.js';
import { getProject, type Project } from './project.js';
import { diffSchemas } from './schema-diff.js';
import { runTableRules } from './table-findings.js';
import { readSchema } from '../schema/index.js';
import { spanMoves } from './moved-spans.js';
import { adoptHostSourceFile, withHostTreeOffered, type HostSourceFile } from '../schema/parse-cache.js';
import { rules as allRules } from '../rules/index.js';

export interface AnalyzeSchemaFileInput {
  /** Absolute, or relative to `settings.cwd`. */
  file: string;
  /** The file's current text (editor buffer), which may differ from disk. */
  text: string;
  settings: ResolvedSettings;
  /** The host's own parse of `text`, when it has one (tsserver's program, typescript-eslint): spares a parse. */
  hostSourceFile?: HostSourceFile;
}

export interface SchemaFileAnalysis {
  /** The file belongs to a drizzle project's schema (entry file or followed re-export). */
  isSchemaFile: boolean;
  /** Findings of every schema rule whose span lies in this file. */
  findings: Finding[];
  /** Problems with the project (config, snapshot) or internal errors, to report once on this file. */
  problems: ProjectProblem[];
}

const IMPORTS_PG_CORE = /['"]drizzle-orm\/pg-core['"]/;
const MEMO_LIMIT = 200;

interface MemoEntry {
  text: string;
  version: number;
  /** `spanMoves()` then: the findings' spans move with the latest parse of their file (src/schema/span-book.ts). */
  moves: number;
  settingsKey: string;
  rulesKey: string;
  result: SchemaFileAnalysis;
}

/** Keyed by file: N ESLint rules linting one file compute the analysis once. */
const memo = new Map<string, MemoEntry>();
registerCache(() => memo.clear());

/**
 * The last file found outside every project, so the other rules of the same file skip the lookup
 * (most files of a codebase are such files). Trusted for one refresh interval, like the disk caches.
 */
let lastOutside: { file: string; text: string; settings: ResolvedSettings; checkedAt: number; result: SchemaFileAnalysis } | undefined;
registerCache(() => (lastOutside = undefined));

/** Never throws: a failure becomes one "internal error" problem. */
export function analyzeSchemaFile(input: AnalyzeSchemaFileInput, rules: readonly RuleDefinition[] = allRules): SchemaFileAnalysis {
  const outside = lastOutside;
  if (outside && outside.file === input.file && outside.text === input.text && outside.settings === input.settings && !isDue(outside.checkedAt)) return outside.result;
  const file = resolve(input.settings.cwd, input.file);
  try {
    const result = analyze(file, input.text, input.settings, rules, input.hostSourceFile);
    if (!result.isSchemaFile && result.problems.length === 0) lastOutside = { file: input.file, text: input.text, settings: input.settings, checkedAt: Date.now(), result };
    return result;
  } catch (error) {
    return { isSchemaFile: false, findings: [], problems: [internalError(file, error)] };
  }
}

function analyze(file: string, text: string, settings: ResolvedSettings, rules: readonly RuleDefinition[], hostSourceFile?: HostSourceFile): SchemaFileAnalysis {
  const importsDrizzle = mentionsDrizzleOrm(text);
  const candidates = configCandidates(file, settings);
  const projects = candidates.map((config) => getProject(config, settings)).filter((project) => project.status !== 'ignored');
  // Cheap bail-out: without a drizzle-orm import only a configured entry file (a barrel) can matter.
  const project = importsDrizzle
    ? withHostTreeOffered(file, text, hostSourceFile, () => projects.find((candidate) => candidate.status === 'ok' && candidate.schemaFiles().has(file)))
    : projects.find((candidate) => candidate.status === 'ok' && candidate.config?.entryFiles.includes(file));
  if (!project) {
    const broken = IMPORTS_PG_CORE.test(text) ? projects.find((candidate) => candidate.status === 'broken') : undefined;
    return { isSchemaFile: false, findings: [], problems: broken ? [...broken.problems] : [] };
  }
  const settingsKey = keyOfSettings(settings);
  const rulesKey = rulesIdentity(rules);
  const hit = memo.get(file);
  if (hit && hit.text === text && hit.version === project.version && hit.moves === spanMoves() && hit.settingsKey === settingsKey && hit.rulesKey === rulesKey) return hit.result;
  adoptHostSourceFile(file, text, hostSourceFile);
  const result = analyzeInProject(file, text, settings, project, rules, `${settingsKey}\0${rulesKey}`);
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
  memo.set(file, { text, version: project.version, moves: spanMoves(), settingsKey, rulesKey, result });
  return result;
}

/** `resolve(path)` once per absolute path: the editor asks for the same few dozen schema paths on every keystroke. */
const resolvedPaths = new Map<string, string>();
const RESOLVED_PATHS_LIMIT = 5000;

function resolvedPath(path: string): string {
  // A relative path depends on the working directory: not kept.
  if (!isAbsolute(path)) return resolve(path);
  let resolved = resolvedPaths.get(path);
  if (resolved === undefined) {
    if (resolvedPaths.size >= RESOLVED_PATHS_LIMIT) resolvedPaths.clear();
    resolvedPaths.set(path, (resolved = resolve(path)));
  }
  return resolved;
}

const ruleNumbers = new WeakMap<RuleDefinition, number>();
let nextRuleNumber = 0;

/** Identifies a rule set by its rule objects (not the array, which callers may rebuild). */
function rulesIdentity(rules: readonly RuleDefinition[]): string {
  return rules
    .map((rule) => {
      if (!ruleNumbers.has(rule)) ruleNumbers.set(rule, nextRuleNumber++);
      return ruleNumbers.get(rule);
    })
    .join(',');
}

/** `runKey` identifies the settings and the rule set. */
function analyzeInProject(file: string, text: string, settings: ResolvedSettings, project: Project, rules: readonly RuleDefinition[], runKey: string): SchemaFileAnalysis {
  const baseline = project.baseline();
  if (baseline.kind === 'none') return { isSchemaFile: true, findings: [], problems: [] };
  if (baseline.kind === 'error') return { isSchemaFile: true, findings: [], problems: [baseline.problem] };
  // A file whose text is the one on disk (every file of a CLI run) shares one project-wide run of the rules.
  const run = project.readFile(file) === text ? projectWideRun(project, baseline, settings, rules, runKey) : runRules(project, baseline, settings, rules, runKey, file, text);
  return {
    isSchemaFile: true,
    findings: run.findings.filter((finding) => resolvedPath(finding.span.file) === file),
    problems: run.failures.map(({ ruleId, error }) => internalError(file, error, ruleId)),
  };
}

interface RulesRun {
  /** Findings in every file of the project. */
  findings: Finding[];
  failures: { ruleId: string; error: unknown }[];
}

type OkBaseline = Extract<ReturnType<Project['baseline']>, { kind: 'ok' }>;

/** Keyed by project object: a changed project is a new object, so stale runs are collected with it. */
const projectRuns = new WeakMap<Project, { key: string; moves: number; run: RulesRun }>();

function projectWideRun(project: Project, baseline: OkBaseline, settings: ResolvedSettings, rules: readonly RuleDefinition[], runKey: string): RulesRun {
  const hit = projectRuns.get(project);
  if (hit?.key === runKey && hit.moves === spanMoves()) return hit.run;
  const run = runRules(project, baseline, settings, rules, runKey);
  projectRuns.set(project, { key: runKey, moves: spanMoves(), run });
  return run;
}

/** Runs the schema rules on the project, with `editedText` in place of the disk text of `editedFile`. */
function runRules(project: Project, baseline: OkBaseline, settings: ResolvedSettings, rules: readonly RuleDefinition[], runKey: string, editedFile?: string, editedText?: string): RulesRun {
  const config = project.config!;
  const sourceText = (path: string) => (editedFile !== undefined && (path === editedFile || resolvedPath(path) === editedFile) ? editedText : project.readFile(path));
  const after =
    editedFile === undefined && project.diskSchema
      ? project.diskSchema()
      : readSchema({ entryFiles: config.entryFiles, kit: baseline.kit, casing: config.casing, readFile: sourceText });
  const context: SchemaRuleContext = {
    before: baseline.model,
    after: after.model,
    diff: diffSchemas(baseline.model, after.model),
    settings,
    kit: baseline.kit,
    primaryFile: config.entryFiles[0],
    sourceText,
  };
  const run: RulesRun = { findings: [], failures: [] };
  const tableRules = rules.filter((rule) => rule.checkTable);
  const tableRun = runTableRules(tableRules, context.diff.tables, { settings, kit: context.kit, renamedEnums: context.diff.renamedEnums }, runKey);
  for (const rule of rules) {
    if (rule.checkTable) {
      const index = tableRules.indexOf(rule);
      if (tableRun.failures.has(rule)) run.failures.push({ ruleId: rule.id, error: tableRun.failures.get(rule) });
      else run.findings.push(...tableRun.findings[index]);
      continue;
    }
    if (!rule.checkSchema) continue;
    try {
      run.findings.push(...rule.checkSchema(context));
    } catch (error) {
      run.failures.push({ ruleId: rule.id, error });
    }
  }
  return run;
}
