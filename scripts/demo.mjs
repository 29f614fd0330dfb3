// Lints the bundled example app (examples/acme) with its own eslint.config.js, which imports this
// package by name (so the built dist/ is what runs), and prints the findings.
import { ESLint } from 'eslint';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const app = join(dirname(fileURLToPath(import.meta.url)), '../examples/acme');
const eslint = new ESLint({ cwd: app });
const results = await eslint.lintFiles(['src/**/*.ts', 'drizzle/**/*.sql']);
const formatter = await eslint.loadFormatter('stylish');
const output = await formatter.format(results);

console.log('Linting examples/acme: src/db/schema.ts has been edited since the last `drizzle-kit generate`, and drizzle/ holds its migrations.');
console.log(output || 'No findings.');

const byRule = new Map();
for (const message of results.flatMap((r) => r.messages)) byRule.set(message.ruleId, (byRule.get(message.ruleId) ?? 0) + 1);
console.log(`${[...byRule.values()].reduce((a, b) => a + b, 0)} findings from ${byRule.size} rules:`);
for (const [rule, count] of [...byRule].sort()) console.log(`  ${rule}: ${count}`);
if (results.some((r) => r.messages.some((m) => m.fatal))) process.exitCode = 1;
