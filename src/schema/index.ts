import { emptySchemaModel, tableKey, type DrizzleKitLine, type SchemaModel, type TableModel } from '../core/schema-model.js';
import type { Casing } from './casing.js';
import { exportNames, exportedValue } from './evaluator.js';
import { loadModule, newContext, type EvalContext } from './scope.js';
import { builtTableModel } from './table-model-memo.js';
import { beginCall, endCall, filesKept } from './unchanged-files.js';
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
    if (nested) return read(options, ctx);
    beginCall(ctx);
    let result = read(options, ctx);
    if (!filesKept(ctx)) {
      // A file dropped out that a kept value may load: read with every value re-checked.
      const { call, previousCall } = ctx;
      Object.assign(ctx, newContext(options.readFile, true), { call, previousCall });
      result = read(options, ctx);
    } else if (ctx.trustUsed) result = { model: result.model, files: [...ctx.files].sort() };
    endCall(ctx);
    return result;
  } finally {
    if (!nested) {
      callActive = false;
      // Drop this call's texts and modules (and the host's readFile) until the next call.
      Object.assign(sharedContext, newContext(noFile, true));
    }
  }
}

function listOnce<T extends { listedIn?: number }>(value: T, name: string, listing: number, values: T[], names: string[]): void {
  if (value.listedIn === listing) return;
  value.listedIn = listing;
  values.push(value);
  names.push(name);
}

/** Remembered table models keep their key string. */
const modelKeys = new WeakMap<TableModel, string>();

function modelKey(table: TableModel): string {
  let key = modelKeys.get(table);
  if (key === undefined) modelKeys.set(table, (key = tableKey(table.schema, table.name)));
  return key;
}

const noFile = () => undefined;
const sharedContext: EvalContext = newContext(noFile, true);
let callActive = false;

let listings = 0;

function read(options: ReadSchemaOptions, ctx: EvalContext): ReadSchemaResult {
  const model = emptySchemaModel();
  // Arrays and a mark on each value, not maps: the editor reads a 300-table schema on every keystroke.
  const listing = ++listings;
  const tables: TableValue[] = [];
  const tableNames: string[] = [];
  const enums: EnumValue[] = [];
  const enumNames: string[] = [];
  try {
    for (const entry of options.entryFiles) {
      const module = loadModule(ctx, entry);
      if (!module) {
        model.partial = true;
        continue;
      }
      for (const name of exportNames(module, ctx)) {
        const value = exportedValue(module, name, ctx);
        if (value.kind === 'table') listOnce(value.table, name, listing, tables, tableNames);
        else if (value.kind === 'enum') listOnce(value.enumValue, name, listing, enums, enumNames);
        else if (value.kind === 'unknown' && value.maybeSchema !== false) model.partial = true;
      }
    }
    const naming = { kit: options.kit, casing: options.casing };
    for (let i = 0; i < tables.length; i++) {
      const table = tables[i];
      table.exportName = tableNames[i];
      const built = builtTableModel(ctx, table, naming);
      if (!built) model.partial = true;
      else model.tables.set(modelKey(built), built);
    }
    for (let i = 0; i < enums.length; i++) {
      const value = enums[i];
      if (value.name === undefined || value.values === undefined) {
        model.partial = true;
        continue;
      }
      const schema = value.schema ?? 'public';
      model.enums.set(tableKey(schema, value.name), {
        schema,
        name: value.name,
        values: value.values,
        source: { exportName: enumNames[i], declaration: value.declaration, values: value.valuesSpan },
      });
    }
  } catch {
    model.partial = true;
  }
  // Sorted: a read that kept values adds their files last (src/schema/unchanged-files.ts).
  return { model, files: [...ctx.files].sort() };
}
