/**
 * A large Drizzle project: 300 tables × 20 columns in 30 files, with spread column helpers, an enum,
 * indexes, unique indexes and foreign keys (within and across files), and a real drizzle-kit 0.31
 * baseline (`drizzle-kit generate` run in the project). Then two one-line edits a developer might be
 * in the middle of (a required column added, a column removed), so the rules have something to find.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { drizzleKitBin, outRoot } from '../support/paths.js';

export const LARGE_SCHEMA = { files: 30, tablesPerFile: 10, columns: 20 };
export const largeSchemaDir = path.join(outRoot, 'large-schema');
const READY_MARK = '.ready-v1';

const OTHER_COLUMNS = [
  (n: string) => `text('${n}')`,
  (n: string) => `varchar('${n}', { length: 120 })`,
  (n: string) => `integer('${n}').notNull().default(0)`,
  (n: string) => `boolean('${n}').notNull().default(false)`,
  (n: string) => `timestamp('${n}', { withTimezone: true })`,
  (n: string) => `jsonb('${n}').default({})`,
  (n: string) => `numeric('${n}', { precision: 12, scale: 2 })`,
  (n: string) => `bigint('${n}', { mode: 'number' })`,
  (n: string) => `uuid('${n}').defaultRandom()`,
  (n: string) => `status('${n}').default('active').notNull()`,
];

export function tableName(file: number, table: number): string {
  return `t${String(file).padStart(2, '0')}_${table}`;
}

function tableSource(file: number, table: number): string {
  const name = tableName(file, table);
  const parent = table > 0 ? tableName(file, table - 1) : file > 0 ? tableName(file - 1, LARGE_SCHEMA.tablesPerFile - 1) : undefined;
  const columns = [`  id: serial('id').primaryKey(),`, `  ...timestamps,`];
  // id + 2 spread columns + parent_id (or one more plain column) + the rest = 20.
  columns.push(parent ? `  parentId: integer('parent_id').references(() => ${parent}.id, { onDelete: 'cascade' }),` : `  parentId: integer('parent_id'),`);
  for (let c = 4; c < LARGE_SCHEMA.columns; c++) {
    const column = `c${c}`;
    columns.push(`  ${column}: ${OTHER_COLUMNS[(c + file + table) % OTHER_COLUMNS.length](`col_${c}`)},`);
  }
  columns.push(`  code: varchar('code', { length: 40 }).notNull(),`);
  columns.splice(columns.length - 2, 1); // keep exactly LARGE_SCHEMA.columns columns
  const extra = `(t) => [\n  index('${name}_parent_idx').on(t.parentId),\n  uniqueIndex('${name}_code_key').on(t.code),\n  index('${name}_c4_c5_idx').on(t.c4, t.c5),\n]`;
  return `export const ${name} = pgTable('${name}', {\n${columns.join('\n')}\n}, ${extra});\n`;
}

function fileSource(file: number): string {
  const imports = [`import { bigint, boolean, index, integer, jsonb, numeric, pgTable, serial, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';`];
  imports.push(`import { status, timestamps } from './helpers';`);
  if (file > 0) imports.push(`import { ${tableName(file - 1, LARGE_SCHEMA.tablesPerFile - 1)} } from './part${String(file - 1).padStart(2, '0')}';`);
  const tables = Array.from({ length: LARGE_SCHEMA.tablesPerFile }, (_, t) => tableSource(file, t));
  return `${imports.join('\n')}\n\n${tables.join('\n')}`;
}

const HELPERS = `import { pgEnum, timestamp } from 'drizzle-orm/pg-core';

export const status = pgEnum('status', ['active', 'paused', 'archived']);

export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }),
};
`;

export function partFile(file: number): string {
  return path.join(largeSchemaDir, `schema/part${String(file).padStart(2, '0')}.ts`);
}

/** Files ESLint lints in the benchmark: every schema file. */
export function largeSchemaFiles(): string[] {
  return [path.join(largeSchemaDir, 'schema/index.ts'), path.join(largeSchemaDir, 'schema/helpers.ts'), ...Array.from({ length: LARGE_SCHEMA.files }, (_, f) => partFile(f))];
}

/** One-line edits applied after the baseline: a required column added, a column removed. */
export function applyEdits(): void {
  const first = partFile(0);
  writeFileSync(first, readFileSync(first, 'utf8').replace(`  id: serial('id').primaryKey(),`, `  id: serial('id').primaryKey(),\n  added: integer('added').notNull(),`));
  const middle = partFile(15);
  writeFileSync(middle, readFileSync(middle, 'utf8').replace(/\n {2}c6: [^\n]*/, ''));
}

export function generateLargeSchema(force = false): string {
  if (!force && existsSync(path.join(largeSchemaDir, READY_MARK))) return largeSchemaDir;
  rmSync(largeSchemaDir, { recursive: true, force: true });
  mkdirSync(path.join(largeSchemaDir, 'schema'), { recursive: true });
  writeFileSync(path.join(largeSchemaDir, 'schema/helpers.ts'), HELPERS);
  for (let f = 0; f < LARGE_SCHEMA.files; f++) writeFileSync(partFile(f), fileSource(f));
  const barrel = ["export * from './helpers';", ...Array.from({ length: LARGE_SCHEMA.files }, (_, f) => `export * from './part${String(f).padStart(2, '0')}';`)];
  writeFileSync(path.join(largeSchemaDir, 'schema/index.ts'), `${barrel.join('\n')}\n`);
  writeFileSync(
    path.join(largeSchemaDir, 'drizzle.config.ts'),
    `import { defineConfig } from 'drizzle-kit';\n\nexport default defineConfig({ dialect: 'postgresql', schema: './schema/index.ts', out: './drizzle' });\n`,
  );
  writeFileSync(path.join(largeSchemaDir, 'package.json'), `{ "name": "bench-large-schema", "private": true, "type": "module" }\n`);
  execFileSync(process.execPath, [drizzleKitBin, 'generate', '--name', 'baseline'], { cwd: largeSchemaDir, stdio: 'pipe' });
  applyEdits();
  writeFileSync(path.join(largeSchemaDir, READY_MARK), '');
  return largeSchemaDir;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(generateLargeSchema(process.argv.includes('--force')));
