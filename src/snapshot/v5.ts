/**
 * drizzle-kit 0.2x PostgreSQL snapshot version "5" (`"dialect": "pg"`) → the v6/v7 shape `v7ToModel` reads,
 * the way `drizzle-kit up` (`updateUpToV6`) converts it:
 * - enums `{ name, values: { a: "a" } }` without a schema → `{ name, schema: "public", values: ["a"] }`;
 * - index columns as bare names are read by `v7ToModel` itself.
 * One addition `up` does not make: v5 columns have no `typeSchema`, so a column whose type is one of the
 * (public) enums gets `typeSchema: "public"`, as drizzle-kit 0.31 records enum columns.
 */
import { isObject, objectAt, type Json } from './shape.js';

export function v5ToV6(snapshot: Json): Json {
  const enums: Json = {};
  for (const [key, raw] of Object.entries(objectAt(snapshot.enums ?? {}, 'enums'))) {
    const item = objectAt(raw, `enums.${key}`);
    const values = isObject(item.values) ? Object.values(item.values) : item.values;
    enums[`public.${String(item.name)}`] = { name: item.name, schema: 'public', values };
  }
  const enumNames = new Set(Object.values(enums).map((e) => String((e as Json).name)));
  const tables: Json = {};
  for (const [key, raw] of Object.entries(objectAt(snapshot.tables ?? {}, 'tables'))) {
    const table = objectAt(raw, `tables.${key}`);
    const columns: Json = {};
    for (const [columnKey, column] of Object.entries(objectAt(table.columns ?? {}, `tables.${key}.columns`))) {
      const c = objectAt(column, `tables.${key}.columns.${columnKey}`);
      const base = typeof c.type === 'string' ? c.type.replace(/(\[\d*\])+$/, '') : undefined;
      columns[columnKey] = base !== undefined && enumNames.has(base) && c.typeSchema === undefined ? { ...c, typeSchema: 'public' } : c;
    }
    tables[key] = { ...table, columns };
  }
  return { ...snapshot, version: '6', dialect: 'postgresql', tables, enums };
}
