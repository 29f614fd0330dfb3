import { emptySchemaModel, tableKey, type DrizzleKitLine, type SchemaModel } from '../core/schema-model.js';
import type { Casing } from './casing.js';
import { exportNames, exportedValue } from './evaluator.js';
import { loadModule, newContext, type EvalContext } from './scope.js';
import { builtTableModel } from './table-model-memo.js';
import type { EnumValue, TableValue } from './values.js';

export { toCamelCase, toSnakeCase } from './casing.js';

export interface ReadSchemaOptions {
  /** Absolute paths the drizzle config's `schema` resolves to. */
  entryFiles: string[];
  kit: DrizzleKitLine;
  /** 0.x config-level casing. */
  casing?: Casing;
  /** Host-supplied text (editor buffer or disk); undefined when the file does not exist. */
  readFile(path: string): string | undefined;
}

export interface ReadSchemaResult {
  model: SchemaModel;
  /** Every file that contributed: entry files, followed re-exports and imported helpers. */
  files: string[];
}

/**
 * Reads Drizzle pg schema files statically (TypeScript AST, nothing executed) into a `SchemaModel`,
 * seeing only exported values as drizzle-kit does. Never throws: unreadable parts become `unknown`/`partial`.
 */
export function readSchema(options: ReadSchemaOptions): ReadSchemaResult {
  // Memoised closures keep `sharedContext`; a nested call (never expected) gets a private one and memoises nothing.
  const nested = callActive;
  const ctx = nested ? newContext(options.readFile, false) : Object.assign(sharedContext, newContext(options.readFile, true));
  callActive = true;
  try {
    return read(options, ctx);
  } finally {
    if (!nested) {
      callActive = false;
      // Drop this call's texts and modules (and the host's readFile) until the next call.
      Object.assign(sharedContext, newContext(noFile, true));
    }
  }
}

const noFile = () => undefined;
const sharedContext: EvalContext = newContext(noFile, true);
let callActive = false;

function read(options: ReadSchemaOptions, ctx: EvalContext): ReadSchemaResult {
  const model = emptySchemaModel();
  const tables = new Map<TableValue, string>();
  const enums = new Map<EnumValue, string>();
  try {
    for (const entry of options.entryFiles) {
      const module = loadModule(ctx, entry);
      if (!module) {
        model.partial = true;
        continue;
      }
      for (const name of exportNames(module, ctx)) {
        const value = exportedValue(module, name, ctx);
        if (value.kind === 'table') tables.has(value.table) || tables.set(value.table, name);
        else if (value.kind === 'enum') enums.has(value.enumValue) || enums.set(value.enumValue, name);
        else if (value.kind === 'unknown' && value.maybeSchema !== false) model.partial = true;
      }
    }
    const naming = { kit: options.kit, casing: options.casing };
    for (const [table, exportName] of tables) {
      table.exportName = exportName;
      const built = builtTableModel(ctx, table, naming);
      if (!built) model.partial = true;
      else model.tables.set(tableKey(built.schema, built.name), built);
    }
    for (const [value, exportName] of enums) {
      if (value.name === undefined || value.values === undefined) {
        model.partial = true;
        continue;
      }
      const schema = value.schema ?? 'public';
      model.enums.set(tableKey(schema, value.name), {
        schema,
        name: value.name,
        values: value.values,
        source: { exportName, declaration: value.declaration, values: value.valuesSpan },
      });
    }
  } catch {
    model.partial = true;
  }
  return { model, files: [...ctx.files] };
}
