import type { ProjectProblem } from './finding.js';

/** A bug of this plugin, turned into a problem the user sees once instead of an exception in the host. */
export function internalError(file: string, error: unknown, ruleId?: string): ProjectProblem {
  const reason = error instanceof Error ? error.message : String(error);
  const where = ruleId ? `in rule \`${ruleId}\`` : 'while analysing this file';
  const message = `Internal error ${where}: ${reason}. This is a bug in eslint-plugin-drizzle-migrations; please report it with this file.`;
  return ruleId ? { file, message, ruleId } : { file, message };
}
