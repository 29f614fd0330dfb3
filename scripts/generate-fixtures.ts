/**
 * Regenerates the migrations folders of every fixture project under tests/fixtures/projects with the
 * REAL drizzle-kit CLIs (0.31 from the root devDependencies, 1.0 RCs from tools/drizzle-kit-rc*, 0.29 from
 * tools/drizzle-kit-029 for projects that ask for it).
 *
 * Each project holds `versions/01.ts`, `versions/02.ts`, … (or `versions/01/`, … folders when the schema
 * is a folder). Every version is copied in turn onto the project's schema path and `drizzle-kit generate`
 * runs, so each out folder holds a real multi-migration history. The schema is left equal to the last
 * version. Run: `npx tsx scripts/generate-fixtures.ts [project…]` (or `npm run fixtures`).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureToolInstalled, kit029, kit031, kitBin, kitRcV8, kitRcV9, repoRoot, type KitTool } from '../tests/support/drizzle-kit-oracle.js';

const projectsDir = path.join(repoRoot, 'tests/fixtures/projects');

/** Optional `fixture.json` of a project; every field has a default. */
interface FixtureSpec {
  /** Where versions are copied to (file or folder), relative to the project. */
  target: string;
  /** drizzle-kit's working directory, relative to the project (config paths resolve against it). */
  cwd: string;
  kit031: { config: string; out: string };
  kitRc: { config: string; out: string };
  /** Which drizzle-kits generate the linear versions; default 0.31 and both RCs. */
  kits: Array<'0.29' | '0.31' | 'rc'>;
  kit029: { config: string; out: string };
  /** A 1.0 RC history with two branches merged instead of the linear versions (0.31 has no branches). */
  rcMerge?: { base: string; branches: [string, string]; after: string };
}

function readSpec(projectDir: string): FixtureSpec {
  const defaults: FixtureSpec = {
    target: 'schema.ts',
    cwd: '.',
    kit031: { config: 'drizzle.config.ts', out: 'drizzle' },
    kitRc: { config: 'drizzle-rc.config.ts', out: 'drizzle-rc' },
    kits: ['0.31', 'rc'],
    kit029: { config: 'drizzle-029.config.ts', out: 'drizzle-029' },
  };
  const file = path.join(projectDir, 'fixture.json');
  if (!existsSync(file)) return defaults;
  return { ...defaults, ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<FixtureSpec>) };
}

function listVersions(projectDir: string): string[] {
  const dir = path.join(projectDir, 'versions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^\d+(\.ts)?$/.test(name))
    .sort();
}

function applyVersion(projectDir: string, spec: FixtureSpec, version: string): void {
  const source = path.join(projectDir, 'versions', version);
  const target = path.join(projectDir, spec.target);
  if (statSync(source).isDirectory()) {
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    cpSync(source, target, { recursive: true });
  } else {
    cpSync(source, target);
  }
}

function countMigrations(outDir: string): number {
  if (!existsSync(outDir)) return 0;
  const meta = path.join(outDir, 'meta');
  if (existsSync(meta)) return readdirSync(meta).filter((f) => f.endsWith('_snapshot.json')).length;
  return readdirSync(outDir).filter((f) => existsSync(path.join(outDir, f, 'snapshot.json'))).length;
}

function runKit(tool: KitTool, cwd: string, args: string[]): void {
  try {
    execFileSync(kitBin(tool), args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${tool.label} failed in ${cwd}:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** Runs every version through one drizzle-kit; fails loudly if a step wrote nothing (e.g. a rename prompt). */
function generateHistory(tool: KitTool, projectDir: string, spec: FixtureSpec, kitSpec: { config: string; out: string }): void {
  const cwd = path.join(projectDir, spec.cwd);
  const outDir = path.join(cwd, kitSpec.out);
  rmSync(outDir, { recursive: true, force: true });
  for (const version of listVersions(projectDir)) {
    applyVersion(projectDir, spec, version);
    const before = countMigrations(outDir);
    const name = `v${version.replace(/\.ts$/, '')}`;
    runKit(tool, cwd, ['generate', '--config', kitSpec.config, '--name', name]);
    if (countMigrations(outDir) !== before + 1) {
      throw new Error(`${tool.label} wrote no migration for ${path.basename(projectDir)} ${version} (a rename prompt or no change?)`);
    }
  }
}

/**
 * A tools-folder CLI must load the schema with its own drizzle-orm, so it runs on a copy of the project placed
 * inside the tool folder (module resolution then finds the tool's node_modules); the out folder is copied back.
 */
function generateInToolFolder(tool: KitTool, projectDir: string, spec: FixtureSpec, kitSpec: { config: string; out: string }, destOut: string): void {
  const name = path.basename(projectDir);
  const workDir = path.join(tool.toolDir!, '.fixture-work', name);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  cpSync(projectDir, workDir, { recursive: true });
  try {
    generateHistory(tool, workDir, spec, kitSpec);
    const produced = path.join(workDir, spec.cwd, kitSpec.out);
    const destination = path.join(projectDir, spec.cwd, destOut);
    rmSync(destination, { recursive: true, force: true });
    cpSync(produced, destination, { recursive: true });
  } finally {
    rmSync(path.join(tool.toolDir!, '.fixture-work'), { recursive: true, force: true });
  }
}

/**
 * `base`, then each branch generated from the base state with the other branch's folder set aside (two
 * leaves, as after merging two git branches that each generated a migration), then `after` with both
 * present, which drizzle-kit writes as a merge snapshot (`prevIds` = both leaves). RC v9 only.
 */
function generateRcMerge(projectDir: string, spec: FixtureSpec, merge: NonNullable<FixtureSpec['rcMerge']>): void {
  const tool = kitRcV9;
  const workDir = path.join(tool.toolDir!, '.fixture-work', path.basename(projectDir));
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  cpSync(projectDir, workDir, { recursive: true });
  try {
    const cwd = path.join(workDir, spec.cwd);
    const outDir = path.join(cwd, spec.kitRc.out);
    rmSync(outDir, { recursive: true, force: true });
    const step = (version: string, name: string): string => {
      // Folder names start with the second of generation: one second apart, they sort in generation order.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1100);
      applyVersion(workDir, spec, version);
      const before = existsSync(outDir) ? readdirSync(outDir) : [];
      runKit(tool, cwd, ['generate', '--config', spec.kitRc.config, '--name', name]);
      const added = readdirSync(outDir).filter((folder) => !before.includes(folder));
      if (added.length !== 1) throw new Error(`${tool.label} wrote ${added.length} migrations for ${name}`);
      return added[0];
    };
    step(merge.base, 'base');
    const aside = path.join(workDir, '.aside');
    const first = step(merge.branches[0], 'branch_a');
    mkdirSync(aside);
    renameSync(path.join(outDir, first), path.join(aside, first));
    step(merge.branches[1], 'branch_b');
    renameSync(path.join(aside, first), path.join(outDir, first));
    step(merge.after, 'after_merge');
    const destination = path.join(projectDir, spec.cwd, spec.kitRc.out);
    rmSync(destination, { recursive: true, force: true });
    cpSync(outDir, destination, { recursive: true });
    applyVersion(projectDir, spec, merge.after);
  } finally {
    rmSync(path.join(tool.toolDir!, '.fixture-work'), { recursive: true, force: true });
  }
}

function generateProject(projectDir: string): void {
  const versions = listVersions(projectDir);
  const name = path.basename(projectDir);
  const spec = readSpec(projectDir);
  if (spec.rcMerge) {
    generateRcMerge(projectDir, spec, spec.rcMerge);
    console.log(`- ${name}: two merged branches → ${spec.kitRc.out}/`);
    return;
  }
  if (versions.length === 0) {
    console.log(`- ${name}: no versions, left without migrations`);
    return;
  }
  const outs: string[] = [];
  if (spec.kits.includes('0.29')) {
    generateInToolFolder(kit029, projectDir, spec, spec.kit029, spec.kit029.out);
    outs.push(spec.kit029.out);
  }
  if (spec.kits.includes('0.31')) {
    generateHistory(kit031, projectDir, spec, spec.kit031);
    outs.push(spec.kit031.out);
  }
  if (spec.kits.includes('rc')) {
    generateInToolFolder(kitRcV9, projectDir, spec, spec.kitRc, spec.kitRc.out);
    generateInToolFolder(kitRcV8, projectDir, spec, spec.kitRc, `${spec.kitRc.out}-v8`);
    outs.push(spec.kitRc.out, `${spec.kitRc.out}-v8`);
  }
  applyVersion(projectDir, spec, versions[versions.length - 1]);
  console.log(`- ${name}: ${versions.length} versions → ${outs.map((out) => `${out}/`).join(', ')}`);
}

function main(): void {
  ensureToolInstalled(kitRcV9);
  ensureToolInstalled(kitRcV8);
  ensureToolInstalled(kit029);
  const only = process.argv.slice(2);
  const projects = readdirSync(projectsDir)
    .filter((entry) => statSync(path.join(projectsDir, entry)).isDirectory())
    .filter((entry) => only.length === 0 || only.includes(entry))
    .sort();
  for (const project of projects) generateProject(path.join(projectsDir, project));
}

main();
