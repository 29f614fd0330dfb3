/**
 * The schema before a migration is read through caches (folder lists, parsed snapshots, the histories
 * read so far, the replay continued): a snapshot changed on disk must be seen once the refresh interval
 * has passed, in both layouts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { cacheSettings, clearAllCaches } from '../../src/core/cache.js';
import { schemaBeforeMigration, type MigrationLocation } from '../../src/migration/migration-context.js';
import { snapshotToLookup } from '../../src/snapshot/snapshot-to-model.js';
import { copyFixture } from '../fuzz/harness.js';

const shop = copyFixture('shop', 'before-freshness');
afterAll(() => {
  cacheSettings.refreshIntervalMs = 1000;
  shop.remove();
});
beforeEach(() => {
  cacheSettings.refreshIntervalMs = 1000;
  clearAllCaches();
});

const emailType = (location: MigrationLocation) => schemaBeforeMigration(location)?.table('public.users')?.columns.get('email')?.type;

/** Rewrites `varchar(255)` of `users.email` in `file`, as a regenerated snapshot would. */
function changeEmailType(file: string): void {
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(/("name": "email",\s*"type": )"varchar\(255\)"/, '$1"varchar(999)"');
  expect(changed).not.toBe(text);
  writeFileSync(file, changed);
}

describe('the schema before a migration follows snapshots changed on disk', () => {
  it.each([
    ['0.31', { outDir: path.join(shop.dir, 'drizzle'), tag: '0002_v03', layout: '0.x' } as const, 'drizzle/meta/0001_snapshot.json'],
    ['1.0 RC', { outDir: path.join(shop.dir, 'drizzle-rc'), tag: '20261126040051_v03', layout: '1.x' } as const, 'drizzle-rc/20261126040049_v01/snapshot.json'],
  ])('%s', (_, location, snapshot) => {
    // Every migration before it asked first, as a folder lint does, so every cache holds the old state.
    if (location.layout === '1.x') schemaBeforeMigration({ ...location, tag: '20261126040050_v02' });
    expect(emailType(location)).toBe('varchar(255)');
    changeEmailType(path.join(shop.dir, snapshot));
    cacheSettings.refreshIntervalMs = 0;
    expect(emailType(location)).toBe('varchar(999)');
  });
});

describe('a 0.31 schema before, kept while the next migration reads its own', () => {
  // The snapshot bytes are read into one reused buffer: a lookup used after another read must not see that read's bytes.
  it('answers from its own snapshot', () => {
    const outDir = path.join(shop.dir, 'drizzle');
    const whole = (name: string) => snapshotToLookup(JSON.parse(readFileSync(path.join(outDir, 'meta', name), 'utf8')));
    const keys = ['public.users', 'public.orders', 'public.org_members', 'catalog.products'];
    const expected = keys.map((key) => whole('0001_snapshot.json').table(key));
    const other = keys.map((key) => whole('0000_snapshot.json').table(key));
    expect(other, 'the two snapshots differ, or this test could not fail').not.toEqual(expected);

    const kept = schemaBeforeMigration({ outDir, tag: '0002_v03', layout: '0.x' })!;
    const next = schemaBeforeMigration({ outDir, tag: '0001_v02', layout: '0.x' })!;
    expect(keys.map((key) => kept.table(key))).toEqual(expected);
    expect(keys.map((key) => next.table(key))).toEqual(other);
  });
});
