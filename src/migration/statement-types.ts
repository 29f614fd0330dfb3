import type { StatementKind } from './lock-catalogue.js';
import type { PgNode } from './parse-sql.js';

/**
 * What one clause of a migration statement does. Catalogued kinds (`StatementKind`) carry lock
 * facts in `lock-catalogue.ts`; the others are facts rules need besides locks.
 * `alter-column-type` stays undecided between rewrite and binary-coercible: that needs the old type.
 */
export type ClauseKind =
  | StatementKind
  | 'alter-column-type'
  | 'create-table'
  | 'delete-rows'
  | 'set-lock-timeout'
  | 'reset-lock-timeout'
  | 'begin'
  | 'commit'
  | 'rollback'
  | 'other';

/** Half-open range of offsets in the migration file. */
export interface TextRange {
  start: number;
  end: number;
}

export interface RelationName {
  /** Undefined when the SQL does not qualify the name (Postgres then uses `search_path`). */
  schema?: string;
  name: string;
}

export interface MigrationClause {
  kind: ClauseKind;
  /** The clause at fault: one subcommand of a multi-command `ALTER TABLE`, else the whole statement. */
  span: TextRange;
  table?: RelationName;
  column?: string;
  constraint?: string;
  index?: string;
  /** `ALTER TYPE … ADD VALUE` / `ALTER TYPE … RENAME TO`: the type, and the new value. */
  enumType?: RelationName;
  enumValue?: string;
  /** `RENAME`: the new name (column, table or type). */
  newName?: string;
  /** `SET DATA TYPE` / `TYPE`: the target type as written, e.g. `varchar(200)`. */
  targetType?: string;
  /** `SET lock_timeout`: the value as written. */
  lockTimeout?: string;
  /** `DROP TABLE … CASCADE`, `DROP COLUMN … CASCADE`. */
  cascade?: boolean;
}

export interface MigrationStatement {
  /** 0-based position in the file. */
  index: number;
  /** 0-based `--> statement-breakpoint` chunk the statement belongs to. */
  chunk: number;
  /** The statement text, without surrounding comments, whitespace and the `;`. */
  text: string;
  span: TextRange;
  /** libpg_query node type, e.g. `AlterTableStmt`. */
  type: string;
  /** libpg_query node body; every `location` is a file offset. */
  node: PgNode;
  /** The first clause's kind (a statement has at least one clause). */
  kind: ClauseKind;
  /** One per `ALTER TABLE` subcommand or dropped table; one otherwise. */
  clauses: MigrationClause[];
  /** The table the statement works on, when there is one. */
  table?: RelationName;
  /** The table was created by an earlier statement of the same file: no existing rows, no readers. */
  tableCreatedInFile: boolean;
  /**
   * The `DO $$ BEGIN … END $$` statement this one runs in, when the block only wraps plain SQL
   * (drizzle-kit ≤ 0.29 wrapped every foreign key so); see `do-block.ts`.
   */
  doBlock?: TextRange;
}

export interface MigrationReadError {
  message: string;
  /** File offset of the error. */
  offset: number;
}

export interface MigrationFile {
  statements: MigrationStatement[];
  /** First syntax error; statements are those before it. */
  error?: MigrationReadError;
  /** Comments of the parsed part of the file, with file offsets. */
  comments: Array<TextRange & { text: string }>;
}
