import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';

const REPO = join(import.meta.dirname, '../..');
const DRIZZLE_KIT = join(REPO, 'node_modules/.bin/drizzle-kit');
const CUSTOM_HEADER = '-- Custom SQL migration file, put your code below! --';

/** A throwaway drizzle-kit 0.31 project: schema.ts + drizzle.config.ts + the `drizzle/` folder the real CLI writes. */
export class MigrationProject {
  readonly dir = mkdtempSync(join(tmpdir(), 'dm-recipe-'));
  readonly out = join(this.dir, 'drizzle');

  constructor() {
    symlinkSync(join(REPO, 'node_modules'), join(this.dir, 'node_modules'));
    writeFileSync(join(this.dir, 'drizzle.config.ts'), "export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle' };\n");
  }

  /** Writes schema.ts and runs `drizzle-kit generate`; returns the tag and the generated SQL. */
  generate(name: string, schema: string): { tag: string; sql: string } {
    writeFileSync(join(this.dir, 'schema.ts'), schema);
    this.kit(['generate', '--name', name]);
    return this.last();
  }

  /** `drizzle-kit generate --custom`, then writes `sql` below the header the CLI put there. */
  custom(name: string, sql: string): { tag: string; sql: string } {
    this.kit(['generate', '--custom', '--name', name]);
    const { tag } = this.last();
    writeFileSync(this.file(tag), `${CUSTOM_HEADER}\n${sql}`);
    return this.last();
  }

  edit(tag: string, change: (sql: string) => string): string {
    const sql = change(readFileSync(this.file(tag), 'utf8'));
    writeFileSync(this.file(tag), sql);
    return sql;
  }

  /** The real migrator, exactly as `drizzle-kit migrate` calls it (default migrations table). */
  async migrate(client: pg.Client | pg.Pool): Promise<void> {
    await migrate(drizzle(client), { migrationsFolder: this.out });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private last(): { tag: string; sql: string } {
    const journal = JSON.parse(readFileSync(join(this.out, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const tag = journal.entries[journal.entries.length - 1].tag;
    return { tag, sql: readFileSync(this.file(tag), 'utf8') };
  }

  private file(tag: string): string {
    return join(this.out, `${tag}.sql`);
  }

  private kit(args: string[]): void {
    execFileSync(DRIZZLE_KIT, args, { cwd: this.dir, stdio: 'pipe' });
  }
}
