'use strict';
// CommonJS entry for `{ "plugins": [{ "name": "eslint-plugin-drizzle-migrations/tsserver" }] }`.
// tsserver resolves plugins without package.json `exports`, so this subpath needs a real file.
const plugin = require('./dist/tsserver.cjs');
module.exports = plugin.default ?? plugin;
