import { describe, expect, it } from 'vitest';
import { diffSchemas } from '../../src/core/schema-diff.js';
import { readSchema } from '../../src/schema/index.js';
import noDropColumn from '../../src/rules/no-drop-column.js';
import { baseline, column, runRule, table } from '../support/schema-models.js';

const FILE = '/virtual/schema.ts';
const HEADER = `import { pgTable, pgTableCreator, integer, text, customType, bigserial } from 'drizzle-orm/pg-core';\nimport { sql, type SQL } from 'drizzle-orm';\nimport { helper } from './helpers';\n`;

function read(body: string) {
  return readSchema({ entryFiles: [FILE], kit: '0.x', readFile: (p) => (p === FILE ? HEADER + body : undefined) }).model;
}

describe('table-level chain methods', () => {
  it.each([
    ['pgTable(...).enableRLS()', `export const g = pgTable('g', { id: bigserial('id', { mode: 'number' }).primaryKey() }).enableRLS();`],
    ['pgTable.withRLS(...) (drizzle-orm 1.0)', `export const g = pgTable.withRLS('g', { id: bigserial('id', { mode: 'number' }).primaryKey() });`],
    ['a pgTableCreator table with .enableRLS()', `const t = pgTableCreator((n) => n);\nexport const g = t('g', { id: bigserial('id', { mode: 'number' }).primaryKey() }).enableRLS();`],
  ])('reads %s as a complete table', (_, body) => {
    const model = read(body);
    expect(model.partial).toBe(false);
    expect(model.tables.get('public.g')?.partial).toBe(false);
    expect([...model.tables.get('public.g')!.columns.keys()]).toEqual(['id']);
  });
});

describe('columns the reader cannot fully resolve', () => {
  it('keeps a column of an unreadable builder, by its literal name, with unknown fields, and the table complete', () => {
    const model = read(`export const docs = pgTable('docs', { id: integer('id'), body: helper('body_text').notNull(), note: text('note') });`);
    const docs = model.tables.get('public.docs')!;
    expect(docs.partial).toBe(false);
    const body = docs.columns.get('body_text')!;
    expect(Object.keys(body.unknown ?? {}).sort()).toEqual(['default', 'generated', 'identity', 'notNull', 'type']);
  });

  it('lets no-drop-column see another dropped column of a table with an unreadable column', () => {
    const before = baseline([table('docs', [column('id', 'integer'), column('body_text', 'tsvector'), column('old', 'text')])]);
    const after = read(`export const docs = pgTable('docs', { id: integer('id'), body: helper('body_text') });`);
    const [docs] = diffSchemas(before, after).tables;
    expect(docs.droppedColumns.map((c) => c.name)).toEqual(['old']);
    expect(docs.changedColumns).toEqual([]);
    expect(runRule(noDropColumn, before, after).map((f) => f.sql)).toEqual(['ALTER TABLE "docs" DROP COLUMN "old";']);
  });

  it('marks the table partial only when the column NAME is unknown', () => {
    const model = read(`const name = process.env.X;\nexport const docs = pgTable('docs', { id: integer('id'), body: helper(name) });`);
    expect(model.tables.get('public.docs')!.partial).toBe(true);
  });

  it('marks the type of a customType unknown when dataType() cannot be evaluated', () => {
    const body = `const odd = customType<{ data: string }>({ dataType() { const t = 'x'; return t; } });\nexport const t = pgTable('t', { a: odd('a').notNull() });`;
    const a = read(body).tables.get('public.t')!.columns.get('a')!;
    expect(a.unknown).toEqual({ type: expect.stringContaining('dataType') });
    expect(a.notNull).toBe(true);
  });

  it('reads the callback form of generatedAlwaysAs on a customType column', () => {
    const body = `const tsv = customType<{ data: string }>({ dataType() { return 'tsvector'; } });\nexport const d = pgTable('d', { c: text('c'), v: tsv('v').generatedAlwaysAs((): SQL => sql\`to_tsvector('english', \${d.c})\`) });`;
    const v = read(body).tables.get('public.d')!.columns.get('v')!;
    expect(v).toMatchObject({ type: 'tsvector', generated: `to_tsvector('english', "d"."c")` });
    expect(v.unknown).toBeUndefined();
  });

  it('marks foreign key actions that are not literals unknown instead of guessing `no action`', () => {
    const body = `export const p = pgTable('p', { id: integer('id') });\nexport const c = pgTable('c', { pid: integer('pid').references(() => p.id, { onDelete: helper() }) });`;
    const fk = [...read(body).tables.get('public.c')!.foreignKeys.values()][0];
    expect(fk.unknown?.actions).toBeDefined();
  });
});

describe('an enum whose values cannot be read', () => {
  // drizzle-kit 0.31 records `typeSchema` for `pgEnum(name, [...])` columns only, never for `pgEnum(name, object)`,
  // and a `typeSchema` missing on one side is no change: the reader's guess cannot make one. The type name still counts.
  const body = `import { pgEnum } from 'drizzle-orm/pg-core';\nimport { FrameType } from '@app/models';\nexport const frameType = pgEnum('frame_type', FrameType);\nexport const frames = pgTable('frames', { id: integer('id'), type: frameType('type').notNull() });`;
  const snapshotColumn = (type: string, typeSchema?: string) => ({ ...column('type', type, { notNull: true }), ...(typeSchema ? { typeSchema } : {}) });
  const changes = (type: string, typeSchema?: string) => diffSchemas(baseline([table('frames', [column('id', 'integer'), snapshotColumn(type, typeSchema)])]), read(body)).tables[0].changedColumns;

  it.each([['without typeSchema (an object enum)', undefined], ['with typeSchema (an array enum)', 'public']])('reports no type change against a snapshot %s', (_, typeSchema) => {
    expect(changes('frame_type', typeSchema)).toEqual([]);
  });

  it('still reports another enum type', () => {
    expect(changes('status').map((change) => [change.before.type, change.after.type, change.typeChanged])).toEqual([['status', 'frame_type', true]]);
  });
});

describe('extra config values that are not builders', () => {
  const body = `import { index } from 'drizzle-orm/pg-core';\nexport const chats = pgTable('chats', { id: integer('id'), title: text('title') }, (table) => ({ byTitle: index('chats_title_idx').on(table.title), enableRls: true }));`;
  const readAs = (kit: '0.x' | '1.x') => readSchema({ entryFiles: [FILE], kit, readFile: (p) => (p === FILE ? HEADER + body : undefined) }).model;

  it('are skipped for drizzle-orm 0.45, which ignores them, so a dropped column is seen', () => {
    const before = baseline([table('chats', [column('id', 'integer'), column('title', 'text'), column('updated_at', 'timestamp')])]);
    const after = readAs('0.x');
    expect(after.tables.get('public.chats')!.partial).toBe(false);
    expect(runRule(noDropColumn, before, after).map((f) => f.sql)).toEqual(['ALTER TABLE "chats" DROP COLUMN "updated_at";']);
  });

  it('leave the table partial for drizzle-orm 1.0, which rejects them', () => {
    expect(readAs('1.x').tables.get('public.chats')!.partial).toBe(true);
  });
});

describe('TypeScript enums', () => {
  it('read a string enum as its object and leave a numeric one unknown, never making the schema partial', () => {
    const model = read(
      `import { pgEnum } from 'drizzle-orm/pg-core';\nenum Plan { Free = 'free', Pro = 'pro' }\nexport enum Level { Low, High }\n` +
        `export const plan = pgEnum('plan', Plan);\nexport const low = Level.Low;\n` +
        `export const accounts = pgTable('accounts', { id: integer('id'), plan: plan('plan').default(Plan.Pro) });`,
    );
    expect(model.partial).toBe(false);
    expect(model.enums.get('public.plan')?.values).toEqual(['free', 'pro']);
    expect(model.tables.get('public.accounts')!.columns.get('plan')).toMatchObject({ type: 'plan', default: "'pro'" });
  });
});
