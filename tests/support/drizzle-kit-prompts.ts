/**
 * The real drizzle-kit answering its "created or renamed?" questions, as a user would. 0.31: the CLI
 * runs under a pseudo-terminal (util-linux `script`, since the prompts refuse a pipe) and gets the keys
 * of the chosen answer. 1.0 RC: the same answers as hints (`generateMigration(…, { hints })`).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { drizzleKitGenerate } from './doc-pages.js';
import { ensureToolInstalled, kit031, kitBin, kitRcV9, repoRoot, type KitTool } from './drizzle-kit-oracle.js';

const execFileAsync = promisify(execFile);

export type PromptAnswer = 'create' | 'rename';

// "create" is the first, pre-selected option; "rename from the first candidate" is one line down.
const KEYS: Record<PromptAnswer, string> = { create: '\r', rename: '\u001b[B\r' };
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/**
 * Runs `drizzle-kit generate` in `cwd`, answers every prompt with `answer`, and returns the new migration's
 * statements. `tool` is 0.31 by default; the 1.0 RC asks the same questions (its project must sit inside its
 * tool folder, so that the schema imports the RC's drizzle-orm).
 */
export function generateAnswering(cwd: string, out: string, answer: PromptAnswer, timeoutMs = 60_000, tool: KitTool = kit031): Promise<{ statements: string[]; prompts: string[] }> {
  const before = new Set(sqlFiles(path.join(cwd, out)));
  const command = `${kitBin(tool)} generate --config drizzle.config.ts`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let searchFrom = 0;
  let waitingFrom: number | undefined;
  const prompts: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8').replace(ANSI, '');
    for (;;) {
      if (waitingFrom !== undefined) {
        // The prompt redraws on every key: wait for drizzle-kit's verdict line before looking for the next question.
        const verdict = /will be (?:created|renamed)/.exec(screen.slice(waitingFrom));
        if (!verdict) return;
        searchFrom = waitingFrom + verdict.index + verdict[0].length;
        waitingFrom = undefined;
      }
      const question = /Is (.+?) created or renamed from another [a-z]+\?/.exec(screen.slice(searchFrom));
      if (!question) return;
      prompts.push(question[0]);
      waitingFrom = searchFrom + question.index + question[0].length;
      child.stdin.write(KEYS[answer]);
    }
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`drizzle-kit generate did not finish in ${timeoutMs} ms:\n${screen}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const added = sqlFiles(path.join(cwd, out)).filter((f) => !before.has(f));
      if (code !== 0 || added.length !== 1) {
        reject(new Error(`drizzle-kit generate exited ${code} and wrote ${added.length} migrations:\n${screen}`));
        return;
      }
      const text = readFileSync(path.join(cwd, out, added[0]), 'utf8');
      resolve({ statements: text.split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean), prompts });
    });
  });
}

/** 0.31's `<out>/<name>.sql` files, or 1.0's `<out>/<folder>/migration.sql`. */
function sqlFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      if (entry.isFile()) return entry.name.endsWith('.sql') ? [entry.name] : [];
      return entry.isDirectory() && existsSync(path.join(dir, entry.name, 'migration.sql')) ? [path.join(entry.name, 'migration.sql')] : [];
    });
  } catch {
    return [];
  }
}

/**
 * A 0.31 project in `dir` whose baseline the real `drizzle-kit generate` wrote from `before`, with
 * `after` as its schema now. Returns the baseline snapshot JSON.
 */
export async function projectWithBaseline(dir: string, before: string, after: string): Promise<unknown> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{}\n');
  writeFileSync(path.join(dir, 'drizzle.config.ts'), "import { defineConfig } from 'drizzle-kit';\n\nexport default defineConfig({ dialect: 'postgresql', schema: './schema.ts', out: './drizzle' });\n");
  writeFileSync(path.join(dir, 'schema.ts'), before);
  await drizzleKitGenerate(dir, '--name', 'before');
  writeFileSync(path.join(dir, 'schema.ts'), after);
  return JSON.parse(readFileSync(path.join(dir, 'drizzle/meta/0000_snapshot.json'), 'utf8'));
}

/** A drizzle-kit 1.0 hint, as `generateMigration(prev, cur, { hints })` takes it. */
export type Hint = Record<string, unknown>;

/**
 * The 1.0 RC API on `before` → `after`: the previous state and, per named answer, the statements
 * `generateMigration` writes with those hints. The schemas are built by the RC drizzle-orm, from a
 * copy inside its tool folder.
 */
export async function generateWithHints(before: string, after: string, answers: Record<string, Hint[]>): Promise<{ prev: unknown; statements: Record<string, string[]> }> {
  ensureToolInstalled(kitRcV9);
  const work = mkdtempSync(path.join(kitRcV9.toolDir!, '.oracle-hints-'));
  try {
    writeFileSync(path.join(work, 'before.ts'), before);
    writeFileSync(path.join(work, 'after.ts'), after);
    writeFileSync(
      path.join(work, 'run.mts'),
      [
        `import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api-postgres';`,
        `const prev = await generateDrizzleJson(await import('./before.ts'));`,
        `const cur = await generateDrizzleJson(await import('./after.ts'), prev.id);`,
        `const statements = {};`,
        `for (const [name, hints] of Object.entries(${JSON.stringify(answers)})) statements[name] = await generateMigration(prev, cur, { hints });`,
        `process.stdout.write('@@' + JSON.stringify({ prev, statements }));`,
      ].join('\n'),
    );
    const { stdout } = await execFileAsync(path.join(repoRoot, 'node_modules/.bin/tsx'), ['run.mts'], { cwd: work });
    return JSON.parse(stdout.slice(stdout.lastIndexOf('@@') + 2));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
