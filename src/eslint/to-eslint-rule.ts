import { isAbsolute, relative } from 'node:path';
import type { Rule, SourceCode } from 'eslint';
import type { Finding, ProjectProblem, Suggestion } from '../core/finding.js';
import { docsUrl, type RuleDefinition } from '../core/rule.js';
import { resolveSettingsOnce, SETTINGS_KEY } from '../core/settings.js';
import { analyzeSchemaFile, type SchemaFileAnalysis } from '../core/analyze.js';
import { analyzeTypeScriptFile, type TypeScriptFileAnalysis } from '../core/analyze-typescript.js';
import type { HostSourceFile } from '../schema/parse-cache.js';
import projectRule from '../rules/require-valid-drizzle-project.js';

/** Rules that run on TypeScript files (the others run on SQL migrations through the SQL language). */
export function isTypeScriptRule(rule: RuleDefinition): boolean {
  return Boolean(rule.checkSchema || rule.checkTypeScript) || rule.id === projectRule.id;
}

/**
 * Adapts a core rule to ESLint. The analyses run once per file, at the first rule's `create`
 * (`fileAnalyses`): schema rules read `analyzeSchemaFile`, syntax rules `analyzeTypeScriptFile`, and
 * `require-valid-drizzle-project` the problems of both. A rule with nothing to report on the file
 * returns no listener, so ESLint dispatches nothing to it: most files, query code included, are such files.
 */
export function toESLintRule(rule: RuleDefinition): Rule.RuleModule {
  const isProjectRule = rule.id === projectRule.id;
  return {
    meta: {
      type: 'problem',
      docs: { description: rule.description, url: docsUrl(rule.id), recommended: rule.recommended },
      hasSuggestions: rule.hasSuggestions ?? false,
      messages: {
        finding: '{{message}} {{help}}',
        projectProblem: 'Drizzle project problem in {{file}}: {{message}} Until it is fixed, schema changes in this file are not checked.',
      },
      schema: [],
    },
    create(context) {
      // Rules with only `checkMigration` are served by the SQL language (src/eslint/sql-language).
      if (!isTypeScriptRule(rule) || !isRealFile(context)) return {};
      const analyses = fileAnalyses(context);
      const schema = rule.checkSchema || isProjectRule ? analyses.schema() : undefined;
      const syntax = rule.checkTypeScript || isProjectRule ? analyses.syntax() : undefined;
      const problems = isProjectRule ? [...(schema?.problems ?? []), ...(syntax?.problems ?? [])] : [];
      const findings = [...(schema?.findings ?? []), ...(syntax?.findings ?? [])].filter((finding) => finding.ruleId === rule.id);
      if (problems.length === 0 && findings.length === 0) return {};
      return {
        'Program:exit'() {
          reportProblems(context, problems);
          for (const finding of findings) reportFinding(context, context.sourceCode, finding, rule.hasSuggestions === true);
        },
      };
    },
  };
}

function analysisInput(context: Rule.RuleContext) {
  return { file: context.filename, text: context.sourceCode.text, settings: resolveSettingsOnce(context.settings?.[SETTINGS_KEY], context.cwd), hostSourceFile: parserSourceFile(context.sourceCode) };
}

interface FileAnalyses {
  sourceCode: SourceCode;
  filename: string;
  settings: unknown;
  schema(): SchemaFileAnalysis;
  syntax(): TypeScriptFileAnalysis;
}

/**
 * The analyses of the file ESLint is linting, each run on the first rule that needs it. ESLint runs
 * every rule's `create` for one file before it moves to the next, so one slot serves all the rules of
 * a file. A `WeakMap` keyed by `SourceCode` did the same and cost ~2 M instructions per linted file
 * (Valgrind, docs/performance.md, seventeenth round): ~7 % of a lint of 2,000 files without Drizzle.
 */
let lastFile: FileAnalyses | undefined;

function fileAnalyses(context: Rule.RuleContext): FileAnalyses {
  const { sourceCode, filename, settings } = context;
  // `Linter#verify` may lint one `SourceCode` again under another name or settings.
  if (lastFile?.sourceCode === sourceCode && lastFile.filename === filename && lastFile.settings === settings) return lastFile;
  let input: ReturnType<typeof analysisInput> | undefined;
  let schema: SchemaFileAnalysis | undefined;
  let syntax: TypeScriptFileAnalysis | undefined;
  lastFile = {
    sourceCode,
    filename,
    settings,
    schema: () => (schema ??= analyzeSchemaFile((input ??= analysisInput(context)))),
    syntax: () => (syntax ??= analyzeTypeScriptFile((input ??= analysisInput(context)))),
  };
  return lastFile;
}

/**
 * typescript-eslint's own `ts.SourceFile` of this file (its parser services keep the node maps even
 * without `parserOptions.project`), so the analysis need not parse the file again. Any other parser: none.
 */
function parserSourceFile(sourceCode: SourceCode): HostSourceFile | undefined {
  // With type information (`project` / `projectService`) the tree belongs to a long-lived TypeScript program,
  // which re-parses edited files incrementally and moves the old tree's nodes in place: parse our own then.
  if (sourceCode.parserServices?.program) return undefined;
  const nodeMaps = sourceCode.parserServices?.esTreeNodeToTSNodeMap as { get?(node: unknown): unknown } | undefined;
  const sourceFile = typeof nodeMaps?.get === 'function' ? nodeMaps.get(sourceCode.ast) : undefined;
  return sourceFile ? { sourceFile } : undefined;
}

/** Code blocks extracted by processors (`README.md/0.ts`) and stdin (`<text>`) are never schema files. */
function isRealFile(context: Rule.RuleContext): boolean {
  return isAbsolute(context.filename) && context.filename === context.physicalFilename;
}

function reportFinding(context: Rule.RuleContext, sourceCode: SourceCode, finding: Finding, allowSuggestions: boolean): void {
  // ESLint throws on suggestions from a rule without `hasSuggestions`, and on overlapping edits.
  const usable = allowSuggestions ? (finding.suggestions ?? []).filter((suggestion) => editsStayInFile(suggestion, finding.span.file) && !editsOverlap(suggestion)) : [];
  const suggest = usable.map(toESLintSuggestion);
  context.report({
    loc: { start: locAt(sourceCode, finding.span.start), end: locAt(sourceCode, finding.span.end) },
    messageId: 'finding',
    data: { message: finding.message, help: finding.help },
    ...(suggest.length > 0 ? { suggest } : {}),
  });
}

function reportProblems(context: Rule.RuleContext, problems: ProjectProblem[]): void {
  if (problems.length === 0) return;
  const unique = [...new Map(problems.map((problem) => [`${problem.file}\0${problem.message}`, problem])).values()];
  const files = [...new Set(unique.map((problem) => relative(context.cwd, problem.file) || problem.file))];
  const firstLine = context.sourceCode.lines[0] ?? '';
  context.report({
    loc: { start: { line: 1, column: 0 }, end: { line: 1, column: firstLine.length } },
    messageId: 'projectProblem',
    data: { file: files.join(', '), message: unique.map((problem) => withRelativePath(problem, context.cwd)).join(' ') },
  });
}

/** Messages often quote the absolute path of the file at fault; relative to cwd it reads better. */
function withRelativePath(problem: ProjectProblem, cwd: string): string {
  const shown = relative(cwd, problem.file);
  return shown ? problem.message.split(problem.file).join(shown) : problem.message;
}

function toESLintSuggestion(suggestion: Suggestion): Rule.SuggestionReportDescriptor {
  const edits = [...suggestion.edits].sort((a, b) => a.start - b.start);
  return { desc: suggestion.title, fix: (fixer) => edits.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.text)) };
}

function editsStayInFile(suggestion: Suggestion, file: string): boolean {
  return suggestion.edits.length > 0 && suggestion.edits.every((edit) => edit.file === file);
}

function editsOverlap(suggestion: Suggestion): boolean {
  const edits = [...suggestion.edits].sort((a, b) => a.start - b.start);
  return edits.some((edit, index) => index > 0 && edit.start < edits[index - 1].end);
}

function locAt(sourceCode: SourceCode, offset: number) {
  return sourceCode.getLocFromIndex(Math.max(0, Math.min(offset, sourceCode.text.length)));
}
