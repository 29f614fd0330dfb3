/**
 * The host's own parse (tsserver's program, typescript-eslint's parser services) stands in for the
 * reader's parse only when it is interchangeable: same TypeScript, plain TS, parents set, and the
 * very text being analysed. Otherwise the reader parses as before. Oracle for "same result": the
 * analysis of the same text with no host parse offered, on emptied caches.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { Linter } from 'eslint';
import * as typescriptParser from '@typescript-eslint/parser';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { analyzeSchemaFile } from '../../src/core/analyze.js';
import { analyzeTypeScriptFile } from '../../src/core/analyze-typescript.js';
import { clearAllCaches } from '../../src/core/cache.js';
import { resolveSettings } from '../../src/core/settings.js';
import { adoptHostSourceFile, cachedSourceFile, parseFile, usableHostSourceFile } from '../../src/schema/parse-cache.js';
import plugin from '../../src/eslint/index.js';
import { copyFixture } from '../core/temp-project.js';

const shop = copyFixture('shop', 'host-source-file');
const schemaFile = join(shop.dir, 'schema.ts');
const diskText = readFileSync(schemaFile, 'utf8');
// An edit the rules report on: the `name` column of `orgs` is dropped.
const editedText = diskText.replace("  name: text('name').notNull(),\n  ...timestamps,\n});", '  ...timestamps,\n});');
const settings = resolveSettings({}, shop.dir);

const hostParse = (text: string, setParents = true, kind = ts.ScriptKind.TS) => ts.createSourceFile(schemaFile, text, ts.ScriptTarget.Latest, setParents, kind);
const comparable = (result: ReturnType<typeof analyzeSchemaFile>) => result.findings.map((f) => `${f.ruleId}@${f.span.start}-${f.span.end}: ${f.message}`).sort();

afterEach(() => clearAllCaches());
afterAll(() => shop.cleanup());

describe('adoptHostSourceFile', () => {
  it('the edit is one the rules report on', () => {
    expect(editedText).not.toBe(diskText);
    expect(comparable(analyzeSchemaFile({ file: schemaFile, text: editedText, settings }))).not.toEqual([]);
  });

  it('makes parseFile answer with the host parse of the same text', () => {
    const host = hostParse('export const a = 1;\n');
    expect(adoptHostSourceFile(schemaFile, host.text, { sourceFile: host })).toBe(host);
    expect(parseFile(schemaFile, host.text)).toBe(host);
  });

  it('is refused when the host text is not the text analysed (the program lags the buffer)', () => {
    const host = hostParse('export const a = 1;\n');
    expect(adoptHostSourceFile(schemaFile, 'export const a = 2;\n', { sourceFile: host })).toBeUndefined();
    expect(parseFile(schemaFile, host.text)).not.toBe(host);
  });

  it('keeps an existing parse of the same text, so unchanged files keep their identity', () => {
    const own = parseFile(schemaFile, 'export const b = 1;\n');
    expect(adoptHostSourceFile(schemaFile, own.text, { sourceFile: hostParse(own.text) })).toBeUndefined();
    expect(parseFile(schemaFile, own.text)).toBe(own);
  });

  it('is refused without parent pointers, for TSX, for another file, and for what is not a SourceFile', () => {
    const text = 'export const a = 1;\n';
    expect(adoptHostSourceFile(schemaFile, text, { sourceFile: hostParse(text, false) })).toBeUndefined();
    expect(adoptHostSourceFile(schemaFile, text, { sourceFile: hostParse(text, true, ts.ScriptKind.TSX) })).toBeUndefined();
    expect(adoptHostSourceFile(join(shop.dir, 'other.ts'), text, { sourceFile: hostParse(text) })).toBeUndefined();
    expect(adoptHostSourceFile(schemaFile, text, { sourceFile: { kind: 1, text } })).toBeUndefined();
    expect(adoptHostSourceFile(schemaFile, text, { sourceFile: null })).toBeUndefined();
    expect(cachedSourceFile(schemaFile, text)).toBeUndefined();
  });

  it('accepts another TypeScript module only when the host says it is the same version', () => {
    // A second instance of the same package: different prototypes, as tsserver's own `typescript` would be.
    const require = createRequire(import.meta.url);
    const path = require.resolve('typescript');
    const saved = require.cache[path];
    delete require.cache[path];
    const other = require('typescript') as typeof ts;
    require.cache[path] = saved;
    const text = 'export const a = 1;\n';
    const foreign = other.createSourceFile(schemaFile, text, other.ScriptTarget.Latest, true, other.ScriptKind.TS);
    expect(Object.getPrototypeOf(foreign)).not.toBe(Object.getPrototypeOf(hostParse(text)));
    expect(adoptHostSourceFile(schemaFile, text, { sourceFile: foreign })).toBeUndefined();
    expect(adoptHostSourceFile(schemaFile, text, { sourceFile: foreign, typescriptVersion: '5.0.4' })).toBeUndefined();
    expect(adoptHostSourceFile(schemaFile, text, { sourceFile: foreign, typescriptVersion: ts.version })).toBe(foreign);
  });
});

describe('analyzeSchemaFile with the host parse', () => {
  it('uses the host parse of the edited buffer and finds what its own parse finds', () => {
    const expected = comparable(analyzeSchemaFile({ file: schemaFile, text: editedText, settings }));
    clearAllCaches();
    const host = hostParse(editedText);
    const result = analyzeSchemaFile({ file: schemaFile, text: editedText, settings, hostSourceFile: { sourceFile: host } });
    expect(cachedSourceFile(schemaFile, editedText)).toBe(host);
    expect(comparable(result)).toEqual(expected);
  });

  it('falls back to its own parse when the host parse is stale, absent or unusable', () => {
    const expected = comparable(analyzeSchemaFile({ file: schemaFile, text: editedText, settings }));
    for (const hostSourceFile of [{ sourceFile: hostParse(diskText) }, undefined, { sourceFile: hostParse(editedText, false) }]) {
      clearAllCaches();
      const result = analyzeSchemaFile({ file: schemaFile, text: editedText, settings, hostSourceFile });
      expect(comparable(result)).toEqual(expected);
      expect(cachedSourceFile(schemaFile, editedText)).not.toBe(hostSourceFile?.sourceFile);
    }
  });
});

describe('analyzeTypeScriptFile with the host parse', () => {
  it('uses it only for the same text', () => {
    const text = "import { sql } from 'drizzle-orm';\nexport const q = sql.raw(`select ${process.env.X}`);\n";
    const expected = analyzeTypeScriptFile({ file: schemaFile, text, settings }).findings;
    clearAllCaches();
    expect(usableHostSourceFile({ sourceFile: hostParse(text) }, text)).toBeDefined();
    expect(usableHostSourceFile({ sourceFile: hostParse(text) }, `${text}\n`)).toBeUndefined();
    const withHost = analyzeTypeScriptFile({ file: schemaFile, text, settings: resolveSettings({ x: 1 }, shop.dir), hostSourceFile: { sourceFile: hostParse(text) } }).findings;
    expect(withHost.map((f) => [f.ruleId, f.span.start, f.span.end])).toEqual(expected.map((f) => [f.ruleId, f.span.start, f.span.end]));
  });
});

describe('ESLint with typescript-eslint', () => {
  it("hands typescript-eslint's SourceFile (no `project` needed) to the schema reader", () => {
    let parserSourceFile: unknown;
    const probe = {
      rules: {
        grab: {
          create: (context: { sourceCode: { parserServices?: { esTreeNodeToTSNodeMap?: { get(node: unknown): unknown } }; ast: unknown } }) => ({
            Program() {
              parserSourceFile = context.sourceCode.parserServices?.esTreeNodeToTSNodeMap?.get(context.sourceCode.ast);
            },
          }),
        },
      },
    };
    const linter = new Linter({ cwd: shop.dir });
    const expected = comparable(analyzeSchemaFile({ file: schemaFile, text: editedText, settings }));
    clearAllCaches();
    const messages = linter.verify(
      editedText,
      [{ files: ['**/*.ts'], languageOptions: { parser: typescriptParser }, plugins: { probe, 'drizzle-migrations': plugin }, rules: { 'probe/grab': 'error', 'drizzle-migrations/no-drop-column': 'error' } }] as unknown as Linter.Config[],
      schemaFile,
    );
    expect(parserSourceFile).toBeDefined();
    expect(cachedSourceFile(schemaFile, editedText)).toBe(parserSourceFile);
    expect(messages.filter((m) => m.ruleId === 'drizzle-migrations/no-drop-column')).toHaveLength(expected.filter((f) => f.startsWith('no-drop-column@')).length);
    expect(messages.some((m) => m.ruleId === 'drizzle-migrations/no-drop-column')).toBe(true);
  });
});
