import type { SourceSpan } from './schema-model.js';

/** A text edit in one file: replace `[start, end)` with `text`. */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  text: string;
}

/** A rewrite offered to the user (ESLint suggestion, tsserver refactor). Never applied automatically. */
export interface Suggestion {
  /** Short imperative title, e.g. "Keep `name` and add `full_name` beside it". */
  title: string;
  edits: TextEdit[];
}

/**
 * One finding of one rule. `message` says the operation, its Postgres effect and who it hurts;
 * `help` says what to do, with the user's own table and column names.
 */
export interface Finding {
  ruleId: string;
  message: string;
  help: string;
  span: SourceSpan;
  suggestions?: Suggestion[];
  /** The SQL drizzle-kit will generate (or did generate) for the change, for hovers. */
  sql?: string;
  /** The lock that SQL takes on the target table, e.g. `ACCESS EXCLUSIVE`. */
  lock?: string;
}

/** A problem with the project itself (malformed snapshot, unreadable config). Reported once, never thrown. */
export interface ProjectProblem {
  message: string;
  /** The file at fault (snapshot, config). */
  file: string;
  /** Set when one rule failed (an internal error of that rule); unset for a problem of the file or project. */
  ruleId?: string;
}
