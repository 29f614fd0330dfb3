import type { StatementKind } from '../../src/migration/lock-catalogue.js';

/**
 * The table every catalogue example runs against: `items` (10k rows) referencing `owners`.
 * Recreated before each probe so probes never see each other's leftovers.
 */
export const RESET_SQL = `
DROP TABLE IF EXISTS items, things, owners CASCADE;
DROP TYPE IF EXISTS item_kind, item_category;
CREATE TYPE item_kind AS ENUM ('book', 'toy');
CREATE TABLE owners (id int PRIMARY KEY, name text);
INSERT INTO owners SELECT g, 'owner ' || g FROM generate_series(1, 100) g;
CREATE TABLE items (
  id int PRIMARY KEY,
  name text,
  qty int NOT NULL,
  owner_id int,
  label varchar(100),
  kind item_kind NOT NULL DEFAULT 'book'
);
INSERT INTO items (id, name, qty, owner_id, label)
  SELECT g, 'item ' || g, g % 50, 1 + g % 100, 'label ' || g FROM generate_series(1, 10000) g;
`;

export interface LockProbe {
  /** Committed before the measured transaction (so its own locks are not counted). */
  setup?: string[];
  /**
   * Committed statements (after the reset, instead of `setup`) that leave a table on which the
   * example must fail; required exactly when the catalogue row has `failsWhen`.
   */
  violation?: string[];
}

const NAME_INDEX = 'CREATE INDEX items_name_idx ON items (name)';

export const LOCK_PROBES: Record<StatementKind, LockProbe> = {
  'add-column-nullable': {},
  'add-column-constant-default': {},
  'add-column-volatile-default': {},
  'add-column-not-null-no-default': { setup: ['TRUNCATE items'], violation: [] },
  'drop-column': {},
  'drop-table': {},
  'rename-column': {},
  'rename-table': {},
  'set-not-null': { violation: ['UPDATE items SET name = NULL WHERE id = 1'] },
  'set-not-null-with-valid-check': {
    setup: ['ALTER TABLE items ADD CONSTRAINT items_name_not_null CHECK (name IS NOT NULL)'],
  },
  'drop-not-null': { setup: ['ALTER TABLE items ALTER COLUMN qty SET NOT NULL'] },
  'set-default': {},
  'alter-column-type-rewrite': {},
  'alter-column-type-binary-coercible': {},
  'create-index': {},
  'create-index-concurrently': {},
  'drop-index': { setup: [NAME_INDEX] },
  'drop-index-concurrently': { setup: [NAME_INDEX] },
  'add-unique-constraint': { violation: ["UPDATE items SET name = 'item 1' WHERE id = 2"] },
  'add-unique-using-index': { setup: ['CREATE UNIQUE INDEX CONCURRENTLY items_name_key ON items (name)'] },
  'add-foreign-key': { violation: ['UPDATE items SET owner_id = 999999 WHERE id = 1'] },
  'add-foreign-key-not-valid': {},
  'validate-foreign-key': {
    setup: ['ALTER TABLE items ADD CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id) NOT VALID'],
    violation: [
      'UPDATE items SET owner_id = 999999 WHERE id = 1',
      'ALTER TABLE items ADD CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id) NOT VALID',
    ],
  },
  'add-check': { violation: ['UPDATE items SET qty = -1 WHERE id = 1'] },
  'add-check-not-valid': {},
  'validate-constraint': {
    setup: ['ALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty >= 0) NOT VALID'],
    violation: [
      'UPDATE items SET qty = -1 WHERE id = 1',
      'ALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty >= 0) NOT VALID',
    ],
  },
  'drop-constraint': {
    setup: ['ALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty >= 0)'],
  },
  'add-enum-value': {},
  'rename-enum': {},
  'update-rows': {},
};
