/**
 * `buildTableModel` once per table value while nothing it looked up changed: callbacks run at build
 * time (extra config, `references(() => other.id)`) read other declarations, so their lookups are
 * recorded and re-checked like a declaration's. An unchanged table keeps its identical `TableModel`.
 */
import type { TableModel } from '../core/schema-model.js';
import { buildTableModel, type NamingOptions } from './build-model.js';
import { inputsUnchanged, recordInputs } from './declaration-memo.js';
import type { EvalContext, Input } from './scope.js';
import { lookupNow } from './evaluator.js';
import { newSpanBook, withSpanBook } from './span-book.js';
import { dependenciesOf, keptUnchanged } from './unchanged-files.js';
import type { TableValue } from './values.js';

interface Built {
  kit: NamingOptions['kit'];
  casing: NamingOptions['casing'];
  exportName?: string;
  inputs: Input[];
  model: TableModel | undefined;
  /** The files the model depends on (src/schema/unchanged-files.ts); undefined: not noted yet, false: not known. */
  dependencies: readonly string[] | false | undefined;
  /** The last call that found the model valid. */
  checkedIn: number;
}

const built = new WeakMap<TableValue, Built>();

export function builtTableModel(ctx: EvalContext, table: TableValue, options: NamingOptions): TableModel | undefined {
  if (!ctx.memoise) return buildTableModel(table, options);
  const hit = built.get(table);
  if (hit && hit.kit === options.kit && hit.casing === options.casing && hit.exportName === table.exportName) {
    if (keptUnchanged(ctx, hit.checkedIn, hit.dependencies)) {
      hit.checkedIn = ctx.call;
      return hit.model;
    }
    if (inputsUnchanged(ctx, hit.inputs, lookupNow(ctx))) {
      hit.checkedIn = ctx.call;
      hit.dependencies ??= dependenciesOf(undefined, hit.inputs, table) ?? false;
      return hit.model;
    }
  }
  const book = newSpanBook();
  const { result, inputs } = recordInputs(ctx, () => withSpanBook(book, () => buildTableModel(table, options)));
  table.modelSpans = book.spans;
  const dependencies = ctx.previousCall < 0 ? undefined : (dependenciesOf(undefined, inputs, table) ?? false);
  built.set(table, { kit: options.kit, casing: options.casing, exportName: table.exportName, inputs, model: result, dependencies, checkedIn: ctx.call });
  return result;
}
