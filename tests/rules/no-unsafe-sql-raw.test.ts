import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/core/settings.js';
import rule from '../../src/rules/no-unsafe-sql-raw.js';

function check(text: string): string[] {
  const sourceFile = ts.createSourceFile('/p/query.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return rule.checkTypeScript!({ file: '/p/query.ts', sourceFile, settings: resolveSettings({}, '/p') }).map((f) => text.slice(f.span.start, f.span.end));
}

describe('no-unsafe-sql-raw', () => {
  it('reports values that are not compile-time constants', () => {
    const text = `
      import { sql as q } from 'drizzle-orm';
      import * as orm from 'drizzle-orm/sql';
      export function search(column: string, req: { query: { order: string } }) {
        let direction = 'asc';
        db.execute(q.raw(column));
        db.execute(q.raw(\`ORDER BY \${req.query.order}\`));
        db.execute(q.raw('ORDER BY ' + direction));
        db.execute(orm.sql.raw(String(column)));
      }`;
    expect(check(text)).toEqual(['column', '`ORDER BY ${req.query.order}`', "'ORDER BY ' + direction", 'String(column)']);
  });

  it('accepts literals, constant templates and const bindings of constants', () => {
    const text = `
      import { sql } from 'drizzle-orm';
      const TABLE = 'users';
      const ORDER = \`ORDER BY "\${TABLE}"."id"\` as const;
      sql.raw('SELECT 1');
      sql.raw(\`SELECT * FROM \${TABLE}\`);
      sql.raw(ORDER + ' DESC');
      sql\`SELECT \${TABLE}\`;`;
    expect(check(text)).toEqual([]);
  });

  it('does not trust a const shadowed by a parameter of the same name', () => {
    const text = `
      import { sql } from 'drizzle-orm';
      const name = 'users';
      export const f = (name: string) => sql.raw(name);`;
    expect(check(text)).toEqual(['name']);
  });

  it('finds calls deep in a file, and a `raw` spelled with a unicode escape', () => {
    const filler = Array.from({ length: 50 }, (_, i) => `export class C${i} { m() { return [${i}].map((x) => x + 1); } }`).join('\n');
    const deep = `import { sql } from 'drizzle-orm';\n${filler}\nexport class Repo { find(order: string) { if (order) { return () => sql.raw(order); } } }`;
    expect(check(deep)).toEqual(['order']);
    expect(check(`import { sql } from 'drizzle-orm';\n${filler}\nsql.r\\u0061w(input);`)).toEqual(['input']);
  });

  it("ignores `sql` that is not drizzle-orm's", () => {
    expect(check(`import { sql } from 'some-other-lib';\nsql.raw(input);`)).toEqual([]);
    expect(check(`const sql = { raw: (x: string) => x };\nsql.raw(input);`)).toEqual([]);
  });
});
