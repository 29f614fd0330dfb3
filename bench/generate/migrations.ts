/**
 * A folder of ~300 real drizzle-kit 0.31 migrations from an evolving schema: each step changes the
 * schema (new tables with indexes and foreign keys, new columns, type changes, NOT NULL, unique
 * indexes, dropped columns, enum values) and drizzle-kit's own API (`generateDrizzleJson` +
 * `generateMigration`, the code `drizzle-kit generate` runs) writes the SQL, in one process.
 * Every step's snapshot is written to meta/ as drizzle-kit does: rules that judge a change by the
 * schema before it (type changes, `SET NOT NULL`, enum values) read the previous one.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { outRoot, repoRoot } from '../support/paths.js';

export const MIGRATION_STEPS = 300;
export const migrationsDir = path.join(outRoot, 'migrations-project');
const READY_MARK = '.ready-v4';
const require = createRequire(path.join(repoRoot, 'package.json'));

interface ColumnSpec { name: string; kind: 'text' | 'integer' | 'varchar' | 'boolean' | 'timestamp' | 'bigint' | 'status'; length?: number; notNull?: boolean; default?: unknown; references?: string }
interface TableSpec { name: string; columns: ColumnSpec[]; indexes: { name: string; columns: string[]; unique: boolean }[] }

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function newTable(index: number, rand: () => number, tables: TableSpec[]): TableSpec {
  const name = `entity_${index}`;
  const columns: ColumnSpec[] = [{ name: 'id', kind: 'integer', notNull: true }];
  const kinds: ColumnSpec['kind'][] = ['text', 'integer', 'varchar', 'boolean', 'timestamp', 'bigint', 'status'];
  const count = 6 + Math.floor(rand() * 10);
  for (let c = 0; c < count; c++) columns.push({ name: `field_${c}`, kind: kinds[Math.floor(rand() * kinds.length)], length: 100, notNull: rand() < 0.3, default: undefined });
  for (const column of columns) if (column.notNull && column.kind === 'boolean') column.default = false;
  if (tables.length > 0) columns.push({ name: 'parent_id', kind: 'integer', references: tables[Math.floor(rand() * tables.length)].name });
  const indexes = [{ name: `${name}_field_0_idx`, columns: ['field_0'], unique: false }];
  return { name, columns, indexes };
}

/** One schema change; returns a migration name. */
function evolve(step: number, tables: TableSpec[], enumValues: string[], rand: () => number): string {
  const pick = () => tables[Math.floor(rand() * tables.length)];
  const roll = step < 20 ? 0 : rand();
  if (roll < 0.25) {
    const count = 1 + Math.floor(rand() * 3);
    for (let i = 0; i < count; i++) tables.push(newTable(tables.length, rand, tables));
    return `add_tables_${step}`;
  }
  const table = pick();
  if (roll < 0.45) {
    for (let i = 0; i < 1 + Math.floor(rand() * 4); i++) table.columns.push({ name: `extra_${step}_${i}`, kind: rand() < 0.5 ? 'text' : 'integer', notNull: rand() < 0.3, default: rand() < 0.5 ? 0 : undefined });
    for (const column of table.columns) if (column.kind === 'text' && column.default === 0) column.default = undefined;
    return `add_columns_${step}`;
  }
  if (roll < 0.6) {
    const column = table.columns.find((c) => c.name !== 'id' && !c.references && table.indexes.every((ix) => !ix.columns.includes(c.name)));
    if (column) table.indexes.push({ name: `${table.name}_${column.name}_${step}_idx`, columns: [column.name], unique: rand() < 0.3 });
    return `add_index_${step}`;
  }
  if (roll < 0.72) {
    const column = table.columns.find((c) => c.kind === 'varchar') ?? table.columns.find((c) => c.kind === 'integer' && c.name !== 'id' && !c.references);
    if (column?.kind === 'varchar') column.length = (column.length ?? 100) + 50;
    else if (column) column.kind = 'bigint';
    return `alter_type_${step}`;
  }
  if (roll < 0.84) {
    for (const column of table.columns.filter((c) => !c.notNull).slice(0, 2)) column.notNull = true;
    return `set_not_null_${step}`;
  }
  if (roll < 0.93) {
    const at = table.columns.findIndex((c) => c.name.startsWith('field_') && table.indexes.every((ix) => !ix.columns.includes(c.name)));
    if (at > 0) table.columns.splice(at, 1);
    return `drop_column_${step}`;
  }
  enumValues.push(`state_${step}`);
  return `enum_value_${step}`;
}

function buildSchema(tables: TableSpec[], enumValues: string[]): Record<string, unknown> {
  const pg = require('drizzle-orm/pg-core');
  const status = pg.pgEnum('status', enumValues);
  const built: Record<string, unknown> = { status };
  const byName = new Map<string, { id: unknown }>();
  for (const spec of tables) {
    const columns: Record<string, unknown> = {};
    for (const column of spec.columns) {
      let builder =
        column.name === 'id' ? pg.serial('id').primaryKey()
        : column.kind === 'varchar' ? pg.varchar(column.name, { length: column.length })
        : column.kind === 'timestamp' ? pg.timestamp(column.name, { withTimezone: true })
        : column.kind === 'bigint' ? pg.bigint(column.name, { mode: 'number' })
        : column.kind === 'status' ? status(column.name)
        : pg[column.kind](column.name);
      if (column.name !== 'id' && column.notNull) builder = builder.notNull();
      if (column.default !== undefined) builder = builder.default(column.default);
      if (column.references) {
        const target = byName.get(column.references)!;
        builder = builder.references(() => target.id);
      }
      columns[column.name] = builder;
    }
    const table = pg.pgTable(spec.name, columns, (t: Record<string, unknown>) =>
      spec.indexes.map((ix) => (ix.unique ? pg.uniqueIndex(ix.name) : pg.index(ix.name)).on(...ix.columns.map((c) => t[c]))),
    );
    byName.set(spec.name, table);
    built[spec.name] = table;
  }
  return built;
}

export async function generateMigrations(force = false): Promise<string> {
  if (!force && existsSync(path.join(migrationsDir, READY_MARK))) return migrationsDir;
  const api = require('drizzle-kit/api') as typeof import('drizzle-kit/api');
  rmSync(migrationsDir, { recursive: true, force: true });
  mkdirSync(path.join(migrationsDir, 'drizzle/meta'), { recursive: true });
  mkdirSync(path.join(migrationsDir, 'src'), { recursive: true });
  const rand = random(20240601);
  const tables: TableSpec[] = [];
  const enumValues = ['active', 'paused'];
  // drizzle-kit's CLI starts a history from the zero id (`prevId` of the first snapshot).
  let previous = { ...api.generateDrizzleJson({}), id: '00000000-0000-0000-0000-000000000000' };
  const entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[] = [];
  for (let step = 0; step < MIGRATION_STEPS; step++) {
    const name = evolve(step, tables, enumValues, rand);
    const current = api.generateDrizzleJson(buildSchema(tables, enumValues), previous.id);
    const statements = await api.generateMigration(previous, current);
    const tag = `${String(step).padStart(4, '0')}_${name}`;
    writeFileSync(path.join(migrationsDir, `drizzle/${tag}.sql`), statements.join('\n--> statement-breakpoint\n'));
    // As the CLI writes it (`preparePgMigrationSnapshot`): `id` and `prevId` first, two-space indentation.
    const { id, prevId, ...rest } = current;
    writeFileSync(path.join(migrationsDir, `drizzle/meta/${String(step).padStart(4, '0')}_snapshot.json`), JSON.stringify({ id, prevId, ...rest }, null, 2));
    entries.push({ idx: step, version: '7', when: 1_700_000_000_000 + step * 60_000, tag, breakpoints: true });
    previous = current;
  }
  writeFileSync(path.join(migrationsDir, 'drizzle/meta/_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql', entries }, null, 2));
  writeFileSync(path.join(migrationsDir, 'drizzle.config.ts'), `import { defineConfig } from 'drizzle-kit';\n\nexport default defineConfig({ dialect: 'postgresql', schema: './src/schema.ts', out: './drizzle' });\n`);
  writeFileSync(path.join(migrationsDir, 'src/schema.ts'), `import { pgTable, serial } from 'drizzle-orm/pg-core';\n\nexport const placeholder = pgTable('placeholder', { id: serial('id').primaryKey() });\n`);
  writeFileSync(path.join(migrationsDir, 'package.json'), `{ "name": "bench-migrations", "private": true, "type": "module" }\n`);
  writeFileSync(path.join(migrationsDir, READY_MARK), '');
  return migrationsDir;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await generateMigrations(process.argv.includes('--force')));
