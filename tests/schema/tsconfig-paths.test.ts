import { describe, expect, it } from 'vitest';
import { readSchema } from '../../src/schema/index.js';

const USERS = `import { pgTable, integer } from 'drizzle-orm/pg-core';\nexport const users = pgTable('users', { id: integer('id') });\n`;
const POSTS = `import { pgTable, integer } from 'drizzle-orm/pg-core';\nexport const posts = pgTable('posts', { id: integer('id') });\n`;

function read(files: Record<string, string>, entry = '/repo/src/db/index.ts') {
  return readSchema({ entryFiles: [entry], kit: '0.x', readFile: (p) => files[p] }).model;
}

const tables = (files: Record<string, string>, entry?: string) => [...read(files, entry).tables.keys()].sort();

describe('tsconfig `paths` aliases in schema re-exports', () => {
  it('follows `export * from "@/..."` through the nearest tsconfig.json (JSONC, relative extends)', () => {
    const files = {
      '/repo/tsconfig.base.json': `{\n  // shared\n  "compilerOptions": { "paths": { "@/*": ["./src/*"], }, },\n}`,
      '/repo/tsconfig.json': `{ /* app */ "extends": "./tsconfig.base", "compilerOptions": { "strict": true } }`,
      '/repo/src/db/index.ts': `export * from '@/db/schema/users';\nexport { posts } from '@/db/schema/posts';\n`,
      '/repo/src/db/schema/users.ts': USERS,
      '/repo/src/db/schema/posts.ts': POSTS,
    };
    expect(tables(files)).toEqual(['public.posts', 'public.users']);
    expect(read(files).partial).toBe(false);
  });

  it('resolves `paths` against `baseUrl`, prefers the longest prefix, and tries `baseUrl` alone', () => {
    const files = {
      '/repo/tsconfig.json': `{ "compilerOptions": { "baseUrl": "./src", "paths": { "@db/*": ["wrong/*"], "@db/schema/*": ["db/schema/*"] } } }`,
      '/repo/src/db/index.ts': `export * from '@db/schema/users';\nexport * from 'db/schema/posts';\n`,
      '/repo/src/db/schema/users.ts': USERS,
      '/repo/src/db/schema/posts.ts': POSTS,
    };
    expect(tables(files)).toEqual(['public.posts', 'public.users']);
  });

  it('leaves a package import or an alias without a tsconfig unresolved (partial, no throw)', () => {
    const files = { '/repo/src/db/index.ts': `export * from '@/db/schema/users';\n`, '/repo/src/db/schema/users.ts': USERS };
    expect(read(files).partial).toBe(true);
    const broken = { ...files, '/repo/tsconfig.json': '{ not json' };
    expect(read(broken).partial).toBe(true);
  });
});
