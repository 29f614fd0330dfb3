/**
 * Regenerates examples/acme/drizzle with the real drizzle-kit CLI: each file in
 * examples/acme/history/ (sorted) is in turn copied to src/db/schema.ts and `drizzle-kit generate`
 * runs; then the edited schema.ts (the one the demo lints) is put back.
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
  for (const version of readdirSync(join(app, 'history')).filter((f) => /^\d{4}_.+\.ts$/.test(f)).sort()) {
    copyFileSync(join(app, 'history', version), schemaFile);
    const name = version.replace(/^\d{4}_/, '').replace(/\.ts$/, '');
    execFileSync(process.execPath, [drizzleKit, 'generate', '--name', name], { cwd: app, stdio: ['ignore', 'inherit', 'inherit'] });
  }
} finally {
  writeFileSync(schemaFile, edited);
}
