import plugin from './plugin.js';

// CommonJS entry (`require('eslint-plugin-drizzle-migrations')`): the same plugin object. The SQL
// parser loads synchronously on first use, so a CommonJS config needs no waiting either.
export default plugin;
