/**
 * A 2,000-file TypeScript codebase with no Drizzle import anywhere (services, models, utilities
 * importing each other), under a folder with no drizzle config: the plugin must bail out early.
 */
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { outRoot, repoRoot } from '../support/paths.js';

export const PLAIN_FILES = 2000;
export const plainCodebaseDir = path.join(outRoot, 'plain-codebase');
export const drizzleAppDir = path.join(outRoot, 'drizzle-app');
export const drizzleQueriesDir = path.join(outRoot, 'drizzle-queries');
const FOLDERS = 40;
const READY_MARK = '.ready-v1';

/**
 * Query code, as a Drizzle app's services hold it: helpers from `drizzle-orm`, tables from the schema,
 * and a `sql` fragment. The plugin cannot skip such a file unread, and has nothing to report on it.
 */
function querySource(index: number): string {
  return `import { and, desc, eq, sql } from 'drizzle-orm';
import { projects, tasks } from '../db/schema';
${moduleSource(index)}
export function openTasks${index}(db: any, projectId: number) {
  return db
    .select({ id: tasks.id, title: tasks.title, project: projects.name })
    .from(tasks)
    .innerJoin(projects, eq(projects.id, tasks.projectId))
    .where(and(eq(tasks.projectId, projectId), sql\`\${tasks.status} <> 'done'\`))
    .orderBy(desc(tasks.createdAt));
}
`;
}

function moduleSource(index: number): string {
  const folder = index % FOLDERS;
  const previous = index >= FOLDERS ? `import { Service${index - FOLDERS}, type Model${index - FOLDERS} } from '../m${String(folder).padStart(2, '0')}/file${index - FOLDERS}';\n` : '';
  const uses = index >= FOLDERS ? `  private readonly helper = new Service${index - FOLDERS}();\n` : '';
  return `${previous}import { readFileSync } from 'node:fs';

export interface Model${index} {
  id: number;
  name: string;
  tags: string[];
  createdAt: Date;
  meta?: Record<string, unknown>;
}

export type Result${index} = { ok: true; value: Model${index} } | { ok: false; error: string };

const DEFAULTS_${index}: Partial<Model${index}> = { tags: [], meta: { source: 'file${index}' } };

export function parse${index}(raw: string): Result${index} {
  try {
    const data = JSON.parse(raw) as Partial<Model${index}>;
    if (typeof data.id !== 'number' || typeof data.name !== 'string') return { ok: false, error: 'invalid' };
    return { ok: true, value: { ...DEFAULTS_${index}, ...data, createdAt: new Date() } as Model${index} };
  } catch (error) {
    return { ok: false, error: String(error) };
  }
}

export class Service${index} {
${uses}  private readonly cache = new Map<number, Model${index}>();

  load(file: string): Model${index}[] {
    return readFileSync(file, 'utf8')
      .split('\\n')
      .filter((line) => line.trim().length > 0)
      .map((line) => parse${index}(line))
      .flatMap((result) => (result.ok ? [result.value] : []));
  }

  remember(models: Model${index}[]): number {
    for (const model of models) this.cache.set(model.id, model);
    return this.cache.size;
  }

  find(id: number): Model${index} | undefined {
    return this.cache.get(id);
  }

  async refresh(fetcher: (id: number) => Promise<Model${index}>): Promise<void> {
    await Promise.all([...this.cache.keys()].map(async (id) => this.cache.set(id, await fetcher(id))));
  }
}
`;
}

export function generatePlainCodebase(force = false): string {
  if (!force && existsSync(path.join(plainCodebaseDir, READY_MARK))) return plainCodebaseDir;
  writePlainFiles(plainCodebaseDir);
  writeFileSync(path.join(plainCodebaseDir, READY_MARK), '');
  return plainCodebaseDir;
}

/**
 * The same 2,000 files inside an app that uses Drizzle: `examples/acme`'s drizzle config, schema and
 * migrations beside them, as in most real codebases. Every file now has a project, so the plugin's
 * per-file check goes past "no drizzle config here"; only `src/db/schema.ts` imports drizzle-orm.
 */
export function generateDrizzleApp(force = false): string {
  if (!force && existsSync(path.join(drizzleAppDir, READY_MARK))) return drizzleAppDir;
  writePlainFiles(drizzleAppDir);
  const acme = path.join(repoRoot, 'examples/acme');
  for (const item of ['drizzle.config.ts', 'drizzle', 'src/db']) cpSync(path.join(acme, item), path.join(drizzleAppDir, item), { recursive: true });
  writeFileSync(path.join(drizzleAppDir, READY_MARK), '');
  return drizzleAppDir;
}

/**
 * The same app, but each of the 2,000 files also holds query code (`querySource`): the cost of the
 * plugin on files that import drizzle-orm without being schema files, most of a Drizzle app's code.
 */
export function generateDrizzleQueries(force = false): string {
  if (!force && existsSync(path.join(drizzleQueriesDir, READY_MARK))) return drizzleQueriesDir;
  writePlainFiles(drizzleQueriesDir, querySource);
  const acme = path.join(repoRoot, 'examples/acme');
  for (const item of ['drizzle.config.ts', 'drizzle', 'src/db']) cpSync(path.join(acme, item), path.join(drizzleQueriesDir, item), { recursive: true });
  writeFileSync(path.join(drizzleQueriesDir, READY_MARK), '');
  return drizzleQueriesDir;
}

function writePlainFiles(dir: string, source: (index: number) => string = moduleSource): void {
  rmSync(dir, { recursive: true, force: true });
  for (let folder = 0; folder < FOLDERS; folder++) mkdirSync(path.join(dir, `src/m${String(folder).padStart(2, '0')}`), { recursive: true });
  for (let i = 0; i < PLAIN_FILES; i++) writeFileSync(path.join(dir, `src/m${String(i % FOLDERS).padStart(2, '0')}/file${i}.ts`), source(i));
  writeFileSync(path.join(dir, 'package.json'), `{ "name": "bench-${path.basename(dir)}", "private": true, "type": "module" }\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(generatePlainCodebase(process.argv.includes('--force')));
