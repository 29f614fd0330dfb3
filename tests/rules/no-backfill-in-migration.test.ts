import { beforeAll, describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/core/settings.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { readMigration } from '../../src/migration/statements.js';
import rule from '../../src/rules/no-backfill-in-migration.js';

beforeAll(() => loadSqlParser());

function check(text: string, settings: Record<string, unknown> = {}) {
  const { statements } = readMigration(text);
  return rule.checkMigration!({ file: '/m/0001_x.sql', text, statements, settings: resolveSettings(settings, '/m') }).map((f) => ({ sql: text.slice(f.span.start, f.span.end), message: f.message, help: f.help }));
}

describe('no-backfill-in-migration', () => {
  it('reports UPDATE and DELETE of existing rows, at the statement', () => {
    const text = `ALTER TABLE "users" ADD COLUMN "full_name" text;--> statement-breakpoint\nUPDATE "users" SET "full_name" = "first" || ' ' || "last";--> statement-breakpoint\nDELETE FROM "sessions" WHERE "expired";`;
    const findings = check(text);
    expect(findings.map((f) => f.sql)).toEqual([`UPDATE "users" SET "full_name" = "first" || ' ' || "last"`, 'DELETE FROM "sessions" WHERE "expired"']);
    expect(findings[0].message).toContain('`UPDATE` of existing rows of `users`');
    expect(findings[0].message).toContain('one transaction');
    expect(findings[0].help).toContain('in batches');
    expect(findings[1].message).toContain('`DELETE` of existing rows of `sessions`');
  });

  it('accepts rows of a table created in the same file, inserts, and schema changes', () => {
    expect(check('CREATE TABLE "audit" ("id" int);\nINSERT INTO "audit" VALUES (1);\nUPDATE "audit" SET "id" = 2;\nDELETE FROM "audit";')).toEqual([]);
    expect(check('ALTER TABLE "users" ADD COLUMN "a" text DEFAULT \'x\' NOT NULL;')).toEqual([]);
  });

  it('says nothing of the migrator when migrations run outside one transaction', () => {
    const [finding] = check('UPDATE "users" SET "full_name" = "first";', { migrationsRunOutsideTransaction: true });
    expect(finding.message).toBe(
      "`UPDATE` of every matching row of `users` in one statement: each updated row stays locked until the statement's transaction commits, so on a large table the app's writes to those rows wait for the whole backfill.",
    );
    expect(finding.help).toContain('out of the migration');
  });

  it('after a `COMMIT` in the file the rows are held by the statement alone, or until the block the file closes', () => {
    const BP = '--> statement-breakpoint\n';
    const [autocommit] = check(`COMMIT;${BP}UPDATE "users" SET "a" = 1;${BP}BEGIN;`);
    expect(autocommit.message).toContain("stays locked until the statement's transaction commits");
    const [block] = check(`COMMIT;${BP}BEGIN;${BP}UPDATE "users" SET "a" = 1;${BP}COMMIT;`);
    expect(block.message).toContain('stays locked until the `COMMIT` on line 4');
    const [reopened] = check(`COMMIT;${BP}BEGIN;${BP}UPDATE "users" SET "a" = 1;`);
    expect(reopened.message).toContain("it runs in the transaction the `BEGIN` on line 2 opens, which drizzle's migrator commits only at the end of the run");
  });

  it('finds the UPDATE inside a breakpoint-free chunk', () => {
    expect(check('ALTER TABLE t ADD COLUMN a int; UPDATE t SET a = 1; ALTER TABLE t ALTER COLUMN a SET NOT NULL;').map((f) => f.sql)).toEqual(['UPDATE t SET a = 1']);
  });
});
