/**
 * A scratch project holding a real repository's drizzle-kit migrations folder (at HEAD), to lint its
 * `.sql` files with the SQL rules: `drizzle.config.ts` with `out: './drizzle'`, an empty schema.
 * Nothing of the repository is kept in this repo; the scratch project goes where you say (under /tmp).
 *
 *   npx tsx bench/replay/migrations-folder.ts <bare-git-dir> <folder-in-repo> <scratch-dir>
 *   node --import tsx bench/workers/eslint-run.ts --mode sql --dir <scratch-dir> --pattern 'drizzle/*.sql' --dump out.json
 * (a 1.0 RC folder: `--pattern 'drizzle/*' + '/migration.sql'`, one string)
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { git, showFile } from './git.js';

const [gitDir, folder, scratch] = process.argv.slice(2);
if (!gitDir || !folder || !scratch) throw new Error('usage: migrations-folder.ts <bare-git-dir> <folder-in-repo> <scratch-dir>');
const prefix = `${folder.replace(/\/$/, '')}/`;
const files = git(gitDir, ['ls-tree', '-r', '--name-only', 'HEAD', prefix])
  .split('\n')
  // 0.31: `<name>.sql` and `meta/*.json`; 1.0 RC: `<folder>/migration.sql` and `<folder>/snapshot.json`.
  .filter((file) => file.endsWith('.sql') || /\/meta\/[^/]+\.json$/.test(file) || /\/snapshot\.json$/.test(file));
rmSync(scratch, { recursive: true, force: true });
for (const file of files) {
  const target = path.join(scratch, 'drizzle', file.slice(prefix.length));
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, showFile(gitDir, 'HEAD', file) ?? '');
}
writeFileSync(path.join(scratch, 'drizzle.config.ts'), `import { defineConfig } from 'drizzle-kit';\n\nexport default defineConfig({ dialect: 'postgresql', schema: './schema.ts', out: './drizzle' });\n`);
writeFileSync(path.join(scratch, 'schema.ts'), 'export {};\n');
writeFileSync(path.join(scratch, 'package.json'), `${JSON.stringify({ name: path.basename(scratch), private: true, type: 'module' })}\n`);
console.log(`${files.filter((file) => file.endsWith('.sql')).length} migrations, ${files.length} files → ${scratch}`);
