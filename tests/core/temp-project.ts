import { cpSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixtureProjects = fileURLToPath(new URL('../fixtures/projects/', import.meta.url));
const tmpRoot = fileURLToPath(new URL('../.tmp/', import.meta.url));

/** A scratch copy of a fixture project under tests/.tmp (git-ignored), removed by `cleanup`. */
export function copyFixture(name: string, label: string): { dir: string; cleanup(): void } {
  const dir = join(tmpRoot, `${label}-${process.pid}-${Date.now()}`, name);
  cpSync(join(fixtureProjects, name), dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dirname(dir), { recursive: true, force: true }) };
}

/** Writes a file and moves its mtime forward, so a change is seen even within the clock's resolution. */
export function writeAndTouch(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  const later = new Date(Date.now() + 5_000 + Math.random() * 1_000);
  utimesSync(file, later, later);
  utimesSync(dirname(file), later, later);
}
