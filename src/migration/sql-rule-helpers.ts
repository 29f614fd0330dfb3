/**
 * Small helpers the schema rules share when they lint migration SQL (`checkMigration`).
 */
import type { Finding } from '../core/finding.js';
import type { MigrationRuleContext } from '../core/rule.js';
import { tableKey, type TableModel } from '../core/schema-model.js';
import type { SchemaLookup } from '../core/schema-lookup.js';
import type { ClauseKind, MigrationClause, MigrationStatement, RelationName } from './statement-types.js';
import { transactionsOf, type StatementTransaction } from './transaction-scopes.js';

export interface ClauseHit {
  statement: MigrationStatement;
  clause: MigrationClause;
}

/** Clauses of the given kinds on tables not created earlier in the same file (those have no rows and no readers yet). */
export function clausesOnExistingTables(statements: MigrationStatement[], kinds: readonly ClauseKind[]): ClauseHit[] {
  const hits: ClauseHit[] = [];
  for (const statement of statements) {
    if (statement.tableCreatedInFile) continue;
    for (const clause of statement.clauses) if (kinds.includes(clause.kind)) hits.push({ statement, clause });
  }
  return hits;
}

/** `users`, or `auth.users` outside `public`. */
export function relationLabel(relation: RelationName | undefined): string {
  if (!relation) return 'the table';
  return relation.schema && relation.schema !== 'public' ? `${relation.schema}.${relation.name}` : relation.name;
}

export function tableBefore(before: SchemaLookup | undefined, relation: RelationName | undefined): TableModel | undefined {
  return relation ? before?.table(tableKey(relation.schema, relation.name)) : undefined;
}

/** Columns of `table` added by an `ADD COLUMN` earlier in the file than statement `index`, with the kind of each add. */
export function columnsAddedBefore(statements: MigrationStatement[], index: number, table: RelationName | undefined): Map<string, ClauseKind> {
  const added = new Map<string, ClauseKind>();
  if (!table) return added;
  const key = tableKey(table.schema, table.name);
  for (const statement of statements) {
    if (statement.index >= index) break;
    for (const clause of statement.clauses) {
      if (clause.column && clause.table && tableKey(clause.table.schema, clause.table.name) === key && clause.kind.startsWith('add-column')) added.set(clause.column, clause.kind);
    }
  }
  return added;
}

/** A finding on one clause, with the statement text for hovers. */
export function sqlFinding(context: MigrationRuleContext, hit: ClauseHit, fields: Pick<Finding, 'ruleId' | 'message' | 'help' | 'lock'>): Finding {
  return { ...fields, span: { file: context.file, ...hit.clause.span }, sql: hit.statement.text };
}

/** String values of a libpg_query `List`/array of `String` nodes (constraint keys, type names). */
export function stringValues(items: unknown): string[] {
  if (!Array.isArray(items)) return [];
  return items.map((item) => (item as { String?: { sval?: string } })?.String?.sval).filter((s): s is string => typeof s === 'string');
}

/** `ALTER TABLE "t" ADD CONSTRAINT "c" CHECK (x > 0);` or `ADD CONSTRAINT c CHECK (x > 0)` → `CHECK (x > 0)`. */
export function constraintDefinition(addConstraintText: string): string {
  return addConstraintText
    .replace(/^\s*ALTER\s+TABLE\s+(ONLY\s+)?(IF\s+EXISTS\s+)?("(?:[^"]|"")*"|[^\s"]+)(\s*\.\s*("(?:[^"]|"")*"|[^\s"]+))?\s+/i, '')
    .replace(/^ADD\s+(CONSTRAINT\s+("(?:[^"]|"")*"|\S+)\s+)?/i, '')
    .replace(/\s*;\s*$/, '')
    .trim();
}

/** The transaction of every statement of the file: drizzle's migrator unless the settings say another runner applies it. */
export function transactionsIn(context: Pick<MigrationRuleContext, 'statements' | 'settings'>): Map<MigrationStatement, StatementTransaction> {
  return transactionsOf(context.statements, { drizzleMigrator: !context.settings.migrationsRunOutsideTransaction });
}

export function transactionOf(context: Pick<MigrationRuleContext, 'statements' | 'settings'>, statement: MigrationStatement): StatementTransaction {
  return transactionsIn(context).get(statement) ?? { scope: { kind: context.settings.migrationsRunOutsideTransaction ? 'none' : 'migrate-run' } };
}

/** "the `COMMIT` on line 12": a statement named by its leading keyword as written (`END`, `START TRANSACTION`). */
export function statementOnLine(text: string, statement: MigrationStatement): string {
  return `the \`${leadingKeyword(statement)}\` on line ${lineAt(text, statement.span.start)}`;
}

export function leadingKeyword(statement: MigrationStatement): string {
  return (/^(?:start\s+transaction|[a-z]+)/i.exec(statement.text)?.[0] ?? statement.kind).replace(/\s+/g, ' ').toUpperCase();
}

/** 1-based line of a text offset, for messages that point at another statement. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
