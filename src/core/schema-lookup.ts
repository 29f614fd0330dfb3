import type { EnumModel, SchemaModel, TableModel } from './schema-model.js';

/**
 * A schema read one table or enum at a time, by `tableKey(schema, name)`: what a migration's rules
 * need of the schema before it (the previous snapshot), without modelling every table of it.
 */
export interface SchemaLookup {
  table(key: string): TableModel | undefined;
  enum(key: string): EnumModel | undefined;
}

export function modelLookup(model: SchemaModel): SchemaLookup {
  return { table: (key) => model.tables.get(key), enum: (key) => model.enums.get(key) };
}
