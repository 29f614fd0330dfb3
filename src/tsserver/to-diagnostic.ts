import type * as ts from 'typescript';
import type { Finding, ProjectProblem } from '../core/finding.js';
import { diagnosticCodeForRule } from './diagnostic-codes.js';
import type { RuleLevel } from './plugin-options.js';

type TypeScript = typeof ts;
export type ActiveLevel = Exclude<RuleLevel, 'off'>;

export const DIAGNOSTIC_SOURCE = 'drizzle-migrations';
/** The rule id project problems (config, snapshot, internal errors) are reported under, as in ESLint. */
export const PROJECT_RULE_ID = 'require-valid-drizzle-project';

/** Built once per finding object: findings of unchanged tables are the same objects from one request to the next. */
const messages = new WeakMap<Finding, string>();

/** `[drizzle-migrations/<id>] <message>` then the remedy on its own line. */
export function findingMessage(finding: Finding): string {
  let message = messages.get(finding);
  if (message === undefined) messages.set(finding, (message = `${prefix(finding.ruleId)} ${finding.message}\n${finding.help}`));
  return message;
}

export function findingToDiagnostic(typescript: TypeScript, file: ts.SourceFile | undefined, finding: Finding, level: ActiveLevel): ts.Diagnostic {
  return {
    file,
    start: finding.span.start,
    length: Math.max(0, finding.span.end - finding.span.start),
    messageText: findingMessage(finding),
    category: toCategory(typescript, level),
    code: diagnosticCodeForRule(finding.ruleId),
    source: DIAGNOSTIC_SOURCE,
  };
}

/** All project problems as one diagnostic on the first line: the file's changes are not checked at all. */
export function problemsToDiagnostic(typescript: TypeScript, file: ts.SourceFile | undefined, text: string, problems: readonly ProjectProblem[], level: ActiveLevel): ts.Diagnostic {
  const unique = [...new Map(problems.map((p) => [`${p.file}\0${p.message}`, p])).values()];
  const files = [...new Set(unique.map((p) => p.file))].join(', ');
  const firstLineEnd = text.search(/\r?\n/);
  return {
    file,
    start: 0,
    length: firstLineEnd < 0 ? text.length : firstLineEnd,
    messageText: `${prefix(PROJECT_RULE_ID)} Drizzle project problem in ${files}: ${unique.map((p) => p.message).join(' ')} Until it is fixed, schema changes in this file are not checked.`,
    category: toCategory(typescript, level),
    code: diagnosticCodeForRule(PROJECT_RULE_ID),
    source: DIAGNOSTIC_SOURCE,
  };
}

function prefix(ruleId: string): string {
  return `[${DIAGNOSTIC_SOURCE}/${ruleId}]`;
}

function toCategory(typescript: TypeScript, level: ActiveLevel): ts.DiagnosticCategory {
  if (level === 'error') return typescript.DiagnosticCategory.Error;
  if (level === 'suggestion') return typescript.DiagnosticCategory.Suggestion;
  return typescript.DiagnosticCategory.Warning;
}
