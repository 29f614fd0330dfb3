/**
 * DDL written in TypeScript: drizzle-orm `sql` tagged templates (`db.execute(sql\`ALTER TABLE …\`)`)
 * read as migration statements, so the SQL rules judge them like a migration file. `${…}` holes
 * become parameters (`$1`), or quoted identifiers where a parameter cannot stand (`ALTER TABLE ${t}`);
 * either placeholder has the hole's length, so every offset is a file offset.
 * Templates passed to schema builders (`.default(sql…)`, `check(…)`, index `.where(…)`) describe the
 * schema and are skipped; anything that does not parse as statements is skipped too.
 */
import ts from 'typescript';
import type { Finding } from '../core/finding.js';
import type { RuleDefinition, TypeScriptRuleContext } from '../core/rule.js';
import type { MigrationStatement, TextRange } from './statement-types.js';
import { readMigration } from './statements.js';
import { drizzleSqlNames, hasDrizzleSqlNames, isDrizzleSql } from '../core/drizzle-import.js';
import { offsetsOf, visitNodesAt } from '../core/visit-nodes-at.js';

export interface SqlTemplate {
  /** The template's text between the backticks, holes replaced by placeholders, at its file offset. */
  text: string;
  start: number;
  statements: MigrationStatement[];
}

// Schema builders whose `sql` argument is part of the schema, not a statement to run.
const SCHEMA_CALLEES = new Set(['default', 'check', 'where', 'on', 'using', 'generatedAlwaysAs', 'as', 'sql', 'raw', 'append', 'orderBy', 'having']);
// DDL, or a data change that may be a migration-style backfill (no-backfill-in-migration tells them apart).
const MAY_HOLD_DDL = /\b(alter|create|drop|update|delete)\b/i;

const cache = new WeakMap<ts.SourceFile, SqlTemplate[]>();

/**
 * Runs `rule.checkMigration` over every DDL template of the file. The first template that may hold DDL
 * loads the SQL parser; a file without one never does.
 */
export function checkSqlTemplates(context: TypeScriptRuleContext, rule: Pick<RuleDefinition, 'checkMigration'>): Finding[] {
  if (!rule.checkMigration) return [];
  return sqlTemplatesOf(context.sourceFile).flatMap((template) =>
    rule.checkMigration!({ file: context.file, text: context.sourceFile.text, statements: template.statements, settings: context.settings }),
  );
}

export function sqlTemplatesOf(sourceFile: ts.SourceFile): SqlTemplate[] {
  let templates = cache.get(sourceFile);
  if (!templates) {
    templates = findTemplates(sourceFile);
    cache.set(sourceFile, templates);
  }
  return templates;
}

function findTemplates(sourceFile: ts.SourceFile): SqlTemplate[] {
  const tags = drizzleSqlNames(sourceFile);
  if (!hasDrizzleSqlNames(tags)) return [];
  const templates: SqlTemplate[] = [];
  // Every template literal opens with a backtick: only the paths down to one can hold a `sql` template.
  visitNodesAt(sourceFile, offsetsOf(sourceFile.text, '`'), (node) => {
    if (ts.isTaggedTemplateExpression(node) && isDrizzleSql(node.tag, tags) && !isSchemaArgument(node)) {
      const template = readTemplate(node.template, sourceFile);
      if (template) templates.push(template);
    }
  });
  return templates;
}

function readTemplate(literal: ts.TemplateLiteral, sourceFile: ts.SourceFile): SqlTemplate | undefined {
  const start = literal.getStart(sourceFile) + 1;
  const end = literal.getEnd() - 1;
  const raw = sourceFile.text.slice(start, end);
  if (!MAY_HOLD_DDL.test(raw)) return undefined;
  const holes = holeRanges(literal, sourceFile, start);
  let read: { text: string; statements: MigrationStatement[]; opaqueBlocks: number } | undefined;
  for (const placeholder of [parameter, identifier]) {
    const text = withPlaceholders(raw, holes, placeholder);
    const migration = readMigration(text);
    if (migration.error || migration.statements.length === 0) continue;
    // Postgres substitutes no parameter inside a `DO` block's quoted body, so a hole there works only as an
    // identifier drizzle inlines: prefer the reading that lets more blocks be read through.
    const opaqueBlocks = migration.statements.filter((statement) => statement.type === 'DoStmt').length;
    if (!read || opaqueBlocks < read.opaqueBlocks) read = { text, statements: migration.statements, opaqueBlocks };
    if (opaqueBlocks === 0) break;
  }
  return read && { text: read.text, start, statements: read.statements.map((statement) => shift(statement, start)) };
}

/** `${…}` ranges relative to the template content. */
function holeRanges(literal: ts.TemplateLiteral, sourceFile: ts.SourceFile, contentStart: number): Array<TextRange & { inner: string }> {
  if (!ts.isTemplateExpression(literal)) return [];
  return literal.templateSpans.map((span) => {
    const holeStart = span.expression.getFullStart() - 2;
    const holeEnd = span.literal.getStart(sourceFile) + 1;
    return { start: holeStart - contentStart, end: holeEnd - contentStart, inner: span.expression.getText(sourceFile) };
  });
}

type Placeholder = (index: number, length: number, inner: string) => string;

const parameter: Placeholder = (index, length) => `$${index + 1}`.padEnd(length, ' ');

const identifier: Placeholder = (_index, length, inner) => {
  const name = inner.replace(/"/g, "'").replace(/\s+/g, ' ').slice(0, Math.max(1, length - 2));
  return `"${name}"`.padEnd(length, ' ');
};

function withPlaceholders(raw: string, holes: Array<TextRange & { inner: string }>, placeholder: Placeholder): string {
  let text = '';
  let at = 0;
  holes.forEach((hole, index) => {
    text += raw.slice(at, hole.start) + placeholder(index, hole.end - hole.start, hole.inner);
    at = hole.end;
  });
  return text + raw.slice(at);
}

function shift(statement: MigrationStatement, by: number): MigrationStatement {
  const move = (range: TextRange): TextRange => ({ start: range.start + by, end: range.end + by });
  return {
    ...statement,
    span: move(statement.span),
    clauses: statement.clauses.map((clause) => ({ ...clause, span: move(clause.span) })),
    ...(statement.doBlock && { doBlock: move(statement.doBlock) }),
  };
}

function isSchemaArgument(node: ts.Node): boolean {
  let current = node.parent;
  while (current && (ts.isParenthesizedExpression(current) || ts.isAsExpression(current))) current = current.parent;
  if (!current || !ts.isCallExpression(current)) return false;
  const callee = current.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  return SCHEMA_CALLEES.has(name);
}
