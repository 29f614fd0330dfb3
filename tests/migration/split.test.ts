import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { describe, expect, it } from 'vitest';
import { splitMigration } from '../../src/migration/split.js';
import { PROJECT_FIXTURES } from './helpers.js';

const folders = readdirSync(PROJECT_FIXTURES)
  .map((project) => join(PROJECT_FIXTURES, project, 'drizzle'))
  .filter((folder) => {
    try {
      return readdirSync(join(folder, 'meta')).includes('_journal.json');
    } catch {
      return false;
    }
  });

describe('splitMigration matches drizzle-orm readMigrationFiles', () => {
  it('finds drizzle-kit generated migration folders', () => {
    expect(folders.length).toBeGreaterThan(0);
  });

  it.each(folders)('%s', (folder) => {
    const migrations = readMigrationFiles({ migrationsFolder: folder });
    const files = readdirSync(folder).filter((f) => f.endsWith('.sql')).sort();
    expect(migrations.length).toBe(files.length);
    migrations.forEach((migration, i) => {
      const text = readFileSync(join(folder, files[i]), 'utf8');
      const chunks = splitMigration(text);
      expect(chunks.map((c) => c.text)).toEqual(migration.sql);
      for (const chunk of chunks) expect(text.slice(chunk.start, chunk.start + chunk.text.length)).toBe(chunk.text);
    });
  });
});
