/**
 * Incremental reading (src/schema/declaration-memo.ts, table-model-memo.ts): a second read after an
 * edit must give exactly what a cold read of the same files gives, while unchanged tables keep
 * their model objects. The oracle is a cold `readSchema` after `clearAllCaches()`.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { clearAllCaches } from '../../src/core/cache.js';
import { diffSchemas } from '../../src/core/schema-diff.js';
import { memoSize, MEMO_FILE_LIMIT } from '../../src/schema/declaration-memo.js';
import { readSchema } from '../../src/schema/index.js';
import { keptCount } from '../../src/schema/unchanged-files.js';

const HEADER = `import { pgTable, integer, varchar, text } from 'drizzle-orm/pg-core';\n`;
const A = '/virtual/a.ts';
const B = '/virtual/b.ts';
const INDEX = '/virtual/index.ts';

function read(files: Record<string, string>, entry = INDEX) {
  return readSchema({ entryFiles: [entry], kit: '0.x', readFile: (p) => files[p] });
}

function cold(files: Record<string, string>, entry = INDEX) {
  clearAllCaches();
  return read(files, entry);
}

const table = (name: string, body: string) => `export const ${name} = pgTable('${name}', {\n  id: integer('id').primaryKey(),\n${body}\n});\n`;

function project(aTables: string, bTables: string) {
  return {
    [INDEX]: `export * from './a';\nexport * from './b';\n`,
    [A]: HEADER + `export const LEN = 40;\n` + aTables,
    [B]: HEADER + `import { LEN, users } from './a';\n` + bTables,
  };
}

const users = (length = 'LEN') => table('users', `  email: varchar('email', { length: ${length} }).notNull(),`);
const posts = table('posts', `  title: text('title'),`);
const comments = table('comments', `  userId: integer('user_id').references(() => users.id),\n  body: varchar('body', { length: LEN }),`);

beforeEach(() => clearAllCaches());

describe('incremental readSchema', () => {
  it('re-reads only what an edit touches: unchanged tables keep their model object, the result equals a cold read', () => {
    const before = project(users() + posts, comments);
    const first = read(before);
    const edited = { ...before, [A]: before[A].replace(`text('title')`, `text('headline')`) };
    const second = read(edited);
    expect(second.model.tables.get('public.users')).toBe(first.model.tables.get('public.users'));
    expect(second.model.tables.get('public.comments')).toBe(first.model.tables.get('public.comments'));
    expect(second.model.tables.get('public.posts')).not.toBe(first.model.tables.get('public.posts'));
    expect(second.model.tables.get('public.posts')!.columns.has('headline')).toBe(true);
    expect(second).toEqual(cold(edited));
  });

  it('re-evaluates an importer when an imported constant changes', () => {
    const before = project(users() + posts, comments);
    const first = read(before);
    const edited = { ...before, [A]: before[A].replace('LEN = 40', 'LEN = 99') };
    const second = read(edited);
    expect(second.model.tables.get('public.comments')!.columns.get('body')!.type).toBe('varchar(99)');
    expect(second.model.tables.get('public.users')!.columns.get('email')!.type).toBe('varchar(99)');
    expect(first.model.tables.get('public.comments')!.columns.get('body')!.type).toBe('varchar(40)');
    expect(second).toEqual(cold(edited));
  });

  it('rebuilds a foreign key when the referenced table changes in another file (a callback run at build time)', () => {
    const before = project(users() + posts, comments);
    read(before);
    const edited = { ...before, [A]: before[A].replace(`integer('id').primaryKey()`, `integer('user_key').primaryKey()`) };
    const second = read(edited);
    const foreignKey = [...second.model.tables.get('public.comments')!.foreignKeys.values()][0];
    expect(foreignKey.foreignColumns).toEqual(['user_key']);
    expect(second).toEqual(cold(edited));
  });

  it('keeps spans right when an edit shifts later declarations', () => {
    const before = project(posts + users(), comments);
    const first = read(before);
    const edited = { ...before, [A]: before[A].replace(`text('title')`, `text('a_much_longer_title_column')`) };
    const second = read(edited);
    // Moved, not changed: kept, its spans moved with it.
    expect(second.model.tables.get('public.users')).toBe(first.model.tables.get('public.users'));
    const email = second.model.tables.get('public.users')!.columns.get('email')!;
    expect(edited[A].slice(email.source!.builder.start, email.source!.builder.end)).toBe(`varchar('email', { length: LEN })`);
    expect(second).toEqual(cold(edited));
  });

  it('follows a module that appears later (the resolution of an import changes)', () => {
    const files: Record<string, string> = { [INDEX]: `export * from './a';\nexport { extra } from './extra';\n`, [A]: HEADER + posts };
    const first = read(files);
    expect(first.model.partial).toBe(true);
    const withExtra = { ...files, '/virtual/extra.ts': HEADER + table('extra', `  note: text('note'),`) };
    const second = read(withExtra);
    expect(second.model.tables.has('public.extra')).toBe(true);
    expect(second).toEqual(cold(withExtra));
  });

  it('notices an export moving between files of a barrel', () => {
    const before = { [INDEX]: `export * from './a';\nexport * from './b';\n`, [A]: HEADER + posts, [B]: HEADER + table('users', `  name: text('name'),`) };
    read(before);
    const moved = { ...before, [A]: HEADER + posts + table('users', `  nickname: text('nickname'),`) };
    const second = read(moved);
    expect(second.model.tables.get('public.users')!.columns.has('nickname')).toBe(true);
    expect(second).toEqual(cold(moved));
  });

  it('lets the diff reuse the per-table result for an unchanged pair', () => {
    const files = project(users() + posts, comments);
    const baseline = cold(files).model;
    const after = read({ ...files, [A]: files[A].replace(`text('title')`, `text('headline')`) }).model;
    const first = diffSchemas(baseline, after);
    const second = diffSchemas(baseline, after);
    const pick = (diff: typeof first, name: string) => diff.tables.find((t) => t.after.name === name);
    expect(pick(second, 'users')).toBe(pick(first, 'users'));
    expect(pick(first, 'posts')!.renamedColumns.map((r) => [r.before.name, r.after.name])).toEqual([['title', 'headline']]);
  });
});

describe('memo bounds', () => {
  it('forgets names no longer declared (a name being typed)', () => {
    const files = project(users() + posts, comments);
    for (const name of ['p', 'po', 'pos', 'post', 'posts2']) {
      read({ ...files, [A]: files[A] + `export const ${name} = pgTable('${name}', { id: integer('id') });\n` });
    }
    const declarations = memoSize().declarations;
    // LEN, users, posts, the typed table (a.ts); users, LEN lookups do not add entries; comments (b.ts).
    expect(declarations).toBeLessThanOrEqual(5);
  });

  it(`remembers at most ${MEMO_FILE_LIMIT} files`, () => {
    const files: Record<string, string> = {};
    const count = MEMO_FILE_LIMIT + 20;
    for (let i = 0; i < count; i++) files[`/virtual/many/f${i}.ts`] = HEADER + `export const t${i} = pgTable('t${i}', { id: integer('id') });\n`;
    for (let i = 0; i < count; i++) read(files, `/virtual/many/f${i}.ts`);
    expect(memoSize().files).toBe(MEMO_FILE_LIMIT);
  });
});

/** src/schema/unchanged-files.ts: values kept because no file they depend on changed, without re-checking their lookups. */
describe('values kept when the files they depend on did not change', () => {
  it('keeps the values of files an edit does not reach, and gives what a cold read gives', () => {
    const before = project(users() + posts, comments);
    read(before);
    // A process's first read notes no dependencies (a CLI run reads once); the second notes them.
    read(before);
    const keptBefore = keptCount();
    const edited = { ...before, [B]: before[B].replace(`{ length: LEN }`, `{ length: 77 }`) };
    const second = read(edited);
    // users and posts (a.ts) are kept; comments (b.ts) is read again.
    expect(keptCount() - keptBefore).toBeGreaterThanOrEqual(2);
    expect(second.model.tables.get('public.comments')!.columns.get('body')!.type).toBe('varchar(77)');
    expect(second).toEqual(cold(edited));
  });

  it('follows a drizzle-orm export that a declaration picks from another file', () => {
    const types = '/virtual/types.ts';
    const alias = '/virtual/alias.ts';
    const files: Record<string, string> = {
      // Every file is exported, so each read loads them all: the result must come from the kept values alone.
      [INDEX]: `export * from './a';\nexport * from './b';\nexport * from './alias';\nexport * from './types';\n`,
      [B]: HEADER + `export const notes = pgTable('notes', { body: text('body') });\n`,
      [types]: `import { integer, bigint } from 'drizzle-orm/pg-core';\nexport const types = { id: integer };\n`,
      [alias]: `import { types } from './types';\nexport const idType = types.id;\n`,
      [A]: HEADER + `import { idType } from './alias';\nexport const t1 = pgTable('t1', { id: idType('id') });\nexport const t2 = pgTable('t2', { id: idType('id') });\n`,
    };
    read(files);
    read(files);
    const edited = { ...files, [types]: files[types].replace('id: integer', 'id: bigint') };
    const keptBefore = keptCount();
    const second = read(edited);
    // notes (b.ts) is kept; t1 and t2 depend on types.ts through the value `idType` gave (so does anything
    // looking up drizzle-orm's `integer` now: more than needed, never less).
    expect(keptCount()).toBeGreaterThan(keptBefore);
    expect(second.model.tables.get('public.t2')!.columns.get('id')!.type).toBe(cold(edited).model.tables.get('public.t2')!.columns.get('id')!.type);
    expect(read(edited)).toEqual(cold(edited));
    expect(second.model.tables.get('public.t2')!.columns.get('id')!.type).not.toBe(cold(files).model.tables.get('public.t2')!.columns.get('id')!.type);
  });

  it('reports the files a cold read reports when an edit stops using a file', () => {
    const helpers = '/virtual/helpers.ts';
    const files: Record<string, string> = {
      [INDEX]: `export * from './a';\nexport * from './b';\n`,
      [helpers]: HEADER + `export const note = () => text('note');\n`,
      [A]: HEADER + posts,
      [B]: HEADER + `import { note } from './helpers';\n` + table('notes', `  note: note(),`),
    };
    read(files);
    expect(read(files).files).toContain(helpers);
    const edited = { ...files, [B]: files[B].replace('note: note(),', `note: text('note'),`) };
    const second = read(edited);
    expect(second.files).not.toContain(helpers);
    expect(second).toEqual(cold(edited));
  });

  it('reports the files of the kept values', () => {
    const helpers = '/virtual/helpers.ts';
    const files: Record<string, string> = {
      [INDEX]: `export * from './a';\nexport * from './b';\n`,
      [helpers]: HEADER + `export const note = () => text('note');\n`,
      [A]: HEADER + `import { note } from './helpers';\n` + table('notes', `  note: note(),`),
      [B]: HEADER + posts,
    };
    read(files);
    read(files);
    const keptBefore = keptCount();
    const edited = { ...files, [B]: files[B].replace(`text('title')`, `text('headline')`) };
    const second = read(edited);
    expect(keptCount()).toBeGreaterThan(keptBefore);
    expect(second.files).toContain(helpers);
    expect(second).toEqual(cold(edited));
  });

  it('re-checks every value when a re-export changes where a name comes from', () => {
    const C = '/virtual/c.ts';
    const files: Record<string, string> = {
      [INDEX]: `export * from './a';\nexport * from './b';\nexport * from './c';\nexport { LIMIT } from './b';\n`,
      [A]: HEADER + posts,
      [B]: HEADER + `export const LIMIT = 10;\n` + users('LIMIT'),
      [C]: HEADER + `import { LIMIT } from './index';\n` + table('notes', `  body: varchar('body', { length: LIMIT }),`),
      '/virtual/limits.ts': `export const LIMIT = 20;\n`,
    };
    read(files);
    read(files);
    const edited = { ...files, [INDEX]: files[INDEX].replace(`export { LIMIT } from './b'`, `export { LIMIT } from './limits'`) };
    const second = read(edited);
    expect(second.model.tables.get('public.notes')!.columns.get('body')!.type).toBe('varchar(20)');
    expect(second).toEqual(cold(edited));
  });

  it('keeps only values found valid in the previous call', () => {
    const M = '/virtual/m.ts';
    const uses = (length: string) => HEADER + `import { inner } from './m';\n` + table('t', `  x: varchar('x', { length: ${length} }),`);
    const files: Record<string, string> = {
      [INDEX]: `export * from './a';\nexport * from './b';\n`,
      [A]: HEADER + `export const LEN = 40;\n` + posts,
      [B]: uses('inner.len'),
      [M]: `import { LEN } from './a';\nexport const inner = { len: LEN };\n`,
    };
    read(files);
    read(files);
    // \`inner\` is not looked up while LEN changes, then looked up again with no other change to its files.
    const unused = { ...files, [A]: files[A].replace('LEN = 40', 'LEN = 41'), [B]: uses('5') };
    read(unused);
    const usedAgain = { ...unused, [B]: uses('inner.len') };
    const third = read(usedAgain);
    expect(third.model.tables.get('public.t')!.columns.get('x')!.type).toBe('varchar(41)');
    expect(third).toEqual(cold(usedAgain));
  });

  it('re-checks every value when an edit adds an import', () => {
    const before = project(users() + posts, comments);
    read(before);
    const keptBefore = keptCount();
    const edited = { ...before, [A]: before[A].replace(HEADER, HEADER + `import { sql } from 'drizzle-orm';\n`).replace('LEN = 40', 'LEN = 41') };
    const second = read(edited);
    expect(keptCount()).toBe(keptBefore);
    expect(second).toEqual(cold(edited));
  });
});
