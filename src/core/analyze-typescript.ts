import { resolve } from 'node:path';
import ts from 'typescript';
import type { Finding, ProjectProblem } from './finding.js';
import type { RuleDefinition } from './rule.js';
import { settingsKey, type ResolvedSettings } from './settings.js';
import { internalError } from './internal-error.js';
import { mentionsDrizzleOrm } from './drizzle-import.js';
import { SqlParserUnavailableError } from '../migration/parse-sql.js';
import { rules as allRules } from '../rules/index.js';
import { cachedSourceFile, usableHostSourceFile, type HostSourceFile } from '../schema/parse-cache.js';

export interface TypeScriptFileAnalysis {
  findings: Finding[];
  problems: ProjectProblem[];
}

/** Last analysis: ESLint runs every rule of one file in a row, so one entry shares the parse. */
let last: { inputFile: string; text: string; settingsKey: string; rules: readonly RuleDefinition[]; result: TypeScriptFileAnalysis } | undefined;

/**
 * Runs every `checkTypeScript` rule (syntax-only rules for any TypeScript file) over one file,
 * parsed once: the host's parse when it comes from the same TypeScript (`SyntaxKind`s must match the
 * rules'), else the schema reader's cached parse of the same text, else our own parse.
 * Never throws: a failing rule becomes an internal-error problem.
 */
export function analyzeTypeScriptFile(input: { file: string; text: string; settings: ResolvedSettings; hostSourceFile?: HostSourceFile }, rules: readonly RuleDefinition[] = allRules): TypeScriptFileAnalysis {
  const key = settingsKey(input.settings);
  // Compared before resolving the path: every syntax rule of a file asks in a row.
  if (last && last.inputFile === input.file && last.text === input.text && last.settingsKey === key && last.rules === rules) return last.result;
  const file = resolve(input.settings.cwd, input.file);
  const result: TypeScriptFileAnalysis = { findings: [], problems: [] };
  const typeScriptRules = rules.filter((rule) => rule.checkTypeScript);
  // Every syntax rule looks at what a file imports from drizzle-orm: without such an import, skip the parse.
  if (typeScriptRules.length > 0 && mentionsDrizzleOrm(input.text)) {
    try {
      const sourceFile = usableHostSourceFile(input.hostSourceFile, input.text) ?? ownParse(file, input.text);
      for (const rule of typeScriptRules) {
        try {
          result.findings.push(...rule.checkTypeScript!({ file, sourceFile, settings: input.settings }));
        } catch (error) {
          // A parser that cannot load is not a bug of one rule: one problem for the file, whichever rules hit it.
          result.problems.push(error instanceof SqlParserUnavailableError ? { file, message: error.message } : internalError(file, error, rule.id));
        }
      }
    } catch (error) {
      result.problems.push(internalError(file, error));
    }
  }
  last = { inputFile: input.file, text: input.text, settingsKey: key, rules, result };
  return result;
}

function ownParse(file: string, text: string): ts.SourceFile {
  // The schema reader parses as plain TypeScript: its parse stands in only for `.ts` files.
  const schemaParse = /\.[mc]?ts$/.test(file) && !file.endsWith('.d.ts') ? cachedSourceFile(file, text) : undefined;
  return schemaParse ?? ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
}
