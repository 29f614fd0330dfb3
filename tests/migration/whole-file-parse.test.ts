import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { readMigration, readMigrationByChunks, readMigrationWhole } from '../../src/migration/statements.js';
import { STATEMENT_BREAKPOINT } from '../../src/migration/split.js';
import { PROJECT_FIXTURES, SQL_FIXTURES } from './helpers.js';

beforeAll(() => loadSqlParser());

/**
 * `readMigration` parses a file with breakpoints once as a whole when that is provably the same as
 * parsing each chunk the migrator sends. Oracle: `readMigrationByChunks`, the per-chunk reading
 * (whose chunks tests/migration/split.test.ts checks against drizzle-orm's own migrator).
 */
function sqlFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = join(folder, name);
    if (statSync(full).isDirectory()) return sqlFiles(full);
    return name.endsWith('.sql') ? [full] : [];
  });
}

const files = [...sqlFiles(PROJECT_FIXTURES), ...sqlFiles(SQL_FIXTURES)];
const BP = STATEMENT_BREAKPOINT;

describe('whole-file parse equals the chunk-by-chunk parse', () => {
  it('takes the one-parse path on drizzle-kit output with breakpoints', () => {
    const withBreakpoints = files.filter((file) => readFileSync(file, 'utf8').includes(BP));
    expect(withBreakpoints.length).toBeGreaterThan(5);
    for (const file of withBreakpoints) {
      const text = readFileSync(file, 'utf8');
      if (readMigrationByChunks(text).error) continue;
      expect(readMigrationWhole(text), file).toBeDefined();
    }
  });

  it.each(files)('%s', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(readMigration(text)).toEqual(readMigrationByChunks(text));
  });

  // Each case differs between a naive whole-file parse and what the migrator runs, or sits at an edge of the proof.
  it.each([
    ['breakpoint inside a string', `INSERT INTO t VALUES ('a${BP}b');${BP}\nSELECT 1;`],
    ['breakpoint inside a block comment', `SELECT 1; /* ${BP} */ SELECT 2;`],
    ['breakpoint inside a dollar-quoted body', `DO $$ BEGIN PERFORM 1; ${BP}\n END $$;${BP}\nSELECT 1;`],
    ['SQL after the breakpoint on its line runs', `SELECT 1;${BP} DROP TABLE t;\nSELECT 2;`],
    ['breakpoint in the middle of a longer comment', `SELECT 1; -- note ${BP}\nSELECT 2;`],
    ['comment dash right before the breakpoint', `SELECT 1;-${BP}\nSELECT 2;`],
    ['statement without semicolon before the breakpoint', `SELECT 1 ${BP}\nSELECT 2;`],
    ['semicolon after the breakpoint', `SELECT 1 ${BP}\n;SELECT 2;`],
    ['statement split by a breakpoint', `CREATE TABLE t (${BP}\n id integer);`],
    ['breakpoint with CRLF', `SELECT 1;${BP}\r\nSELECT 2;\r\n`],
    ['trailing breakpoint', `SELECT 1;${BP}`],
    ['only breakpoints', `${BP}\n${BP}\n`],
    ['syntax error in a later chunk', `SELECT 1;${BP}\nSELEC 2;${BP}\nSELECT 3;`],
    ['several statements in one chunk', `SELECT 1; SELECT 2;${BP}\n-- c\nSELECT 3; /* d */`],
    ['non-ASCII around breakpoints', `-- café 😀\nALTER TABLE "straße" ADD COLUMN "ü" text;${BP}\nUPDATE "straße" SET "ü" = 'ß✓';`],
    ['nested block comment across a breakpoint', `/* a /* b ${BP} */ c */ SELECT 1;`],
    ['U& string with UESCAPE in the next chunk', `SELECT U&'d!0061t' ${BP}\nUESCAPE '!';`],
  ])('%s', (_name, text) => {
    expect(readMigration(text)).toEqual(readMigrationByChunks(text));
  });

  it('falls back for the cases the proof does not cover', () => {
    expect(readMigrationWhole(`INSERT INTO t VALUES ('a${BP}b');${BP}\nSELECT 1;`)).toBeUndefined();
    expect(readMigrationWhole(`SELECT 1;${BP} DROP TABLE t;\nSELECT 2;`)).toBeUndefined();
    expect(readMigrationWhole(`CREATE TABLE t (${BP}\n id integer);`)).toBeUndefined();
    expect(readMigrationWhole(`SELECT 1;${BP}\nSELECT 2;`)).toBeDefined();
  });

  // Breakpoints, semicolons and comment starts spliced at random places of real migrations.
  it('equals on random splices of breakpoints into real migrations', () => {
    const texts = files.map((file) => readFileSync(file, 'utf8')).filter((text) => text.length > 0);
    const insert = fc.constantFrom(BP, `${BP}\n`, `;${BP}\n`, `${BP} x`, '--', '/*', '*/', "'", '$$', ';', '\n');
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), insert), { maxLength: 4 }), (which, edits) => {
        let text = texts[which];
        for (const [where, piece] of edits) {
          const at = Math.floor(where * text.length);
          text = text.slice(0, at) + piece + text.slice(at);
        }
        expect(readMigration(text)).toEqual(readMigrationByChunks(text));
      }),
      { seed: 20261126, numRuns: 300 },
    );
  });
});
