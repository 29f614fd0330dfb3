import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBaseline } from '../../src/snapshot/index.js';
import { repoRoot } from '../support/drizzle-kit-oracle.js';

// The only hand-written snapshots allowed: malformed ones.
const scratch = mkdtempSync(path.join(tmpdir(), 'snapshot-malformed-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const shopV7 = readFileSync(path.join(repoRoot, 'tests/fixtures/projects/shop/drizzle/meta/0002_snapshot.json'), 'utf8');
const rcDir = path.join(repoRoot, 'tests/fixtures/projects/shop/drizzle-rc');
const rcBase = readFileSync(path.join(rcDir, readdirSync(rcDir).sort()[0], 'snapshot.json'), 'utf8');

let counter = 0;
/** Writes files (path → content, or null for a directory) into a fresh out folder. */
function outFolder(files: Record<string, string | null>): string {
  const out = path.join(scratch, `out-${counter++}`);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(out, name);
    if (content === null) mkdirSync(file, { recursive: true });
    else {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  }
  return out;
}

function v9Diff(id: string, prevIds: string[], deltas: unknown[] = []): string {
  return JSON.stringify({ type: 'diff', version: '9', dialect: 'postgres', id, prevIds, footprints: [], deltas });
}
const baseId = JSON.parse(rcBase).id as string;

const cases: { name: string; files: Record<string, string | null>; at: string; reason: RegExp }[] = [
  { name: 'truncated JSON', files: { 'meta/0000_snapshot.json': shopV7.slice(0, 300) }, at: 'meta/0000_snapshot.json', reason: /is not valid JSON/ },
  {
    name: 'an unknown version',
    files: { 'meta/0000_snapshot.json': JSON.stringify({ ...JSON.parse(shopV7), version: '4' }) },
    at: 'meta/0000_snapshot.json',
    reason: /snapshot version "4" is not supported/,
  },
  {
    name: 'missing tables',
    files: { 'meta/0000_snapshot.json': JSON.stringify({ ...JSON.parse(shopV7), tables: undefined }) },
    at: 'meta/0000_snapshot.json',
    reason: /`tables` is not an object/,
  },
  {
    name: 'a column without a type',
    files: { 'meta/0000_snapshot.json': shopV7.replace('"type": "serial",', '') },
    at: 'meta/0000_snapshot.json',
    reason: /`tables\.public\.orders\.columns\.id\.type` is not a string/,
  },
  {
    name: 'another dialect',
    files: { 'meta/0000_snapshot.json': JSON.stringify({ version: '5', dialect: 'mysql', tables: {} }) },
    at: 'meta/0000_snapshot.json',
    reason: /it is a mysql snapshot, and only PostgreSQL is supported/,
  },
  {
    name: 'an unreadable latest snapshot',
    files: { 'meta/0000_snapshot.json': shopV7, 'meta/0001_snapshot.json': null },
    at: 'meta/0001_snapshot.json',
    reason: /the file cannot be read \(EISDIR\)/,
  },
  {
    name: 'a v8 snapshot without ddl',
    files: { '20260101000000_a/snapshot.json': JSON.stringify({ version: '8', dialect: 'postgres', id: 'x', prevIds: [] }) },
    at: '20260101000000_a/snapshot.json',
    reason: /`ddl` is not an array/,
  },
  {
    name: 'two unmerged v9 branches',
    files: {
      '20260101000000_base/snapshot.json': rcBase,
      '20260101000001_left/snapshot.json': v9Diff('11111111-1111-4111-8111-111111111111', [baseId]),
      '20260101000002_right/snapshot.json': v9Diff('22222222-2222-4222-8222-222222222222', [baseId]),
    },
    at: '',
    reason: /2 unmerged branches ending in `20260101000001_left` and `20260101000002_right`/,
  },
  {
    name: 'a v9 diff whose parent is missing',
    files: { '20260101000001_orphan/snapshot.json': v9Diff('33333333-3333-4333-8333-333333333333', ['44444444-4444-4444-8444-444444444444']) },
    at: '20260101000001_orphan/snapshot.json',
    reason: /names the missing parent 44444444/,
  },
  {
    name: 'a v9 delta that drops a column that does not exist',
    files: {
      '20260101000000_base/snapshot.json': rcBase,
      '20260101000001_bad/snapshot.json': v9Diff('55555555-5555-4555-8555-555555555555', [baseId], [
        { op: 'drop', key: 'columns\u0000["public","users","ghost"]' },
      ]),
    },
    at: '20260101000001_bad/snapshot.json',
    reason: /columns \["public","users","ghost"\], which does not exist/,
  },
];

describe.each(cases)('a migrations folder with $name', ({ files, at, reason }) => {
  it('gives one clear problem naming the file, and does not throw', () => {
    const out = outFolder(files);
    const result = readBaseline(out);
    expect(result.kind).toBe('error');
    if (result.kind !== 'error') return;
    expect(result.problem.file).toBe(path.join(out, at));
    expect(result.problem.message).toMatch(reason);
    expect(result.problem.message).toContain(`\`${path.join(out, at)}\``);
    // One sentence: ends with a full stop, no sentence break inside.
    expect(result.problem.message).toMatch(/\.$/);
    expect(result.problem.message.slice(0, -1)).not.toMatch(/\.\s+[A-Z]/);
  });
});

describe('a v9 history the reader replays', () => {
  it('applies alter and rename deltas, cascading a column rename to its constraints', () => {
    const out = outFolder({
      '20260101000000_base/snapshot.json': rcBase,
      '20260101000001_next/snapshot.json': v9Diff('66666666-6666-4666-8666-666666666666', [baseId], [
        { op: 'alter', key: 'columns\u0000["public","users","name"]', set: { notNull: true } },
        { op: 'rename', key: 'columns\u0000["public","users","id"]', set: { name: 'user_id' } },
      ]),
    });
    const result = readBaseline(out);
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    const users = result.model.tables.get('public.users')!;
    expect(users.columns.get('name')!.notNull).toBe(true);
    expect(users.columns.get('user_id')!.primaryKey).toBe(true);
    const fk = result.model.tables.get('public.orders')!.foreignKeys.get('orders_user_id_users_id_fkey')!;
    expect(fk.foreignColumns).toEqual(['user_id']);
  });
});
