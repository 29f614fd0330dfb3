/**
 * What Postgres does for each statement kind the rules know: the single source of the facts that
 * rule messages, docs and docs/postgres-locks.md quote. Every row is asserted against a real
 * server by tests/postgres (lock taken, rewrite, scan, transaction-block behaviour, blocking).
 */

export type LockMode =
  | 'ACCESS SHARE'
  | 'ROW SHARE'
  | 'ROW EXCLUSIVE'
  | 'SHARE UPDATE EXCLUSIVE'
  | 'SHARE'
  | 'SHARE ROW EXCLUSIVE'
  | 'EXCLUSIVE'
  | 'ACCESS EXCLUSIVE';

export type StatementKind =
  | 'add-column-nullable'
  | 'add-column-constant-default'
  | 'add-column-volatile-default'
  | 'add-column-not-null-no-default'
  | 'drop-column'
  | 'drop-table'
  | 'rename-column'
  | 'rename-table'
  | 'set-not-null'
  | 'drop-not-null'
  | 'set-default'
  | 'alter-column-type-rewrite'
  | 'alter-column-type-binary-coercible'
  | 'create-index'
  | 'create-index-concurrently'
  | 'drop-index'
  | 'add-unique-constraint'
  | 'add-foreign-key'
  | 'add-foreign-key-not-valid'
  | 'add-check'
  | 'add-check-not-valid'
  | 'validate-constraint'
  | 'add-enum-value'
  | 'update-rows';

export interface LockFact {
  kind: StatementKind;
  /** Example statement, run by the tests on a populated table named `items`. */
  example: string;
  /** Strongest lock held on the target table until the transaction ends. */
  lock: LockMode;
  /** Lock on the referenced table (foreign keys). */
  referencedLock?: LockMode;
  /** Rewrites the table (new relfilenode): time grows with table size, under `lock`. */
  rewrites: boolean;
  /** Reads the whole table (validation) while holding `lock`. */
  scans: boolean;
  /** While it runs, plain `SELECT` on the table waits. */
  blocksReads: boolean;
  /** While it runs, `INSERT`/`UPDATE`/`DELETE` on the table wait. */
  blocksWrites: boolean;
  /** Postgres refuses to run it inside a transaction block. */
  cannotRunInTransaction: boolean;
  /** Existing rows that make it fail, when any. */
  failsWhen?: string;
  /** Behaviour that changed across Postgres versions. */
  versionNotes?: string;
  /** Postgres documentation page backing the row. */
  docs: string;
}

const ALTER_TABLE_DOCS = 'https://www.postgresql.org/docs/current/sql-altertable.html';
const LOCKS_DOCS = 'https://www.postgresql.org/docs/current/explicit-locking.html';

function row(fact: Omit<LockFact, 'blocksReads' | 'blocksWrites'>): LockFact {
  // Derived from the lock conflict table: https://www.postgresql.org/docs/current/explicit-locking.html#TABLE-LOCK-COMPATIBILITY
  const blocksReads = fact.lock === 'ACCESS EXCLUSIVE';
  const blocksWrites = ['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'].includes(fact.lock);
  return { ...fact, blocksReads, blocksWrites };
}

export const LOCK_FACTS: Record<StatementKind, LockFact> = {
  'add-column-nullable': row({ kind: 'add-column-nullable', example: 'ALTER TABLE items ADD COLUMN note text', lock: 'ACCESS EXCLUSIVE', rewrites: false, scans: false, cannotRunInTransaction: false, docs: ALTER_TABLE_DOCS }),
  'add-column-constant-default': row({ kind: 'add-column-constant-default', example: "ALTER TABLE items ADD COLUMN status text NOT NULL DEFAULT 'new'", lock: 'ACCESS EXCLUSIVE', rewrites: false, scans: false, cannotRunInTransaction: false, versionNotes: 'Before Postgres 11 any DEFAULT rewrote the table; since 11 a non-volatile default is stored in the catalog.', docs: ALTER_TABLE_DOCS }),
  'add-column-volatile-default': row({ kind: 'add-column-volatile-default', example: 'ALTER TABLE items ADD COLUMN token uuid DEFAULT gen_random_uuid()', lock: 'ACCESS EXCLUSIVE', rewrites: true, scans: false, cannotRunInTransaction: false, docs: ALTER_TABLE_DOCS }),
  'add-column-not-null-no-default': row({ kind: 'add-column-not-null-no-default', example: 'ALTER TABLE items ADD COLUMN code text NOT NULL', lock: 'ACCESS EXCLUSIVE', rewrites: false, scans: false, cannotRunInTransaction: false, failsWhen: 'the table has any row', docs: ALTER_TABLE_DOCS }),
  'drop-column': row({ kind: 'drop-column', example: 'ALTER TABLE items DROP COLUMN name', lock: 'ACCESS EXCLUSIVE', rewrites: false, scans: false, cannotRunInTransaction: false, docs: ALTER_TABLE_DOCS }),
  'drop-table': row({ kind: 'drop-table', example: 'DROP TABLE items', lock: 'ACCESS EXCLUSIVE', rewrites: false, scans: false, cannotRunInTransaction: false, docs: 'https://www.postgresql.org/docs/current/sql-droptable.html' }),
  'rename-column': row({ kind: 'rename-column', example: 'ALTER TABLE items RENAME COLUMN name TO title', lock: 'ACCESS EXCLUSIVE', rewrites: false, scans: false, cannotRunInTransaction: false, docs: ALTER_TABLE_DOCS }),
  'rename-table': row({ kind: 'rename-table', example: 'ALTER TABLE items RENAME TO things', lock: 'ACCESS EXCLUSIVE', rewrites: false, scans: false, cannotRunInTransaction: false, docs: ALTER_TABLE_DOCS }),
  'set-not-null': row({ kind: 'set-not-null', example: 'ALTER TABLE items ALTER COLUMN name SET NOT NULL', lock: 'ACCESS EXCLUSIVE', rewrites: false, scans: true, cannotRunInTransaction: false, failsWhen: 'any row holds NULL in the column', versionNotes: 'Since Postgres 12 the scan is skipped when a validated `CHECK (col IS NOT NULL)` constraint already proves it.', docs: ALTER_TABLE_DOCS }),
  'drop-not-null': row({ kind: 'drop-not-null', example: 'ALTER TABLE items ALTER COLUMN name DROP NOT NULL', lock: 'ACCESS EXCLUSIVE', rewrites: false, scans: false, cannotRunInTransaction: false, docs: ALTER_TABLE_DOCS }),
  'set-default': row({ kind: 'set-default', example: "ALTER TABLE items ALTER COLUMN name SET DEFAULT 'x'", lock: 'ACCESS EXCLUSIVE', rewrites: false, scans: false, cannotRunInTransaction: false, docs: ALTER_TABLE_DOCS }),
  'alter-column-type-rewrite': row({ kind: 'alter-column-type-rewrite', example: 'ALTER TABLE items ALTER COLUMN qty SET DATA TYPE bigint', lock: 'ACCESS EXCLUSIVE', rewrites: true, scans: true, cannotRunInTransaction: false, failsWhen: 'a value cannot be cast to the new type', docs: ALTER_TABLE_DOCS }),
  'alter-column-type-binary-coercible': row({ kind: 'alter-column-type-binary-coercible', example: 'ALTER TABLE items ALTER COLUMN name SET DATA TYPE varchar(200)', lock: 'ACCESS EXCLUSIVE', rewrites: false, scans: false, cannotRunInTransaction: false, docs: ALTER_TABLE_DOCS }),
  'create-index': row({ kind: 'create-index', example: 'CREATE INDEX items_name_idx ON items (name)', lock: 'SHARE', rewrites: false, scans: true, cannotRunInTransaction: false, docs: 'https://www.postgresql.org/docs/current/sql-createindex.html' }),
  'create-index-concurrently': row({ kind: 'create-index-concurrently', example: 'CREATE INDEX CONCURRENTLY items_name_idx ON items (name)', lock: 'SHARE UPDATE EXCLUSIVE', rewrites: false, scans: true, cannotRunInTransaction: true, docs: 'https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY' }),
  'drop-index': row({ kind: 'drop-index', example: 'DROP INDEX items_name_idx', lock: 'ACCESS EXCLUSIVE', rewrites: false, scans: false, cannotRunInTransaction: false, docs: 'https://www.postgresql.org/docs/current/sql-dropindex.html' }),
  'add-unique-constraint': row({ kind: 'add-unique-constraint', example: 'ALTER TABLE items ADD CONSTRAINT items_name_unique UNIQUE (name)', lock: 'ACCESS EXCLUSIVE', rewrites: false, scans: true, cannotRunInTransaction: false, failsWhen: 'two rows hold the same value', docs: ALTER_TABLE_DOCS }),
  'add-foreign-key': row({ kind: 'add-foreign-key', example: 'ALTER TABLE items ADD CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id)', lock: 'SHARE ROW EXCLUSIVE', referencedLock: 'SHARE ROW EXCLUSIVE', rewrites: false, scans: true, cannotRunInTransaction: false, failsWhen: 'a row points to a missing parent', docs: ALTER_TABLE_DOCS }),
  'add-foreign-key-not-valid': row({ kind: 'add-foreign-key-not-valid', example: 'ALTER TABLE items ADD CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id) NOT VALID', lock: 'SHARE ROW EXCLUSIVE', referencedLock: 'SHARE ROW EXCLUSIVE', rewrites: false, scans: false, cannotRunInTransaction: false, docs: ALTER_TABLE_DOCS }),
  'add-check': row({ kind: 'add-check', example: 'ALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty >= 0)', lock: 'ACCESS EXCLUSIVE', rewrites: false, scans: true, cannotRunInTransaction: false, failsWhen: 'a row violates the check', docs: ALTER_TABLE_DOCS }),
  'add-check-not-valid': row({ kind: 'add-check-not-valid', example: 'ALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty >= 0) NOT VALID', lock: 'ACCESS EXCLUSIVE', rewrites: false, scans: false, cannotRunInTransaction: false, docs: ALTER_TABLE_DOCS }),
  'validate-constraint': row({ kind: 'validate-constraint', example: 'ALTER TABLE items VALIDATE CONSTRAINT items_qty_check', lock: 'SHARE UPDATE EXCLUSIVE', rewrites: false, scans: true, cannotRunInTransaction: false, failsWhen: 'a row violates the constraint', docs: ALTER_TABLE_DOCS }),
  'add-enum-value': row({ kind: 'add-enum-value', example: "ALTER TYPE item_kind ADD VALUE 'gift'", lock: 'ACCESS SHARE', rewrites: false, scans: false, cannotRunInTransaction: false, versionNotes: 'Before Postgres 12 it could not run inside a transaction block; since 12 it can, but the new value cannot be used until the transaction commits.', docs: 'https://www.postgresql.org/docs/current/sql-altertype.html' }),
  'update-rows': row({ kind: 'update-rows', example: "UPDATE items SET name = 'x'", lock: 'ROW EXCLUSIVE', rewrites: false, scans: true, cannotRunInTransaction: false, versionNotes: 'Row locks on every updated row are held until the transaction commits.', docs: LOCKS_DOCS }),
};
