import { describe, expect, it } from 'vitest';
import { isSqlParserLoaded, loadSqlParser, parseSql } from '../../src/migration/parse-sql.js';
import { textOffsets } from '../../src/migration/text-offsets.js';

describe('loading the parser', () => {
  it('loads synchronously on the first parse, with no await before it', () => {
    // vitest runs each test file in its own fork, so nothing has loaded the parser yet.
    expect(isSqlParserLoaded()).toBe(false);
    expect(parseSql('   ')).toEqual({ ok: true, statements: [], comments: [] });
    expect(isSqlParserLoaded()).toBe(false);
    expect(parseSql('SELECT 1')).toMatchObject({ ok: true, statements: [{ type: 'SelectStmt', start: 0, end: 8 }] });
    expect(isSqlParserLoaded()).toBe(true);
  });

  it('hands back plain objects and errors of this realm', () => {
    const result = parseSql('ALTER TABLE "a" ADD COLUMN "b" integer');
    if (!result.ok) throw new Error(result.message);
    expect(Object.getPrototypeOf(result.statements[0].node)).toBe(Object.prototype);
    expect(Array.isArray(result.statements[0].node.cmds)).toBe(true);
    expect(parseSql('ALTER TABLE "a" DROP COLUMN;')).toMatchObject({ ok: false, message: expect.stringMatching(/syntax error at or near ";"/) });
  });

  it('keeps loadSqlParser() as an optional, already-settled preload', async () => {
    await expect(loadSqlParser()).resolves.toBeUndefined();
  });
});

describe('offsets with non-ASCII text', () => {
  it('maps UTF-8 byte locations to string indices (2-, 3- and 4-byte characters)', async () => {
    await loadSqlParser();
    const text = `-- é ✓ 😀\nALTER TABLE "straße" DROP COLUMN "größe";\n/* 😀😀 */ DROP TABLE "ünï";`;
    const result = parseSql(text);
    if (!result.ok) throw new Error(result.message);
    expect(result.statements.map((s) => text.slice(s.start, s.end))).toEqual(['ALTER TABLE "straße" DROP COLUMN "größe"', 'DROP TABLE "ünï"']);
    expect(text.slice(result.statements[0].node.relation.location).startsWith('"straße"')).toBe(true);
    expect(result.comments.map((c) => c.text)).toEqual(['-- é ✓ 😀', '/* 😀😀 */']);
  });

  it('maps the error cursor (a code-point offset) to a string index', async () => {
    await loadSqlParser();
    const text = `SELECT '😀é' FROM t;\n-- 😀\nSELEC x`;
    const result = parseSql(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toBe('syntax error at or near "SELEC"');
    expect(text.slice(result.offset)).toBe('SELEC x');
  });

  it('shifts every offset by the base offset', async () => {
    await loadSqlParser();
    const result = parseSql('DROP TABLE "ä";', 100);
    if (!result.ok) throw new Error(result.message);
    expect(result.statements[0]).toMatchObject({ start: 100, end: 114 });
  });

  it('agrees with TextEncoder on every byte offset', () => {
    const text = 'a\u00e9\u2713\u{1F600}b\ud800c';
    const offsets = textOffsets(text);
    let bytes = 0;
    for (let index = 0; index < text.length; ) {
      expect(offsets.fromByte(bytes)).toBe(index);
      const codePoint = text.codePointAt(index)!;
      const char = String.fromCodePoint(codePoint);
      // A lone surrogate encodes as 3 bytes in Emscripten's stringToUTF8 (TextEncoder would write U+FFFD, also 3 bytes).
      bytes += new TextEncoder().encode(char).length;
      index += char.length;
    }
    expect(offsets.fromByte(bytes)).toBe(text.length);
  });
});
