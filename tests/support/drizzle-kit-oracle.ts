/**
 * The real drizzle-kit as a test oracle: `generateSnapshot(schemaFile, kit)` returns the snapshot JSON
 * drizzle-kit's own API computes for a schema file. Runs in a child process (tsx) because the API
 * executes the schema and may call `process.exit` on serializer errors.
 *
 * Also exports the tool locations used by scripts/generate-fixtures.ts.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Repository root (this file lives in tests/support). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** One drizzle-kit generation and the folder whose node_modules holds it (root when undefined). */
export interface KitTool {
  label: string;
  toolDir?: string;
}

export const kit031: KitTool = { label: 'drizzle-kit 0.31 (pg snapshot v7)' };
export const kitRcV9: KitTool = { label: 'drizzle-kit 1.0.0-rc.5 (pg snapshot v9)', toolDir: path.join(repoRoot, 'tools/drizzle-kit-rc') };
/** The last release that wrapped keys and enums in `DO $$ BEGIN … EXCEPTION WHEN duplicate_object THEN null; END $$;`. */
export const kit029: KitTool = { label: 'drizzle-kit 0.29 (pg snapshot v7, DO-block wrappers)', toolDir: path.join(repoRoot, 'tools/drizzle-kit-029') };
export const kitRcV8: KitTool = {
  label: 'drizzle-kit 1.0.0-rc.5-ab785fc (pg snapshot v8)',
  toolDir: path.join(repoRoot, 'tools/drizzle-kit-rc-v8'),
};

export function kitBin(tool: KitTool): string {
  return path.join(tool.toolDir ?? repoRoot, 'node_modules/.bin/drizzle-kit');
}

/** Installs a tools folder from its lock file when its node_modules is missing (fresh clone). */
export function ensureToolInstalled(tool: KitTool): void {
  if (!tool.toolDir || existsSync(path.join(tool.toolDir, 'node_modules/drizzle-kit'))) return;
  execFileSync('npm', ['ci', '--prefix', tool.toolDir, '--no-audit', '--no-fund'], { stdio: 'inherit' });
}

export interface GenerateSnapshotOptions {
  /** 0.x only: the config-level `casing` (1.0 has no config casing; it lives in the schema code). */
  casing?: 'snake_case' | 'camelCase';
}

const RESULT_MARKER = '__DRIZZLE_ORACLE_RESULT__';
const tsxBin = path.join(repoRoot, 'node_modules/.bin/tsx');

/** Snapshot JSON drizzle-kit computes for `schemaFile` (pg v7 for '0.x', pg v9 state for '1.x'). */
export async function generateSnapshot(
  schemaFile: string,
  kit: '0.x' | '1.x',
  options: GenerateSnapshotOptions = {},
): Promise<unknown> {
  const absolute = path.resolve(schemaFile);
  if (kit === '0.x') return runOracle(repoRoot, absolute, 'drizzle-kit/api', options.casing);
  ensureToolInstalled(kitRcV9);
  // The schema must be built by the RC drizzle-orm: run it from a copy inside the tool folder.
  const workDir = mkdtempSync(path.join(kitRcV9.toolDir!, '.oracle-'));
  try {
    const copyRoot = copySchemaTree(absolute, workDir);
    return await runOracle(kitRcV9.toolDir!, path.join(workDir, path.relative(copyRoot, absolute)), 'drizzle-kit/api-postgres');
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Copies the files the schema may import: its whole fixture project when it lives in
 * tests/fixtures/projects/<name>, else its folder (only the file itself outside the repo's tests).
 * Returns the source folder that was copied.
 */
function copySchemaTree(schemaFile: string, workDir: string): string {
  const projects = path.join(repoRoot, 'tests/fixtures/projects');
  const relToProjects = path.relative(projects, schemaFile);
  const insideRepoTests = !path.relative(path.join(repoRoot, 'tests'), schemaFile).startsWith('..');
  let root: string;
  if (!relToProjects.startsWith('..')) root = path.join(projects, relToProjects.split(path.sep)[0]);
  else if (insideRepoTests) root = path.dirname(schemaFile);
  else {
    cpSync(schemaFile, path.join(workDir, path.basename(schemaFile)));
    return path.dirname(schemaFile);
  }
  cpSync(root, workDir, {
    recursive: true,
    // Skip dependencies and migrations folders: the oracle only needs the TypeScript.
    filter: (source) => source === root || !/^(node_modules|\.git|drizzle|drizzle-rc|drizzle-rc-v8)$/.test(path.basename(source)),
  });
  return root;
}

async function runOracle(cwd: string, schemaFile: string, api: string, casing?: string): Promise<unknown> {
  const args = casing ? `schema, undefined, undefined, ${JSON.stringify(casing)}` : 'schema';
  const script = [
    `import * as schema from ${JSON.stringify(pathToFileURL(schemaFile).href)};`,
    `import { generateDrizzleJson } from ${JSON.stringify(api)};`,
    `const json = await generateDrizzleJson(${args});`,
    `process.stdout.write(${JSON.stringify(RESULT_MARKER)} + JSON.stringify(json));`,
  ].join('\n');
  const scriptFile = path.join(cwd, `.oracle-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.mts`);
  writeFileSync(scriptFile, script);
  try {
    const { stdout } = await execFileAsync(tsxBin, [scriptFile], { cwd, maxBuffer: 64 * 1024 * 1024 });
    const at = stdout.lastIndexOf(RESULT_MARKER);
    if (at < 0) throw new Error(`drizzle-kit oracle printed no snapshot for ${schemaFile}:\n${stdout}`);
    return JSON.parse(stdout.slice(at + RESULT_MARKER.length));
  } finally {
    rmSync(scriptFile, { force: true });
  }
}
