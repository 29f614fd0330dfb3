/**
 * squawk (squawk-cli, `--pg-version 15 --assume-in-transaction`, all default rules) and this plugin
 * (`configs.strict` through the real ESLint) over the same migration SQL: every fixture project's
 * out folders (0.31 and 1.0 RC), examples/acme, tests/fixtures/sql and the `sql invalid`/`sql valid`
 * blocks of docs/rules. Findings of both tools are put on the statement they point into, then
 * compared rule pair by rule pair. Run: `npx tsx bench/squawk-compare.ts [--files]`.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import plugin from '../src/eslint/index.js';
import { NAMESPACE } from '../src/eslint/configs.js';
import { readMigration } from '../src/migration/statements.js';
import { outRoot, repoRoot } from './support/paths.js';
import { squawkBin } from './support/squawk.js';

const execFileAsync = promisify(execFile);

/** squawk rules that judge the same hazard as one of ours. */
export const SQUAWK_COUNTERPART: Record<string, string> = {
  'adding-field-with-default': 'no-volatile-default',
  'adding-required-field': 'no-add-required-column',
  'adding-not-nullable-field': 'no-set-not-null',
  'changing-column-type': 'no-alter-column-type',
  'require-concurrent-index-creation': 'require-concurrent-index',
  'ban-concurrent-index-creation-in-transaction': 'no-concurrent-index-in-transaction',
  'adding-foreign-key-constraint': 'require-not-valid-constraint',
  'constraint-missing-not-valid': 'require-not-valid-constraint',
  'disallowed-unique-constraint': 'no-add-unique-constraint',
  'ban-drop-column': 'no-drop-column',
  'ban-drop-table': 'no-drop-table',
  'renaming-column': 'no-rename-column',
  'renaming-table': 'no-rename-table',
  'require-lock-timeout': 'require-lock-timeout',
};

export interface CorpusFile {
  /** Where it came from, for reports: `shop/drizzle/0001_v02.sql`, `docs/no-drop-column#0 (invalid)`. */
  label: string;
  /** The copy that both tools read, inside a drizzle project. */
  file: string;
  /** The drizzle config whose `out` holds `file` (passed as `settings.config`). */
  config: string;
}

export interface StatementComparison {
  label: string;
  statement: string;
  ours: string[];
  squawk: string[];
}

/** Copies every corpus source into `workDir` as migrations of drizzle projects. Runs drizzle-kit for the doc baselines. */
export async function buildCorpus(workDir: string): Promise<CorpusFile[]> {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const corpus: CorpusFile[] = [];
  for (const name of readdirSync(path.join(repoRoot, 'tests/fixtures/projects'))) {
    const source = path.join(repoRoot, 'tests/fixtures/projects', name);
    if (statSync(source).isDirectory()) corpus.push(...projectMigrations(source, path.join(workDir, 'projects', name), `${name}/`));
  }
  corpus.push(...projectMigrations(path.join(repoRoot, 'examples/acme'), path.join(workDir, 'acme'), 'acme/'));
  const shop = path.join(workDir, 'projects/shop');
  for (const name of readdirSync(path.join(repoRoot, 'tests/fixtures/sql')).filter((n) => n.endsWith('.sql')).sort()) {
    const text = readFileSync(path.join(repoRoot, 'tests/fixtures/sql', name), 'utf8');
    corpus.push(nextMigration(shop, path.join(workDir, 'fixtures-sql', name.slice(0, -4)), text, `fixtures/sql/${name}`));
  }
  corpus.push(...(await docMigrations(path.join(workDir, 'docs'))));
  return corpus;
}

/** The `.sql` migrations of every out folder of a project (a config per folder; RC v8 folders get one written). */
function projectMigrations(source: string, target: string, prefix: string): CorpusFile[] {
  cpSync(source, target, { recursive: true, filter: (file) => !file.includes('node_modules') });
  if (!existsSync(path.join(target, 'package.json'))) writeFileSync(path.join(target, 'package.json'), '{}\n');
  const configs = findFiles(target, (file) => /^drizzle.*\.config\.ts$/.test(path.basename(file)));
  const corpus: CorpusFile[] = [];
  for (const config of configs) {
    const text = readFileSync(config, 'utf8');
    const out = /out:\s*'([^']+)'/.exec(text)?.[1];
    if (!out) continue;
    const outs = [out];
    // drizzle-rc-v8 folders have no config of their own: the RC config with that out.
    if (out.endsWith('drizzle-rc') && existsSync(path.join(target, `${out}-v8`))) {
      const v8Config = config.replace(/\.config\.ts$/, '-v8.config.ts');
      writeFileSync(v8Config, text.replace(`out: '${out}'`, `out: '${out}-v8'`));
      outs.push(`${out}-v8`);
    }
    for (const [n, dir] of outs.entries()) {
      const outDir = path.join(target, dir);
      if (!existsSync(outDir)) continue;
      const configFile = n === 0 ? config : config.replace(/\.config\.ts$/, '-v8.config.ts');
      for (const file of findFiles(outDir, (f) => f.endsWith('.sql'))) corpus.push({ label: prefix + path.relative(target, file), file, config: configFile });
    }
  }
  return corpus;
}

/** A copy of a drizzle-kit 0.31 project with `sql` as its next migration (journal entry included). */
function nextMigration(project: string, target: string, sql: string, label: string): CorpusFile {
  rmSync(target, { recursive: true, force: true });
  cpSync(project, target, { recursive: true });
  const journalFile = path.join(target, 'drizzle/meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Record<string, unknown>[] };
  const last = journal.entries[journal.entries.length - 1];
  const idx = Number(last.idx) + 1;
  const tag = `${String(idx).padStart(4, '0')}_corpus`;
  journal.entries.push({ ...last, idx, when: Number(last.when) + 1000, tag });
  writeFileSync(journalFile, JSON.stringify(journal, null, 2));
  const file = path.join(target, `drizzle/${tag}.sql`);
  writeFileSync(file, sql);
  return { label, file, config: path.join(target, 'drizzle.config.ts') };
}

/** Each `sql invalid`/`sql valid` block of docs/rules as the next migration after its page's `ts before` schema. */
async function docMigrations(workDir: string): Promise<CorpusFile[]> {
  const docs = path.join(repoRoot, 'docs/rules');
  const corpus: CorpusFile[] = [];
  const pages = readdirSync(docs).filter((n) => n.endsWith('.md')).sort();
  await Promise.all(
    pages.map(async (page) => {
      const text = readFileSync(path.join(docs, page), 'utf8');
      const blocks = [...text.matchAll(/^```(\w+)(?: (\w+))?\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], tag: m[2] ?? '', code: m[3] }));
      const before = blocks.find((b) => b.lang === 'ts' && b.tag === 'before');
      const sql = blocks.filter((b) => b.lang === 'sql' && (b.tag === 'invalid' || b.tag === 'valid'));
      if (!before || sql.length === 0) return;
      const id = page.slice(0, -3);
      const baseline = path.join(workDir, id, 'baseline');
      mkdirSync(baseline, { recursive: true });
      writeFileSync(path.join(baseline, 'package.json'), '{}\n');
      writeFileSync(path.join(baseline, 'schema.ts'), before.code);
      writeFileSync(path.join(baseline, 'drizzle.config.ts'), "export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle' };\n");
      await execFileAsync(path.join(repoRoot, 'node_modules/.bin/drizzle-kit'), ['generate', '--name', 'before'], { cwd: baseline });
      sql.forEach((block, n) => corpus.push(nextMigration(baseline, path.join(workDir, id, `${block.tag}-${n}`), block.code, `docs/${id}#${n} (${block.tag})`)));
    }),
  );
  return corpus.sort((a, b) => a.label.localeCompare(b.label));
}

function findFiles(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter(keep)
    .sort();
}

interface Hit {
  rule: string;
  offset: number;
}

function offsetOf(text: string, line0: number, column0: number): number {
  let offset = 0;
  for (let i = 0; i < line0; i++) offset = text.indexOf('\n', offset) + 1;
  return offset + column0;
}

/** squawk 2.x over all files at once; `line`/`column` in its JSON are 0-based. */
export function runSquawk(files: string[]): Map<string, Hit[]> {
  const bin = squawkBin();
  let stdout: string;
  try {
    stdout = execFileSync(bin, ['--reporter', 'json', '--pg-version', '15', '--assume-in-transaction', ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (error) {
    // squawk exits 1 when it found something.
    stdout = String((error as { stdout?: string }).stdout ?? '');
  }
  const hits = new Map<string, Hit[]>(files.map((f) => [path.resolve(f), []]));
  const texts = new Map<string, string>();
  for (const v of JSON.parse(stdout) as { file: string; line: number; column: number; rule_name: string }[]) {
    const file = path.resolve(repoRoot, v.file);
    if (!texts.has(file)) texts.set(file, readFileSync(file, 'utf8'));
    hits.get(file)?.push({ rule: v.rule_name, offset: offsetOf(texts.get(file)!, v.line, v.column) });
  }
  return hits;
}

/** This plugin's `configs.strict` through the real ESLint, one run per drizzle config. */
export async function runPlugin(corpus: CorpusFile[]): Promise<Map<string, Hit[]>> {
  const hits = new Map<string, Hit[]>();
  const byConfig = new Map<string, CorpusFile[]>();
  for (const c of corpus) byConfig.set(c.config, [...(byConfig.get(c.config) ?? []), c]);
  for (const [config, files] of byConfig) {
    const cwd = path.dirname(config);
    const eslint = new ESLint({ cwd, overrideConfigFile: true, ignore: false, allowInlineConfig: false, overrideConfig: [...plugin.configs.strict, { settings: { [NAMESPACE]: { config } } }] as never });
    for (const result of await eslint.lintFiles(files.map((f) => f.file))) {
      const text = readFileSync(result.filePath, 'utf8');
      hits.set(
        result.filePath,
        result.messages.map((m) => ({ rule: m.ruleId ? m.ruleId.replace(`${NAMESPACE}/`, '') : `(fatal) ${m.message}`, offset: offsetOf(text, m.line - 1, m.column - 1) })),
      );
    }
  }
  return hits;
}

/** Findings of both tools on each statement (a hit before the first statement, e.g. a file-level one, goes to the next statement). */
export function compareStatements(corpus: CorpusFile[], ours: Map<string, Hit[]>, squawk: Map<string, Hit[]>): StatementComparison[] {
  const rows: StatementComparison[] = [];
  for (const { label, file } of corpus) {
    const text = readFileSync(file, 'utf8');
    const { statements } = readMigration(text);
    const at = (offset: number) => statements.findIndex((s) => offset < s.span.end);
    const perStatement = statements.map((s) => ({ label, statement: s.text.split('\n')[0].slice(0, 100), ours: [] as string[], squawk: [] as string[] }));
    for (const hit of ours.get(file) ?? []) perStatement[at(hit.offset)]?.ours.push(hit.rule);
    for (const hit of squawk.get(file) ?? []) perStatement[at(hit.offset)]?.squawk.push(hit.rule);
    rows.push(...perStatement.map((r) => ({ ...r, ours: [...new Set(r.ours)].sort(), squawk: [...new Set(r.squawk)].sort() })));
  }
  return rows;
}

export type Outcome = 'both' | 'ours only' | 'squawk only';

/** Per rule pair (squawk rules without a counterpart under their own name): how often each tool spoke on a statement. */
export function summarize(rows: StatementComparison[]): Map<string, Record<Outcome, number>> {
  const summary = new Map<string, Record<Outcome, number>>();
  const count = (key: string, outcome: Outcome) => {
    const entry = summary.get(key) ?? { both: 0, 'ours only': 0, 'squawk only': 0 };
    entry[outcome] += 1;
    summary.set(key, entry);
  };
  for (const row of rows) {
    const ourRules = new Set(row.ours);
    const matched = new Set<string>();
    for (const rule of row.squawk) {
      const counterpart = SQUAWK_COUNTERPART[rule];
      if (!counterpart) count(`squawk ${rule}`, 'squawk only');
      else if (ourRules.has(counterpart)) {
        if (!matched.has(counterpart)) count(pairKey(counterpart), 'both');
        matched.add(counterpart);
      } else count(pairKey(counterpart), 'squawk only');
    }
    for (const rule of ourRules) if (!matched.has(rule)) count(pairKey(rule), 'ours only');
  }
  return new Map([...summary].sort(([a], [b]) => a.localeCompare(b)));
}

function pairKey(ourRule: string): string {
  const theirs = Object.entries(SQUAWK_COUNTERPART).filter(([, ours]) => ours === ourRule).map(([squawk]) => squawk);
  return theirs.length ? `${ourRule} ↔ ${theirs.join(' / ')}` : `${ourRule} (no squawk rule)`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const corpus = await buildCorpus(path.join(outRoot, 'squawk-compare'));
  const squawk = runSquawk(corpus.map((c) => c.file));
  const ours = await runPlugin(corpus);
  const rows = compareStatements(corpus, ours, squawk);
  if (process.argv.includes('--files')) {
    for (const row of rows) {
      if (row.ours.length === 0 && row.squawk.length === 0) continue;
      console.log(`${row.label}: ${row.statement}\n    ours:   ${row.ours.join(', ') || '-'}\n    squawk: ${row.squawk.join(', ') || '-'}`);
    }
  }
  const files = corpus.length;
  const silentBoth = rows.filter((r) => r.ours.length === 0 && r.squawk.length === 0).length;
  console.log(`\n${files} files, ${rows.length} statements (${silentBoth} with no finding from either tool)\n`);
  console.log('| rule pair | both | ours only | squawk only |\n|---|---:|---:|---:|');
  for (const [key, c] of summarize(rows)) console.log(`| ${key} | ${c.both} | ${c['ours only']} | ${c['squawk only']} |`);
  console.log(`\n${Math.round(performance.now() - started)} ms`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
