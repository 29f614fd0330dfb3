import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { snapshotToModel } from '../../src/snapshot/index.js';
import { SnapshotFormatError } from '../../src/snapshot/shape.js';
import { kitBin, kit031 } from '../support/drizzle-kit-oracle.js';
import { comparable } from '../schema/strip-sources.js';

/** A drizzle-kit 0.2x snapshot in the version 5 shape (`"dialect": "pg"`, enum values as a record, index columns as names). */
const V5 = {
  id: '00000000-0000-4000-8000-000000000001',
  prevId: '00000000-0000-0000-0000-000000000000',
  version: '5',
  dialect: 'pg',
  tables: {
    users: {
      name: 'users',
      schema: '',
      columns: {
        id: { name: 'id', type: 'serial', primaryKey: true, notNull: true },
        role: { name: 'role', type: 'role', primaryKey: false, notNull: true, default: "'member'" },
        org_id: { name: 'org_id', type: 'integer', primaryKey: false, notNull: false },
      },
      indexes: { users_org_idx: { name: 'users_org_idx', columns: ['org_id'], isUnique: false } },
      foreignKeys: {
        users_org_id_orgs_id_fk: { name: 'users_org_id_orgs_id_fk', tableFrom: 'users', tableTo: 'orgs', columnsFrom: ['org_id'], columnsTo: ['id'], onDelete: 'cascade', onUpdate: 'no action' },
      },
      compositePrimaryKeys: {},
      uniqueConstraints: { users_org_id_unique: { name: 'users_org_id_unique', columns: ['org_id'], nullsNotDistinct: false } },
    },
    orgs: { name: 'orgs', schema: '', columns: { id: { name: 'id', type: 'serial', primaryKey: true, notNull: true } }, indexes: {}, foreignKeys: {}, compositePrimaryKeys: {}, uniqueConstraints: {} },
  },
  enums: { role: { name: 'role', values: { admin: 'admin', member: 'member' } } },
  schemas: {},
  _meta: { schemas: {}, tables: {}, columns: {} },
};

const work = mkdtempSync(path.join(tmpdir(), 'snapshot-v5-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The real `drizzle-kit up` (0.31) upgrades the v5 file to v7: our v5 reading must equal our v7 reading of its output. */
function upgradedByDrizzleKit(snapshot: unknown): unknown {
  const out = path.join(work, 'out');
  mkdirSync(path.join(out, 'meta'), { recursive: true });
  writeFileSync(path.join(out, 'meta/0000_snapshot.json'), JSON.stringify(snapshot));
  writeFileSync(path.join(out, 'meta/_journal.json'), JSON.stringify({ version: '5', dialect: 'pg', entries: [{ idx: 0, version: '5', when: 1, tag: '0000_init', breakpoints: true }] }));
  // drizzle-kit joins `./` with `--out`, so it must be relative to the cwd.
  execFileSync(kitBin(kit031), ['up', '--dialect', 'postgresql', '--out', 'out'], { cwd: work, stdio: 'pipe' });
  return JSON.parse(readFileSync(path.join(out, 'meta/0000_snapshot.json'), 'utf8'));
}

describe('drizzle-kit 0.2x pg snapshots (version 5, dialect "pg")', () => {
  it('reads like the v7 snapshot `drizzle-kit up` makes of it, plus the enum column schema', () => {
    const upgraded = upgradedByDrizzleKit(V5) as { version: string };
    expect(upgraded.version).toBe('7');
    const fromV5 = comparable(snapshotToModel(V5));
    const fromV7 = comparable(snapshotToModel(upgraded));
    // `up` does not add `typeSchema`; drizzle-kit 0.31 then treats the enum column as unchanged against `public`.
    expect(fromV5.tables['public.users'].columns.role.typeSchema).toBe('public');
    delete fromV5.tables['public.users'].columns.role.typeSchema;
    expect(fromV5).toEqual(fromV7);
    expect(Object.keys(fromV5.tables).sort()).toEqual(['public.orgs', 'public.users']);
  });

  it('asks for `drizzle-kit up` for older pg versions, and names the dialect for others', () => {
    expect(() => snapshotToModel({ ...V5, version: '4' })).toThrow(SnapshotFormatError);
    expect(() => snapshotToModel({ ...V5, version: '4' })).toThrow(/old drizzle-kit; run `drizzle-kit up`/);
    expect(() => snapshotToModel({ ...V5, dialect: 'mysql' })).toThrow(/it is a mysql snapshot/);
  });
});
