import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSchemaFile } from '../../src/core/analyze.js';
import { cacheSettings, clearAllCaches } from '../../src/core/cache.js';
import { defineRule, type RuleDefinition } from '../../src/core/rule.js';
import { resolveSettings } from '../../src/core/settings.js';
import { copyFixture, fixtureProjects, writeAndTouch } from './temp-project.js';

const shop = copyFixture('shop', 'analyze-shop');
const split = copyFixture('split', 'analyze-split');
const schemaFile = join(shop.dir, 'schema.ts');
const schemaText = readFileSync(schemaFile, 'utf8');

/** A rule reporting one finding on the first character of every file the new schema came from, and counting its calls. */
function probeRule(): RuleDefinition & { calls: number } {
  const rule = defineRule({
    id: 'probe',
    description: 'Report every table.',
    recommended: true,
    checkSchema({ after, primaryFile }) {
      probe.calls++;
      const tables = [...after.tables.values()].flatMap((table) => (table.source ? [{ ...table.source.name }] : []));
      return [...tables, { file: primaryFile, start: 0, end: 1 }, { file: '/elsewhere.ts', start: 0, end: 1 }].map((span) => ({ ruleId: 'probe', message: 'm', help: 'h', span }));
    },
  });
  const probe = Object.assign(rule, { calls: 0 });
  return probe;
}

function analyze(file: string, text: string, rules: readonly RuleDefinition[], settings = resolveSettings({}, join(file, '..'))) {
  return analyzeSchemaFile({ file, text, settings }, rules);
}

beforeAll(() => {
  cacheSettings.refreshIntervalMs = 0;
});
afterEach(() => clearAllCaches());
afterAll(() => {
  cacheSettings.refreshIntervalMs = 1000;
  shop.cleanup();
  split.cleanup();
});

describe('analyzeSchemaFile', () => {
  it('runs the rules over the shop schema and keeps only findings in the linted file', () => {
    const rule = probeRule();
    const result = analyze(schemaFile, schemaText, [rule]);
    expect(result.isSchemaFile).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.findings.length).toBeGreaterThan(1);
    expect(result.findings.every((finding) => finding.span.file === schemaFile)).toBe(true);
  });

  it('analyses the editor buffer, not the file on disk', () => {
    const rule = probeRule();
    const withExtraTable = `${schemaText}\nexport const audit = pgTable('audit', { id: serial('id').primaryKey() });\n`;
    const count = analyze(schemaFile, schemaText, [rule]).findings.length;
    expect(analyze(schemaFile, withExtraTable, [rule]).findings.length).toBe(count + 1);
  });

  it('computes once per (file, text, project state) however many times it is asked', () => {
    const rule = probeRule();
    const first = analyze(schemaFile, schemaText, [rule]);
    expect(analyze(schemaFile, schemaText, [rule])).toBe(first);
    expect(analyze(schemaFile, schemaText, [rule])).toBe(first);
    expect(rule.calls).toBe(1);
    analyze(schemaFile, `${schemaText}\n`, [rule]);
    expect(rule.calls).toBe(2);
  });

  it('turns an exception in a rule into one internal-error problem', () => {
    const broken = defineRule({ id: 'broken', description: 'd', recommended: true, checkSchema: () => { throw new Error('boom'); } });
    const result = analyze(schemaFile, schemaText, [broken, probeRule()]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].message).toMatch(/Internal error in rule `broken`: boom.*please report/);
    expect(result.findings.length).toBeGreaterThan(0);
  });

  it('bails out on a file that neither imports drizzle-orm nor is a configured schema file', () => {
    const rule = probeRule();
    const helper = join(shop.dir, 'helpers.ts');
    expect(analyze(helper, `export const add = (a: number, b: number) => a + b;\n`, [rule])).toEqual({ isSchemaFile: false, findings: [], problems: [] });
    const queries = join(shop.dir, 'queries.ts');
    expect(analyze(queries, `import { eq } from 'drizzle-orm';\nexport const byId = (id: number) => id;\n`, [rule]).isSchemaFile).toBe(false);
    expect(rule.calls).toBe(0);
  });

  it('finds schema files through re-exports of the configured entry file', () => {
    writeAndTouch(join(split.dir, 'drizzle.config.ts'), `export default { dialect: 'postgresql', schema: './src/db/schema/index.ts', out: './drizzle' };\n`);
    const schemaDir = join(split.dir, 'src/db/schema');
    const users = join(schemaDir, 'users.ts');
    expect(analyze(users, readFileSync(users, 'utf8'), [probeRule()]).isSchemaFile).toBe(true);
    // The barrel itself imports nothing from drizzle-orm, but it is the configured entry file.
    const index = join(schemaDir, 'index.ts');
    expect(readFileSync(index, 'utf8')).not.toMatch(/drizzle-orm/);
    expect(analyze(index, readFileSync(index, 'utf8'), [probeRule()]).isSchemaFile).toBe(true);
    const notExported = join(schemaDir, 'draft.ts');
    writeAndTouch(notExported, `import { pgTable, serial } from 'drizzle-orm/pg-core';\nexport const draft = pgTable('draft', { id: serial() });\n`);
    expect(analyze(notExported, readFileSync(notExported, 'utf8'), [probeRule()]).isSchemaFile).toBe(false);
  });

  it('stays silent when the project has no migrations yet (empty fixture)', () => {
    const file = join(fixtureProjects, 'empty/schema.ts');
    const rule = probeRule();
    expect(analyze(file, readFileSync(file, 'utf8'), [rule])).toEqual({ isSchemaFile: true, findings: [], problems: [] });
    expect(rule.calls).toBe(0);
  });

  it('reports a malformed snapshot as one problem naming the file, and no findings', () => {
    const latest = join(shop.dir, 'drizzle/meta/0002_snapshot.json');
    const original = readFileSync(latest, 'utf8');
    writeAndTouch(latest, '{ "version": "7", "dialect": "postgresql", "tables": [');
    try {
      const result = analyze(schemaFile, schemaText, [probeRule()]);
      expect(result.findings).toEqual([]);
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0].file).toBe(latest);
      // A file that is not part of the schema never hears about it.
      expect(analyze(join(shop.dir, 'other.ts'), 'export const x = 1;\n', [probeRule()]).problems).toEqual([]);
    } finally {
      writeAndTouch(latest, original);
    }
  });

  it('reports an unreadable config on files that declare pg tables, and ignores non-postgres projects', () => {
    const dir = join(shop.dir, 'sub');
    const table = `import { pgTable, serial } from 'drizzle-orm/pg-core';\nexport const t = pgTable('t', { id: serial() });\n`;
    writeAndTouch(join(dir, 'drizzle.config.ts'), `export default defineConfig({ dialect: 'postgresql', schema: getSchemaPath() });\n`);
    const broken = analyze(join(dir, 'schema.ts'), table, [probeRule()]);
    expect(broken.problems).toHaveLength(1);
    expect(broken.problems[0]).toMatchObject({ file: join(dir, 'drizzle.config.ts') });
    writeAndTouch(join(dir, 'drizzle.config.ts'), `export default defineConfig({ dialect: 'mysql', schema: './schema.ts' });\n`);
    writeAndTouch(join(dir, 'schema.ts'), table);
    expect(analyze(join(dir, 'schema.ts'), table, [probeRule()])).toEqual({ isSchemaFile: false, findings: [], problems: [] });
  });

  it('chooses, among configs from settings, the one whose schema covers the file', () => {
    const settings = resolveSettings({ config: ['split/drizzle.config.ts', 'shop/drizzle-rc.config.ts'] }, join(shop.dir, '..', '..'));
    expect(settings.cwd).not.toBe(shop.dir);
    const result = analyzeSchemaFile({ file: schemaFile, text: schemaText, settings: { ...settings, cwd: join(shop.dir, '..') } }, [probeRule()]);
    expect(result.isSchemaFile).toBe(true);
    expect(result.findings.length).toBeGreaterThan(0);
  });

  it('never throws, even on garbage input', () => {
    expect(() => analyze(schemaFile, 'import { pgTable } from "drizzle-orm/pg-core"; export const = pgTable(', [probeRule()])).not.toThrow();
  });
});
