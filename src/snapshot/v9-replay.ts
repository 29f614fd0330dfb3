/**
 * drizzle-kit 1.0.0-rc.5 (postgres snapshot v9) keeps the full schema only in the first snapshot
 * (`type: "base"`, `ddl`); every later one holds `deltas` against its parent (`prevIds[0]`). The state
 * is rebuilt like drizzle-kit's own `reconstruct`: find the single leaf of the id → prevIds DAG, then
 * replay base ddl + deltas along its path. Renames cascade to dependent rows, as drizzle-kit's store does.
 */
import { registerCache } from '../core/cache.js';
import type { SchemaLookup } from '../core/schema-lookup.js';
import { ddlLookup, enumOfRow, TABLE_PARTS, tableKeyOfRow, tableRowsLookup, type TableRows } from './ddl.js';
import { tableKey, type EnumModel } from '../core/schema-model.js';
import { arrayAt, isObject, objectAt, SnapshotFormatError, stringAt, stringsAt, type Json } from './shape.js';

export interface V9Snapshot {
  /** Folder name (for messages). */
  folder: string;
  json: Json;
}

const ZERO_ID = '00000000-0000-0000-0000-000000000000';

/** Identity fields of each entity type: a delta key is `<type>\0<JSON array of these values>`. */
const IDENTITY: Record<string, string[]> = {
  schemas: ['name'],
  roles: ['name'],
  tables: ['schema', 'name'],
  enums: ['schema', 'name'],
  sequences: ['schema', 'name'],
  views: ['schema', 'name'],
  privileges: ['grantor', 'grantee', 'schema', 'table', 'type'],
};
/** Entity types the model reads: an unknown key for them means a broken history. */
const MODELLED = new Set(['schemas', 'tables', 'enums', 'columns', 'indexes', 'pks', 'uniques', 'fks', 'checks']);

function keyOf(row: Json): string {
  const type = String(row.entityType);
  const fields = IDENTITY[type] ?? ['schema', 'table', 'name'].filter((field) => field in row);
  return `${type}\u0000${JSON.stringify(fields.map((field) => row[field] ?? null))}`;
}

/** The snapshot every other one descends from and nobody names as a parent. Throws on 0 or several. */
export function findLeaf(snapshots: V9Snapshot[]): V9Snapshot {
  const parents = new Set(snapshots.flatMap((s) => stringsAt(s.json.prevIds, `${s.folder}: prevIds`)));
  const leaves = snapshots.filter((s) => !parents.has(String(s.json.id)));
  if (leaves.length === 1) return leaves[0];
  if (leaves.length === 0) throw new SnapshotFormatError('the snapshots form a cycle: every snapshot is the parent of another');
  throw new SnapshotFormatError(
    `the migration history has ${leaves.length} unmerged branches ending in ${leaves.map((l) => `\`${l.folder}\``).join(' and ')}; merge them with drizzle-kit generate first`,
  );
}

export function replayV9(snapshots: V9Snapshot[]): Json[] {
  return replay(snapshots).rows();
}

/**
 * The last replay, kept to be extended: linting a 1.0 RC folder asks for the state before each
 * migration in turn, each one snapshot further along the same path. Keyed by the snapshots' JSON
 * objects (a changed file is a new object), so only an unchanged prefix is reused.
 */
let lastReplay: { path: Json[]; state: RowStore } | undefined;
/**
 * The lookup of each state a linear replay passed through, by its leaf snapshot (and base). ESLint reads a
 * folder's files concurrently and lints each as its read completes, so the migrations do not come strictly
 * in order; without these, asking for an earlier state would replay the whole history again. A lookup
 * costs a copy of the table map (the rows are shared), and the least recently used beyond the limit go.
 */
const passedStates = new Map<Json, { base: Json; lookup: SchemaLookup }>();
export const PASSED_STATES_KEPT = 256;
registerCache(() => {
  lastReplay = undefined;
  passedStates.clear();
});

/**
 * `ddlToModel(replayV9(snapshots))` for lookups (see `ddlLookup`), continuing the previous call's replay
 * when its path is a prefix of this one (no merge on either): O(new diffs) per migration, not O(history).
 */
export function replayV9Lookup(snapshots: V9Snapshot[]): SchemaLookup {
  const leafPath = pathToLeaf(snapshots);
  const { base, path } = leafPath;
  const jsons = [base.json, ...path.map((snapshot) => snapshot.json)];
  const linear = path.every((snapshot) => Array.isArray(snapshot.json.prevIds) && snapshot.json.prevIds.length === 1);
  const [baseJson, leafJson] = [jsons[0], jsons[jsons.length - 1]];
  const passed = linear ? passedStates.get(leafJson) : undefined;
  if (passed?.base === baseJson) return passed.lookup;
  const previous = lastReplay;
  lastReplay = undefined;
  const remember = linear ? (snapshot: V9Snapshot, state: RowStore) => rememberPassed(baseJson, snapshot.json, state) : undefined;
  let state: RowStore;
  if (linear && previous && previous.path.length <= jsons.length && previous.path.every((json, i) => json === jsons[i])) {
    state = previous.state;
    for (const snapshot of path.slice(previous.path.length - 1)) {
      state.apply(snapshot);
      remember!(snapshot, state);
    }
  } else {
    state = replay(snapshots, leafPath, false, remember);
  }
  if (linear) lastReplay = { path: jsons, state };
  // The store replaces rows instead of editing them: the rows handed out stay as they are now.
  return passedStates.get(leafJson)?.lookup ?? state.lookup();
}

/** States remembered (tests check the bound). */
export function passedStateCount(): number {
  return passedStates.size;
}

function rememberPassed(base: Json, leaf: Json, state: RowStore): void {
  let lookup: SchemaLookup;
  try {
    lookup = state.lookup();
  } catch {
    // A state with a row the model refuses has no lookup: asking for it replays again, and fails the same way.
    return;
  }
  passedStates.delete(leaf);
  passedStates.set(leaf, { base, lookup });
  if (passedStates.size > PASSED_STATES_KEPT) passedStates.delete(passedStates.keys().next().value as Json);
}

/**
 * The state a merge snapshot (several `prevIds`) starts from: its parents' branches replayed and merged
 * as drizzle-kit's reconstruct does, without the merge snapshot's own deltas. `snapshots` ends with it.
 */
export function replayV9BeforeMerge(snapshots: V9Snapshot[]): SchemaLookup {
  return ddlLookup(replay(snapshots, pathToLeaf(snapshots), true).rows());
}

function replay(snapshots: V9Snapshot[], { base, path, lookup } = pathToLeaf(snapshots), withoutLeafDeltas = false, applied?: (snapshot: V9Snapshot, state: RowStore) => void): RowStore {
  const state = new RowStore(arrayAt(base.json.ddl, `${base.folder}: ddl`).map((r, i) => objectAt(r, `${base.folder}: ddl[${i}]`)));
  for (const snapshot of path) {
    const prevIds = stringsAt(snapshot.json.prevIds, `${snapshot.folder}: prevIds`);
    if (prevIds.length > 1) {
      // A merge: also apply the diffs only the other parents' branches contain (as drizzle-kit's reconstruct).
      const known = historyOf([prevIds[0]], lookup, new Set());
      const others = historyOf(prevIds.slice(1), lookup, known);
      for (const s of snapshots) if (others.has(String(s.json.id)) && s.json.type === 'diff') state.apply(s);
    }
    if (withoutLeafDeltas && snapshot === path[path.length - 1]) continue;
    state.apply(snapshot);
    applied?.(snapshot, state);
  }
  return state;
}

/** The base snapshot and the diffs from it to the leaf, in replay order. */
function pathToLeaf(snapshots: V9Snapshot[]): { base: V9Snapshot; path: V9Snapshot[]; lookup: (id: string, child: string) => V9Snapshot } {
  const byId = new Map<string, V9Snapshot>();
  for (const s of snapshots) byId.set(stringAt(s.json.id, `${s.folder}: id`), s);
  const lookup = (id: string, child: string): V9Snapshot => {
    const found = byId.get(id);
    if (!found) throw new SnapshotFormatError(`snapshot \`${child}\` names the missing parent ${id}`);
    return found;
  };
  const path: V9Snapshot[] = [];
  let current = findLeaf(snapshots);
  while (current.json.type === 'diff') {
    if (path.includes(current)) throw new SnapshotFormatError(`the snapshots form a cycle through \`${current.folder}\``);
    path.push(current);
    const parent = stringsAt(current.json.prevIds, `${current.folder}: prevIds`)[0];
    if (!parent || parent === ZERO_ID) throw new SnapshotFormatError(`\`${current.folder}\` is a diff with no parent: its history does not reach a base snapshot`);
    current = lookup(parent, current.folder);
  }
  if (current.json.type !== 'base') throw new SnapshotFormatError(`\`${current.folder}\` has unknown snapshot type ${JSON.stringify(current.json.type)}`);
  return { base: current, path: path.reverse(), lookup };
}

function historyOf(ids: string[], lookup: (id: string, child: string) => V9Snapshot, known: Set<string>): Set<string> {
  const found = new Set<string>();
  const stack = [...ids];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === ZERO_ID || found.has(id) || known.has(id)) continue;
    found.add(id);
    stack.push(...stringsAt(lookup(id, id).json.prevIds, `${id}: prevIds`));
  }
  return found;
}

/**
 * The replayed rows. A row object never changes once stored (an alter stores a new one), and the rows
 * are also kept grouped by table, each group replaced, never edited, when a row of it changes: a
 * lookup of the state so far copies the group map (one entry per table), not every row.
 */
class RowStore {
  private byKey = new Map<string, Json>();
  private tables = new Map<string, TableRows>();
  private enums = new Map<string, EnumModel>();
  /** Rows `ddlLookup` would refuse (a table, enum or table part without string names), with why: a lookup throws while any is here. */
  private malformed = new Map<Json, unknown>();

  constructor(rows: Json[]) {
    for (const row of rows) this.byKey.set(keyOf(row), { ...row });
    this.regroup();
  }

  rows(): Json[] {
    return [...this.byKey.values()];
  }

  /** The state now, as `ddlLookup(this.rows())` gives it. */
  lookup(): SchemaLookup {
    for (const error of this.malformed.values()) throw error;
    const enums = new Map<string, EnumModel>();
    for (const value of this.enums.values()) enums.set(tableKey(value.schema, value.name), value);
    return tableRowsLookup(new Map(this.tables), enums);
  }

  apply(snapshot: V9Snapshot): void {
    arrayAt(snapshot.json.deltas, `${snapshot.folder}: deltas`).forEach((raw, i) => {
      const delta = objectAt(raw, `${snapshot.folder}: deltas[${i}]`);
      const where = `${snapshot.folder}: deltas[${i}]`;
      if (delta.op === 'create') {
        const row = { ...objectAt(delta.row, `${where}.row`) };
        const key = keyOf(row);
        const replaced = this.byKey.get(key);
        this.byKey.set(key, row);
        // A row created over an existing one keeps its place, as in the map of rows.
        if (replaced) this.ungroup(key, replaced, row);
        else this.group(key, row);
        return;
      }
      const key = stringAt(delta.key, `${where}.key`);
      const row = this.byKey.get(key);
      if (!row) {
        if (MODELLED.has(key.split('\u0000')[0])) throw new SnapshotFormatError(`${where} targets ${key.replace('\u0000', ' ')}, which does not exist at that point`);
        return;
      }
      if (delta.op === 'drop') {
        this.byKey.delete(key);
        this.ungroup(key, row);
      } else if (delta.op === 'alter' || delta.op === 'rename') this.update(key, row, objectAt(delta.set, `${where}.set`));
      else throw new SnapshotFormatError(`${where} has unknown op ${JSON.stringify(delta.op)}`);
    });
  }

  private update(key: string, row: Json, set: Json): void {
    const next = { ...row };
    for (const [field, value] of Object.entries(set)) if (field in row) next[field] = value;
    this.byKey.set(key, next);
    if (keyOf(next) === key) {
      this.ungroup(key, row, next);
      return;
    }
    const rows = this.rows().map((other) => (other === next ? next : renamed(other, row, next)));
    this.byKey = new Map(rows.map((other) => [keyOf(other), other]));
    this.regroup();
  }

  private regroup(): void {
    this.tables = new Map();
    this.enums = new Map();
    this.malformed = new Map();
    for (const [key, row] of this.byKey) this.group(key, row);
  }

  /** Adds `row` at the end of its group; a row `ddlLookup` would refuse goes to `malformed` instead. */
  private group(key: string, row: Json): void {
    const type = String(row.entityType);
    if (type !== 'enums' && !isInTable(type)) return;
    let table: string;
    try {
      if (type === 'enums') {
        this.enums.set(key, enumOfRow(row));
        return;
      }
      table = tableKeyOfRow(row);
    } catch (error) {
      this.malformed.set(row, error);
      return;
    }
    const rows = this.tables.get(table);
    this.tables.set(table, type === 'tables' ? { row, parts: rows?.parts ?? [] } : { row: rows?.row, parts: [...(rows?.parts ?? []), row] });
  }

  /** Takes `row` out of its group, or puts `next` in its place (an alter keeps a row's place). */
  private ungroup(key: string, row: Json, next?: Json): void {
    const type = String(row.entityType);
    // A refused row, an enum, or a row the model does not read is in no table's group.
    if (this.malformed.delete(row) || !isInTable(type)) {
      if (type === 'enums' && !next) this.enums.delete(key);
      if (next) this.group(key, next);
      return;
    }
    const table = tableKeyOfRow(row);
    const rows = this.tables.get(table)!;
    if (type === 'tables') {
      if (next) this.tables.set(table, { row: next, parts: rows.parts });
      else if (rows.parts.length > 0) this.tables.set(table, { parts: rows.parts });
      else this.tables.delete(table);
      return;
    }
    const parts = next ? rows.parts.map((part) => (part === row ? next : part)) : rows.parts.filter((part) => part !== row);
    this.tables.set(table, { row: rows.row, parts });
  }
}

/** A `tables` row, or a row that belongs to a table. */
function isInTable(type: string): boolean {
  return type === 'tables' || TABLE_PARTS.has(type);
}

/** `row` with its references to a renamed schema, table, column or enum moved (drizzle-kit's store edges); the same object when none. */
function renamed(row: Json, before: Json, after: Json): Json {
  const type = before.entityType;
  const changes: Json = {};
  if (type === 'schemas') {
    if (row.schema === before.name) changes.schema = after.name;
    if (row.schemaTo === before.name) changes.schemaTo = after.name;
    if (row.typeSchema === before.name) changes.typeSchema = after.name;
  } else if (type === 'tables') {
    if (row.schema === before.schema && row.table === before.name) Object.assign(changes, { schema: after.schema, table: after.name });
    if (row.entityType === 'fks' && row.schemaTo === before.schema && row.tableTo === before.name) Object.assign(changes, { schemaTo: after.schema, tableTo: after.name });
  } else if (type === 'enums') {
    if (row.entityType === 'columns' && row.typeSchema === before.schema && row.type === before.name) Object.assign(changes, { typeSchema: after.schema, type: after.name });
  } else if (type === 'columns') {
    Object.assign(changes, renamedColumnReferences(row, before, String(after.name)));
  }
  return Object.keys(changes).length > 0 ? { ...row, ...changes } : row;
}

function renamedColumnReferences(row: Json, column: Json, to: string): Json {
  const changes: Json = {};
  const from = column.name;
  const rename = (names: unknown) => (Array.isArray(names) ? names.map((n) => (n === from ? to : n)) : names);
  const sameTable = row.schema === column.schema && row.table === column.table;
  if (sameTable && (row.entityType === 'pks' || row.entityType === 'uniques' || row.entityType === 'fks')) changes.columns = rename(row.columns);
  if (sameTable && row.entityType === 'indexes' && Array.isArray(row.columns)) {
    changes.columns = row.columns.map((c) => (isObject(c) && !c.isExpression && c.value === from ? { ...c, value: to } : c));
  }
  if (row.entityType === 'fks' && row.schemaTo === column.schema && row.tableTo === column.table) changes.columnsTo = rename(row.columnsTo);
  return changes;
}
