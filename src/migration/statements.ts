import { classifyStatement } from './classify-statement.js';
import { parseSql } from './parse-sql.js';
import { splitMigration } from './split.js';
import type { MigrationFile, MigrationStatement, RelationName } from './statement-types.js';

export type * from './statement-types.js';

/**
 * Reads a migration file into statements with file offsets, as drizzle's migrator would run them:
 * split on `--> statement-breakpoint`, each chunk parsed by the real Postgres parser (a chunk may
 * hold several statements). Stops at the first syntax error, which the migrator would stop at too.
 * Throws only `SqlParserNotLoadedError` (see `parse-sql.ts`).
 */
export function readMigration(text: string): MigrationFile {
  const statements: MigrationStatement[] = [];
  const comments: MigrationFile['comments'] = [];
  const createdTables = new Set<string>();
  const chunks = splitMigration(text);
  for (const [chunkIndex, chunk] of chunks.entries()) {
    const parsed = parseSql(chunk.text, chunk.start);
    if (!parsed.ok) return { statements, comments, error: { message: parsed.message, offset: parsed.offset } };
    comments.push(...parsed.comments.map(({ start, end, text }) => ({ start, end, text })));
    for (const statement of parsed.statements) {
      const { clauses, table } = classifyStatement(statement, text);
      const tableCreatedInFile = table !== undefined && createdTables.has(relationKey(table));
      for (const clause of clauses) {
        if (clause.kind === 'create-table' && clause.table) createdTables.add(relationKey(clause.table));
        if (clause.kind === 'rename-table' && clause.newName && tableCreatedInFile) {
          createdTables.add(relationKey({ schema: table?.schema, name: clause.newName }));
        }
      }
      statements.push({
        index: statements.length,
        chunk: chunkIndex,
        text: text.slice(statement.start, statement.end),
        span: { start: statement.start, end: statement.end },
        type: statement.type,
        node: statement.node,
        kind: clauses[0].kind,
        clauses,
        table,
        tableCreatedInFile,
      });
    }
  }
  return { statements, comments };
}

/** `schema.name`, with unqualified names in `public` (drizzle-kit's default `search_path`). */
export function relationKey(relation: RelationName): string {
  return `${relation.schema ?? 'public'}.${relation.name}`;
}
