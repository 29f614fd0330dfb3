/**
 * drizzle-kit 0.31 `generate` with its "created or renamed?" prompts answered as a user would: the CLI
 * runs under a pseudo-terminal (util-linux `script`, since the prompts refuse a pipe) and gets the keys
 * of the chosen answer. The 1.0 RC takes the same answers as hints (`generateMigration(…, { hints })`).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { kit031, kitBin } from './drizzle-kit-oracle.js';

export type PromptAnswer = 'create' | 'rename';

// "create" is the first, pre-selected option; "rename from the first candidate" is one line down.
const KEYS: Record<PromptAnswer, string> = { create: '\r', rename: '\u001b[B\r' };
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** Runs `drizzle-kit generate` in `cwd`, answers every prompt with `answer`, and returns the new migration's statements. */
export function generateAnswering(cwd: string, out: string, answer: PromptAnswer, timeoutMs = 60_000): Promise<{ statements: string[]; prompts: string[] }> {
  const before = new Set(sqlFiles(path.join(cwd, out)));
  const command = `${kitBin(kit031)} generate --config drizzle.config.ts`;
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

function sqlFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.sql'));
  } catch {
    return [];
  }
}
