/**
 * An edit that changes a file's length moves the declarations after it, and the analysis keeps their
 * values, table models, diffs and findings, moving their spans in place (src/schema/span-book.ts).
 * Every memo that hands out findings must then still give what a fresh analysis gives, also when an
 * editor buffer and the file on disk are analysed in turn (their spans follow the latest parse).
 * Oracle: `analyzeSchemaFile` on the same request after `clearAllCaches()`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeSchemaFile } from '../../src/core/analyze.js';
import { cacheSettings, clearAllCaches } from '../../src/core/cache.js';
import { resolveSettings } from '../../src/core/settings.js';
import { readSchema } from '../../src/schema/index.js';
import { editShopSchema } from '../tsserver/shop-edits.js';
import { seededRandom } from '../support/seeded-random.js';
import { copyFixture } from './temp-project.js';

const shop = copyFixture('shop', 'moved-spans');
const schemaFile = join(shop.dir, 'schema.ts');
const columnsFile = join(shop.dir, 'columns.ts');
// Saved, not yet generated: the disk text has the findings, and a buffer that only moves them differs from it.
writeFileSync(schemaFile, editShopSchema(readFileSync(schemaFile, 'utf8')));
const disk = { [schemaFile]: readFileSync(schemaFile, 'utf8'), [columnsFile]: readFileSync(columnsFile, 'utf8') };
// Migrations run outside a transaction: `require-concurrent-index` then offers an edit (a copied offset).
const settings = resolveSettings({ migrationsRunOutsideTransaction: true }, shop.dir);

beforeAll(() => {
  cacheSettings.refreshIntervalMs = 60_000;
});
afterAll(() => {
  clearAllCaches();
  cacheSettings.refreshIntervalMs = 1000;
  shop.cleanup();
});

interface Request {
  file: string;
  text: string;
}

const INSERTS = [' ', '\n', '\n\n', '// note\n', '/* a longer comment */ '];

/** Text typed or deleted between two statements: every later declaration moves, none changes. */
function moveLater(text: string, next: () => number): string {
  const boundaries = [...text.matchAll(/;\n/g)].map((match) => match.index + 2);
  const at = boundaries[Math.floor(next() * boundaries.length)];
  if (next() < 0.3 && text.slice(at).startsWith('\n')) return text.slice(0, at) + text.slice(at + 1);
  return text.slice(0, at) + INSERTS[Math.floor(next() * INSERTS.length)] + text.slice(at);
}

/** Requests as an editor makes them: the buffer after each edit, now and then the disk text, the helper file's buffer (which reads the schema from disk), the same or an earlier buffer again. */
function requests(seed: number, count: number): Request[] {
  const next = seededRandom(seed);
  let buffer = disk[schemaFile];
  let helper = disk[columnsFile];
  const earlier: string[] = [];
  const list: Request[] = [];
  for (let i = 0; i < count; i++) {
    const roll = next();
    if (roll < 0.45) {
      buffer = moveLater(buffer, next);
      earlier.push(buffer);
      list.push({ file: schemaFile, text: buffer });
    } else if (roll < 0.6) list.push({ file: schemaFile, text: disk[schemaFile] });
    else if (roll < 0.75) {
      helper = moveLater(helper, next);
      list.push({ file: columnsFile, text: helper });
    } else if (roll < 0.9) list.push({ file: schemaFile, text: buffer });
    else list.push({ file: schemaFile, text: earlier.length > 0 ? earlier[Math.floor(next() * earlier.length)] : buffer });
  }
  return list;
}

const analyze = ({ file, text }: Request) => analyzeSchemaFile({ file, text, settings });

describe('spans moved in place', () => {
  it.each([1, 2, 3])('give the findings and suggestions of a fresh analysis after every request (seed %i)', (seed) => {
    const list = requests(seed, 60);
    const fresh = list.map((request) => {
      clearAllCaches();
      return analyze(request);
    });
    const withSuggestions = fresh.filter((result) => result.findings.some((finding) => finding.suggestions?.length));
    expect(withSuggestions.length).toBeGreaterThan(list.length / 4);

    clearAllCaches();
    list.forEach((request, i) => {
      expect(analyze(request)).toEqual(fresh[i]);
      // Asked again at once (every rule of a file asks): the same answer.
      expect(analyze(request).findings).toEqual(fresh[i].findings);
    });
  });

  it('gives a buffer asked again, after the analysis of another file read the schema from disk, what a fresh analysis gives', () => {
    const buffer = disk[schemaFile].replace(';\n', ';\n// typed above every table\n');
    clearAllCaches();
    const fresh = analyze({ file: schemaFile, text: buffer });
    clearAllCaches();
    const first = analyze({ file: schemaFile, text: buffer });
    analyze({ file: columnsFile, text: `${disk[columnsFile]}\n` });
    expect(analyze({ file: schemaFile, text: buffer })).toEqual(fresh);
    expect(first).toEqual(fresh);
  });

  it('keeps the table models of declarations an edit only moved', () => {
    clearAllCaches();
    const files = { ...disk };
    const read = () => readSchema({ entryFiles: [schemaFile], kit: '0.x', readFile: (path) => files[path] });
    const first = read();
    files[schemaFile] = files[schemaFile].replace(/;\n/, ';\n// typed above every table\n');
    const second = read();
    expect(second.model.tables.size).toBeGreaterThan(1);
    for (const [key, table] of second.model.tables) expect(table).toBe(first.model.tables.get(key));
    clearAllCaches();
    expect(second).toEqual(read());
  });
});
