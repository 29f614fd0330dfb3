/**
 * Long fuzz runs: `npx tsx scripts/fuzz.ts [--seed N] [--scale K]` runs tests/fuzz with K times the
 * CI number of inputs (default 20) under seed N (default: time-based, printed so a failure replays).
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { seed: { type: 'string' }, scale: { type: 'string', default: '20' } } });
const seed = values.seed ?? String(Date.now() % 2 ** 31);
console.log(`fuzz seed ${seed}, scale ${values.scale} (replay: npx tsx scripts/fuzz.ts --seed ${seed} --scale ${values.scale})`);
const run = spawnSync('npx', ['vitest', 'run', 'tests/fuzz', '--testTimeout', '0'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_SEED: seed, FUZZ_SCALE: values.scale },
});
process.exit(run.status ?? 1);
