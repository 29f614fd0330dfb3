/**
 * drizzle-kit 0.31's migrator applies the files `meta/_journal.json` lists and no other: a hand-written
 * `.sql` file without an entry is applied by some other tool, if at all, so the rules must not say that
 * drizzle's migrator runs it in one transaction. Checked against drizzle-orm's own `readMigrationFiles`.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { locateMigration, runByDrizzleMigrator } from '../../src/migration/migration-context.js';
import { copyFixture, eslintFor, freshCaches } from '../fuzz/harness.js';

const shop = copyFixture('shop', 'unjournaled');
const outDir = path.join(shop.dir, 'drizzle');
const HAND_WRITTEN = [
  'CREATE INDEX CONCURRENTLY "users_email_idx" ON "users" ("email");',
  'CREATE INDEX "users_name_idx" ON "users" ("name");',
  `UPDATE "users" SET "email" = lower("email");`,
  'ALTER TABLE "users" ADD CONSTRAINT "users_email_check" CHECK ("email" <> \'\') NOT VALID;',
  'ALTER TABLE "users" VALIDATE CONSTRAINT "users_email_check";',
  '',
].join('\n');
// Sorted after every generated migration, as a hand-written file usually is.
const unjournaled = path.join(outDir, '0099_hand_written.sql');
writeFileSync(unjournaled, HAND_WRITTEN);
afterAll(() => shop.remove());
beforeEach(() => freshCaches());

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('which migrations drizzle-orm applies', () => {
  it('matches readMigrationFiles for every .sql file of the folder', () => {
    const applied = new Set(readMigrationFiles({ migrationsFolder: outDir }).map((migration) => migration.hash));
    const files = readdirSync(outDir).filter((name) => name.endsWith('.sql'));
    expect(files.length).toBeGreaterThan(3);
    for (const name of files) {
      const location = locateMigration(path.join(outDir, name), outDir)!;
      expect(runByDrizzleMigrator(location), name).toBe(applied.has(sha256(readFileSync(path.join(outDir, name), 'utf8'))));
    }
    expect(runByDrizzleMigrator(locateMigration(unjournaled, outDir)!)).toBe(false);
  });

  it('assumes the migrator when the journal cannot be read', () => {
    const copy = copyFixture('shop', 'unjournaled-no-journal');
    try {
      const folder = path.join(copy.dir, 'drizzle');
      rmSync(path.join(folder, 'meta/_journal.json'));
      expect(runByDrizzleMigrator(locateMigration(path.join(folder, '0001_v02.sql'), folder)!)).toBe(true);
      writeFileSync(path.join(folder, 'meta/_journal.json'), '{ not json');
      expect(runByDrizzleMigrator(locateMigration(path.join(folder, '0001_v02.sql'), folder)!)).toBe(true);
    } finally {
      copy.remove();
    }
  });
});

describe('rules on a migration drizzle-orm does not apply', () => {
  const lint = async (file: string) => {
    const [result] = await eslintFor(shop.dir).lintText(HAND_WRITTEN, { filePath: file });
    return result.messages.map((message) => ({ rule: message.ruleId?.replace('drizzle-migrations/', ''), line: message.line, message: message.message }));
  };

  it('keeps the lock findings and drops the claims about the migrator', async () => {
    const messages = await lint(unjournaled);
    expect(messages.filter((m) => m.rule === null)).toEqual([]);
    // A plain CREATE INDEX blocks writes whatever applies it.
    expect(messages).toContainEqual(expect.objectContaining({ rule: 'require-concurrent-index', line: 2 }));
    expect(messages.some((m) => m.rule === 'no-concurrent-index-in-transaction')).toBe(false);
    expect(messages.some((m) => m.rule === 'require-not-valid-constraint' && m.line === 5)).toBe(false);
    const backfill = messages.find((m) => m.rule === 'no-backfill-in-migration');
    expect(backfill?.line).toBe(3);
    expect(backfill?.message).not.toContain("drizzle's migrator");
    expect(messages.map((m) => m.message).join('\n')).not.toContain("drizzle's migrator runs");
  });

  it('reports them on the same text where the journal lists the file', async () => {
    const messages = await lint(path.join(outDir, '0002_v03.sql'));
    expect(messages).toContainEqual(expect.objectContaining({ rule: 'no-concurrent-index-in-transaction', line: 1 }));
    expect(messages).toContainEqual(expect.objectContaining({ rule: 'require-not-valid-constraint', line: 5 }));
    expect(messages.find((m) => m.rule === 'no-backfill-in-migration')?.message).toContain("drizzle's migrator runs every pending migration in one transaction");
  });
});
