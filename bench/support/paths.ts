import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Generated inputs and results (gitignored). */
export const outRoot = path.join(repoRoot, 'bench/.out');
export const drizzleKitBin = path.join(repoRoot, 'node_modules/drizzle-kit/bin.cjs');
export const tsxLoader = path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs');
