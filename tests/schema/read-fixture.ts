import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSchema, type ReadSchemaOptions } from '../../src/schema/index.js';

export const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/schemas');

export function readFromDisk(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function readFixture(name: string, options: Partial<ReadSchemaOptions> = {}) {
  return readSchema({ entryFiles: [path.join(fixturesDir, name)], kit: '0.x', readFile: readFromDisk, ...options });
}
