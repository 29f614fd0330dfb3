/**
 * The recommended config's parser hands typescript-estree the schema reader's own tree for a file it
 * has already parsed. What ESLint gets must be exactly what typescript-eslint's parser gives for the
 * text: the same ESTree, tokens, comments and scopes, on every TypeScript file of the repository's
 * fixtures and examples; and the tree must really be handed over, or the speed-up is gone unnoticed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as typescriptParser from '@typescript-eslint/parser';
import ts from 'typescript';
import { ESLint, type Linter, type Rule } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { clearAllCaches } from '../../src/core/cache.js';
import plugin from '../../src/eslint/index.js';
import { typescriptParserReusingTrees as reusing } from '../../src/eslint/typescript-parser.js';
import { cachedSourceFile, parseFile } from '../../src/schema/parse-cache.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'typescript-parser-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /(?<!\.d)\.ts$/.test(entry.name) && !entry.parentPath.includes('node_modules'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const files = [...typeScriptFiles(path.join(repoRoot, 'tests/fixtures')), ...typeScriptFiles(path.join(repoRoot, 'examples'))];

type ParseResult = ReturnType<typeof typescriptParser.parseForESLint>;
const treeOf = (result: ParseResult) => result.services.esTreeNodeToTSNodeMap?.get(result.ast);

/** The ESTree, tokens and comments as plain data (ranges, locations, every property but parents). */
function estree(result: ParseResult): string {
  return JSON.stringify(result.ast, (key, value: unknown) => (key === 'parent' ? undefined : value));
}

/** Every TypeScript node (kind, range, flags, parent's kind) in tree order: what rules reach through parser services. */
function tsNodes(sourceFile: ts.SourceFile): string {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    out.push(`${node.kind}:${node.pos}-${node.end}:${node.flags}:${node.parent?.kind}`);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return out.join(' ');
}

/** Every scope with its variables and references, by name and range. */
function scopes(result: ParseResult): unknown {
  return result.scopeManager?.scopes.map((scope) => ({
    type: scope.type,
    block: scope.block.range,
    variables: scope.variables.map((variable) => [variable.name, variable.defs.map((def) => def.type), variable.references.length]),
    references: scope.references.map((reference) => [reference.identifier.range, reference.resolved?.name ?? null, reference.isWrite()]),
    through: scope.through.length,
  }));
}

function parseBoth(file: string, text: string, options: typescriptParser.ParserOptions) {
  parseFile(path.resolve(file), text);
  const own = cachedSourceFile(path.resolve(file), text);
  const reused = reusing.parseForESLint(text, { filePath: file, ...options });
  const plain = typescriptParser.parseForESLint(text, { filePath: file, ...options });
  return { own, reused, plain };
}

describe('typescriptParserReusingTrees', () => {
  it('parses the first file itself: it has not yet seen that typescript-eslint uses our `typescript`', () => {
    const file = path.join(scratch, 'first.ts');
    const { own, reused } = parseBoth(file, 'export const a = 1;\n', { sourceType: 'module' });
    expect(own).toBeDefined();
    expect(treeOf(reused)).not.toBe(own);
  });

  it(`gives ESLint what typescript-eslint's own parse gives, on ${files.length} files, from the reader's own trees`, () => {
    expect(files.length).toBeGreaterThan(40);
    let handedOver = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const { own, reused, plain } = parseBoth(file, text, { sourceType: 'module' });
      if (treeOf(reused) === own) handedOver++;
      expect(estree(reused), file).toBe(estree(plain));
      expect(scopes(reused), file).toEqual(scopes(plain));
      expect(reused.visitorKeys).toEqual(plain.visitorKeys);
      expect(tsNodes(treeOf(reused) as ts.SourceFile), file).toBe(tsNodes(treeOf(plain) as ts.SourceFile));
    }
    expect(handedOver, 'every tree is handed over').toBe(files.length);
  });

  it('marks a file without imports a module, as typescript-estree does, and a script when asked', () => {
    for (const sourceType of ['module', 'script'] as const) {
      const file = path.join(scratch, `no-imports-${sourceType}.ts`);
      const { own, reused, plain } = parseBoth(file, 'const a = 1;\nfunction f() { return a; }\n', { sourceType });
      expect(treeOf(reused)).toBe(own);
      expect(reused.ast.sourceType).toBe(sourceType);
      // ESLint's `Program.sourceType` comes from the options; the tree itself is what parser services hand to rules.
      expect(ts.isExternalModule(treeOf(reused) as ts.SourceFile)).toBe(ts.isExternalModule(treeOf(plain) as ts.SourceFile));
      expect(estree(reused)).toBe(estree(plain));
      expect(scopes(reused)).toEqual(scopes(plain));
    }
  });

  it('parses itself when its tree would differ: JSDoc asked for, type information, another text, an incremental re-parse, TSX', () => {
    const text = '/** Users. */\nexport const users = 1;\n';
    const file = path.join(scratch, 'kept.ts');
    writeFileSync(file, text);
    writeFileSync(path.join(scratch, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true }, include: ['*.ts'] }));
    const cases: [string, typescriptParser.ParserOptions, string][] = [
      ['JSDoc', { jsDocParsingMode: 'all' }, text],
      ['type information', { project: './tsconfig.json', tsconfigRootDir: scratch }, text],
      ['another text', {}, `${text}// edited\n`],
    ];
    for (const [why, options, linted] of cases) {
      const own = parseFile(file, text);
      const result = reusing.parseForESLint(linted, { filePath: file, sourceType: 'module', ...options });
      expect(treeOf(result), why).not.toBe(own);
      expect(estree(result), why).toBe(estree(typescriptParser.parseForESLint(linted, { filePath: file, sourceType: 'module', ...options })));
    }
    // A tree re-parsed incrementally from our previous one (a file changed on disk in a long session) is not handed over.
    const edited = path.join(scratch, 'edited.ts');
    parseFile(edited, text);
    const incremental = parseFile(edited, `${text}export const more = 2;\n`);
    expect(treeOf(reusing.parseForESLint(`${text}export const more = 2;\n`, { filePath: edited, sourceType: 'module' }))).not.toBe(incremental);
    const tsx = path.join(scratch, 'view.tsx');
    const own = parseFile(tsx, 'export const a = 1;\n');
    expect(treeOf(reusing.parseForESLint('export const a = 1;\n', { filePath: tsx, sourceType: 'module' }))).not.toBe(own);
  });

  it('never re-parses a handed-over tree in place: the next text gets a tree of its own', () => {
    const file = path.join(scratch, 'handed.ts');
    const text = 'export const a = 1;\nexport const b = 2;\n';
    const { own, reused } = parseBoth(file, text, { sourceType: 'module' });
    expect(treeOf(reused)).toBe(own);
    const before = own!.statements.map((statement) => [statement.pos, statement.end]);
    // A longer first line: an incremental re-parse would move the second statement's node, which ESLint's tree holds.
    const next = parseFile(file, text.replace('= 1', '= 100'));
    expect(next).not.toBe(own);
    expect(next.statements[1]).not.toBe(own!.statements[1]);
    expect(own!.statements.map((statement) => [statement.pos, statement.end])).toEqual(before);
  });
});

describe('configs.recommended in a real ESLint run', () => {
  // A rule that records which tree ESLint's parser services hold for each file.
  const treesSeen = new Map<string, unknown>();
  const recorder: Rule.RuleModule = {
    create(context) {
      treesSeen.set(context.filename, context.sourceCode.parserServices?.esTreeNodeToTSNodeMap?.get(context.sourceCode.ast));
      return {};
    },
  };
  const coreRules: Linter.RulesRecord = Object.fromEntries(
    ['no-unused-vars', 'no-undef', 'no-shadow', 'prefer-const', 'no-use-before-define', 'eqeqeq', 'no-var', 'camelcase', 'no-redeclare'].map((rule) => [rule, 'warn']),
  );

  async function lint(project: string, parser?: Linter.Parser) {
    // Each run starts as a fresh CLI process would.
    clearAllCaches();
    const eslint = new ESLint({
      cwd: project,
      overrideConfigFile: true,
      overrideConfig: [
        ...plugin.configs.recommended,
        { files: ['**/*.ts'], plugins: { probe: { rules: { trees: recorder } } }, rules: { ...coreRules, 'probe/trees': 'warn' } },
        ...(parser ? [{ files: ['**/*.ts'], languageOptions: { parser } }] : []),
      ],
    });
    const results = await eslint.lintFiles(['**/*.ts']);
    return results
      .flatMap((result) => result.messages.map((m) => `${path.relative(project, result.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.message}`))
      .sort();
  }

  it.each(['tests/fixtures/projects/split', 'tests/fixtures/projects/shop', 'examples/acme'])('%s: the same messages as with typescript-eslint parsing every file', async (project) => {
    const dir = path.join(repoRoot, project);
    const plain = await lint(dir, typescriptParser as Linter.Parser);
    treesSeen.clear();
    const reused = await lint(dir);
    expect(reused).toEqual(plain);
    expect(reused.some((line) => line.includes('drizzle-migrations/')) || !project.startsWith('examples'), 'the plugin reported').toBe(true);
    const handedOver = [...treesSeen].filter(([file, tree]) => tree === cachedSourceFile(file, readFileSync(file, 'utf8')));
    expect(handedOver.length, 'schema files after the first are not parsed twice').toBeGreaterThan(0);
  });

  it.each(['tests/fixtures/projects/split', 'tests/fixtures/projects/shop', 'examples/acme'])('%s: one tree per file for ESLint and the reader, the first schema file ESLint lints included', async (project) => {
    const dir = path.join(repoRoot, project);
    treesSeen.clear();
    await lint(dir);
    const read = [...treesSeen].filter(([file]) => cachedSourceFile(file, readFileSync(file, 'utf8')));
    expect(read.length).toBeGreaterThan(1);
    expect(read.filter(([file, tree]) => tree !== cachedSourceFile(file, readFileSync(file, 'utf8'))).map(([file]) => path.relative(dir, file))).toEqual([]);
  });
});
