import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { readMigration } from '../../src/migration/statements.js';
import { sameTransaction, transactionsOf } from '../../src/migration/transaction-scopes.js';

beforeAll(() => loadSqlParser());

const BP = '--> statement-breakpoint\n';

/** For each statement: its scope's kind, and a letter per distinct transaction (`-` for autocommit). */
function read(text: string, drizzleMigrator = true) {
  const { statements } = readMigration(text);
  const transactions = transactionsOf(statements, { drizzleMigrator });
  const letters = new Map<object, string>();
  return statements.map((statement) => {
    const { scope, endedBefore } = transactions.get(statement)!;
    if (scope.kind !== 'none' && !letters.has(scope)) letters.set(scope, 'abcdefgh'[letters.size]);
    return { text: statement.text, kind: scope.kind, tx: letters.get(scope) ?? '-', endedBefore: endedBefore?.text };
  });
}

describe('transaction scopes (server-checked in tests/postgres/transaction-scopes.test.ts)', () => {
  it('reads the COMMIT / CONCURRENTLY / BEGIN recipe: the index alone outside, the rest in the run', () => {
    const text = `ALTER TABLE "users" ADD COLUMN "nick" text;${BP}COMMIT;${BP}CREATE INDEX CONCURRENTLY "i" ON "users" ("nick");${BP}BEGIN;${BP}UPDATE "users" SET "nick" = '';`;
    expect(read(text).map(({ kind, tx, endedBefore }) => [kind, tx, endedBefore])).toEqual([
      ['migrate-run', 'a', undefined],
      ['migrate-run', 'a', undefined],
      ['none', '-', 'COMMIT'],
      ['migrate-run', 'b', 'COMMIT'],
      ['migrate-run', 'b', 'COMMIT'],
    ]);
  });

  it('a chunk of several statements outside a block is one implicit transaction; BEGIN inside it keeps the block going', () => {
    expect(read(`COMMIT;${BP}SELECT 1;\nSELECT 2;${BP}SELECT 3;`).map((s) => [s.kind, s.tx])).toEqual([['migrate-run', 'a'], ['implicit', 'b'], ['implicit', 'b'], ['none', '-']]);
    expect(read(`COMMIT;${BP}SELECT 1;\nBEGIN;${BP}SELECT 2;${BP}COMMIT;`).map((s) => [s.kind, s.tx])).toEqual([['migrate-run', 'a'], ['block', 'b'], ['block', 'b'], ['block', 'b'], ['block', 'b']]);
  });

  it('COMMIT AND CHAIN starts the next block at once; ROLLBACK, END and START TRANSACTION are transaction control too', () => {
    expect(read(`COMMIT AND CHAIN;${BP}SELECT 1;${BP}END;${BP}SELECT 2;`).map((s) => [s.kind, s.tx])).toEqual([['migrate-run', 'a'], ['block', 'b'], ['block', 'b'], ['none', '-']]);
    expect(read(`ROLLBACK;${BP}START TRANSACTION;${BP}SELECT 1;`).map((s) => [s.kind, s.tx, s.endedBefore])).toEqual([['migrate-run', 'a', undefined], ['migrate-run', 'b', 'ROLLBACK'], ['migrate-run', 'b', 'ROLLBACK']]);
  });

  it('under another runner the file starts in autocommit and a chunk is not known to be one query', () => {
    expect(read(`SELECT 1;\nSELECT 2;${BP}BEGIN;${BP}SELECT 3;`, false).map((s) => [s.kind, s.tx])).toEqual([['none', '-'], ['none', '-'], ['block', 'a'], ['block', 'a']]);
  });

  it('a COMMIT inside a DO block is not transaction control of the file', () => {
    expect(read(`DO $$ BEGIN COMMIT; END $$;${BP}SELECT 1;`).map((s) => s.kind)).toEqual(['migrate-run', 'migrate-run']);
  });

  it('sameTransaction: never for autocommit statements, and remembered per statement list', () => {
    const { statements } = readMigration(`SELECT 1;${BP}COMMIT;${BP}SELECT 2;${BP}SELECT 3;`);
    const transactions = transactionsOf(statements, { drizzleMigrator: true });
    expect(transactionsOf(statements, { drizzleMigrator: true })).toBe(transactions);
    expect(sameTransaction(transactions, statements[0], statements[1])).toBe(true);
    expect(sameTransaction(transactions, statements[0], statements[2])).toBe(false);
    expect(sameTransaction(transactions, statements[2], statements[2])).toBe(false);
    expect(sameTransaction(transactions, statements[2], statements[3])).toBe(false);
  });
});
