import { defineRule } from '../core/rule.js';

/**
 * Reports the project problems `analyzeSchemaFile` returns (unreadable drizzle config, malformed
 * snapshot, internal errors). It has no `checkSchema`: the host adapters report the problems under
 * this id, once per schema file, so a broken project is visible instead of silently unchecked.
 */
export default defineRule({
  id: 'require-valid-drizzle-project',
  description: 'Require a drizzle config and migration snapshots this plugin can read, so schema changes are actually checked.',
  recommended: true,
});
