/**
 * What changed between the last drizzle-kit snapshot (`before`) and the schema code (`after`).
 *
 * Matching decisions (the baseline has no TypeScript names, so renames are inferred the way
 * drizzle-kit's own "created or renamed?" prompt would see them):
 * - Tables match by key (`schema.name`). A table missing from `after` plus a new table whose
 *   columns are (nearly) the same is ONE table rename; column similarity is the only signal the
 *   baseline offers. A partial `after` model never yields dropped or renamed tables.
 * - Columns match by database name. Within one table, a dropped column and an added column form
 *   ONE possible rename (drizzle-kit prompts for exactly this case); pairs prefer equal types.
 *   A partial table (or one with a column of unknown name) never yields dropped columns.
 * - An enum gone from `after` and a new enum that columns of a kept table moved to form ONE possible
 *   enum rename (drizzle-kit asks "created or renamed?" about it); never when `after.partial`.
 * - A field recorded in `unknown` never yields a change.
 * - An index, foreign key or unique constraint whose generated name changed with a renamed column keeps
 *   its snapshot name when both sides record the name as generated (drizzle-kit 1.x; see `keptGeneratedNames`),
 *   and so does a foreign key whose referenced table or column is renamed (`followReferencedRenames`).
 * - A foreign key, unique or check constraint kept under its name but with another definition
 *   (columns, target, `onDelete`/`onUpdate`, expression) is dropped and re-added by drizzle-kit, so it
 *   is listed both as added (the re-add validates like a new one) and as re-created.
 */
import { diffEnums, pairRenamedEnums, type EnumChange, type EnumRename } from './enum-diff.js';
import { tableKey } from './schema-model.js';
import type {
  CheckConstraintModel,
  ColumnModel,
  DrizzleKitLine,
  ForeignKeyModel,
  IndexModel,
  SchemaModel,
  TableModel,
  UniqueConstraintModel,
} from './schema-model.js';

export interface SchemaDiff {
  /** Tables only in `after` (created in this change; rules leave them alone). */
  addedTables: TableModel[];
  /** Tables gone from the whole schema (never when `after.partial`). */
  droppedTables: TableModel[];
  renamedTables: TableRename[];
  /** Tables present on both sides (including renamed pairs), with their changes. */
  tables: TableDiff[];
  /**
   * The entries of `tables` with a change (every list of the others is empty), in the same order: a rule
   * looking for changes walks these, as the editor runs it over a 300-table schema on every keystroke.
   */
  changedTables: TableDiff[];
  /** Value changes of enums kept under their key or renamed. */
  changedEnums: EnumChange[];
  renamedEnums: EnumRename[];
}

export interface TableRename {
  before: TableModel;
  after: TableModel;
}

export interface TableDiff {
  before: TableModel;
  after: TableModel;
  addedColumns: ColumnModel[];
  droppedColumns: ColumnModel[];
  /** A drop + add pair drizzle-kit would ask "created or renamed?" about. */
  renamedColumns: ColumnRename[];
  changedColumns: ColumnChange[];
  addedIndexes: IndexModel[];
  droppedIndexes: IndexModel[];
  changedIndexes: IndexChange[];
  /** New foreign keys, including re-created ones (their `after`). */
  addedForeignKeys: ForeignKeyModel[];
  addedUniqueConstraints: UniqueConstraintModel[];
  addedCheckConstraints: CheckConstraintModel[];
  /** Same name, other definition: drizzle-kit writes `DROP CONSTRAINT` then `ADD CONSTRAINT`. */
  recreatedForeignKeys: Pair<ForeignKeyModel>[];
  recreatedUniqueConstraints: Pair<UniqueConstraintModel>[];
  recreatedCheckConstraints: Pair<CheckConstraintModel>[];
  /**
   * drizzle-kit 1.x: an index or constraint that keeps its generated snapshot name (see `keptGeneratedNames`),
   * mapped to its partner on the other side; so the name in the database of a schema object is its partner's. Absent when none.
   */
  keptNames?: KeptNames;
}

export interface ColumnRename {
  before: ColumnModel;
  after: ColumnModel;
  /** The TS key stayed the same and only the explicit DB name changed: almost surely a rename. */
  sameKey: boolean;
  /** Type, nullability or default changed along with the name. */
  change?: ColumnChange;
}

export interface ColumnChange {
  before: ColumnModel;
  after: ColumnModel;
  typeChanged: boolean;
  notNullAdded: boolean;
  notNullDropped: boolean;
  defaultChanged: boolean;
}

export interface IndexChange {
  before: IndexModel;
  after: IndexModel;
  /** `.concurrently()` added or removed (drizzle-kit 0.31 then drops and re-creates the index). */
  concurrentlyToggled: boolean;
  /** Columns, uniqueness, method or `where` changed: drizzle-kit drops and re-creates the index. */
  definitionChanged: boolean;
}

export interface Pair<T> {
  before: T;
  after: T;
}

/** Share of `name type` column signatures two tables must have in common to count as one renamed table. */
const TABLE_RENAME_SIMILARITY = 0.75;

export function diffSchemas(before: SchemaModel, after: SchemaModel): SchemaDiff {
  // The editor diffs a 300-table schema on every keystroke: `forEach` allocates no [key, value]
  // entry per table, as spreading or `for…of` over the maps did.
  const missing: TableModel[] = [];
  before.tables.forEach((table, key) => {
    if (!after.tables.has(key)) missing.push(table);
  });
  const added: TableModel[] = [];
  const tables: TableDiff[] = [];
  after.tables.forEach((table, key) => {
    const old = before.tables.get(key);
    if (old) tables.push(diffTable(old, table));
    else added.push(table);
  });
  const renamedTables = after.partial || missing.length === 0 || added.length === 0 ? [] : pairRenamedTables(missing, added);
  for (const rename of renamedTables) tables.push(diffTable(rename.before, rename.after));
  followReferencedRenames(tables, renamedTables);
  const renamedBefore = new Set(renamedTables.map((r) => r.before));
  const renamedAfter = new Set(renamedTables.map((r) => r.after));
  const enumPairs = after.partial ? [] : pairRenamedEnums(before, after, tables);
  const changedEnums = diffEnums(before, after, enumPairs);

  return {
    addedTables: renamedAfter.size === 0 ? added : added.filter((t) => !renamedAfter.has(t)),
    droppedTables: after.partial ? [] : renamedBefore.size === 0 ? missing : missing.filter((t) => !renamedBefore.has(t)),
    renamedTables,
    tables,
    changedTables: tables.filter((table) => !unchangedDiffs.has(table)),
    changedEnums,
    renamedEnums: enumPairs.map((pair) => {
      const change = changedEnums.find((c) => c.before === pair.before);
      return { ...pair, recreated: change !== undefined && (change.removedValues.length > 0 || change.reordered) };
    }),
  };
}

function pairRenamedTables(missing: TableModel[], added: TableModel[]): TableRename[] {
  const renames: TableRename[] = [];
  const free = new Set(added);
  for (const old of missing) {
    let best: TableModel | undefined;
    let bestScore = TABLE_RENAME_SIMILARITY;
    for (const candidate of free) {
      const score = columnSimilarity(old, candidate);
      if (score >= bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    if (best) {
      free.delete(best);
      renames.push({ before: old, after: best });
    }
  }
  return renames;
}

function columnSimilarity(a: TableModel, b: TableModel): number {
  const signature = (c: ColumnModel) => `${c.name} ${c.type}`;
  const left = new Set([...a.columns.values()].map(signature));
  const right = new Set([...b.columns.values()].map(signature));
  const size = Math.max(left.size, right.size);
  if (size === 0) return 0;
  let shared = 0;
  for (const s of left) if (right.has(s)) shared++;
  return shared / size;
}

/**
 * Per table pair: the baseline's models live as long as the baseline, and the reader keeps an
 * unchanged table's model object (src/schema/table-model-memo.ts), so an edit re-diffs one table.
 */
const tableDiffs = new WeakMap<TableModel, WeakMap<TableModel, TableDiff>>();

function diffTable(before: TableModel, after: TableModel): TableDiff {
  let byBefore = tableDiffs.get(after);
  if (!byBefore) tableDiffs.set(after, (byBefore = new WeakMap()));
  let diff = byBefore.get(before);
  if (!diff) byBefore.set(before, (diff = tableUnchanged(before, after) ? unchangedTableDiff(before, after) : computeTableDiff(before, after)));
  return diff;
}

/**
 * True only when `computeTableDiff` finds nothing: the same column, index and constraint names, each
 * unchanged. Most tables of a schema are, and a cold lint diffs every one once: this small check is all
 * V8 has to compile for them, where compiling `computeTableDiff` cost more than the diffs themselves.
 */
export function tableUnchanged(before: TableModel, after: TableModel): boolean {
  if (before.columns.size !== after.columns.size) return false;
  for (const column of after.columns.values()) {
    const old = before.columns.get(column.name);
    if (!old || diffColumn(old, column)) return false;
  }
  if (before.indexes.size !== after.indexes.size) return false;
  for (const index of after.indexes.values()) {
    const old = before.indexes.get(index.name);
    if (!old || diffIndex(old, index)) return false;
  }
  return (
    sameConstraints(before.foreignKeys, after.foreignKeys, sameForeignKey) &&
    sameConstraints(before.uniqueConstraints, after.uniqueConstraints, sameUnique) &&
    sameConstraints(before.checkConstraints, after.checkConstraints, sameCheck)
  );
}

/** The same names, and under each name a constraint `constraintChanges` would not list. */
function sameConstraints<T extends { name: string; unknown?: { name?: string } }>(before: Map<string, T>, after: Map<string, T>, same: (a: T, b: T) => boolean): boolean {
  if (before.size !== after.size) return false;
  for (const constraint of after.values()) {
    const old = before.get(constraint.name);
    if (!old || (!constraint.unknown?.name && !same(old, constraint))) return false;
  }
  return true;
}

/** What `computeTableDiff` returns for an unchanged table (the lists are shared and frozen). */
/** Diffs that `tableUnchanged` let through: nothing in them changed. */
const unchangedDiffs = new WeakSet<TableDiff>();

function unchangedTableDiff(before: TableModel, after: TableModel): TableDiff {
  const diff: TableDiff = {
    before,
    after,
    addedColumns: NONE,
    droppedColumns: NONE,
    renamedColumns: NONE,
    changedColumns: NONE,
    addedIndexes: NONE,
    droppedIndexes: NONE,
    changedIndexes: NONE,
    addedForeignKeys: NONE,
    addedUniqueConstraints: NONE,
    addedCheckConstraints: NONE,
    recreatedForeignKeys: NONE,
    recreatedUniqueConstraints: NONE,
    recreatedCheckConstraints: NONE,
  };
  unchangedDiffs.add(diff);
  return diff;
}

const NONE = Object.freeze([]) as never[];

export function computeTableDiff(before: TableModel, after: TableModel): TableDiff {
  const added: ColumnModel[] = [];
  let canSeeDrops = !after.partial;
  for (const column of after.columns.values()) {
    if (!before.columns.has(column.name)) added.push(column);
    if (column.unknown?.name) canSeeDrops = false;
  }
  const dropped: ColumnModel[] = [];
  if (canSeeDrops) for (const column of before.columns.values()) if (!after.columns.has(column.name)) dropped.push(column);
  const renamedColumns = dropped.length === 0 || added.length === 0 ? [] : pairRenamedColumns(dropped, added);
  const renamedBefore = new Set(renamedColumns.map((r) => r.before));
  const renamedAfter = new Set(renamedColumns.map((r) => r.after));

  const changedColumns: ColumnChange[] = [];
  for (const column of after.columns.values()) {
    const old = before.columns.get(column.name);
    const change = old && diffColumn(old, column);
    if (change) changedColumns.push(change);
  }

  const kept = keptGeneratedNames(before, after, renamedColumns);
  const indexes = diffIndexes(before.indexes, after.indexes, after.partial, kept);
  const foreignKeys = constraintChanges(before.foreignKeys, after.foreignKeys, sameForeignKey, kept);
  const uniques = constraintChanges(before.uniqueConstraints, after.uniqueConstraints, sameUnique, kept);
  const checks = constraintChanges(before.checkConstraints, after.checkConstraints, sameCheck, NOTHING_KEPT);
  return {
    before,
    after,
    addedColumns: renamedAfter.size === 0 ? added : added.filter((c) => !renamedAfter.has(c)),
    droppedColumns: renamedBefore.size === 0 ? dropped : dropped.filter((c) => !renamedBefore.has(c)),
    renamedColumns,
    changedColumns,
    addedIndexes: indexes.added,
    droppedIndexes: indexes.dropped,
    changedIndexes: indexes.changed,
    addedForeignKeys: foreignKeys.added,
    addedUniqueConstraints: uniques.added,
    addedCheckConstraints: checks.added,
    recreatedForeignKeys: foreignKeys.recreated,
    recreatedUniqueConstraints: uniques.recreated,
    recreatedCheckConstraints: checks.recreated,
    ...(kept.size > 0 && { keptNames: kept }),
  };
}

function pairRenamedColumns(dropped: ColumnModel[], added: ColumnModel[]): ColumnRename[] {
  const renames: ColumnRename[] = [];
  const free = [...added];
  const take = (old: ColumnModel, pick: (c: ColumnModel) => boolean) => {
    const index = free.findIndex(pick);
    if (index < 0) return false;
    const [column] = free.splice(index, 1);
    renames.push({ before: old, after: column, sameKey: column.source?.key === old.name, change: diffColumn(old, column) });
    return true;
  };
  const left: ColumnModel[] = [];
  // First the strongest evidence (same TS key), then equal types, then declaration order.
  for (const old of dropped) if (!take(old, (c) => c.source?.key === old.name)) left.push(old);
  const rest: ColumnModel[] = [];
  for (const old of left) if (!take(old, (c) => c.type === old.type && !c.unknown?.type)) rest.push(old);
  for (const old of rest) take(old, () => true);
  return renames;
}

/**
 * The column changes drizzle-kit writes for a table. Answered "rename", drizzle-kit 1.x also alters the renamed
 * column after its `RENAME COLUMN`; 0.31 writes the rename alone (https://github.com/drizzle-team/drizzle-orm/issues/3826).
 */
export function columnChangesWritten({ changedColumns, renamedColumns }: TableDiff, kit: DrizzleKitLine): ColumnChange[] {
  if (kit !== '1.x' || !renamedColumns.some((r) => r.change)) return changedColumns;
  return [...changedColumns, ...renamedColumns.flatMap((r) => (r.change ? [r.change] : []))];
}

const NOTHING_UNKNOWN: NonNullable<ColumnModel['unknown']> = Object.freeze({});

function diffColumn(before: ColumnModel, after: ColumnModel): ColumnChange | undefined {
  const unknown = after.unknown ?? NOTHING_UNKNOWN;
  const typeChanged = !unknown.type && ((before.type !== after.type && normaliseType(before.type) !== normaliseType(after.type)) || otherTypeSchema(before, after));
  const notNullKnown = !unknown.notNull;
  const notNullAdded = notNullKnown && !before.notNull && after.notNull;
  const notNullDropped = notNullKnown && before.notNull && !after.notNull;
  const defaultChanged = !unknown.default && (before.default ?? '') !== (after.default ?? '');
  if (!typeChanged && !notNullAdded && !notNullDropped && !defaultChanged) return undefined;
  return { before, after, typeChanged, notNullAdded, notNullDropped, defaultChanged };
}

/**
 * The same type name in two schemas. A side without one is the same enum: drizzle-kit 0.31 records no
 * `typeSchema` for a `pgEnum(name, object)` column, and writes no `ALTER COLUMN … TYPE` when only that changes.
 */
export function otherTypeSchema(before: ColumnModel, after: ColumnModel): boolean {
  return before.typeSchema !== undefined && after.typeSchema !== undefined && before.typeSchema !== after.typeSchema;
}

export function normaliseType(type: string): string {
  return type.trim().toLowerCase().replace(/\s*\(\s*/g, '(').replace(/\s*,\s*/g, ',').replace(/\s*\)/g, ')').replace(/\s+/g, ' ');
}

/** Indexes and constraints on either side that drizzle-kit 1.x matches up under the snapshot's generated name. */
/** Each kept index or constraint, on either side, mapped to its partner on the other side. */
type KeptNames = ReadonlyMap<object, { name: string }>;
const NOTHING_KEPT: KeptNames = new Map();

/**
 * drizzle-kit 1.x keeps a generated name: a snapshot index, foreign key or unique constraint whose name was
 * generated, and exactly one generated-name one in the schema with the same definition once renamed columns
 * are followed, are one object under the snapshot's name (`preserveEntityNames` in drizzle-kit's `ddlDiff`).
 * So renaming `user_id` to `reference_id` writes the `RENAME COLUMN` alone, and `keys_user_id_index` keeps
 * its name. 0.31 has no such step (its snapshots record no `nameExplicit`): it drops and re-creates them.
 */
function keptGeneratedNames(before: TableModel, after: TableModel, renamedColumns: ColumnRename[]): KeptNames {
  let kept: Map<object, { name: string }> | undefined;
  const renamed = renamedColumns.length === 0 ? undefined : new Map(renamedColumns.map((r) => [r.before.name, r.after.name]));
  const follow = (name: string) => renamed?.get(name) ?? name;
  const pair = <T extends { name: string; nameExplicit?: boolean; unknown?: object }>(olds: Map<string, T>, news: Map<string, T>, same: (a: T, b: T) => boolean) => {
    for (const old of olds.values()) {
      if (old.nameExplicit !== false || news.has(old.name)) continue;
      let match: T | undefined;
      let count = 0;
      for (const candidate of news.values()) {
        if (candidate.nameExplicit === false && !candidate.unknown && !olds.has(candidate.name) && same(old, candidate) && ++count === 1) match = candidate;
      }
      if (count === 1) (kept ??= new Map()).set(old, match!).set(match!, old);
    }
  };
  pair(before.indexes, after.indexes, (a, b) => !indexDefinitionChanged(a, b, follow) && a.concurrently === b.concurrently);
  // A self-reference names the renamed columns on both ends.
  pair(before.foreignKeys, after.foreignKeys, (a, b) =>
    sameForeignKey({ ...a, columns: a.columns.map(follow), foreignColumns: a.foreignTable === before.name ? a.foreignColumns.map(follow) : a.foreignColumns }, b),
  );
  pair(before.uniqueConstraints, after.uniqueConstraints, (a, b) => sameUnique({ ...a, columns: a.columns.map(follow) }, b));
  return kept ?? NOTHING_KEPT;
}

/**
 * `keptGeneratedNames` across tables: drizzle-kit 1.x also keeps a generated foreign key name when the table or
 * column the key references is renamed (`keys_user_id_users_id_fkey` stays after `users` → `accounts`, and the
 * `RENAME` is written alone). One table's diff cannot see another's renames, so those keys are paired here,
 * and only the table diffs that change are replaced (the per-pair memo keeps the others).
 */
function followReferencedRenames(tables: TableDiff[], renamedTables: TableRename[]): void {
  const renamedTargets = new Map<string, { table: TableModel; columns?: Map<string, string> }>();
  for (const { before, after } of renamedTables) renamedTargets.set(tableKey(before.schema, before.name), { table: after });
  for (const diff of tables) {
    if (diff.renamedColumns.length === 0) continue;
    const key = tableKey(diff.before.schema, diff.before.name);
    const columns = new Map(diff.renamedColumns.map((r) => [r.before.name, r.after.name]));
    renamedTargets.set(key, { table: renamedTargets.get(key)?.table ?? diff.after, columns });
  }
  if (renamedTargets.size === 0) return;
  tables.forEach((diff, i) => {
    if (diff.addedForeignKeys.length === 0) return;
    let kept: Map<object, { name: string }> | undefined;
    const own = renamedTargets.get(tableKey(diff.before.schema, diff.before.name))?.columns;
    for (const old of diff.before.foreignKeys.values()) {
      const target = renamedTargets.get(tableKey(old.foreignSchema, old.foreignTable));
      if (!target || old.nameExplicit !== false || diff.after.foreignKeys.has(old.name) || diff.keptNames?.has(old)) continue;
      const followed: ForeignKeyModel = {
        ...old,
        columns: own ? old.columns.map((c) => own.get(c) ?? c) : old.columns,
        foreignSchema: target.table.schema,
        foreignTable: target.table.name,
        foreignColumns: target.columns ? old.foreignColumns.map((c) => target.columns!.get(c) ?? c) : old.foreignColumns,
      };
      const matches = diff.addedForeignKeys.filter((fk) => fk.nameExplicit === false && !fk.unknown && sameForeignKey(followed, fk));
      if (matches.length === 1) (kept ??= new Map(diff.keptNames)).set(old, matches[0]).set(matches[0], old);
    }
    if (kept) tables[i] = { ...diff, addedForeignKeys: diff.addedForeignKeys.filter((fk) => !kept!.has(fk)), keptNames: kept };
  });
}

/** Added (a name unknown to the reader never counts), dropped (never for a partial table) and changed indexes. */
function diffIndexes(before: Map<string, IndexModel>, after: Map<string, IndexModel>, afterPartial: boolean, kept: KeptNames) {
  const added: IndexModel[] = [];
  const changed: IndexChange[] = [];
  for (const [name, index] of after) {
    const old = before.get(name);
    if (!old) {
      if (!index.unknown?.name && !kept.has(index)) added.push(index);
      continue;
    }
    const change = diffIndex(old, index);
    if (change) changed.push(change);
  }
  const dropped: IndexModel[] = [];
  if (!afterPartial) for (const [name, index] of before) if (!after.has(name) && !kept.has(index)) dropped.push(index);
  return { added, dropped, changed };
}

/**
 * Added = no constraint of that name before and no identical one under another name; or the same name
 * with another definition (re-created: drizzle-kit drops and re-adds it, and the re-add validates).
 */
function constraintChanges<T extends { name: string; unknown?: { name?: string } }>(before: Map<string, T>, after: Map<string, T>, same: (a: T, b: T) => boolean, kept: KeptNames) {
  const added: T[] = [];
  const recreated: Pair<T>[] = [];
  for (const constraint of after.values()) {
    const previous = before.get(constraint.name);
    if (!previous) {
      if (!kept.has(constraint) && !someSame(before, constraint, same)) added.push(constraint);
    } else if (!constraint.unknown?.name && !same(previous, constraint)) {
      added.push(constraint);
      recreated.push({ before: previous, after: constraint });
    }
  }
  return { added, recreated };
}

function someSame<T>(before: Map<string, T>, constraint: T, same: (a: T, b: T) => boolean): boolean {
  for (const old of before.values()) if (same(old, constraint)) return true;
  return false;
}

/** `a.join() === b.join()` without building the strings when the lists are equal item by item. */
function sameJoined(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === b.length) {
    let equal = true;
    for (let i = 0; i < a.length && equal; i++) equal = a[i] === b[i];
    if (equal) return true;
  }
  return a.join() === b.join();
}

function sameForeignKey(a: ForeignKeyModel, b: ForeignKeyModel): boolean {
  if (b.unknown?.target) return true;
  const sameActions = b.unknown?.actions !== undefined || (a.onDelete === b.onDelete && a.onUpdate === b.onUpdate);
  return sameActions && sameJoined(a.columns, b.columns) && a.foreignTable === b.foreignTable && a.foreignSchema === b.foreignSchema && sameJoined(a.foreignColumns, b.foreignColumns);
}

function sameUnique(a: UniqueConstraintModel, b: UniqueConstraintModel): boolean {
  return sameJoined(a.columns, b.columns) && a.nullsNotDistinct === b.nullsNotDistinct;
}

function sameCheck(a: CheckConstraintModel, b: CheckConstraintModel): boolean {
  if (a.expression === b.expression) return true;
  const plain = (s: string) => s.replace(/"[^"]*"\./g, '').replace(/["\s()]/g, '').toLowerCase();
  return plain(a.expression) === plain(b.expression);
}

function diffIndex(before: IndexModel, after: IndexModel): IndexChange | undefined {
  const concurrentlyToggled = before.concurrently !== after.concurrently;
  const definitionChanged = indexDefinitionChanged(before, after);
  return concurrentlyToggled || definitionChanged ? { before, after, concurrentlyToggled, definitionChanged } : undefined;
}

/** `follow` maps a column name of `before` to its name in `after` (renamed columns). */
function indexDefinitionChanged(before: IndexModel, after: IndexModel, follow?: (column: string) => string): boolean {
  if (before.unique !== after.unique || before.method !== after.method) return true;
  if (!after.unknown?.where && (before.where ?? '') !== (after.where ?? '')) return true;
  if (after.unknown?.columns) return false;
  if (sameIndexColumns(before, after, follow)) return false;
  const columns = (i: IndexModel, name: (c: IndexModel['columns'][number]) => string) => i.columns.map((c) => `${name(c)}|${c.asc}|${c.nullsFirst}|${c.opclass ?? ''}`).join();
  return columns(before, (c) => (follow && !c.isExpression ? follow(c.expression) : c.expression)) !== columns(after, (c) => c.expression);
}

/** True when the column strings `indexDefinitionChanged` compares are equal, checked field by field without building them. */
function sameIndexColumns(before: IndexModel, after: IndexModel, follow?: (column: string) => string): boolean {
  if (before.columns.length !== after.columns.length) return false;
  for (let i = 0; i < before.columns.length; i++) {
    const a = before.columns[i];
    const b = after.columns[i];
    const expression = follow && !a.isExpression ? follow(a.expression) : a.expression;
    if (expression !== b.expression || a.asc !== b.asc || a.nullsFirst !== b.nullsFirst || (a.opclass ?? '') !== (b.opclass ?? '')) return false;
  }
  return true;
}
