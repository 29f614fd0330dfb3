/**
 * The SQL rules over a long real history: the ~300 drizzle-kit 0.31 migrations of
 * bench/generate/migrations.ts, linted by the real ESLint with `configs.recommended`, with and without
 * `since`. Each migration's name says the schema change it was generated from, which tells which rule
 * may speak on it (`expectedRules`), independently of the plugin.
 * Run: `npx tsx bench/sql-history-run.ts [--limit N]`.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import plugin from '../src/eslint/index.js';
import { NAMESPACE } from '../src/eslint/configs.js';
import { generateMigrations } from './generate/migrations.js';

export interface HistoryRun {
  files: number;
  ms: number;
  /** Rule ids (without the namespace) per migration tag; fatal messages as `(fatal) …`. */
  findings: Map<string, string[]>;
}

/** Lints every `drizzle/*.sql` of `project` (ESLint Node API, `configs.recommended`). */
export async function lintHistory(project: string, since?: string): Promise<HistoryRun> {
  const eslint = new ESLint({ cwd: project, overrideConfigFile: true, overrideConfig: [...plugin.configs.recommended, { settings: { [NAMESPACE]: { since } } }] as never });
  const started = performance.now();
  const results = await eslint.lintFiles(['drizzle/*.sql']);
  const ms = performance.now() - started;
  const findings = new Map(
    results.map((r) => [path.basename(r.filePath, '.sql'), r.messages.map((m) => (m.ruleId ? m.ruleId.replace(`${NAMESPACE}/`, '') : `(fatal) ${m.message}`))]),
  );
  return { files: results.length, ms, findings };
}

/**
 * What the generator's step may produce, by its name (`0042_add_index_42`): the rules that may report it
 * (the only hazards that step can write) and whether one must. New tables (with their foreign keys and
 * indexes) and enum values are safe; varchar widenings are silent without the snapshot before them
 * (the generator keeps only the last one).
 */
export function expectedRules(tag: string, sql: string): { allowed: string[]; required: boolean } {
  const kind = tag.replace(/^\d+_/, '').replace(/_\d+$/, '');
  const changes = sql.trim().length > 0;
  switch (kind) {
    case 'add_columns':
      // NOT NULL without DEFAULT fails on a non-empty table.
      return { allowed: ['no-add-required-column'], required: /ADD COLUMN "[^"]+" \w+ NOT NULL/.test(sql) };
    case 'add_index':
      return { allowed: ['require-concurrent-index'], required: changes };
    case 'alter_type':
      return { allowed: ['no-alter-column-type'], required: /SET DATA TYPE bigint/.test(sql) };
    case 'set_not_null':
      return { allowed: ['no-set-not-null'], required: changes };
    case 'drop_column':
      return { allowed: ['no-drop-column'], required: changes };
    default:
      return { allowed: [], required: false };
  }
}

/** A copy of the generated history cut to its first `limit` migrations (journal included). */
export function historyPrefix(source: string, target: string, limit: number): string {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(path.join(target, 'drizzle/meta'), { recursive: true });
  for (const name of ['drizzle.config.ts', 'package.json', 'src']) cpSync(path.join(source, name), path.join(target, name), { recursive: true });
  const journal = JSON.parse(readFileSync(path.join(source, 'drizzle/meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, limit);
  writeFileSync(path.join(target, 'drizzle/meta/_journal.json'), JSON.stringify(journal, null, 2));
  for (const { tag } of journal.entries) cpSync(path.join(source, `drizzle/${tag}.sql`), path.join(target, `drizzle/${tag}.sql`));
  return target;
}

/** Migrations whose findings are not what their step name allows. */
export function unexpectedFindings(project: string, run: HistoryRun): string[] {
  const problems: string[] = [];
  for (const [tag, rules] of run.findings) {
    const { allowed, required } = expectedRules(tag, readFileSync(path.join(project, `drizzle/${tag}.sql`), 'utf8'));
    const extra = rules.filter((rule) => !allowed.includes(rule));
    if (extra.length > 0) problems.push(`${tag}: unexpected ${[...new Set(extra)].join(', ')}`);
    if (required && rules.length === 0) problems.push(`${tag}: no finding (expected ${allowed.join(' or ')})`);
  }
  return problems;
}

async function main(): Promise<void> {
  const limitAt = process.argv.indexOf('--limit');
  const source = await generateMigrations();
  const tags = readdirSync(path.join(source, 'drizzle')).filter((n) => n.endsWith('.sql')).sort();
  const limit = limitAt > 0 ? Number(process.argv[limitAt + 1]) : tags.length;
  const project = limit < tags.length ? historyPrefix(source, path.join(source, '..', `migrations-prefix-${limit}`), limit) : source;
  const newest = tags[Math.min(limit, tags.length) - 1].slice(0, -4);

  const cold = await lintHistory(project);
  const warm = await lintHistory(project);
  const sinceNewest = await lintHistory(project, newest);
  const counts = new Map<string, number>();
  for (const rules of cold.findings.values()) for (const rule of rules) counts.set(rule, (counts.get(rule) ?? 0) + 1);
  const problems = unexpectedFindings(project, cold);

  console.log(`${cold.files} migrations in ${project}`);
  console.log(`no since:  ${Math.round(cold.ms)} ms (first run, parser + projects cold), ${Math.round(warm.ms)} ms (second run)`);
  console.log(`findings:  ${[...counts].map(([rule, n]) => `${rule} ${n}`).join(', ')}`);
  console.log(`since ${newest}: ${[...sinceNewest.findings.values()].flat().length} findings in ${Math.round(sinceNewest.ms)} ms`);
  console.log(problems.length === 0 ? 'every finding matches the change its migration was generated from' : `UNEXPECTED:\n${problems.join('\n')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
