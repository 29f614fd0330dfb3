import plugin from './plugin.js';

// ESM entry: the SQL parser (WASM) is loaded before the config that imports the plugin finishes
// loading, so no `.sql` file is ever parsed before it is ready.
await plugin.ready;

export default plugin;
