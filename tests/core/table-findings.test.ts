/**
 * Per-table findings kept per `TableDiff` object (src/core/table-findings.ts): an unchanged table is
 * not checked again, anything a check may read (settings, kit, rule list) starts over, and the
 * result is what the rules' derived `checkSchema` returns.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clearAllCaches } from '../../src/core/cache.js';
import type { Finding } from '../../src/core/finding.js';
import { defineRule, type TableRuleContext } from '../../src/core/rule.js';
import { diffSchemas, type TableDiff } from '../../src/core/schema-diff.js';
import { resolveSettings } from '../../src/core/settings.js';
import { runTableRules } from '../../src/core/table-findings.js';
import { baseline, column, model, table } from '../support/schema-models.js';

afterEach(() => clearAllCaches());

/** Reports every added column, and counts the tables it was asked about. */
function addedColumnRule(id: string) {
  const rule = defineRule({
    id,
    description: 'Report added columns.',
    recommended: true,
    checkTable(diff: TableDiff, context: TableRuleContext): Finding[] {
      probe.checked.push(diff.after.name);
      return diff.addedColumns.map((c) => ({ ruleId: id, message: `${c.name} in ${context.kit}`, help: 'h', span: c.source!.property }));
    },
  });
  const probe = Object.assign(rule, { checked: [] as string[] });
  return probe;
}

const users = () => table('users', [column('id', 'serial')]);
const orders = () => table('orders', [column('id', 'serial')]);
const before = baseline([users(), orders()]);
const context = (kit: TableRuleContext['kit'] = '0.x', settings = {}, renamedEnums: TableRuleContext['renamedEnums'] = []): TableRuleContext => ({
  kit,
  settings: resolveSettings(settings, '/project'),
  renamedEnums,
});

describe('runTableRules', () => {
  it('checks a table again only when its diff object is new', () => {
    const rule = addedColumnRule('probe');
    const stillOrders = table('orders', [column('id', 'serial')]);
    const first = diffSchemas(before, model([table('users', [column('id', 'serial'), column('a')]), stillOrders]));
    const one = runTableRules([rule], first.tables, context(), 'k');
    const editedUsers = table('users', [column('id', 'serial'), column('b')]);
    const second = diffSchemas(before, model([editedUsers, stillOrders]));
    const two = runTableRules([rule], second.tables, context(), 'k');
    expect(rule.checked).toEqual(['users', 'orders', 'users']);
    expect(one.findings[0].map((f) => f.message)).toEqual(['a in 0.x']);
    expect(two.findings[0].map((f) => f.message)).toEqual(['b in 0.x']);
    const again = runTableRules([rule], second.tables, context(), 'k');
    expect(again.findings[0][0]).toBe(two.findings[0][0]);
    expect(rule.checked).toHaveLength(3);
  });

  it('starts over when the kit, the enum renames or the key (settings, rule list) changes', () => {
    const rule = addedColumnRule('probe');
    const { tables } = diffSchemas(before, model([table('users', [column('id', 'serial'), column('a')]), orders()]));
    runTableRules([rule], tables, context('0.x'), 'k');
    expect(runTableRules([rule], tables, context('1.x'), 'k').findings[0].map((f) => f.message)).toEqual(['a in 1.x']);
    runTableRules([rule], tables, context('1.x', { postgresVersion: 16 }), 'other settings');
    expect(rule.checked).toEqual(['users', 'orders', 'users', 'orders', 'users', 'orders']);
    const role = { schema: 'public', name: 'role', values: ['a'] };
    const renamed = [{ before: role, after: { ...role, name: 'message_role' }, recreated: false }];
    runTableRules([rule], tables, context('1.x', { postgresVersion: 16 }, renamed), 'other settings');
    runTableRules([rule], tables, context('1.x', { postgresVersion: 16 }, renamed), 'other settings');
    expect(rule.checked).toHaveLength(8);
  });

  it('gives what checkSchema gives, rule by rule, and drops only a throwing rule', () => {
    const a = addedColumnRule('a');
    const b = addedColumnRule('b');
    const broken = defineRule({ id: 'broken', description: 'd', recommended: true, checkTable: () => { throw new Error('boom'); } });
    const after = model([table('users', [column('id', 'serial'), column('x'), column('y')]), table('orders', [column('id', 'serial'), column('z')])]);
    const diff = diffSchemas(before, after);
    const run = runTableRules([a, broken, b], diff.tables, context(), 'k');
    const { kit, settings } = context();
    const full = { before, after, diff, kit, settings, primaryFile: '/project/schema.ts' };
    expect(run.findings[0]).toEqual(a.checkSchema!(full));
    expect(run.findings[2]).toEqual(b.checkSchema!(full));
    expect(run.findings[0].map((f) => f.message)).toEqual(['x in 0.x', 'y in 0.x', 'z in 0.x']);
    expect(run.findings[1]).toEqual([]);
    expect([...run.failures.keys()]).toEqual([broken]);
  });

  it('refuses a rule with both checkTable and checkSchema (the host would run only one)', () => {
    expect(() => defineRule({ id: 'both', description: 'd', recommended: true, checkTable: () => [], checkSchema: () => [] })).toThrow(/checkTable/);
  });
});
