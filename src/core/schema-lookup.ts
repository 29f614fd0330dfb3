import type { EnumModel, SchemaModel, TableModel } from './schema-model.js';

/**
 * A schema read one table or enum at a time, by `tableKey(schema, name)`: what a migration's rules
 * need of the schema before it (the previous snapshot), without modelling every table of it.
 */
export interface SchemaLookup {
  table(key: string): TableModel | undefined;
  enum(key: string): EnumModel | undefined;
  /** Keys of every table: only for the rare question that needs them all (which foreign keys reference a column). */
  tableKeys(): Iterable<string>;
}

export function modelLookup(model: SchemaModel): SchemaLookup {
  return { table: (key) => model.tables.get(key), enum: (key) => model.enums.get(key), tableKeys: () => model.tables.keys() };
}

/**
 * Tables read on their first lookup, once. Whatever makes a table unreadable (a wrong type, a
 * `dimensions` of 1e9), it is then an unknown table, `undefined`: the rules that need it stay quiet.
 */
export function lazyLookup(readers: Pick<ReadonlyMap<string, () => TableModel>, 'get' | 'keys'>, enums: ReadonlyMap<string, EnumModel>): SchemaLookup {
  const read = new Map<string, TableModel | undefined>();
  return {
    table(key) {
      if (!read.has(key)) {
        const reader = readers.get(key);
        let table: TableModel | undefined;
        try {
          table = reader?.();
        } catch {
          table = undefined;
        }
        read.set(key, table);
      }
      return read.get(key);
    },
    enum: (key) => enums.get(key),
    tableKeys: () => readers.keys(),
  };
}
