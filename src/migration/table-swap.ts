/**
 * The table swap a migration can do in one transaction: `ALTER TABLE x RENAME TO x_old`, `CREATE TABLE x`
 * (say, partitioned), `INSERT INTO x … SELECT … FROM x_old`, `DROP TABLE x_old`. When it commits, the old app
 * version finds `x` again, with the rows; it never knew `x_old`. So the rename and the drop of such a swap
 * break nothing the rename and drop rules speak of (the lock the copy holds is `require-lock-timeout`'s).
 */
import { relationName } from './classify-statement.js';
import type { PgNode } from './parse-sql.js';
import { relationKey } from './statements.js';
import type { MigrationClause, MigrationStatement, RelationName } from './statement-types.js';

export interface TableSwaps {
  /** Each `RENAME TO` clause whose old name the file creates again. */
  renames: Set<MigrationClause>;
  /** Keys of the renamed-away tables whose rows the file copies into the new table. */
  copiedAway: Set<string>;
}

export function tableSwaps(statements: MigrationStatement[]): TableSwaps {
  const swaps: TableSwaps = { renames: new Set(), copiedAway: new Set() };
  statements.forEach((statement, i) => {
    for (const clause of statement.clauses) {
      if (clause.kind !== 'rename-table' || !clause.table || !clause.newName || statement.tableCreatedInFile) continue;
      const original = relationKey(clause.table);
      const renamed: RelationName = { schema: clause.table.schema, name: clause.newName };
      const later = statements.slice(i + 1);
      if (!later.some((s) => s.kind === 'create-table' && s.table && relationKey(s.table) === original)) continue;
      swaps.renames.add(clause);
      const copies = later.some((s) => s.type === 'InsertStmt' && isTable(relationName(s.node.relation), original) && readsFrom(s.node.selectStmt, renamed));
      if (copies) swaps.copiedAway.add(relationKey(renamed));
    }
  });
  return swaps;
}

function isTable(relation: RelationName | undefined, key: string): boolean {
  return relation !== undefined && relationKey(relation) === key;
}

/** A `RangeVar` naming `table` anywhere in the tree (a `FROM`, a join, a subquery). */
function readsFrom(node: unknown, table: RelationName): boolean {
  if (Array.isArray(node)) return node.some((item) => readsFrom(item, table));
  if (!node || typeof node !== 'object') return false;
  const range = (node as PgNode).RangeVar as PgNode | undefined;
  if (range && range.relname === table.name && (range.schemaname ?? 'public') === (table.schema ?? 'public')) return true;
  return Object.values(node as PgNode).some((child) => readsFrom(child, table));
}
