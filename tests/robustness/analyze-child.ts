/**
 * Child process for hostile-input tests: analyzes one file through the core (what both hosts call)
 * and through ESLint's Node API, and prints the outcome. Run in a child so a hang (e.g. a read from
 * a FIFO) is caught by the parent's timeout instead of freezing the test runner.
 */
import { readFileSync } from 'node:fs';
import { analyzeSchemaFile } from '../../src/core/analyze.js';
import { resolveSettings } from '../../src/core/settings.js';
import { eslintFor } from '../fuzz/harness.js';

const [dir, file, withEslint] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const started = performance.now();
const analysis = analyzeSchemaFile({ file, text, settings: resolveSettings({}, dir) });
const analyzeMs = performance.now() - started;
let eslintMessages: { ruleId: string | null; message: string; fatal?: boolean; line: number; column: number }[] = [];
if (withEslint === 'eslint') {
  const [result] = await eslintFor(dir).lintText(text, { filePath: file });
  eslintMessages = result.messages.map(({ ruleId, message, fatal, line, column }) => ({ ruleId, message, fatal, line, column }));
}
process.stdout.write(`\n__RESULT__${JSON.stringify({ analysis, analyzeMs, eslintMessages })}\n`);
