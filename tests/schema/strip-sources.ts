import type { SchemaModel } from '../../src/core/schema-model.js';

type Plain = { tables: Record<string, { columns: Record<string, Record<string, unknown>> }> };

/** Plain, `source`-free copy of a model, for deep equality with readable diffs. */
export function comparable(model: SchemaModel): Plain {
  return JSON.parse(
    JSON.stringify(model, (key, value) => {
      if (key === 'source') return undefined;
      if (value instanceof Map) return Object.fromEntries([...value].sort(([a], [b]) => (a < b ? -1 : 1)));
      return value;
    }),
  );
}

/**
 * Drops, from both models, every column field the static reader marked unknown (rules ignore those),
 * and returns the marks as `table.column.field` for the test to check.
 */
export function withoutUnknownFields(actual: Plain, expected: Plain): string[] {
  const marks: string[] = [];
  for (const [tableKey, table] of Object.entries(actual.tables)) {
    for (const [columnKey, column] of Object.entries(table.columns)) {
      const unknown = column.unknown as Record<string, string> | undefined;
      if (!unknown) continue;
      delete column.unknown;
      for (const field of Object.keys(unknown)) {
        marks.push(`${tableKey}.${columnKey}.${field}`);
        delete column[field];
        delete expected.tables[tableKey]?.columns[columnKey]?.[field];
      }
    }
  }
  return marks.sort();
}
