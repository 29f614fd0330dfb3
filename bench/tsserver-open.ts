/**
 * Time from `open` to our diagnostics in a real tsserver (TypeScript 6.0), for the example app and
 * for a generated 300-table schema (30 files × 10 tables × 20 columns) with a real drizzle-kit
 * baseline. Run: `npx tsx bench/tsserver-open.ts`. Prints figures; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TsserverClient, TYPESCRIPT_VERSIONS } from '../tests/support/tsserver-client.js';
import { ensureBuiltPlugin, repoRoot, tmpRoot } from '../tests/tsserver/built-plugin.js';
import { copyProject, pluginProbeLocation, writeTsconfig } from '../tests/tsserver/temp-project.js';

const FILES = 30;
const TABLES_PER_FILE = 10;
const COLUMNS = 20;

function tableSource(file: number, table: number): string {
  const columns = [`    id: serial('id').primaryKey(),`];
  for (let c = 1; c < COLUMNS; c++) columns.push(`    col_${c}: ${c % 3 === 0 ? `integer('col_${c}')` : c % 3 === 1 ? `text('col_${c}')` : `varchar('col_${c}', { length: 100 })`},`);
  return `export const t${file}_${table} = pgTable('t${file}_${table}', {\n${columns.join('\n')}\n});\n`;
}

function writeBigSchema(dir: string): void {
  mkdirSync(path.join(dir, 'schema'), { recursive: true });
  for (let f = 0; f < FILES; f++) {
    const tables = Array.from({ length: TABLES_PER_FILE }, (_, t) => tableSource(f, t)).join('\n');
    writeFileSync(path.join(dir, `schema/part${f}.ts`), `import { integer, pgTable, serial, text, varchar } from 'drizzle-orm/pg-core';\n\n${tables}`);
  }
  writeFileSync(path.join(dir, 'schema/index.ts'), Array.from({ length: FILES }, (_, f) => `export * from './part${f}';`).join('\n') + '\n');
}

function bigProject(): string {
  const dir = path.join(tmpRoot, 'bench-300-tables');
  rmSync(dir, { recursive: true, force: true });
  writeBigSchema(dir);
  writeFileSync(path.join(dir, 'drizzle.config.ts'), `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './schema/index.ts', out: './drizzle' });\n`);
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/drizzle-kit/bin.cjs'), 'generate', '--config', 'drizzle.config.ts'], { cwd: dir, stdio: 'pipe' });
  writeTsconfig(dir);
  return dir;
}

async function timeOpen(label: string, cwd: string, file: string, content: string): Promise<void> {
  const server = new TsserverClient({ typescriptDir: TYPESCRIPT_VERSIONS[0].dir, cwd, pluginProbeLocations: [pluginProbeLocation()] });
  try {
    await server.configure();
    const started = performance.now();
    server.open(file, content, cwd);
    const { semantic } = await server.geterr(file, 180_000);
    const cold = performance.now() - started;
    const warmStart = performance.now();
    await server.semanticDiagnosticsSync(file);
    const warm = performance.now() - warmStart;
    const ours = semantic.filter((d) => d.source === 'drizzle-migrations').length;
    console.log(`${label}: open → diagnostics ${cold.toFixed(0)} ms cold (${ours} findings), ${warm.toFixed(0)} ms for the next request`);
  } finally {
    server.close();
  }
}

await ensureBuiltPlugin('tsserver');
const acme = copyProject('examples/acme');
try {
  const schema = acme.file('src/db/schema.ts');
  await timeOpen('examples/acme', acme.dir, schema, readFileSync(schema, 'utf8'));
} finally {
  acme.remove();
}
const big = bigProject();
try {
  const file = path.join(big, 'schema/part0.ts');
  // Adds a NOT NULL column without a default to the first table: one finding.
  const edited = readFileSync(file, 'utf8').replace('\n});', "\n    added: integer('added').notNull(),\n});");
  await timeOpen(`300 tables × ${COLUMNS} columns in ${FILES} files`, big, file, edited);
} finally {
  rmSync(big, { recursive: true, force: true });
}
