import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotToModel } from '../../src/snapshot/index.js';
import { generateSnapshot } from '../support/drizzle-kit-oracle.js';
import { comparable, withoutUnknownFields } from './strip-sources.js';
import { fixturesDir, readFixture } from './read-fixture.js';

type Casing = 'snake_case' | 'camelCase' | undefined;

/**
 * Every fixture, the 0.x config casings it is checked under, and the column fields the static
 * reader must mark unknown for drizzle-kit 1.x (spellings 1.x does not keep or that are not modelled).
 */
const FIXTURES: Array<{ file: string; casings: Casing[]; unknownIn1x?: string[]; only0x?: boolean }> = [
  { file: 'columns.ts', casings: [undefined, 'snake_case'], unknownIn1x: ['public.all_types.matrix.type', 'public.all_types.sized.type'] },
  { file: 'defaults.ts', casings: [undefined], unknownIn1x: ['public.with_defaults.tags.default'] },
  { file: 'constraints.ts', casings: [undefined, 'snake_case'] },
  { file: 'indexes.ts', casings: [undefined] },
  { file: 'casing.ts', casings: [undefined, 'snake_case', 'camelCase'] },
  { file: 'schemas-and-enums.ts', casings: [undefined] },
  { file: 'spreads.ts', casings: [undefined, 'snake_case'] },
  { file: 'creator.ts', casings: [undefined] },
  { file: 'reexports.ts', casings: [undefined] },
  { file: 'rls-and-custom-types.ts', casings: [undefined, 'snake_case'] },
  { file: 'extra-config-values.ts', casings: [undefined], only0x: true },
];

describe.concurrent('static reader matches drizzle-kit 0.31', () => {
  for (const { file, casings } of FIXTURES) {
    for (const casing of casings) {
      it(`${file} (casing ${casing ?? 'none'})`, async () => {
        const snapshot = await generateSnapshot(path.join(fixturesDir, file), '0.x', { casing });
        const { model } = readFixture(file, { kit: '0.x', casing });
        expect(model.partial).toBe(false);
        const actual = comparable(model);
        expect(withoutUnknownFields(actual, comparable(snapshotToModel(snapshot)))).toEqual([]);
        expect(actual).toEqual(comparable(snapshotToModel(snapshot)));
      });
    }
  }
});

describe.concurrent('static reader matches drizzle-kit 1.0 RC', () => {
  for (const { file, unknownIn1x = [] } of FIXTURES.filter((fixture) => !fixture.only0x)) {
    it(file, async () => {
      const snapshot = await generateSnapshot(path.join(fixturesDir, file), '1.x');
      const { model } = readFixture(file, { kit: '1.x' });
      expect(model.partial).toBe(false);
      const actual = comparable(model);
      const expected = comparable(snapshotToModel(snapshot));
      expect(withoutUnknownFields(actual, expected)).toEqual(unknownIn1x);
      expect(actual).toEqual(expected);
    });
  }
});
