/**
 * Every message and help of every rule reads as full sentences: runs each rule on models and SQL
 * that make it fire (schema path on both kit lines, SQL path) and checks the text of every finding.
 */
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import type { EnumModel, SchemaModel, TableModel } from '../../src/core/schema-model.js';
import { modelLookup } from '../../src/core/schema-lookup.js';
import { resolveSettings } from '../../src/core/settings.js';
import { LOCK_MODES } from '../../src/migration/lock-catalogue.js';
import { loadSqlParser } from '../../src/migration/parse-sql.js';
import { readMigration } from '../../src/migration/statements.js';
import { rules } from '../../src/rules/index.js';
import { FILE, baseline, column, index, model, runRule, table, withIndexes } from '../support/schema-models.js';

interface Case {
  name: string;
  /** Table every finding of the case must name in backticks (`users` or `users.column`); none for `sql.raw`. */
  table?: string;
  findings: () => Finding[];
}

const users = (...extra: ReturnType<typeof column>[]) => table('users', [column('id', 'serial'), column('email', 'varchar(255)'), ...extra]);
const mood = (values: string[]): EnumModel => ({ schema: 'public', name: 'mood', values, source: { declaration: { file: FILE, start: 1, end: 50 }, values: { file: FILE, start: 20, end: 40 } } });
const withMood = () => users(column('m', 'mood', { typeSchema: 'public' }));
const orgs = () => table('orgs', [column('id', 'serial')]);
const selfKey = (type: string) =>
  edited(table('users', [column('id', type, { primaryKey: true }), column('parent_id', type)]), (t) =>
    t.foreignKeys.set('users_parent_id_users_id_fk', {
      name: 'users_parent_id_users_id_fk', columns: ['parent_id'], foreignSchema: 'public', foreignTable: 'users', foreignColumns: ['id'], onDelete: 'no action', onUpdate: 'no action', source: { span: { file: FILE, start: 7, end: 17 } },
    }),
  );
const orgKey = (type: string, orgType = 'uuid') => [
  table('orgs', [column('id', orgType, { primaryKey: true })]),
  edited(users(column('org_id', type)), (t) =>
    t.foreignKeys.set('users_org_id_orgs_id_fk', {
      name: 'users_org_id_orgs_id_fk', columns: ['org_id'], foreignSchema: 'public', foreignTable: 'orgs', foreignColumns: ['id'], onDelete: 'no action', onUpdate: 'no action', source: { span: { file: FILE, start: 7, end: 17 } },
    }),
  ),
];

function edited(t: TableModel, edit: (t: TableModel) => void): TableModel {
  edit(t);
  return t;
}

const SCHEMA_CHANGES: Array<{ name: string; table: string; before: SchemaModel; after: SchemaModel; settings?: object }> = [
  { name: 'required column', table: 'users', before: baseline([users()]), after: model([users(column('code', 'text', { notNull: true }))]) },
  {
    name: 'unique constraint',
    table: 'users',
    before: baseline([users()]),
    after: model([edited(users(), (t) => t.uniqueConstraints.set('users_email_unique', { name: 'users_email_unique', columns: ['email'], nullsNotDistinct: false, source: { span: { file: FILE, start: 5, end: 9 } } }))]),
  },
  { name: 'type change', table: 'users', before: baseline([users(column('age', 'integer'))]), after: model([users(column('age', 'bigint'))]) },
  { name: 'concurrent index', table: 'users', before: baseline([users()]), after: model([withIndexes(users(), index('users_email_idx', ['email'], { concurrently: true }))]) },
  {
    name: 'toggled concurrently',
    table: 'users',
    before: baseline([withIndexes(users(), index('users_email_idx', ['email']))]),
    after: model([withIndexes(users(), index('users_email_idx', ['email'], { concurrently: true }))]),
    settings: { migrationsRunOutsideTransaction: true },
  },
  { name: 'dropped column', table: 'users', before: baseline([users(column('legacy'))]), after: model([users()]) },
  { name: 'dropped table', table: 'logs', before: baseline([users(), table('logs', [column('id', 'serial')])]), after: model([users()]) },
  { name: 'removed enum value', table: 'users', before: baseline([withMood()], [mood(['sad', 'ok', 'happy'])]), after: model([withMood()], [mood(['sad', 'happy'])]) },
  { name: 'reordered enum', table: 'users', before: baseline([withMood()], [mood(['sad', 'happy'])]), after: model([withMood()], [mood(['happy', 'sad'])]) },
  {
    name: 'renamed enum',
    table: 'users',
    before: baseline([withMood()], [mood(['sad', 'happy'])]),
    after: model([users(column('m', 'feeling', { typeSchema: 'public' }))], [{ ...mood(['sad', 'happy']), name: 'feeling' }]),
  },
  {
    name: 'renamed enum, array column',
    table: 'users',
    before: baseline([users(column('m', 'mood[]', { typeSchema: 'public' }))], [mood(['sad', 'happy'])]),
    after: model([users(column('m', 'feeling[]', { typeSchema: 'public' }))], [{ ...mood(['sad', 'happy']), name: 'feeling' }]),
  },
  {
    name: 'renamed column made NOT NULL and retyped',
    table: 'users',
    before: baseline([users(column('name'), column('age', 'integer'))]),
    after: model([users(column('full_name', 'text', { notNull: true }), column('years', 'bigint', { default: '0' }))]),
  },
  {
    name: 'renamed table with a column made NOT NULL',
    table: 'members',
    before: baseline([users(column('name'))]),
    after: model([table('members', [column('id', 'serial'), column('email', 'varchar(255)'), column('name', 'text', { notNull: true })])]),
  },
  { name: 'renamed column', table: 'users', before: baseline([users(column('name'))]), after: model([users(column('full_name'))]) },
  { name: 'renamed table', table: 'users', before: baseline([users()]), after: model([table('members', [column('id', 'serial'), column('email', 'varchar(255)')])]) },
  { name: 'set not null', table: 'users', before: baseline([users(column('nickname'))]), after: model([users(column('nickname', 'text', { notNull: true }))]) },
  { name: 'set not null, Postgres 11', table: 'users', before: baseline([users(column('nickname'))]), after: model([users(column('nickname', 'text', { notNull: true }))]), settings: { postgresVersion: 11 } },
  { name: 'volatile default', table: 'users', before: baseline([users()]), after: model([users(column('token', 'uuid', { default: 'gen_random_uuid()', notNull: true }))]) },
  { name: 'plain index', table: 'users', before: baseline([users()]), after: model([withIndexes(users(), index('users_email_idx', ['email']))]) },
  { name: 'plain index, runner outside a transaction', table: 'users', before: baseline([users()]), after: model([withIndexes(users(), index('users_email_idx', ['email']))]), settings: { migrationsRunOutsideTransaction: true } },
  {
    name: 'foreign key',
    table: 'users',
    before: baseline([orgs(), users(column('org_id', 'integer'))]),
    after: model([
      orgs(),
      edited(users(column('org_id', 'integer')), (t) =>
        t.foreignKeys.set('users_org_id_orgs_id_fk', {
          name: 'users_org_id_orgs_id_fk', columns: ['org_id'], foreignSchema: 'public', foreignTable: 'orgs', foreignColumns: ['id'], onDelete: 'cascade', onUpdate: 'no action', source: { span: { file: FILE, start: 7, end: 17 } },
        }),
      ),
    ]),
  },
  { name: 'foreign key column retyped', table: 'users', before: baseline(orgKey('uuid')), after: model(orgKey('text')) },
  // A key within one table, so that every rule's finding names `users`.
  { name: 'foreign key columns retyped together', table: 'users', before: baseline([selfKey('uuid')]), after: model([selfKey('text')]) },
  { name: 'check constraint', table: 'users', before: baseline([users()]), after: model([edited(users(), (t) => t.checkConstraints.set('users_id_check', { name: 'users_id_check', expression: '"users"."id" > 0', source: { span: { file: FILE, start: 3, end: 9 } } }))]) },
];

const ENUM_RECREATION = [
  'ALTER TABLE "users" ALTER COLUMN "m" SET DATA TYPE text;',
  'DROP TYPE "public"."mood";',
  `CREATE TYPE "public"."mood" AS ENUM('sad', 'happy');`,
  'ALTER TABLE "users" ALTER COLUMN "m" SET DATA TYPE "public"."mood" USING "m"::"public"."mood";',
].join('--> statement-breakpoint\n');

const BP = '--> statement-breakpoint\n';

const MIGRATIONS: Array<{ sql: string; table?: string; before?: SchemaModel }> = [
  { sql: 'ALTER TABLE "users" ADD COLUMN "code" varchar(20) NOT NULL;', table: 'users' },
  { sql: 'ALTER TABLE "users" ADD CONSTRAINT "users_email_unique" UNIQUE("email");', table: 'users' },
  { sql: 'ALTER TABLE "users" ALTER COLUMN "age" SET DATA TYPE bigint;', table: 'users' },
  { sql: 'ALTER TABLE "users" ALTER COLUMN "age" SET DATA TYPE bigint;', table: 'users', before: baseline([users(column('age', 'integer'))]) },
  { sql: `UPDATE "users" SET "full_name" = "first" || ' ' || "last";`, table: 'users' },
  { sql: 'DELETE FROM "sessions" WHERE "expired";', table: 'sessions' },
  { sql: 'CREATE INDEX CONCURRENTLY "users_email_idx" ON "users" USING btree ("email");', table: 'users' },
  { sql: 'CREATE UNIQUE INDEX CONCURRENTLY "users_email_key" ON "auth"."users" ("email") WHERE "deleted_at" IS NULL;', table: 'auth.users' },
  { sql: 'DROP INDEX CONCURRENTLY "users_email_idx";' },
  { sql: 'ALTER TABLE "users" DROP COLUMN "legacy";', table: 'users' },
  { sql: 'DROP TABLE "logs" CASCADE;', table: 'logs' },
  { sql: ENUM_RECREATION, table: 'users' },
  { sql: ENUM_RECREATION, table: 'users', before: baseline([withMood()], [mood(['sad', 'ok', 'happy'])]) },
  { sql: ENUM_RECREATION, table: 'users', before: baseline([withMood()], [mood(['happy', 'sad'])]) },
  { sql: 'ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";', table: 'users' },
  { sql: 'ALTER TABLE "users" RENAME TO "members";', table: 'users' },
  { sql: 'ALTER TABLE "users" ALTER COLUMN "nickname" SET NOT NULL;', table: 'users' },
  { sql: 'ALTER TABLE "users" ADD COLUMN "token" uuid DEFAULT gen_random_uuid() NOT NULL;', table: 'users' },
  { sql: 'CREATE INDEX "users_email_idx" ON "users" USING btree ("email");', table: 'users' },
  { sql: 'ALTER TABLE "users" ADD CONSTRAINT "users_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;', table: 'users' },
  { sql: 'ALTER TABLE "users" ADD CONSTRAINT "users_age_check" CHECK ("age" >= 0);', table: 'users' },
  { sql: 'ALTER TABLE "orgs" ALTER COLUMN "id" SET DATA TYPE text;', table: 'orgs', before: baseline(orgKey('uuid')) },
  { sql: 'ALTER TABLE "users" ADD CONSTRAINT "users_age_check" CHECK ("age" >= 0) NOT VALID;--> statement-breakpoint\nALTER TABLE "users" VALIDATE CONSTRAINT "users_age_check";', table: 'users' },
  // Transaction control of the file (docs/sql.md#transaction-control-in-a-migration); each ends in a transaction unless the case is about that.
  { sql: `COMMIT;\nCREATE INDEX CONCURRENTLY "users_nick_idx" ON "users" ("nick");${BP}BEGIN;`, table: 'users' },
  { sql: `COMMIT;${BP}BEGIN;${BP}CREATE INDEX CONCURRENTLY "users_nick_idx" ON "users" ("nick");${BP}COMMIT;${BP}BEGIN;`, table: 'users' },
  { sql: `COMMIT;${BP}ALTER TABLE "users" DROP COLUMN "legacy";${BP}BEGIN;`, table: 'users' },
  { sql: `COMMIT;${BP}BEGIN;${BP}UPDATE "users" SET "a" = 1;${BP}COMMIT;${BP}BEGIN;`, table: 'users' },
  { sql: `COMMIT;${BP}ALTER TABLE "users" ADD CONSTRAINT "c" CHECK ("age" >= 0) NOT VALID;\nALTER TABLE "users" VALIDATE CONSTRAINT "c";${BP}BEGIN;`, table: 'users' },
  { sql: `COMMIT;${BP}CREATE INDEX CONCURRENTLY "users_nick_idx" ON "users" ("nick");` },
  { sql: `BEGIN;${BP}SELECT 1;${BP}COMMIT;` },
];

// Outside `public` every message names the table with its schema, never both ways: each `users` migration again on `auth.users`.
MIGRATIONS.push(
  ...MIGRATIONS.filter((m) => m.table === 'users' && !m.before && !m.sql.startsWith('ALTER TYPE')).map((m) => ({ sql: m.sql.replaceAll('"users"', '"auth"."users"'), table: 'auth.users' })),
);

const RAW_SQL = "import { sql } from 'drizzle-orm';\nexport const q = (input: string) => sql.raw(input);\n";

function cases(): Case[] {
  const all: Case[] = [];
  for (const change of SCHEMA_CHANGES) {
    for (const kit of ['0.x', '1.x'] as const) {
      for (const rule of rules.filter((r) => r.checkSchema)) {
        all.push({ name: `${rule.id}: ${change.name} (kit ${kit})`, table: change.table, findings: () => runRule(rule, change.before, change.after, { kit, settings: change.settings }) });
      }
    }
  }
  for (const migration of MIGRATIONS) {
    for (const rule of rules.filter((r) => r.checkMigration)) {
      all.push({
        name: `${rule.id}: ${migration.sql.split('\n')[0]}${migration.before ? ' (with baseline)' : ''}`,
        table: migration.table,
        findings: () => rule.checkMigration!({ file: '/m/0001_x.sql', text: migration.sql, statements: readMigration(migration.sql).statements, settings: resolveSettings({}, '/m'), before: migration.before && modelLookup(migration.before) }),
      });
    }
  }
  const sourceFile = ts.createSourceFile('/project/query.ts', RAW_SQL, ts.ScriptTarget.Latest, true);
  for (const rule of rules.filter((r) => r.checkTypeScript && !r.checkSchema)) {
    all.push({ name: `${rule.id}: sql.raw`, findings: () => rule.checkTypeScript!({ file: '/project/query.ts', sourceFile, settings: resolveSettings({}, '/project') }) });
  }
  return all;
}

const LOCK_NAME = new RegExp(`\\b(${[...LOCK_MODES].sort((a, b) => b.length - a.length).join('|')})\\b`);

/** Problems with one text (message or help), as readable strings; empty when it reads right. */
function styleProblems(text: string, table: string | undefined, isMessage: boolean): string[] {
  const problems: string[] = [];
  if (!/\.$/.test(text)) problems.push('does not end with a period');
  if (!/^[A-Z`"'.]/.test(text) && !/^drizzle/.test(text)) problems.push('does not start a sentence');
  // drizzle-kit 0.31's own error text, quoted by no-rename-table so that it can be searched for.
  const quoted = text.replace("Cannot read properties of undefined (reading 'columns')", '');
  if (/undefined|(?<![-\w])null(?![-\w])|\[object|NaN/.test(quoted)) problems.push('prints undefined/null/[object');
  if (/(?<!\$)\{\w+\}/.test(text)) problems.push('leaves a template placeholder');
  if (/`none`/.test(text)) problems.push('prints the `none` lock');
  if (/ {2}| \.|\.\.(?!\.)/.test(text.replace(/`[^`]*`/g, '``'))) problems.push('has a double space or a stray period');
  const outsideCode = text.replace(/`[^`]*`/g, '``');
  if (LOCK_NAME.test(outsideCode)) problems.push(`names a lock outside backticks: ${LOCK_NAME.exec(outsideCode)![0]}`);
  for (const [, article, name] of text.matchAll(/\b(a|an) `([^`]+)`/gi)) {
    if ((LOCK_MODES as readonly string[]).includes(name) && article.toLowerCase() !== (/^[AEIOU]/.test(name) ? 'an' : 'a')) problems.push(`"${article} \`${name}\`"`);
  }
  const steps = [...text.matchAll(/(?:^|\s)(\d+)\. [A-Z]/g)].map((m) => Number(m[1]));
  if (steps.some((n, i) => n !== i + 1)) problems.push(`steps numbered ${steps.join(',')}`);
  if (isMessage && table && !text.includes(`\`${table}\``) && !text.includes(`\`${table}.`)) problems.push(`does not name \`${table}\``);
  const bare = table?.includes('.') ? table.slice(table.indexOf('.') + 1) : undefined;
  if (isMessage && bare && new RegExp(`\`${bare}[\`.]`).test(text)) problems.push(`names \`${bare}\` without its schema`);
  return problems;
}

beforeAll(() => loadSqlParser());

describe('message style of every finding', () => {
  const all = cases();
  const ruleIds = rules.filter((r) => r.checkSchema || r.checkMigration || r.checkTypeScript).map((r) => r.id);

  it.each(ruleIds)('%s', (id) => {
    const problems: string[] = [];
    for (const c of all.filter((x) => x.name.startsWith(`${id}:`))) {
      for (const finding of c.findings()) {
        const found = [...styleProblems(finding.message, c.table, true).map((p) => `message ${p}`), ...styleProblems(finding.help, c.table, false).map((p) => `help ${p}`)];
        if (found.length) problems.push(`${c.name}: ${found.join('; ')}\n  ${finding.message}\n  ${finding.help}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('makes every rule fire on every path it has', () => {
    const fired = new Set<string>();
    for (const c of all) for (const finding of c.findings()) fired.add(`${finding.ruleId}:${c.name.includes('(kit') ? 'schema' : 'other'}`);
    const expected = rules.flatMap((r) => [...(r.checkSchema ? [`${r.id}:schema`] : []), ...(r.checkMigration || r.checkTypeScript ? [`${r.id}:other`] : [])]);
    expect([...fired].sort()).toEqual(expected.sort());
  });

  it('catches what it claims to catch', () => {
    expect(styleProblems('Holds a `ACCESS EXCLUSIVE` lock on `users`', 'users', true)).toEqual(['does not end with a period', '"a `ACCESS EXCLUSIVE`"']);
    expect(styleProblems('It fails if undefined, under a `none` lock on `t`.', 'users', true)).toEqual(['prints undefined/null/[object', 'prints the `none` lock', 'does not name `users`']);
    expect(styleProblems('Takes SHARE UPDATE EXCLUSIVE. 1. Do this. 3. Do that.', undefined, false)).toEqual(['names a lock outside backticks: SHARE UPDATE EXCLUSIVE', 'steps numbered 1,3']);
    expect(styleProblems('Locks `users` to drop `auth.users`.', 'auth.users', true)).toEqual(['names `users` without its schema']);
  });
});
