import { writeFileSync } from 'node:fs';
import { copyProject, pluginProbeLocation, type TempProject } from '../tsserver/temp-project.js';

export const SHOP = 'tests/fixtures/projects/shop';
export const SHOP_SKIP = ['drizzle-rc', 'drizzle-rc.config.ts', 'versions'];

/**
 * A temp copy of a fixture whose eslint.config.js loads the BUILT plugin by its package name
 * (tests/.tmp/node_modules links the package, so Node resolves the name through `exports` → dist/index.js).
 */
export function eslintProject(source: string, settings: Record<string, unknown> = {}, skip: string[] = []): TempProject {
  pluginProbeLocation();
  const project = copyProject(source, {}, skip);
  writeFileSync(
    project.file('eslint.config.js'),
    [
      "import drizzleMigrations from 'eslint-plugin-drizzle-migrations';",
      '',
      `export default [...drizzleMigrations.configs.recommended, { settings: { 'drizzle-migrations': ${JSON.stringify(settings)} } }];`,
      '',
    ].join('\n'),
  );
  return project;
}
