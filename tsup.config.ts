import { defineConfig } from 'tsup';
import type { Plugin } from 'esbuild';

/**
 * In the ESM build, `import ts from 'typescript'` becomes `createRequire(import.meta.url)('typescript')`.
 * Node's ESM loader lexes a CommonJS module for its named exports on every import: for typescript.js
 * (9 MB) that is ~0.4 s of every ESLint process, even when typescript-eslint has already required it.
 */
const requireTypeScript: Plugin = {
  name: 'require-typescript',
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, () => ({ path: 'typescript', namespace: 'require-typescript' }));
    build.onLoad({ filter: /.*/, namespace: 'require-typescript' }, () => ({
      contents: "import { createRequire } from 'node:module';\nexport default createRequire(import.meta.url)('typescript');\n",
      loader: 'js',
      resolveDir: '.',
    }));
  },
};

export default defineConfig([
  {
    entry: { index: 'src/eslint/index.ts' },
    format: ['esm'],
    // tsup's own external handling runs before user plugins: exempt typescript so requireTypeScript sees it.
    noExternal: ['typescript'],
    esbuildPlugins: [requireTypeScript],
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    external: ['eslint', 'libpg-query', '@typescript-eslint/parser', '@typescript-eslint/utils', 'drizzle-orm'],
  },
  {
    entry: { index: 'src/eslint/index-cjs.ts' },
    format: ['cjs'],
    // `require()` returns the plugin itself (and `.default` for bundlers that expect it).
    footer: { js: 'module.exports = Object.assign(module.exports.default, { default: module.exports.default });' },
    // `import.meta.url` (libpg-query-sync.ts resolves libpg-query from this file) in CommonJS.
    shims: true,
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    external: ['eslint', 'typescript', 'libpg-query', '@typescript-eslint/parser', '@typescript-eslint/utils', 'drizzle-orm'],
  },
  {
    entry: { tsserver: 'src/tsserver/index.ts' },
    format: ['cjs'],
    shims: true,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    external: ['typescript', 'libpg-query'],
  },
]);
