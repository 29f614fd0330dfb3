/**
 * The same 300 migrations in drizzle-kit 1.0 RC's layout (`<timestamp>_<name>/migration.sql` and a
 * snapshot v9 per folder: the first the whole schema, every later one a diff): the 0.31 history of
 * migrations.ts converted by the RC's own `drizzle-kit up` (~70 s). Rules that need the schema before
 * a migration replay the diffs up to it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureToolInstalled, kitBin, kitRcV9 } from '../../tests/support/drizzle-kit-oracle.js';
import { outRoot } from '../support/paths.js';
import { generateMigrations } from './migrations.js';

export const migrationsRcDir = path.join(outRoot, 'migrations-rc');
const READY_MARK = '.ready-v1';

export async function generateMigrationsRc(force = false): Promise<string> {
  if (!force && existsSync(path.join(migrationsRcDir, READY_MARK))) return migrationsRcDir;
  const source = await generateMigrations();
  rmSync(migrationsRcDir, { recursive: true, force: true });
  cpSync(source, migrationsRcDir, { recursive: true, filter: (file) => !path.basename(file).startsWith('.ready-') });
  ensureToolInstalled(kitRcV9);
  execFileSync(kitBin(kitRcV9), ['up', '--config', 'drizzle.config.ts'], { cwd: migrationsRcDir, stdio: 'inherit' });
  writeFileSync(path.join(migrationsRcDir, READY_MARK), '');
  return migrationsRcDir;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await generateMigrationsRc(process.argv.includes('--force')));
