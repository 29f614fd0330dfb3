import plugin from './plugin.js';

// CommonJS entry (`require('eslint-plugin-drizzle-migrations')`): `require` cannot wait for the
// WASM SQL parser. A CommonJS config waits with `module.exports = plugin.ready.then(() => [...])`;
// without that, a `.sql` file linted before the parser is ready gets one fatal message saying so.
export default plugin;
