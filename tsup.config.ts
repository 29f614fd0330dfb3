import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/eslint/index.ts' },
    format: ['esm'],
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    external: ['eslint', 'typescript', 'libpg-query', '@typescript-eslint/parser', '@typescript-eslint/utils', 'drizzle-orm'],
  },
  {
    entry: { index: 'src/eslint/index-cjs.ts' },
    format: ['cjs'],
    // `require()` returns the plugin itself (and `.default` for bundlers that expect it).
    footer: { js: 'module.exports = Object.assign(module.exports.default, { default: module.exports.default });' },
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
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    external: ['typescript', 'libpg-query'],
  },
]);
