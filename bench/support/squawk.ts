import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.js';

/** squawk-cli lives in tools/squawk (its package.json says why); installed on first use. */
export function squawkBin(): string {
  const bin = path.join(repoRoot, 'tools/squawk/node_modules/.bin/squawk');
  if (!existsSync(bin)) execFileSync('npm', ['install', '--prefix', path.join(repoRoot, 'tools/squawk'), '--no-audit', '--no-fund', '--no-package-lock'], { stdio: 'ignore' });
  return bin;
}
