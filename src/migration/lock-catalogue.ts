/**
 * What Postgres does for each statement kind the rules know: the single source of the facts that
 * rule messages, docs and docs/postgres-locks.md quote. Every row is asserted against a real
 * server by tests/postgres/lock-catalogue.test.ts (lock held, rewrite, scan, failure on existing
 * rows, transaction-block behaviour, and whether a second session's SELECT/INSERT/UPDATE waits).
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

/** Lock on a table; `none` when the statement takes no lock on tables that use the object. */
export type TableLock = LockMode | 'none';

/** Weakest to strongest, as listed in https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES */
export const LOCK_MODES: readonly LockMode[] = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
];

// Table 13.2 "Conflicting Lock Modes": https://www.postgresql.org/docs/current/explicit-locking.html#TABLE-LOCK-COMPATIBILITY
const CONFLICTS: Record<LockMode, readonly LockMode[]> = {
  'ACCESS SHARE': ['ACCESS EXCLUSIVE'],
  'ROW SHARE': ['EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'ROW EXCLUSIVE': ['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'SHARE UPDATE EXCLUSIVE': ['SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  SHARE: ['ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'SHARE ROW EXCLUSIVE': ['ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  EXCLUSIVE: ['ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'ACCESS EXCLUSIVE': [...LOCK_MODES],
};

export function lockConflicts(held: TableLock, requested: LockMode): boolean {
  return held !== 'none' && CONFLICTS[held].includes(requested);
}

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
  | 'set-not-null-with-valid-check'
  | 'drop-not-null'
  | 'set-default'
  | 'alter-column-type-rewrite'
  | 'alter-column-type-binary-coercible'
  | 'create-index'
  | 'create-index-concurrently'
  | 'drop-index'
  | 'drop-index-concurrently'
  | 'add-unique-constraint'
  | 'add-unique-using-index'
  | 'add-foreign-key'
  | 'add-foreign-key-not-valid'
  | 'validate-foreign-key'
  | 'add-check'
  | 'add-check-not-valid'
  | 'validate-constraint'
  | 'drop-constraint'
  | 'add-enum-value'
  | 'rename-enum'
  | 'update-rows';

export interface LockFact {
  kind: StatementKind;
  /** Example statement, run by the tests on a populated table named `items` (see tests/postgres/lock-probes.ts). */
  example: string;
  /** Strongest lock held on the target table until the transaction ends. */
  lock: TableLock;
  /** Lock on the referenced table (foreign keys). */
  referencedLock?: LockMode;
  /** Rewrites the table (new relfilenode): time grows with table size, under `lock`. */
  rewrites: boolean;
  /** Reads the whole table (validation, index build or rewrite) while holding `lock`. */
  scans: boolean;
  /** While it runs, plain `SELECT` on the table waits. */
  blocksReads: boolean;
  /** While it runs, `INSERT` (and every other write) on the table waits. */
  blocksWrites: boolean;
  /** Takes row locks: concurrent `UPDATE`/`DELETE` of the touched rows wait even though `INSERT` does not. */
  locksRows?: boolean;
  /** Postgres refuses to run it inside a transaction block (so drizzle's migrator cannot run it). */
  cannotRunInTransaction: boolean;
  /** Existing rows that make it fail, when any. */
  failsWhen?: string;
  /** Major version from which the behaviour described by this row holds. */
  changedIn?: number;
  /** Behaviour that changed across Postgres versions, or a caveat of the row. */
  versionNotes?: string;
  /** Postgres documentation page backing the row. */
  docs: string;
}

const ALTER_TABLE_DOCS = 'https://www.postgresql.org/docs/current/sql-altertable.html';
const CREATE_INDEX_DOCS = 'https://www.postgresql.org/docs/current/sql-createindex.html';
const DROP_INDEX_DOCS = 'https://www.postgresql.org/docs/current/sql-dropindex.html';
const LOCKS_DOCS = 'https://www.postgresql.org/docs/current/explicit-locking.html';

type FactInput = Omit<LockFact, 'blocksReads' | 'blocksWrites' | 'rewrites' | 'scans' | 'cannotRunInTransaction'> &
  Partial<Pick<LockFact, 'rewrites' | 'scans' | 'cannotRunInTransaction'>>;

function row(fact: FactInput): LockFact {
  return {
    rewrites: false,
    scans: false,
    cannotRunInTransaction: false,
    ...fact,
    blocksReads: lockConflicts(fact.lock, 'ACCESS SHARE'),
    blocksWrites: lockConflicts(fact.lock, 'ROW EXCLUSIVE'),
  };
}

const FACTS: LockFact[] = [
  row({ kind: 'add-column-nullable', example: 'ALTER TABLE items ADD COLUMN note text', lock: 'ACCESS EXCLUSIVE', docs: ALTER_TABLE_DOCS }),
  row({
    kind: 'add-column-constant-default',
    example: "ALTER TABLE items ADD COLUMN status text NOT NULL DEFAULT 'new'",
    lock: 'ACCESS EXCLUSIVE',
    changedIn: 11,
    versionNotes: 'Before Postgres 11 any `DEFAULT` rewrote the table; since 11 a non-volatile default is stored in the catalog and `NOT NULL` with it needs no scan.',
    docs: ALTER_TABLE_DOCS,
  }),
  row({ kind: 'add-column-volatile-default', example: 'ALTER TABLE items ADD COLUMN token uuid DEFAULT gen_random_uuid()', lock: 'ACCESS EXCLUSIVE', rewrites: true, scans: true, docs: ALTER_TABLE_DOCS }),
  row({ kind: 'add-column-not-null-no-default', example: 'ALTER TABLE items ADD COLUMN code text NOT NULL', lock: 'ACCESS EXCLUSIVE', scans: true, failsWhen: 'the table has any row', docs: ALTER_TABLE_DOCS }),
  row({ kind: 'drop-column', example: 'ALTER TABLE items DROP COLUMN name', lock: 'ACCESS EXCLUSIVE', docs: ALTER_TABLE_DOCS }),
  row({ kind: 'drop-table', example: 'DROP TABLE items', lock: 'ACCESS EXCLUSIVE', docs: 'https://www.postgresql.org/docs/current/sql-droptable.html' }),
  row({ kind: 'rename-column', example: 'ALTER TABLE items RENAME COLUMN name TO title', lock: 'ACCESS EXCLUSIVE', docs: ALTER_TABLE_DOCS }),
  row({ kind: 'rename-table', example: 'ALTER TABLE items RENAME TO things', lock: 'ACCESS EXCLUSIVE', docs: ALTER_TABLE_DOCS }),
  row({ kind: 'set-not-null', example: 'ALTER TABLE items ALTER COLUMN name SET NOT NULL', lock: 'ACCESS EXCLUSIVE', scans: true, failsWhen: 'any row holds NULL in the column', docs: ALTER_TABLE_DOCS }),
  row({
    kind: 'set-not-null-with-valid-check',
    example: 'ALTER TABLE items ALTER COLUMN name SET NOT NULL',
    lock: 'ACCESS EXCLUSIVE',
    changedIn: 12,
    versionNotes: 'Since Postgres 12 the scan is skipped when a validated `CHECK (col IS NOT NULL)` constraint already proves it.',
    docs: ALTER_TABLE_DOCS,
  }),
  row({ kind: 'drop-not-null', example: 'ALTER TABLE items ALTER COLUMN qty DROP NOT NULL', lock: 'ACCESS EXCLUSIVE', docs: ALTER_TABLE_DOCS }),
  row({ kind: 'set-default', example: "ALTER TABLE items ALTER COLUMN name SET DEFAULT 'x'", lock: 'ACCESS EXCLUSIVE', docs: ALTER_TABLE_DOCS }),
  row({ kind: 'alter-column-type-rewrite', example: 'ALTER TABLE items ALTER COLUMN qty SET DATA TYPE bigint', lock: 'ACCESS EXCLUSIVE', rewrites: true, scans: true, docs: ALTER_TABLE_DOCS }),
  row({ kind: 'alter-column-type-binary-coercible', example: 'ALTER TABLE items ALTER COLUMN label SET DATA TYPE varchar(200)', lock: 'ACCESS EXCLUSIVE', docs: ALTER_TABLE_DOCS }),
  row({ kind: 'create-index', example: 'CREATE INDEX items_name_idx ON items (name)', lock: 'SHARE', scans: true, docs: CREATE_INDEX_DOCS }),
  row({
    kind: 'create-index-concurrently',
    example: 'CREATE INDEX CONCURRENTLY items_name_idx ON items (name)',
    lock: 'SHARE UPDATE EXCLUSIVE',
    scans: true,
    cannotRunInTransaction: true,
    versionNotes: 'Waits for every transaction that holds a write lock on the table; a failed build leaves an INVALID index to drop before retrying.',
    docs: `${CREATE_INDEX_DOCS}#SQL-CREATEINDEX-CONCURRENTLY`,
  }),
  row({ kind: 'drop-index', example: 'DROP INDEX items_name_idx', lock: 'ACCESS EXCLUSIVE', docs: DROP_INDEX_DOCS }),
  row({ kind: 'drop-index-concurrently', example: 'DROP INDEX CONCURRENTLY items_name_idx', lock: 'SHARE UPDATE EXCLUSIVE', cannotRunInTransaction: true, docs: DROP_INDEX_DOCS }),
  row({ kind: 'add-unique-constraint', example: 'ALTER TABLE items ADD CONSTRAINT items_name_unique UNIQUE (name)', lock: 'ACCESS EXCLUSIVE', scans: true, failsWhen: 'two rows hold the same value', docs: ALTER_TABLE_DOCS }),
  row({ kind: 'add-unique-using-index', example: 'ALTER TABLE items ADD CONSTRAINT items_name_key UNIQUE USING INDEX items_name_key', lock: 'ACCESS EXCLUSIVE', docs: ALTER_TABLE_DOCS }),
  row({ kind: 'add-foreign-key', example: 'ALTER TABLE items ADD CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id)', lock: 'SHARE ROW EXCLUSIVE', referencedLock: 'SHARE ROW EXCLUSIVE', scans: true, failsWhen: 'a row points to a missing parent', docs: ALTER_TABLE_DOCS }),
  row({ kind: 'add-foreign-key-not-valid', example: 'ALTER TABLE items ADD CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id) NOT VALID', lock: 'SHARE ROW EXCLUSIVE', referencedLock: 'SHARE ROW EXCLUSIVE', docs: ALTER_TABLE_DOCS }),
  row({ kind: 'validate-foreign-key', example: 'ALTER TABLE items VALIDATE CONSTRAINT items_owner_fk', lock: 'SHARE UPDATE EXCLUSIVE', referencedLock: 'ROW SHARE', scans: true, failsWhen: 'a row points to a missing parent', docs: ALTER_TABLE_DOCS }),
  row({ kind: 'add-check', example: 'ALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty >= 0)', lock: 'ACCESS EXCLUSIVE', scans: true, failsWhen: 'a row violates the check', docs: ALTER_TABLE_DOCS }),
  row({ kind: 'add-check-not-valid', example: 'ALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty >= 0) NOT VALID', lock: 'ACCESS EXCLUSIVE', docs: ALTER_TABLE_DOCS }),
  row({ kind: 'validate-constraint', example: 'ALTER TABLE items VALIDATE CONSTRAINT items_qty_check', lock: 'SHARE UPDATE EXCLUSIVE', scans: true, failsWhen: 'a row violates the constraint', docs: ALTER_TABLE_DOCS }),
  row({ kind: 'drop-constraint', example: 'ALTER TABLE items DROP CONSTRAINT items_qty_check', lock: 'ACCESS EXCLUSIVE', docs: ALTER_TABLE_DOCS }),
  row({
    kind: 'add-enum-value',
    example: "ALTER TYPE item_kind ADD VALUE 'gift'",
    lock: 'none',
    changedIn: 12,
    versionNotes: 'Before Postgres 12 it could not run inside a transaction block; since 12 it can, but the new value cannot be used until the transaction commits.',
    docs: 'https://www.postgresql.org/docs/current/sql-altertype.html',
  }),
  row({ kind: 'rename-enum', example: 'ALTER TYPE item_kind RENAME TO item_category', lock: 'none', docs: 'https://www.postgresql.org/docs/current/sql-altertype.html' }),
  row({
    kind: 'update-rows',
    example: "UPDATE items SET name = 'x'",
    lock: 'ROW EXCLUSIVE',
    scans: true,
    locksRows: true,
    versionNotes: 'Row locks on every updated row are held until the transaction commits.',
    docs: LOCKS_DOCS,
  }),
];

export const LOCK_FACTS: Record<StatementKind, LockFact> = Object.fromEntries(FACTS.map((f) => [f.kind, f])) as Record<StatementKind, LockFact>;
