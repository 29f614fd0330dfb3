/**
 * The v9 replay keeps its rows grouped by table and hands out lookups of those groups. Oracle: the
 * same prefix replayed to rows and grouped afresh by `ddlLookup`. Histories are random delta
 * sequences (generated here, not by drizzle-kit) so that the cases drizzle-kit rarely writes occur:
 * a row created over an existing one, rows of a dropped or not yet created table, renames that move
 * rows, alters that keep a row's place, rows without string names.
 */
import { describe, expect, it } from 'vitest';
import { clearAllCaches } from '../../src/core/cache.js';
import type { SchemaLookup } from '../../src/core/schema-lookup.js';
import type { TableModel } from '../../src/core/schema-model.js';
import { ddlLookup } from '../../src/snapshot/ddl.js';
import type { Json } from '../../src/snapshot/shape.js';
import { replayV9, replayV9Lookup, type V9Snapshot } from '../../src/snapshot/v9-replay.js';
import { seededRandom } from '../support/seeded-random.js';

const ZERO_ID = '00000000-0000-0000-0000-000000000000';
const IDENTITY: Record<string, string[]> = { tables: ['schema', 'name'], enums: ['schema', 'name'] };

function keyOf(row: Json): string {
  const fields = IDENTITY[String(row.entityType)] ?? ['schema', 'table', 'name'];
  return `${String(row.entityType)}\u0000${JSON.stringify(fields.map((field) => row[field] ?? null))}`;
}

function part(entityType: string, table: string, name: string, extra: Json = {}): Json {
  const shapes: Record<string, Json> = {
    columns: { type: 'text', notNull: false, dimensions: 0, default: null, typeSchema: null, generated: null, identity: null },
    indexes: { columns: [{ value: 'c0', isExpression: false, asc: true, nullsFirst: false, opclass: null }], isUnique: false, concurrently: false, method: 'btree', where: null },
    pks: { columns: ['c0'] },
    uniques: { columns: ['c1'], nullsNotDistinct: false },
    fks: { columns: ['c1'], schemaTo: 'public', tableTo: 't0', columnsTo: ['c0'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' },
    checks: { value: 'c0 > 0' },
  };
  return { entityType, schema: 'public', table, name, ...shapes[entityType], ...extra };
}

/** A base snapshot and `steps` diffs of random deltas against the rows they would meet. */
function randomHistory(seed: number, steps: number): V9Snapshot[] {
  const random = seededRandom(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const tables = ['t0', 't1', 't2', 't3'];
  const live = new Map<string, Json>();
  const base: Json[] = [{ entityType: 'tables', schema: 'public', name: 't0' }, part('columns', 't0', 'c0'), part('columns', 't0', 'c1'), { entityType: 'enums', schema: 'public', name: 'e0', values: ['a', 'b'] }];
  for (const row of base) live.set(keyOf(row), row);
  const history: V9Snapshot[] = [{ folder: 's000', json: { version: '9', dialect: 'postgres', id: 'id0', prevIds: [ZERO_ID], type: 'base', ddl: base } }];
  for (let step = 1; step <= steps; step++) {
    const deltas: Json[] = [];
    for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
      const existing = [...live.entries()];
      const choice = random();
      let delta: Json;
      if (choice < 0.3 || existing.length === 0) {
        const kind = pick(['tables', 'enums', 'columns', 'columns', 'indexes', 'pks', 'uniques', 'fks', 'checks']);
        let row: Json =
          kind === 'tables' ? { entityType: 'tables', schema: 'public', name: pick(tables) } : kind === 'enums' ? { entityType: 'enums', schema: 'public', name: pick(['e0', 'e1']), values: ['a', pick(['b', 'c'])] } : part(kind, pick(tables), pick(['c0', 'c1', 'c2', 'i0']));
        if (random() < 0.05) row = { ...row, [kind === 'tables' || kind === 'enums' ? 'name' : 'table']: 7 };
        delta = { op: 'create', row };
        live.set(keyOf(row), row);
      } else if (choice < 0.4) {
        // Created again over an existing row: same identity, other content.
        const [key, row] = pick(existing);
        const again = { ...row, notNull: true, values: ['a', `again${step}`] };
        delta = { op: 'create', row: again };
        live.set(key, again);
      } else {
        const [key, row] = pick(existing);
        const action = random();
        if (action < 0.3) {
          delta = { op: 'drop', key };
          live.delete(key);
        } else {
          const set: Json =
            action < 0.45 && (row.entityType === 'tables' || row.entityType === 'columns')
              ? { name: `${String(row.name)}_r${step}` }
              : row.entityType === 'enums'
                ? { values: ['a', 'b', `v${step}`] }
                : row.entityType === 'columns'
                  ? { type: pick(['text', 'integer', 'varchar(20)']), notNull: random() < 0.5 }
                  : row.entityType === 'tables'
                    ? { isRlsEnabled: random() < 0.5 }
                    : { name: row.name };
          const op = 'name' in set && set.name !== row.name ? 'rename' : 'alter';
          delta = { op, key, set };
          const next = { ...row };
          for (const [field, value] of Object.entries(set)) if (field in row) next[field] = value;
          // A rename moves the rows that refer to it; the store does that, this list only needs keys.
          live.delete(key);
          if (op === 'rename') {
            for (const [otherKey, other] of [...live]) {
              if (row.entityType === 'tables' && other.table === row.name) {
                live.delete(otherKey);
                const moved = { ...other, table: next.name };
                live.set(keyOf(moved), moved);
              }
            }
          }
          live.set(keyOf(next), next);
        }
      }
      deltas.push(delta);
    }
    const id = `id${step}`;
    history.push({ folder: `s${String(step).padStart(3, '0')}`, json: { version: '9', dialect: 'postgres', id, prevIds: [`id${step - 1}`], type: 'diff', deltas } });
  }
  return history;
}

/** A table with its maps as ordered entry lists: `toEqual` alone ignores the order of a Map. */
function ordered(table: TableModel | undefined): unknown {
  if (!table) return table;
  return Object.fromEntries(Object.entries(table).map(([field, value]) => [field, value instanceof Map ? [...value.entries()] : value]));
}

function lookupOrError(read: () => SchemaLookup): SchemaLookup | Error {
  try {
    return read();
  } catch (error) {
    return error as Error;
  }
}

describe('the v9 replay groups rows by table as ddlLookup does', () => {
  it.each(Array.from({ length: 40 }, (_, i) => [i + 1]))('random history %i: every prefix, asked in order', (seed) => {
    clearAllCaches();
    const history = randomHistory(seed, 25);
    let checked = 0;
    const unread: { lookup: SchemaLookup; expected: SchemaLookup; keys: string[]; count: number }[] = [];
    const expectSame = (actual: SchemaLookup, expected: SchemaLookup, keys: string[], label: string) => {
      for (const key of keys) expect(ordered(actual.table(key)), `${label}: ${key}`).toEqual(ordered(expected.table(key)));
      for (const key of ['public.e0', 'public.e1']) expect(actual.enum(key), `${label}: ${key}`).toEqual(expected.enum(key));
    };
    for (let count = 1; count <= history.length; count++) {
      const prefix = history.slice(0, count);
      let rows: Json[];
      try {
        rows = replayV9(prefix);
      } catch {
        continue;
      }
      const expected = lookupOrError(() => ddlLookup(rows));
      const actual = lookupOrError(() => replayV9Lookup(prefix));
      expect(actual instanceof Error, `${count} snapshots`).toBe(expected instanceof Error);
      checked++;
      if (actual instanceof Error || expected instanceof Error) continue;
      const keys = ['t0', 't1', 't2', 't3', 'nope', ...rows.filter((row) => row.entityType === 'tables' && typeof row.name === 'string').map((row) => String(row.name))].map((name) => `public.${name}`);
      expectSame(actual, expected, keys, `${count} snapshots`);
      // A second lookup of the same state, first read only once every later diff has been replayed.
      unread.push({ lookup: replayV9Lookup(prefix), expected, keys, count });
    }
    expect(checked).toBeGreaterThan(5);
    for (const { lookup, expected, keys, count } of unread) expectSame(lookup, expected, keys, `${count} snapshots, read after the last`);
  });
});
