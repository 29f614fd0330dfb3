import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import rule from '../../src/rules/require-begin-after-commit.js';
import { checkMigrationSql } from '../support/sql-rule.js';

beforeAll(() => loadSqlParser());

const BP = '--> statement-breakpoint\n';
const INDEX = 'CREATE INDEX CONCURRENTLY "orders_note_idx" ON "orders" ("note");';

describe('require-begin-after-commit (claims run on the server in tests/postgres/transaction-scopes.test.ts)', () => {
  it('is strict only', () => expect(rule.recommended).toBe(false));

  it('reports the last COMMIT (or END) when no BEGIN follows it', () => {
    const [finding, ...rest] = checkMigrationSql(rule, `ALTER TABLE "orders" ADD COLUMN "a" int;${BP}COMMIT;${BP}${INDEX}`);
    expect(rest).toEqual([]);
    expect(finding.at).toBe('COMMIT');
    expect(finding.message).toContain('commits statement by statement');
    expect(finding.message).toContain('the next `migrate` runs that migration again from its first statement');
    expect(finding.help).toContain('end the file with `--> statement-breakpoint` and `BEGIN;`');
    const [end] = checkMigrationSql(rule, `END;${BP}${INDEX}`);
    expect([end.at, end.message.startsWith('`END` ends drizzle')]).toEqual(['END', true]);
    expect(checkMigrationSql(rule, `COMMIT;${BP}BEGIN;${BP}SELECT 1;${BP}COMMIT;`).map((f) => f.at)).toEqual(['COMMIT']);
  });

  it('accepts a COMMIT followed by BEGIN or COMMIT AND CHAIN, a file without COMMIT, and a COMMIT inside a DO block', () => {
    expect(checkMigrationSql(rule, `COMMIT;${BP}${INDEX}${BP}BEGIN;`)).toEqual([]);
    expect(checkMigrationSql(rule, `COMMIT;${BP}${INDEX}${BP}START TRANSACTION;`)).toEqual([]);
    expect(checkMigrationSql(rule, `SELECT 1;${BP}COMMIT AND CHAIN;`)).toEqual([]);
    expect(checkMigrationSql(rule, 'ALTER TABLE "orders" ADD COLUMN "a" int;')).toEqual([]);
    expect(checkMigrationSql(rule, 'DO $$ BEGIN COMMIT; END $$;')).toEqual([]);
  });

  it('names a BEGIN that ran inside the migrator transaction, and says to remove the pair', () => {
    const text = `ALTER TABLE "orders" ADD COLUMN "a" int;${BP}BEGIN TRANSACTION;\nUPDATE "orders" SET "a" = 0;\n\nCOMMIT;\n${BP}ALTER TABLE "orders" DROP COLUMN "note";`;
    const [finding] = checkMigrationSql(rule, text);
    expect(finding.message).toContain('The `BEGIN` on line 2 opened no transaction of its own');
    expect(finding.help).toBe(
      'Remove the `BEGIN` on line 2 and this `COMMIT`: the migrator\'s transaction already makes the statements between them atomic, together with the rest of the run.',
    );
  });

  it('is silent when another runner applies the migrations', () => {
    expect(checkMigrationSql(rule, `COMMIT;${BP}${INDEX}`, { migrationsRunOutsideTransaction: true })).toEqual([]);
  });
});
