/**
 * `startOf` skips ASCII spaces itself and hands anything else to TypeScript: on every node it must
 * give what TypeScript's own `node.getStart(sourceFile)` gives (the oracle).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { startOf } from '../../src/schema/evaluator.js';

const repo = path.resolve(import.meta.dirname, '../..');

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(file).isDirectory()) return typeScriptFiles(file);
    return /\.[mc]?ts$/.test(name) && !name.endsWith('.d.ts') ? [file] : [];
  });
}

/** Nodes whose start differs from TypeScript's, as `kind@pos`. */
function mismatches(text: string): string[] {
  const sourceFile = ts.createSourceFile('/virtual/file.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const wrong: string[] = [];
  const visit = (node: ts.Node): void => {
    if (startOf(node, sourceFile) !== node.getStart(sourceFile)) wrong.push(`${ts.SyntaxKind[node.kind]}@${node.pos}`);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  return wrong;
}

describe('startOf', () => {
  const files = [...typeScriptFiles(path.join(repo, 'tests/fixtures')), ...typeScriptFiles(path.join(repo, 'examples'))];

  it('finds the fixture and example files', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((file) => path.relative(repo, file)))('agrees with TypeScript on every node of %s', (file) => {
    expect(mismatches(readFileSync(path.join(repo, file), 'utf8'))).toEqual([]);
  });

  it.each([
    ['line and block comments', 'const a = /* x */ 1; // y\nexport const b = // z\n  2;\n'],
    ['JSDoc', '/** doc */\nexport const a = {\n  /** the id */ id: 1,\n};\n'],
    ['Unicode spaces and separators', 'const a =\u00a0\u2028\u3000 1;\uFEFFconst b = 2;\n'],
    ['vertical tab and form feed', 'const a =\v\f 1;\n'],
    ['a shebang', '#!/usr/bin/env node\nconst a = 1;\n'],
    ['merge conflict markers', 'const a = 1;\n<<<<<<< HEAD\nconst b = 2;\n=======\nconst b = 3;\n>>>>>>> other\n'],
    ['missing nodes after syntax errors', 'const a = ;\nexport const b = pgTable("b", { id: integer( });\nconst c = [1, , 2];\n'],
    ['tokens that look like trivia', 'const a = /re/g;\nconst b = <number>c;\nconst d = #x in e;\n'],
    ['CRLF line breaks', 'const a = {\r\n  b: 1,\r\n};\r\n'],
  ])('agrees with TypeScript with %s', (_, text) => {
    expect(mismatches(text)).toEqual([]);
  });
});
