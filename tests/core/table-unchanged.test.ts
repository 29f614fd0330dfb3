/**
 * `tableUnchanged` lets the diff skip `computeTableDiff` for a table it says nothing changed in, so it
 * must never say so when `computeTableDiff` finds something. Oracle: `computeTableDiff` itself, on the
 * tables of the real drizzle-kit fixtures (each schema version against the snapshot drizzle-kit wrote
 * for it, and against the one before) and on seeded random mutations of those tables.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeTableDiff, diffSchemas, tableUnchanged, type TableDiff } from '../../src/core/schema-diff.js';
import type { DrizzleKitLine, SchemaModel, TableModel } from '../../src/core/schema-model.js';
import { readSchema } from '../../src/schema/index.js';
import { snapshotToModel } from '../../src/snapshot/snapshot-to-model.js';

const PROJECTS = path.resolve(__dirname, '../fixtures/projects');
/** Single-file schema projects with a 0.31 history: version `NN.ts` generated `meta/00(NN-1)_snapshot.json`. */
const HISTORIES = [
  { project: 'shop', schema: 'schema.ts', versions: 3, casing: undefined },
  { project: 'casing', schema: 'schema.ts', versions: 2, casing: 'snake_case' as const },
  { project: 'legacy-do-blocks', schema: 'schema.ts', versions: 3, casing: undefined },
];

const LISTS = ['addedColumns', 'droppedColumns', 'renamedColumns', 'changedColumns', 'addedIndexes', 'droppedIndexes', 'changedIndexes', 'addedForeignKeys', 'addedUniqueConstraints', 'addedCheckConstraints', 'recreatedForeignKeys', 'recreatedUniqueConstraints', 'recreatedCheckConstraints'] as const;

function isEmpty(diff: TableDiff): boolean {
  return LISTS.every((list) => diff[list].length === 0) && diff.keptNames === undefined;
}

function snapshotTables(project: string, version: number): Map<string, TableModel> {
  return snapshotModel(project, version).tables;
}

function snapshotModel(project: string, version: number): SchemaModel {
  const file = path.join(PROJECTS, project, 'drizzle/meta', `${String(version - 1).padStart(4, '0')}_snapshot.json`);
  return snapshotToModel(JSON.parse(readFileSync(file, 'utf8')));
}

function schemaTables(history: (typeof HISTORIES)[number], version: number, kit: DrizzleKitLine): Map<string, TableModel> {
  return schemaModel(history, version, kit).tables;
}

function schemaModel(history: (typeof HISTORIES)[number], version: number, kit: DrizzleKitLine): SchemaModel {
  const entry = path.join(PROJECTS, history.project, history.schema);
  const text = readFileSync(path.join(PROJECTS, history.project, 'versions', `${String(version).padStart(2, '0')}.ts`), 'utf8');
  const readFile = (file: string) => {
    if (file === entry) return text;
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  return readSchema({ entryFiles: [entry], kit, casing: history.casing, readFile }).model;
}

/** Every table of the fixtures, each side as the diff sees it: snapshots (before) and schema code (after). */
function fixtureTables(): TableModel[] {
  const tables: TableModel[] = [];
  for (const history of HISTORIES) {
    for (let version = 1; version <= history.versions; version++) {
      tables.push(...snapshotTables(history.project, version).values(), ...schemaTables(history, version, '0.x').values());
    }
  }
  return tables;
}

describe('diffSchemas().changedTables', () => {
  it('is `tables` without the diffs in which nothing changed, in order', () => {
    let changed = 0;
    let unchanged = 0;
    for (const history of HISTORIES) {
      for (let version = 1; version <= history.versions; version++) {
        for (const before of [snapshotModel(history.project, version), ...(version > 1 ? [snapshotModel(history.project, version - 1)] : [])]) {
          const diff = diffSchemas(before, schemaModel(history, version, '0.x'));
          const withChanges = diff.tables.filter((table) => !isEmpty(table));
          expect(diff.changedTables).toHaveLength(withChanges.length);
          withChanges.forEach((table, i) => expect(diff.changedTables[i]).toBe(table));
          changed += diff.changedTables.length;
          unchanged += diff.tables.length - diff.changedTables.length;
        }
      }
    }
    expect(changed).toBeGreaterThan(3);
    expect(unchanged).toBeGreaterThan(15);
  });
});

describe('tableUnchanged', () => {
  it('holds for every table of a schema version against the snapshot drizzle-kit generated from it', () => {
    let pairs = 0;
    for (const history of HISTORIES) {
      for (let version = 1; version <= history.versions; version++) {
        const before = snapshotTables(history.project, version);
        for (const [key, after] of schemaTables(history, version, '0.x')) {
          const old = before.get(key);
          expect(old, `${history.project} v${version} ${key}`).toBeDefined();
          expect(isEmpty(computeTableDiff(old!, after)), `${history.project} v${version} ${key}: computeTableDiff`).toBe(true);
          // The fast path is taken for real unchanged tables, not only for copies of one model.
          expect(tableUnchanged(old!, after), `${history.project} v${version} ${key}`).toBe(true);
          pairs++;
        }
      }
    }
    expect(pairs).toBeGreaterThan(15);
  });

  it('never holds where computeTableDiff finds a change between consecutive versions', () => {
    let changed = 0;
    for (const history of HISTORIES) {
      for (let version = 2; version <= history.versions; version++) {
        const before = snapshotTables(history.project, version - 1);
        for (const [key, after] of schemaTables(history, version, '0.x')) {
          const old = before.get(key);
          if (!old) continue;
          const found = !isEmpty(computeTableDiff(old, after));
          if (found) changed++;
          expect(tableUnchanged(old, after), `${history.project} v${version} ${key}`).toBe(!found);
        }
      }
    }
    expect(changed).toBeGreaterThan(3);
  });

  it('never holds where computeTableDiff finds a change, over random mutations of the fixtures’ tables', () => {
    const pool = fixtureTables();
    let unchanged = 0;
    let changed = 0;
    fc.assert(
      fc.property(fc.nat(pool.length - 1), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 3 }), (pick, mutations) => {
        const before = pool[pick];
        const after = structuredClone(before);
        for (const [kind, target, variant] of mutations) mutate(after, kind, target, variant);
        const same = tableUnchanged(before, after);
        const empty = isEmpty(computeTableDiff(before, after));
        if (same) {
          unchanged++;
          expect(empty).toBe(true);
        } else changed++;
        if (mutations.length === 0) expect(same).toBe(true);
      }),
      { seed: 20261127, numRuns: 3000 },
    );
    // Both outcomes were exercised.
    expect(unchanged).toBeGreaterThan(100);
    expect(changed).toBeGreaterThan(1000);
  });
});

const TYPES = ['text', 'integer', 'bigint', 'varchar(255)', 'varchar(256)', 'numeric(10, 2)', 'numeric(10,2)', 'NUMERIC(10,2)', 'timestamp (3) with time zone', 'timestamp(3) with time zone', 'jsonb'];
const VALUES = [undefined, '', 'a', "'x'", 'now()', 'NOW()', '0', '"id" > 0', '("id">0)', 'cascade', 'no action', 'set null', 'gin', 'btree'];

/** One change of one field somewhere in `table`, chosen by the three numbers (the field may already have that value). */
function mutate(table: TableModel, kind: number, target: number, variant: number): void {
  const pickOf = <T>(map: Map<string, T>) => (map.size === 0 ? undefined : [...map.values()][target % map.size]);
  const value = VALUES[variant % VALUES.length];
  const flag = variant % 2 === 0;
  const column = pickOf(table.columns);
  const index = pickOf(table.indexes);
  const foreignKey = pickOf(table.foreignKeys);
  const unique = pickOf(table.uniqueConstraints);
  const check = pickOf(table.checkConstraints);
  switch (kind % 26) {
    case 0: if (column) column.type = TYPES[variant % TYPES.length]; break;
    case 1: if (column) column.notNull = flag; break;
    case 2: if (column) column.default = value; break;
    case 3: if (column) column.typeSchema = flag ? value : undefined; break;
    case 4: if (column) column.unknown = { ...column.unknown, [['type', 'notNull', 'default', 'name'][variant % 4]]: 'unknown' }; break;
    case 5: if (column) renameIn(table.columns, column, `${column.name}_${variant % 3}`); break;
    case 6: if (column) table.columns.delete(column.name); break;
    case 7: table.columns.set(`added_${variant % 3}`, { name: `added_${variant % 3}`, type: TYPES[variant % TYPES.length], notNull: flag, primaryKey: false }); break;
    case 8: if (index) index.unique = flag; break;
    case 9: if (index) index.concurrently = flag; break;
    case 10: if (index) index.where = value; break;
    case 11: if (index) index.method = value ?? 'btree'; break;
    case 12: if (index?.columns.length) index.columns[target % index.columns.length] = { ...index.columns[target % index.columns.length], [['asc', 'nullsFirst'][variant % 2]]: flag, ...(variant % 3 === 0 && { opclass: value }) }; break;
    case 13: if (index) renameIn(table.indexes, index, `${index.name}_${variant % 3}`); break;
    case 14: if (index) table.indexes.delete(index.name); break;
    case 15: if (foreignKey) foreignKey.onDelete = value ?? 'no action'; break;
    case 16: if (foreignKey) foreignKey.foreignColumns = flag ? [...foreignKey.foreignColumns].reverse() : [...foreignKey.foreignColumns, 'x']; break;
    case 17: if (foreignKey) foreignKey.foreignTable = flag ? `${foreignKey.foreignTable}_2` : foreignKey.foreignTable; break;
    case 18: if (foreignKey) renameIn(table.foreignKeys, foreignKey, `${foreignKey.name}_${variant % 3}`); break;
    case 19: if (unique) unique.nullsNotDistinct = flag; break;
    case 20: if (unique) unique.columns = flag ? [...unique.columns].reverse() : [...unique.columns, 'x']; break;
    case 21: if (check) check.expression = value ?? check.expression; break;
    case 22: if (check) table.checkConstraints.delete(check.name); break;
    case 23: table.partial = flag; break;
    case 24: if (index) index.unknown = { ...index.unknown, [['columns', 'where', 'name'][variant % 3]]: 'unknown' }; break;
    case 25: if (foreignKey) foreignKey.unknown = { ...foreignKey.unknown, [['target', 'actions', 'name'][variant % 3]]: 'unknown' }; break;
  }
}

function renameIn<T extends { name: string }>(map: Map<string, T>, item: T, name: string): void {
  map.delete(item.name);
  item.name = name;
  map.set(name, item);
}
