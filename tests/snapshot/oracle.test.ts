import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBaseline, snapshotToModel } from '../../src/snapshot/index.js';
import { generateSnapshot, repoRoot } from '../support/drizzle-kit-oracle.js';

const projects = path.join(repoRoot, 'tests/fixtures/projects');

/** The baseline of each fixture's history must equal what drizzle-kit itself computes for the final schema. */
const cases = [
  { name: 'shop', schema: 'shop/schema.ts', outs: { '0.x': 'shop/drizzle', '1.x': 'shop/drizzle-rc' } },
  { name: 'split', schema: 'split/src/db/schema/index.ts', outs: { '0.x': 'split/drizzle', '1.x': 'split/drizzle-rc' } },
  {
    name: 'nested-config',
    schema: 'nested-config/server/db/schema.ts',
    outs: { '0.x': 'nested-config/server/db/drizzle', '1.x': 'nested-config/server/db/drizzle-rc' },
  },
] as const;

describe.each(cases)('$name baseline vs drizzle-kit generateDrizzleJson of the final schema', ({ schema, outs }) => {
  it.each(['0.x', '1.x'] as const)('%s', async (kit) => {
    const expected = snapshotToModel(await generateSnapshot(path.join(projects, schema), kit));
    const result = readBaseline(path.join(projects, outs[kit]));
    expect(result.kind).toBe('ok');
    if (result.kind === 'ok') expect(result.model).toEqual(expected);
  });
});

it('passes the 0.x casing option through to drizzle-kit', async () => {
  const expected = snapshotToModel(await generateSnapshot(path.join(projects, 'casing/schema.ts'), '0.x', { casing: 'snake_case' }));
  const result = readBaseline(path.join(projects, 'casing/drizzle'));
  expect(result.kind === 'ok' && result.model).toEqual(expected);
  expect([...expected.tables.get('public.teams')!.columns.keys()]).toContain('display_name');
});
