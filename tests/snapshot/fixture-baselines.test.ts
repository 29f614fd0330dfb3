import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SchemaModel } from '../../src/core/schema-model.js';
import { readBaseline } from '../../src/snapshot/index.js';
import { repoRoot } from '../support/drizzle-kit-oracle.js';
import { comparable } from './comparable.js';

const projects = path.join(repoRoot, 'tests/fixtures/projects');

function baseline(out: string) {
  const result = readBaseline(path.join(projects, out));
  if (result.kind !== 'ok') throw new Error(`${out}: ${JSON.stringify(result)}`);
  return result;
}

const shopLayouts = [
  { out: 'shop/drizzle', kit: '0.x', file: /meta[\\/]0002_snapshot\.json$/ },
  { out: 'shop/drizzle-rc', kit: '1.x', file: /_v03[\\/]snapshot\.json$/ },
  { out: 'shop/drizzle-rc-v8', kit: '1.x', file: /_v03[\\/]snapshot\.json$/ },
] as const;

describe.each(shopLayouts)('shop baseline from $out', ({ out, kit, file }) => {
  const result = baseline(out);
  const model: SchemaModel = result.model;
  const users = model.tables.get('public.users')!;
  const orders = model.tables.get('public.orders')!;

  it('reports the kit line, the latest snapshot and the files to watch', () => {
    expect(result.kit).toBe(kit);
    expect(result.snapshotFile).toMatch(file);
    expect(result.files.map((f) => f.path)).toContain(result.snapshotFile);
    expect(result.files.every((f) => f.mtimeMs > 0)).toBe(true);
  });

  it('has the final tables, in their pg schemas', () => {
    expect([...model.tables.keys()].sort()).toEqual(['catalog.products', 'public.orders', 'public.org_members', 'public.orgs', 'public.users']);
    expect(model.tables.get('catalog.products')!.schema).toBe('catalog');
    expect(users.schema).toBe('public');
  });

  it('reads column types, defaults and nullability', () => {
    expect(users.columns.get('id')).toMatchObject({ type: 'serial', primaryKey: true, notNull: true });
    expect(users.columns.get('email')).toMatchObject({ type: 'varchar(255)', notNull: true, primaryKey: false });
    expect(users.columns.get('status')).toMatchObject({ type: 'user_status', typeSchema: 'public', default: "'active'", notNull: true });
    expect(users.columns.get('created_at')).toMatchObject({ type: 'timestamp', default: 'now()', notNull: true });
    expect(users.columns.get('nickname')).toMatchObject({ type: 'text', notNull: false });
    expect(users.columns.get('nickname')!.default).toBeUndefined();
    expect(model.tables.get('catalog.products')!.columns.get('tags')!.type).toBe('text[]');
    expect(orders.columns.get('total')!.type).toMatch(/^numeric\(10, ?2\)$/);
  });

  it('reads enum values', () => {
    expect(model.enums.get('public.user_status')).toEqual({ schema: 'public', name: 'user_status', values: ['active', 'suspended', 'deleted'] });
  });

  it('reads indexes with their method, columns and where clause', () => {
    expect(orders.indexes.get('orders_user_id_idx')).toMatchObject({
      unique: false,
      method: 'btree',
      concurrently: false,
      columns: [{ expression: 'user_id', isExpression: false, asc: true, nullsFirst: false }],
    });
    expect(orders.indexes.get('orders_metadata_idx')!.method).toBe('gin');
    const partial = users.indexes.get('users_nickname_key_idx')!;
    expect(partial.unique).toBe(true);
    expect(partial.where).toBe(kit === '0.x' ? '"users"."nickname" is not null' : '"nickname" is not null');
  });

  it('reads foreign keys with lower-case actions and the documented default names', () => {
    const suffix = kit === '0.x' ? 'fk' : 'fkey';
    expect(orders.foreignKeys.get(`orders_user_id_users_id_${suffix}`)).toMatchObject({
      columns: ['user_id'],
      foreignSchema: 'public',
      foreignTable: 'users',
      foreignColumns: ['id'],
      onDelete: 'cascade',
      onUpdate: 'no action',
    });
    expect(users.foreignKeys.get(`users_org_id_orgs_id_${suffix}`)!.onDelete).toBe('set null');
  });

  it('reads unique constraints, checks and the composite primary key', () => {
    expect(users.uniqueConstraints.get(kit === '0.x' ? 'users_email_unique' : 'users_email_key')!.columns).toEqual(['email']);
    expect(orders.checkConstraints.get('orders_total_positive')!.expression).toBe(kit === '0.x' ? '"orders"."total" >= 0' : '"total" >= 0');
    const members = model.tables.get('public.org_members')!;
    expect(members.primaryKey).toEqual({ name: kit === '0.x' ? 'org_members_org_id_user_id_pk' : 'org_members_pkey', columns: ['org_id', 'user_id'] });
    expect(users.primaryKey).toBeUndefined();
  });
});

const crossKitProjects = [
  { project: 'shop', outs: ['drizzle', 'drizzle-rc', 'drizzle-rc-v8'] },
  { project: 'split', outs: ['drizzle', 'drizzle-rc', 'drizzle-rc-v8'] },
  { project: 'nested-config', outs: ['server/db/drizzle', 'server/db/drizzle-rc', 'server/db/drizzle-rc-v8'] },
];

describe.each(crossKitProjects)('$project: 0.31 and 1.0 baselines of the same schema', ({ project, outs }) => {
  const [v7, v9, v8] = outs.map((out) => baseline(`${project}/${out}`).model);

  it('normalise to equal models, apart from the documented naming differences', () => {
    expect(comparable(v9)).toEqual(comparable(v7));
  });

  it('v8 (full ddl) and v9 (replayed deltas) give identical models', () => {
    expect(v9).toEqual(v8);
  });
});

describe('casing fixture (0.31 config casing: snake_case)', () => {
  it('0.31 writes snake_case column names, with the raw-key unique name quirk', () => {
    const teams = baseline('casing/drizzle').model.tables.get('public.teams')!;
    expect([...teams.columns.keys()]).toEqual(['id', 'display_name', 'created_at', 'billing_email']);
    expect([...teams.uniqueConstraints.keys()]).toEqual(['teams_displayName_unique']);
    const members = baseline('casing/drizzle').model.tables.get('public.team_members')!;
    expect(members.columns.get('is_admin')!.default).toBe('false');
    expect([...members.indexes.keys()]).toEqual(['team_members_team_id_index']);
  });

  it('1.0 has no config casing, so its baseline keeps the keys', () => {
    const teams = baseline('casing/drizzle-rc').model.tables.get('public.teams')!;
    expect([...teams.columns.keys()]).toContain('displayName');
  });
});

describe('projects without migrations', () => {
  it('gives none for the empty project and for a folder that does not exist', () => {
    expect(readBaseline(path.join(projects, 'empty/drizzle'))).toEqual({ kind: 'none' });
    expect(readBaseline(path.join(projects, 'empty/drizzle-rc'))).toEqual({ kind: 'none' });
  });
});
