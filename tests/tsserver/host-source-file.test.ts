/**
 * tsserver re-parses an edited file incrementally and moves the old tree's nodes in place, so the
 * plugin must not keep the program's `SourceFile` in its caches: it parses the buffer itself, and its
 * findings are those of the analysis of that text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeSchemaFile } from '../../src/core/analyze.js';
import { clearAllCaches } from '../../src/core/cache.js';
import { resolveSettings } from '../../src/core/settings.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { rules } from '../../src/rules/index.js';
import { cachedSourceFile } from '../../src/schema/parse-cache.js';
import { decorateLanguageService } from '../../src/tsserver/decorate-language-service.js';
import { copyFixture } from '../core/temp-project.js';

const shop = copyFixture('shop', 'tsserver-host-source-file');
afterAll(() => shop.cleanup());

function languageService(dir: string) {
  const files = new Map<string, { text: string; version: number }>();
  for (const name of ['schema.ts', 'columns.ts']) files.set(join(dir, name), { text: readFileSync(join(dir, name), 'utf8'), version: 1 });
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => ({ noLib: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }),
    getScriptFileNames: () => [...files.keys()],
    getScriptVersion: (file) => String(files.get(file)?.version ?? 0),
    getScriptSnapshot: (file) => {
      const text = files.get(file)?.text;
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => dir,
    getDefaultLibFileName: () => join(dir, 'lib.d.ts'),
    fileExists: (file) => files.has(file),
    readFile: (file) => files.get(file)?.text,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  const project = { getCurrentDirectory: () => dir, getProjectName: () => 'test', refreshDiagnostics: () => {}, projectService: { logger: { info: () => {} } } };
  const info = { languageService: service, languageServiceHost: host, project, config: {} } as unknown as ts.server.PluginCreateInfo;
  const decorated = decorateLanguageService({ typescript: ts as unknown as Parameters<typeof decorateLanguageService>[0]['typescript'], info, analyze: analyzeSchemaFile, rules }).languageService;
  return {
    service,
    decorated,
    edit(file: string, text: string) {
      files.set(file, { text, version: files.get(file)!.version + 1 });
    },
  };
}

describe('tsserver: the program parse never enters our caches', () => {
  it('TypeScript moves the nodes of the old tree in place when it re-parses incrementally (why)', () => {
    const text = 'export const a = 1;\nexport const b = 2;\n';
    const old = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true);
    const second = old.statements[1];
    const start = second.pos;
    const added = 'export const z = 0;\n';
    const updated = ts.updateSourceFile(old, added + text, { span: { start: 0, length: 0 }, newLength: added.length });
    expect(updated.statements).toContain(second);
    expect(old.text).toBe(text);
    expect(second.pos).toBe(start + added.length);
  });

  it('after an edit, the analysis parses the buffer itself and reports what a fresh analysis reports', async () => {
    await loadSqlParser();
    const file = join(shop.dir, 'schema.ts');
    const disk = readFileSync(file, 'utf8');
    const edited = disk.replace("  name: text('name').notNull(),\n  ...timestamps,\n});", '  ...timestamps,\n});');
    expect(edited).not.toBe(disk);
    const expected = analyzeSchemaFile({ file, text: edited, settings: resolveSettings({}, shop.dir) })
      .findings.map((f) => `${f.ruleId}@${f.span.start}`)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    clearAllCaches();

    const { service, decorated, edit } = languageService(shop.dir);
    decorated.getSemanticDiagnostics(file);
    edit(file, edited);
    const ours = decorated.getSemanticDiagnostics(file).filter((d) => d.source === 'drizzle-migrations');
    const programFile = service.getProgram()!.getSourceFile(file)!;
    expect(programFile.text).toBe(edited);
    expect(cachedSourceFile(file, edited)).toBeDefined();
    expect(cachedSourceFile(file, edited)).not.toBe(programFile);
    expect(ours.map((d) => d.start).sort()).toEqual(
      analyzeSchemaFile({ file, text: edited, settings: resolveSettings({}, shop.dir) })
        .findings.map((f) => f.span.start)
        .sort(),
    );
    expect(ours.length).toBeGreaterThan(0);
  });
});
