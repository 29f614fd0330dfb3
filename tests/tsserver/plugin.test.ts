/**
 * The built plugin inside a real tsserver (TypeScript 6.0 and 5.9), driven over stdio like an
 * editor: unsaved edits, diagnostics, hover, refactor, and a broken project that must not stop
 * tsserver from answering. Oracles: the core analysis for ranges, the real drizzle-kit for the SQL
 * a hover quotes, and tsserver itself for a refactor's effect.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeSchemaFile } from '../../src/core/analyze.js';
import { resolveSettings } from '../../src/core/settings.js';
import { lineOffsetAt, positionOf, TsserverClient, TYPESCRIPT_VERSIONS, type Diagnostic } from '../support/tsserver-client.js';
import { ensureBuiltPlugin, repoRoot } from './built-plugin.js';
import { editShopSchema, EXPECTED_RULES } from './shop-edits.js';
import { copyProject, pluginProbeLocation, type TempProject } from './temp-project.js';

const SHOP = 'tests/fixtures/projects/shop';
const SHOP_SKIP = ['drizzle-rc', 'drizzle-rc.config.ts', 'versions'];
const PLUGIN_ENTRY = { migrationsRunOutsideTransaction: true, rules: { 'no-drop-column': 'error' } };

const ruleOf = (d: Diagnostic) => /^\[drizzle-migrations\/([a-z-]+)\]/.exec(d.text)?.[1];
const ours = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.source === 'drizzle-migrations');

/** The migration the real drizzle-kit writes for the edited schema (in its own copy of the project). */
function drizzleKitMigration(editedSchema: string): string {
  const project = copyProject(SHOP, {}, SHOP_SKIP);
  try {
    writeFileSync(project.file('schema.ts'), editedSchema);
    const kit = path.join(repoRoot, 'node_modules/drizzle-kit/bin.cjs');
    execFileSync(process.execPath, [kit, 'generate', '--config', 'drizzle.config.ts'], { cwd: project.dir, stdio: 'pipe', timeout: 60_000 });
    const generated = readdirSync(project.file('drizzle')).find((f) => f.startsWith('0003_'));
    return readFileSync(project.file(`drizzle/${generated}`), 'utf8');
  } finally {
    project.remove();
  }
}

describe.each(TYPESCRIPT_VERSIONS)('tsserver plugin on $label', ({ dir: typescriptDir }) => {
  let shop: TempProject;
  let broken: TempProject;
  let brokenConfig: TempProject;
  let server: TsserverClient;
  let schemaFile: string;
  let edited: string;
  let migration: string;

  beforeAll(async () => {
    await ensureBuiltPlugin('tsserver');
    shop = copyProject(SHOP, PLUGIN_ENTRY, SHOP_SKIP);
    broken = copyProject(SHOP, {}, SHOP_SKIP);
    writeFileSync(broken.file('drizzle/meta/0002_snapshot.json'), '{ "version": "7", "dialect": "postgresql", "tables": ');
    brokenConfig = copyProject(SHOP, {}, SHOP_SKIP);
    writeFileSync(brokenConfig.file('drizzle.config.ts'), "export default { dialect: 'postgresql', schema: process.env.SCHEMA_PATH, out: './drizzle' };\n");
    schemaFile = shop.file('schema.ts');
    edited = editShopSchema(readFileSync(schemaFile, 'utf8'));
    server = new TsserverClient({ typescriptDir, cwd: shop.dir, pluginProbeLocations: [pluginProbeLocation()] });
    await server.configure();
    server.open(schemaFile, edited, shop.dir);
    migration = drizzleKitMigration(edited);
  });

  afterAll(() => {
    server?.close();
    shop?.remove();
    broken?.remove();
    brokenConfig?.remove();
  });

  it('reports each finding of the unsaved buffer once, with its rule id, range, code and category', async () => {
    const { semantic, suggestion } = await server.geterr(schemaFile);
    const found = ours(semantic);
    expect(found.map(ruleOf).sort()).toEqual(EXPECTED_RULES);
    expect(ours(suggestion)).toEqual([]);

    const expected = analyzeSchemaFile({ file: schemaFile, text: edited, settings: resolveSettings(PLUGIN_ENTRY, shop.dir) }).findings;
    for (const finding of expected) {
      const diagnostic = found.find((d) => ruleOf(d) === finding.ruleId)!;
      expect(diagnostic.start, finding.ruleId).toEqual(lineOffsetAt(edited, finding.span.start));
      expect(diagnostic.end, finding.ruleId).toEqual(lineOffsetAt(edited, finding.span.end));
      expect(diagnostic.code).toBeGreaterThanOrEqual(88000);
      expect(diagnostic.code).toBeLessThanOrEqual(88999);
      expect(diagnostic.category).toBe(finding.ruleId === 'no-drop-column' ? 'error' : 'warning');
    }
    const textAt = (rule: string) => {
      const d = found.find((x) => ruleOf(x) === rule)!;
      return edited.slice(positionOf(edited, d.start), positionOf(edited, d.end));
    };
    expect(textAt('no-set-not-null')).toContain('notNull');
    expect(textAt('no-alter-column-type')).toContain('total');
    expect(textAt('require-concurrent-index')).toContain('orders_note_idx');
    expect(new Set(found.map((d) => d.code)).size).toBe(found.length);
  });

  it('hovers a changed column with the SQL drizzle-kit writes for it and the lock it takes', async () => {
    const at = lineOffsetAt(edited, edited.indexOf('total: numeric') + 1);
    const info = await server.quickinfo(schemaFile, at.line, at.offset);
    const documentation = String(info?.documentation);
    const sql = /```sql\n([\s\S]*?)\n```/.exec(documentation)?.[1];
    expect(sql).toBeDefined();
    expect(sql).toMatch(/"total"/);
    expect(migration).toContain(sql!.trim().replace(/;$/, ''));
    // ALTER COLUMN … TYPE takes ACCESS EXCLUSIVE: https://www.postgresql.org/docs/current/sql-altertable.html
    expect(documentation).toContain('`ACCESS EXCLUSIVE`');
    expect(info?.displayString).toContain('total');
  });

  it('offers a suggestion as a refactor whose edits make the finding go away', async () => {
    const at = lineOffsetAt(edited, edited.indexOf("index('orders_note_idx')") + 2);
    const refactors: Array<{ name: string; actions: Array<{ name: string; description: string }> }> = await server.request('getApplicableRefactors', {
      file: schemaFile,
      ...at,
    });
    const ourRefactor = refactors.find((r) => r.name === 'drizzle-migrations');
    expect(ourRefactor?.actions.map((a) => a.description)).toEqual(['Add `.concurrently()`']);

    const result = await server.request('getEditsForRefactor', { file: schemaFile, ...at, refactor: ourRefactor!.name, action: ourRefactor!.actions[0].name });
    const changes = result.edits.flatMap((e: { fileName: string; textChanges: unknown[] }) => e.textChanges.map((c) => ({ fileName: e.fileName, ...(c as object) })));
    expect(changes.every((c: { fileName: string }) => path.resolve(c.fileName) === schemaFile)).toBe(true);

    let fixed = edited;
    for (const change of [...changes].sort((a, b) => positionOf(edited, b.start) - positionOf(edited, a.start))) {
      fixed = fixed.slice(0, positionOf(fixed, change.start)) + change.newText + fixed.slice(positionOf(fixed, change.end));
    }
    expect(fixed).toContain("index('orders_note_idx').on(t.note).concurrently()");

    await server.request('updateOpen', { changedFiles: [{ fileName: schemaFile, textChanges: changes.map(({ start, end, newText }: any) => ({ start, end, newText })) }] });
    const after = ours(await server.semanticDiagnosticsSync(schemaFile));
    expect(after.map(ruleOf).sort()).toEqual(EXPECTED_RULES.filter((r) => r !== 'require-concurrent-index'));
  });

  it('reports a broken snapshot once and keeps answering', async () => {
    const brokenSchema = broken.file('schema.ts');
    server.open(brokenSchema, undefined, broken.dir);
    const diagnostics = ours(await server.semanticDiagnosticsSync(brokenSchema));
    expect(diagnostics).toHaveLength(1);
    expect(ruleOf(diagnostics[0])).toBe('require-valid-drizzle-project');
    expect(diagnostics[0].text).toContain('0002_snapshot.json');

    const at = lineOffsetAt(edited, edited.indexOf('total: numeric') + 1);
    expect((await server.quickinfo(schemaFile, at.line, at.offset))?.displayString).toContain('total');
  });

  it('reports an unreadable config once and keeps answering', async () => {
    const schema = brokenConfig.file('schema.ts');
    server.open(schema, undefined, brokenConfig.dir);
    const diagnostics = ours(await server.semanticDiagnosticsSync(schema));
    expect(diagnostics).toHaveLength(1);
    expect(ruleOf(diagnostics[0])).toBe('require-valid-drizzle-project');
    expect(diagnostics[0].text).toContain('drizzle.config.ts');

    const at = lineOffsetAt(edited, edited.indexOf('total: numeric') + 1);
    expect((await server.quickinfo(schemaFile, at.line, at.offset))?.displayString).toContain('total');
  });
});
