/**
 * Tiny SchemaModel builders for unit tests of the diff and the rules (no files, no drizzle-kit).
 * `source` spans are fake but distinct, so tests can tell which node a rule reported.
 */
import type { SchemaDiff } from '../../src/core/schema-diff.js';
import { diffSchemas } from '../../src/core/schema-diff.js';
import type { SchemaRuleContext } from '../../src/core/rule.js';
import type { Finding } from '../../src/core/finding.js';
import type { RuleDefinition } from '../../src/core/rule.js';
import { resolveSettings } from '../../src/core/settings.js';
import type { ColumnModel, DrizzleKitLine, EnumModel, IndexModel, SchemaModel, TableModel } from '../../src/core/schema-model.js';
import { emptySchemaModel, emptyTable, tableKey } from '../../src/core/schema-model.js';

export const FILE = '/project/schema.ts';
let offset = 0;
const span = (length = 10) => ({ file: FILE, start: (offset += 100), end: offset + length });

export function column(name: string, type = 'text', extra: Partial<ColumnModel> = {}, withSource = true): ColumnModel {
  const modifiers: Record<string, ReturnType<typeof span>> = {};
  if (extra.notNull) modifiers.notNull = span(9);
  if (extra.default !== undefined) modifiers.default = span(9);
  return { name, type, notNull: false, primaryKey: false, ...extra, source: withSource ? { key: name, property: span(30), builder: span(12), modifiers } : undefined };
}

export function index(name: string, columns: string[], extra: Partial<IndexModel> = {}, withSource = true): IndexModel {
  return {
    name,
    columns: columns.map((c) => ({ expression: c, isExpression: false, asc: true, nullsFirst: false })),
    unique: false,
    concurrently: false,
    method: 'btree',
    ...extra,
    source: withSource ? { span: span(25), modifiers: extra.concurrently ? { concurrently: span(14) } : {} } : undefined,
  };
}

export function table(name: string, columns: ColumnModel[], extra: Partial<TableModel> = {}, withSource = true, schema = 'public'): TableModel {
  const t = emptyTable(schema, name);
  for (const c of columns) t.columns.set(c.name, c);
  Object.assign(t, extra);
  if (withSource) t.source = { exportName: name, declaration: span(200), name: span(8) };
  return t;
}

export function withIndexes(t: TableModel, ...indexes: IndexModel[]): TableModel {
  for (const i of indexes) t.indexes.set(i.name, i);
  return t;
}

export function model(tables: TableModel[], enums: EnumModel[] = [], partial = false): SchemaModel {
  const m = emptySchemaModel();
  for (const t of tables) m.tables.set(tableKey(t.schema, t.name), t);
  for (const e of enums) m.enums.set(tableKey(e.schema, e.name), e);
  m.partial = partial;
  return m;
}

/** Snapshot side: same tables without any source (the baseline has no TypeScript). */
export function baseline(tables: TableModel[], enums: EnumModel[] = []): SchemaModel {
  const strip = (t: TableModel): TableModel => {
    const copy = table(t.name, [...t.columns.values()].map((c) => ({ ...c, source: undefined })), {}, false, t.schema);
    for (const [k, v] of t.indexes) copy.indexes.set(k, { ...v, source: undefined });
    for (const [k, v] of t.foreignKeys) copy.foreignKeys.set(k, { ...v, source: undefined });
    for (const [k, v] of t.uniqueConstraints) copy.uniqueConstraints.set(k, { ...v, source: undefined });
    for (const [k, v] of t.checkConstraints) copy.checkConstraints.set(k, { ...v, source: undefined });
    return copy;
  };
  return model(tables.map(strip), enums.map((e) => ({ ...e, source: undefined })));
}

export function runRule(rule: RuleDefinition, before: SchemaModel, after: SchemaModel, options: { kit?: DrizzleKitLine; settings?: object; sourceText?: (f: string) => string | undefined } = {}): Finding[] {
  const diff: SchemaDiff = diffSchemas(before, after);
  const context: SchemaRuleContext = {
    before,
    after,
    diff,
    settings: resolveSettings(options.settings ?? {}, '/project'),
    kit: options.kit ?? '0.x',
    primaryFile: FILE,
    sourceText: options.sourceText,
  };
  return rule.checkSchema?.(context) ?? [];
}
