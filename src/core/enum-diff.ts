/**
 * Enums in the schema diff: value changes of an enum kept under its key, and enum renames. An enum gone
 * from `after` and a new enum that columns of a kept table moved to form ONE possible rename, which
 * drizzle-kit asks "created or renamed?" about.
 */
import type { ColumnModel, EnumModel, SchemaModel } from './schema-model.js';
import type { Pair, TableDiff } from './schema-diff.js';
import { arraySuffix, elementType } from './array-type.js';

export interface EnumChange {
  before: EnumModel;
  after: EnumModel;
  removedValues: string[];
  /** Values kept but in another relative order (Postgres cannot reorder enum values). */
  reordered: boolean;
  appendedValues: string[];
}

/**
 * A gone enum and a new one that columns moved to. Answered "rename", drizzle-kit writes
 * `ALTER TYPE … RENAME TO` (then the value changes); answered "create", it converts each column.
 */
export interface EnumRename {
  before: EnumModel;
  after: EnumModel;
  /** Values removed or reordered: the type is re-created after the rename, so both answers convert the columns. */
  recreated: boolean;
}

/** Pairs each gone enum with the new enum most columns of kept tables moved to from it. */
export function pairRenamedEnums(before: SchemaModel, after: SchemaModel, tables: readonly TableDiff[]): Pair<EnumModel>[] {
  const gone: EnumModel[] = [];
  before.enums.forEach((e, key) => {
    if (!after.enums.has(key)) gone.push(e);
  });
  if (gone.length === 0) return [];
  const added: EnumModel[] = [];
  after.enums.forEach((e, key) => {
    if (!before.enums.has(key)) added.push(e);
  });
  if (added.length === 0) return [];
  const moves = new Map<EnumModel, Map<EnumModel, number>>();
  for (const table of tables) {
    for (const { before: old, after: next, typeChanged } of table.changedColumns) {
      const from = typeChanged ? gone.find((e) => isColumnOfEnum(old, e)) : undefined;
      const to = from && arraySuffix(old.type) === arraySuffix(next.type) ? added.find((e) => isColumnOfEnum(next, e)) : undefined;
      if (!from || !to) continue;
      const counts = moves.get(from) ?? new Map<EnumModel, number>();
      counts.set(to, (counts.get(to) ?? 0) + 1);
      moves.set(from, counts);
    }
  }
  const pairs: Pair<EnumModel>[] = [];
  const taken = new Set<EnumModel>();
  for (const [from, counts] of moves) {
    const [to] = [...counts].filter(([e]) => !taken.has(e)).sort((a, b) => b[1] - a[1])[0] ?? [];
    if (!to) continue;
    taken.add(to);
    pairs.push({ before: from, after: to });
  }
  return pairs;
}

/** The column's type is the enum (or an array of it). A column without `typeSchema` is matched by name. */
export function isColumnOfEnum(column: ColumnModel, enumModel: EnumModel): boolean {
  const base = elementType(column.type).replace(/^"|"$/g, '');
  return base === enumModel.name && (column.typeSchema === undefined || column.typeSchema === (enumModel.schema || 'public'));
}

/** The rename among `renames` that explains a column's move from one enum to another (same array depth). */
export function enumRenameOf(renames: readonly EnumRename[], before: ColumnModel, after: ColumnModel): EnumRename | undefined {
  if (renames.length === 0 || arraySuffix(before.type) !== arraySuffix(after.type)) return undefined;
  return renames.find((r) => isColumnOfEnum(before, r.before) && isColumnOfEnum(after, r.after));
}


export function diffEnums(before: SchemaModel, after: SchemaModel, renamed: readonly Pair<EnumModel>[]): EnumChange[] {
  const changes: EnumChange[] = [];
  for (const [key, next] of after.enums) {
    const old = before.enums.get(key);
    if (old) pushEnumChange(changes, old, next);
  }
  for (const pair of renamed) pushEnumChange(changes, pair.before, pair.after);
  return changes;
}

function pushEnumChange(changes: EnumChange[], old: EnumModel, next: EnumModel): void {
  const removedValues = old.values.filter((v) => !next.values.includes(v));
  const kept = old.values.filter((v) => next.values.includes(v));
  const keptInNewOrder = next.values.filter((v) => old.values.includes(v));
  const reordered = kept.join('\u0000') !== keptInNewOrder.join('\u0000');
  const appendedValues = next.values.filter((v) => !old.values.includes(v));
  if (removedValues.length || reordered || appendedValues.length) changes.push({ before: old, after: next, removedValues, reordered, appendedValues });
}
