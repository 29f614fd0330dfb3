import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { renderPostgresLocksDoc } from '../../scripts/generators/postgres-locks-doc.js';
import { LOCK_FACTS } from '../../src/migration/lock-catalogue.js';

const DOC = join(import.meta.dirname, '../../docs/postgres-locks.md');

it('docs/postgres-locks.md is generated from the catalogue (UPDATE=1 rewrites it)', () => {
  const expected = renderPostgresLocksDoc();
  if (process.env.UPDATE === '1') writeFileSync(DOC, expected);
  expect(readFileSync(DOC, 'utf8')).toBe(expected);
});

it('has one table row per catalogue row, each linking to the Postgres docs', () => {
  const rows = renderPostgresLocksDoc().split('\n').filter((l) => l.startsWith('| ['));
  expect(rows.length).toBe(Object.keys(LOCK_FACTS).length);
  for (const row of rows) expect(row).toMatch(/^\| \[[a-z-]+\]\(https:\/\/www\.postgresql\.org\/docs\//);
});
