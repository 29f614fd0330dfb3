import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearAllCaches } from '../../src/core/cache.js';
import { ddlToModel } from '../../src/snapshot/ddl.js';
import type { Json } from '../../src/snapshot/shape.js';
import type { SchemaLookup } from '../../src/core/schema-lookup.js';
import type { SchemaModel } from '../../src/core/schema-model.js';
import { PASSED_STATES_KEPT, passedStateCount, replayV9, replayV9Lookup, type V9Snapshot } from '../../src/snapshot/v9-replay.js';
import { repoRoot } from '../support/drizzle-kit-oracle.js';
import { seededRandom } from '../support/seeded-random.js';

/** Every 1.0 RC (v9) history among the fixtures, plus the 300-migration bench history when it was generated. */
const fixtureHistories = readdirSync(path.join(repoRoot, 'tests/fixtures/projects'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('drizzle-rc'))
  .map((dir) => path.join(repoRoot, 'tests/fixtures/projects', dir));
const benchHistory = path.join(repoRoot, 'bench/.out/migrations-rc/drizzle');

function readHistory(dir: string): V9Snapshot[] {
  return readdirSync(dir)
    .filter((folder) => existsSync(path.join(dir, folder, 'snapshot.json')))
    .sort()
    .map((folder) => ({ folder, json: JSON.parse(readFileSync(path.join(dir, folder, 'snapshot.json'), 'utf8')) as Json }));
}

/** Every table and enum of `model` as the lookup gives it, and nothing else. */
function expectLookupOf(lookup: SchemaLookup, model: SchemaModel, label: string): void {
  expect(model.tables.size, label).toBeGreaterThan(0);
  for (const [key, table] of model.tables) expect(lookup.table(key), `${label}: ${key}`).toEqual(table);
  for (const [key, value] of model.enums) expect(lookup.enum(key), `${label}: ${key}`).toEqual(value);
  expect([...lookup.tableKeys()].sort(), label).toEqual([...model.tables.keys()].sort());
  expect(lookup.table('public.no_such_table')).toBeUndefined();
}

/** A fresh replay of `prefix`, or the error it throws (a prefix of a merged history can end in two leaves). */
function fresh(prefix: V9Snapshot[]): SchemaModel | Error {
  try {
    return ddlToModel(replayV9(prefix));
  } catch (error) {
    return error as Error;
  }
}

/** The state before each migration, asked in `order`, against a fresh replay of the same prefix. */
function expectSameAsFresh(history: V9Snapshot[], order: number[]): void {
  for (const count of order) {
    const prefix = history.slice(0, count);
    const expected = fresh(prefix);
    if (expected instanceof Error) expect(() => replayV9Lookup(prefix), `${count} snapshots`).toThrow(expected.message);
    else expectLookupOf(replayV9Lookup(prefix), expected, `${count} snapshots`);
  }
}

beforeEach(() => clearAllCaches());

describe('replayV9Model continues the previous replay and equals a fresh one', () => {
  it('has 1.0 RC histories to replay, a merged one among them', () => {
    expect(fixtureHistories.length).toBeGreaterThanOrEqual(5);
    expect(fixtureHistories.some((dir) => dir.includes('rc-merge'))).toBe(true);
  });

  it.each(fixtureHistories.map((dir) => [path.relative(repoRoot, dir), dir]))('%s: forward, backward, repeated and random orders', (_, dir) => {
    const history = readHistory(dir);
    expect(history.length).toBeGreaterThanOrEqual(2);
    const counts = history.map((_, i) => i + 1);
    expectSameAsFresh(history, counts);
    expectSameAsFresh(history, [...counts].reverse());
    expectSameAsFresh(history, [1, 1, history.length, history.length, 1]);
    const random = seededRandom(7);
    expectSameAsFresh(history, Array.from({ length: 20 }, () => 1 + Math.floor(random() * history.length)));
  });

  it('keeps earlier answers as they were while later diffs are replayed, alters of table rows included', () => {
    const histories = fixtureHistories.map(readHistory);
    const deltas = JSON.stringify(histories.flatMap((history) => history.map((snapshot) => snapshot.json.deltas ?? [])));
    expect(deltas).toMatch(/"op":"alter","key":"fks/);
    for (const history of histories) {
      const prefixes = history.map((_, i) => history.slice(0, i + 1)).filter((prefix) => !(fresh(prefix) instanceof Error));
      const earlier = prefixes.map((prefix) => replayV9Lookup(prefix));
      earlier.forEach((lookup, i) => expectLookupOf(lookup, fresh(prefixes[i]) as SchemaModel, `${prefixes[i].length} snapshots, asked after the last`));
    }
  });

  it('answers a migration asked after a later one from the state it passed, not by replaying again (ESLint lints files as their reads complete)', () => {
    const [history] = fixtureHistories
      .filter((dir) => !dir.includes('rc-merge'))
      .map(readHistory)
      .sort((a, b) => b.length - a.length);
    expect(history.length).toBeGreaterThanOrEqual(3);
    const earlier = replayV9Lookup(history.slice(0, 2));
    replayV9Lookup(history);
    expect(replayV9Lookup(history.slice(0, 2))).toBe(earlier);
    clearAllCaches();
    const later = replayV9Lookup(history);
    const passed = replayV9Lookup(history.slice(0, 2));
    expect(replayV9Lookup(history)).toBe(later);
    expect(replayV9Lookup(history.slice(0, 2))).toBe(passed);
    expect(passedStateCount()).toBe(history.length - 1);
  });

  it.skipIf(!existsSync(benchHistory))('keeps at most PASSED_STATES_KEPT states (the 300-migration bench history, when generated)', () => {
    replayV9Lookup(readHistory(benchHistory));
    expect(passedStateCount()).toBe(PASSED_STATES_KEPT);
  });

  it('does not reuse a replay once a snapshot of its path changed', () => {
    const history = readHistory(fixtureHistories[0]);
    replayV9Lookup(history);
    const changed = history.map((snapshot) => ({ ...snapshot, json: structuredClone(snapshot.json) }));
    const deltas = changed.at(-1)!.json.deltas as Json[];
    const created = deltas.find((delta) => delta.op === 'create' && (delta.row as Json).entityType === 'columns');
    expect(created).toBeDefined();
    (created!.row as Json).type = 'bigint';
    const fresh = ddlToModel(replayV9(changed));
    expectLookupOf(replayV9Lookup(changed), fresh, 'changed history');
    expect(fresh).not.toEqual(ddlToModel(replayV9(history)));
  });

  it.skipIf(!existsSync(benchHistory))('the 300-migration history drizzle-kit up wrote for the bench (bench/.out, when generated)', () => {
    const history = readHistory(benchHistory);
    expect(history.length).toBe(300);
    expectSameAsFresh(history, [1, 2, 3, 50, 51, 150, 149, 299, 300, 10]);
  });
});
