/**
 * TypeScript language-service plugin (tsserver of TypeScript 5.x and 6.0; TypeScript 7 loads no
 * plugins). Built to `dist/tsserver.cjs`; `tsserver.cjs` at the package root is the entry tsserver
 * resolves for `"name": "eslint-plugin-drizzle-migrations/tsserver"`.
 *
 * Uses the `typescript` instance tsserver passes to `init`, never its own, for everything it hands
 * back to tsserver. The schema analysis itself is host-neutral (src/core/analyze.ts).
 */
import type * as ts from 'typescript';
import { analyzeSchemaFile } from '../core/analyze.js';
import { rules } from '../rules/index.js';
import { decorateLanguageService, LOG_PREFIX, type DecoratedLanguageService } from './decorate-language-service.js';

function init(modules: { typescript: typeof ts }): ts.server.PluginModule {
  const services = new Set<DecoratedLanguageService>();
  let logLine: (line: string) => void = () => {};

  return {
    create(info) {
      logLine = (line) => info.project.projectService.logger.info(`${LOG_PREFIX} ${line}`);
      try {
        const decorated = decorateLanguageService({ typescript: modules.typescript, info, analyze: analyzeSchemaFile, rules });
        services.add(decorated);
        logLine(`enabled for project ${info.project.getProjectName()} (TypeScript ${modules.typescript.version})`);
        return decorated.languageService;
      } catch (error) {
        logLine(`could not start, leaving the project unchanged: ${String(error)}`);
        return info.languageService;
      }
    },
    onConfigurationChanged(config: unknown) {
      for (const service of services) service.reconfigure(config);
    },
  };
}

export default init;
