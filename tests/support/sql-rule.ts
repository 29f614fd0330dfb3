import { resolveSettings } from '../../src/core/settings.js';
import type { RuleDefinition } from '../../src/core/rule.js';
import { readMigration } from '../../src/migration/statements.js';

export interface SqlFindingView {
  /** The source text the finding points at. */
  at: string;
  ruleId: string;
  message: string;
  help: string;
}

/** Runs one rule's `checkMigration` on a migration text (the SQL parser must be loaded). */
export function checkMigrationSql(rule: RuleDefinition, text: string, settings: Record<string, unknown> = {}): SqlFindingView[] {
  return rule.checkMigration!({ file: '/m/0001_x.sql', text, statements: readMigration(text).statements, settings: resolveSettings(settings, '/m') }).map((f) => ({
    at: text.slice(f.span.start, f.span.end),
    ruleId: f.ruleId,
    message: f.message,
    help: f.help,
  }));
}
