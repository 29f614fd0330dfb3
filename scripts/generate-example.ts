/**
 * Regenerates examples/acme/drizzle with the real drizzle-kit CLI: each `NNNN_name.ts` in
 * examples/acme/history/ (sorted) is in turn copied to src/db/schema.ts and `drizzle-kit generate`
 * runs; each `NNNN_name.sql` becomes a custom migration (`drizzle-kit generate --custom`) with that
 * SQL below drizzle-kit's header line. Then the edited schema.ts (the one the demo lints) is put back.
 * Run: npx tsx scripts/generate-example.ts
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const app = join(repo, 'examples/acme');
const schemaFile = join(app, 'src/db/schema.ts');
const drizzleKit = join(repo, 'node_modules/drizzle-kit/bin.cjs');

const edited = readFileSync(schemaFile, 'utf8');
rmSync(join(app, 'drizzle'), { recursive: true, force: true });
try {
  for (const step of readdirSync(join(app, 'history')).filter((f) => /^\d{4}_.+\.(ts|sql)$/.test(f)).sort()) {
    const name = step.replace(/^\d{4}_/, '').replace(/\.(ts|sql)$/, '');
    const custom = step.endsWith('.sql');
    if (!custom) copyFileSync(join(app, 'history', step), schemaFile);
    execFileSync(process.execPath, [drizzleKit, 'generate', '--name', name, ...(custom ? ['--custom'] : [])], { cwd: app, stdio: ['ignore', 'inherit', 'inherit'] });
    if (custom) {
      const generated = readdirSync(join(app, 'drizzle')).filter((f) => f.endsWith(`_${name}.sql`));
      const file = join(app, 'drizzle', generated[0]);
      writeFileSync(file, readFileSync(file, 'utf8') + '\n' + readFileSync(join(app, 'history', step), 'utf8'));
    }
  }
} finally {
  writeFileSync(schemaFile, edited);
}
