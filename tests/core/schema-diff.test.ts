import { describe, expect, it } from 'vitest';
import { diffSchemas } from '../../src/core/schema-diff.js';
import { keepsTableFile } from '../../src/core/type-change.js';
import { baseline, column, index, model, table, withIndexes } from '../support/schema-models.js';

const users = () => table('users', [column('id', 'serial', { notNull: true, primaryKey: true }), column('name'), column('email', 'varchar(255)')]);

describe('diffSchemas', () => {
  it('finds nothing for an unchanged schema', () => {
    const diff = diffSchemas(baseline([users()]), model([users()]));
    expect(diff.tables[0]).toMatchObject({ addedColumns: [], droppedColumns: [], renamedColumns: [], changedColumns: [] });
    expect(diff.droppedTables).toEqual([]);
    expect(diff.addedTables).toEqual([]);
  });

  it('pairs a drop and an add in one table into one possible rename', () => {
    const after = table('users', [column('id', 'serial'), column('full_name'), column('email', 'varchar(255)')]);
    const [t] = diffSchemas(baseline([users()]), model([after])).tables;
    expect(t.renamedColumns.map((r) => [r.before.name, r.after.name])).toEqual([['name', 'full_name']]);
    expect(t.droppedColumns).toEqual([]);
    expect(t.addedColumns).toEqual([]);
  });

  it('marks a rename with an unchanged TS key as sameKey and prefers it over type matches', () => {
    const renamed = column('full_name');
    renamed.source!.key = 'name';
    const after = table('users', [column('id', 'serial'), column('other'), renamed, column('email', 'varchar(255)')]);
    const [t] = diffSchemas(baseline([users()]), model([after])).tables;
    expect(t.renamedColumns).toHaveLength(1);
    expect(t.renamedColumns[0]).toMatchObject({ sameKey: true, after: { name: 'full_name' } });
    expect(t.addedColumns.map((c) => c.name)).toEqual(['other']);
  });

  it('never reports dropped columns of a partial table or dropped tables of a partial model', () => {
    const partialUsers = table('users', [column('id', 'serial')], { partial: true });
    const diff = diffSchemas(baseline([users(), table('gone', [column('id')])]), model([partialUsers], [], true));
    expect(diff.tables[0].droppedColumns).toEqual([]);
    expect(diff.droppedTables).toEqual([]);
    expect(diff.renamedTables).toEqual([]);
  });

  it('ignores a type it could not resolve', () => {
    const after = users();
    after.columns.set('name', column('name', 'integer', { unknown: { type: 'computed' } }));
    expect(diffSchemas(baseline([users()]), model([after])).tables[0].changedColumns).toEqual([]);
  });

  it('treats drizzle-kit spacing variants of one type as equal', () => {
    const before = table('t', [column('n', 'numeric(10, 2)'), column('ts', 'timestamp (3) with time zone')]);
    const after = table('t', [column('n', 'numeric(10,2)'), column('ts', 'timestamp(3) with time zone')]);
    expect(diffSchemas(baseline([before]), model([after])).tables[0].changedColumns).toEqual([]);
  });

  it('matches a renamed table by its columns, and reports a table with other columns as dropped', () => {
    const renamed = table('members', [...users().columns.values()]);
    const diff = diffSchemas(baseline([users(), table('gone', [column('x')])]), model([renamed]));
    expect(diff.renamedTables.map((r) => [r.before.name, r.after.name])).toEqual([['users', 'members']]);
    expect(diff.droppedTables.map((t) => t.name)).toEqual(['gone']);
    expect(diff.addedTables).toEqual([]);
  });

  it('does not pair tables that share few columns', () => {
    const other = table('audit', [column('id', 'serial'), column('at', 'timestamp'), column('what')]);
    const diff = diffSchemas(baseline([users()]), model([other]));
    expect(diff.renamedTables).toEqual([]);
    expect(diff.droppedTables.map((t) => t.name)).toEqual(['users']);
    expect(diff.addedTables.map((t) => t.name)).toEqual(['audit']);
  });

  it('separates a concurrently toggle from a definition change', () => {
    const before = withIndexes(users(), index('a_idx', ['name']), index('b_idx', ['email']));
    const after = withIndexes(users(), index('a_idx', ['name'], { concurrently: true }), index('b_idx', ['name']));
    const changes = diffSchemas(baseline([before]), model([after])).tables[0].changedIndexes;
    expect(changes.map((c) => [c.after.name, c.concurrentlyToggled, c.definitionChanged])).toEqual([
      ['a_idx', true, false],
      ['b_idx', false, true],
    ]);
  });

  it('tells appended enum values from removed and reordered ones', () => {
    const e = (values: string[]) => ({ schema: 'public', name: 'mood', values });
    const diff = (a: string[], b: string[]) => diffSchemas(baseline([], [e(a)]), model([], [e(b)])).changedEnums[0];
    expect(diff(['a', 'b'], ['a', 'b', 'c'])).toMatchObject({ removedValues: [], reordered: false, appendedValues: ['c'] });
    expect(diff(['a', 'b', 'c'], ['a', 'c'])).toMatchObject({ removedValues: ['b'], reordered: false });
    expect(diff(['a', 'b'], ['b', 'a'])).toMatchObject({ removedValues: [], reordered: true });
    expect(diff(['a'], ['a'])).toBeUndefined();
  });

  describe('enum renames (drizzle-kit asks "created or renamed?")', () => {
    const e = (name: string, values = ['a', 'b'], schema = 'public') => ({ schema, name, values });
    const withRole = (type: string, extra = {}) => table('messages', [column('id', 'serial'), column('role', type, { typeSchema: 'public', ...extra })]);
    const renames = (enumsBefore: ReturnType<typeof e>[], type: string, enumsAfter: ReturnType<typeof e>[], partial = false) =>
      diffSchemas(baseline([withRole('role')], enumsBefore), model([withRole(type)], enumsAfter, partial)).renamedEnums.map((r) => [r.before.name, r.after.name, r.recreated]);

    it('pairs a gone enum with the new enum a column moved to', () => {
      expect(renames([e('role')], 'message_role', [e('message_role')])).toEqual([['role', 'message_role', false]]);
    });

    it('does not pair when the old enum is still declared, the model is partial, or no column moved', () => {
      expect(renames([e('role')], 'message_role', [e('role'), e('message_role')])).toEqual([]);
      expect(renames([e('role')], 'message_role', [e('message_role')], true)).toEqual([]);
      expect(renames([e('role'), e('kind')], 'role', [e('role'), e('category')])).toEqual([]);
      expect(renames([e('role')], 'text', [e('message_role')])).toEqual([]);
    });

    it('marks a rename whose values were removed or reordered as re-created, and lists its value changes', () => {
      const diff = diffSchemas(baseline([withRole('role')], [e('role', ['a', 'b'])]), model([withRole('message_role')], [e('message_role', ['b'])]));
      expect(diff.renamedEnums.map((r) => r.recreated)).toEqual([true]);
      expect(diff.changedEnums).toMatchObject([{ before: { name: 'role' }, after: { name: 'message_role' }, removedValues: ['a'] }]);
      expect(renames([e('role', ['a', 'b'])], 'message_role', [e('message_role', ['a', 'b', 'c'])])).toEqual([['role', 'message_role', false]]);
    });

    it('keeps array depth: `role[]` to `message_role` is a real type change', () => {
      const diff = diffSchemas(baseline([withRole('role[]')], [e('role')]), model([withRole('message_role')], [e('message_role')]));
      expect(diff.renamedEnums).toEqual([]);
    });
  });
});

describe('keepsTableFile', () => {
  it.each([
    ['varchar(10)', 'varchar(20)'],
    ['varchar(10)', 'varchar'],
    ['varchar(10)', 'text'],
    ['text', 'varchar'],
    ['numeric(10, 2)', 'numeric(12, 2)'],
    ['numeric(10, 2)', 'numeric'],
    ['timestamp (3)', 'timestamp (6)'],
    ['timestamp (3) with time zone', 'timestamp with time zone'],
  ])('%s -> %s keeps the table file', (from, to) => expect(keepsTableFile(from, to)).toBe(true));

  it.each([
    ['varchar(20)', 'varchar(10)'],
    ['text', 'varchar(10)'],
    ['integer', 'bigint'],
    ['char(2)', 'char(4)'],
    ['numeric(10, 2)', 'numeric(12, 3)'],
    ['timestamp', 'timestamp with time zone'],
    ['varchar(10)[]', 'varchar(20)[]'],
    ['numeric', 'numeric(10, 2)'],
  ])('%s -> %s rewrites', (from, to) => expect(keepsTableFile(from, to)).toBe(false));
});
