import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableKey } from '../../src/core/schema-model.js';
import { SnapshotFormatError, snapshotToLookup, snapshotToModel } from '../../src/snapshot/index.js';
import { repoRoot } from '../support/drizzle-kit-oracle.js';

const projects = path.join(repoRoot, 'tests/fixtures/projects');
const snapshots = readdirSync(projects, { recursive: true, encoding: 'utf8' })
  .filter((file) => /(^|\/)(\d{4}_snapshot|snapshot)\.json$/.test(file))
  .sort();

describe('snapshotToLookup answers every lookup as snapshotToModel would', () => {
  it('covers every generated snapshot layout', () => {
    const versions = new Set(snapshots.map((file) => (JSON.parse(readFileSync(path.join(projects, file), 'utf8')) as { version: string }).version));
    expect([...versions].sort()).toEqual(['7', '8', '9']);
  });

  it.each(snapshots)('%s', (file) => {
    const json: unknown = JSON.parse(readFileSync(path.join(projects, file), 'utf8'));
    let model;
    try {
      model = snapshotToModel(json);
    } catch (error) {
      // A v9 diff only makes sense replayed: the lookup refuses it alike.
      expect(error).toBeInstanceOf(SnapshotFormatError);
      expect(() => snapshotToLookup(json)).toThrow(SnapshotFormatError);
      return;
    }
    const lookup = snapshotToLookup(json);
    expect(model.tables.size).toBeGreaterThan(0);
    for (const [key, table] of model.tables) expect(lookup.table(key)).toEqual(table);
    for (const [key, value] of model.enums) expect(lookup.enum(key)).toEqual(value);
    expect([...lookup.tableKeys()].sort()).toEqual([...model.tables.keys()].sort());
    expect(lookup.table(tableKey('public', 'no_such_table'))).toBeUndefined();
    expect(lookup.enum(tableKey('public', 'no_such_enum'))).toBeUndefined();
  });
});

describe('a malformed table inside a 0.31 snapshot', () => {
  const text = readFileSync(path.join(projects, 'shop/drizzle/meta/0002_snapshot.json'), 'utf8');
  const valid = snapshotToModel(JSON.parse(text));
  const broken = JSON.parse(text) as { tables: Record<string, { name: string; columns: Record<string, { type: unknown }> }> };
  const [brokenKey, brokenTable] = Object.entries(broken.tables)[0];
  Object.values(brokenTable.columns)[0].type = 42;

  it('makes the whole model unreadable', () => {
    expect(() => snapshotToModel(broken)).toThrow(SnapshotFormatError);
  });

  it('hides only that table from lookups', () => {
    const lookup = snapshotToLookup(broken);
    const key = tableKey('public', brokenTable.name);
    expect(brokenKey).toBe(key);
    expect(lookup.table(key)).toBeUndefined();
    const others = [...valid.tables].filter(([other]) => other !== key);
    expect(others.length).toBeGreaterThan(0);
    for (const [other, table] of others) expect(lookup.table(other)).toEqual(table);
  });

  it('still refuses a table without a name', () => {
    const nameless = JSON.parse(text) as { tables: Record<string, { name?: string }> };
    delete Object.values(nameless.tables)[0].name;
    expect(() => snapshotToLookup(nameless)).toThrow(/`tables\.public\.\w+\.name` is not a string/);
  });
});
