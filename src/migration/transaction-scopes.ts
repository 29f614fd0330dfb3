/**
 * Which transaction each statement of a migration runs in. drizzle's migrator sends every
 * `--> statement-breakpoint` chunk as one query inside one transaction around the whole run, so a
 * hand-written `COMMIT` ends that transaction: the statements after it run on their own (autocommit)
 * until a `BEGIN`, and a chunk holding several statements is one implicit transaction block.
 * https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT
 */
import type { MigrationStatement } from './statement-types.js';

export type TransactionKind =
  /** Ends when the migrate run commits: drizzle's own transaction, or a `BEGIN` the file leaves open. */
  | 'migrate-run'
  /** Opened by a `BEGIN` and ended by a `COMMIT` or `ROLLBACK` in the same file (or, under another runner, left open). */
  | 'block'
  /** A chunk of several statements sent as one query outside any block: Postgres runs it as one transaction. */
  | 'implicit'
  /** Autocommit: the statement is its own transaction. */
  | 'none';

export interface TransactionScope {
  kind: TransactionKind;
  /** The `BEGIN` that opened it, if the file did. */
  begin?: MigrationStatement;
  /** The `COMMIT` or `ROLLBACK` that ends it in this file. */
  end?: MigrationStatement;
}

export interface StatementTransaction {
  /** Shared by the statements of one transaction; every autocommit statement has its own. */
  scope: TransactionScope;
  /** The last `COMMIT` or `ROLLBACK` before the statement in this file: what ran before it is settled. */
  endedBefore?: MigrationStatement;
}

export interface MigrationRunner {
  /** drizzle's migrator: the file starts inside the run's transaction, and each chunk is one query. */
  drizzleMigrator: boolean;
}

const memo = new WeakMap<MigrationStatement[], Map<boolean, Map<MigrationStatement, StatementTransaction>>>();

/** The transaction each statement runs in (memoised per statement list and runner). */
export function transactionsOf(statements: MigrationStatement[], runner: MigrationRunner): Map<MigrationStatement, StatementTransaction> {
  let byRunner = memo.get(statements);
  if (!byRunner) memo.set(statements, (byRunner = new Map()));
  let result = byRunner.get(runner.drizzleMigrator);
  if (!result) byRunner.set(runner.drizzleMigrator, (result = compute(statements, runner)));
  return result;
}

function compute(statements: MigrationStatement[], { drizzleMigrator }: MigrationRunner): Map<MigrationStatement, StatementTransaction> {
  const result = new Map<MigrationStatement, StatementTransaction>();
  const opened: TransactionScope[] = [];
  const open = (kind: TransactionKind, begin?: MigrationStatement): TransactionScope => {
    const scope: TransactionScope = { kind, begin };
    opened.push(scope);
    return scope;
  };
  let current: TransactionScope | undefined = drizzleMigrator ? open('migrate-run') : undefined;
  let endedBefore: MigrationStatement | undefined;
  const chunkSizes = new Map<number, number>();
  for (const s of statements) chunkSizes.set(s.chunk, (chunkSizes.get(s.chunk) ?? 0) + 1);

  statements.forEach((statement, i) => {
    // The implicit block of a multi-statement query ends with the query.
    if (current?.kind === 'implicit' && i > 0 && statements[i - 1].chunk !== statement.chunk) current = undefined;
    const control = transactionControl(statement);
    if (control === 'begin' && !current) current = open('block', statement);
    // `BEGIN` inside a multi-statement query turns its implicit block, statements before it included, into a regular one.
    if (control === 'begin' && current?.kind === 'implicit') Object.assign(current, { kind: 'block', begin: statement });
    if (!current && drizzleMigrator && (chunkSizes.get(statement.chunk) ?? 0) > 1) current = open('implicit');
    result.set(statement, { scope: current ?? { kind: 'none' }, endedBefore });
    if (control === 'end' || control === 'end-and-chain') {
      if (current) current.end = statement;
      endedBefore = statement;
      current = control === 'end-and-chain' ? open('block', statement) : undefined;
    }
  });
  // A `BEGIN` the file leaves open under drizzle's migrator is committed with the run.
  if (drizzleMigrator) for (const scope of opened) if (scope.kind === 'block' && !scope.end) scope.kind = 'migrate-run';
  return result;
}

/** `BEGIN`/`START TRANSACTION`, `COMMIT`/`END`/`ROLLBACK`/`ABORT` (with `AND CHAIN`: a new block at once). */
export function transactionControl(statement: MigrationStatement): 'begin' | 'end' | 'end-and-chain' | undefined {
  // Inside a `DO` block the statement is not run at the top level (and transaction control stays opaque there).
  if (statement.doBlock) return undefined;
  if (statement.kind === 'begin') return 'begin';
  if (statement.kind === 'commit' || statement.kind === 'rollback') return statement.node.chain ? 'end-and-chain' : 'end';
  return undefined;
}

/** True when `later` runs in the transaction `earlier` ran in, so the locks `earlier` took are still held. */
export function sameTransaction(transactions: Map<MigrationStatement, StatementTransaction>, earlier: MigrationStatement, later: MigrationStatement): boolean {
  const a = transactions.get(earlier)?.scope;
  return !!a && a.kind !== 'none' && a === transactions.get(later)?.scope;
}

/**
 * The last `COMMIT` (or `END`) of a file that leaves no transaction open behind it: after it, the rest
 * of the migrate run commits statement by statement. Undefined when a `BEGIN` (or `AND CHAIN`) follows.
 */
export function commitLeftOpen(statements: MigrationStatement[]): MigrationStatement | undefined {
  let last: MigrationStatement | undefined;
  for (const statement of statements) {
    const control = transactionControl(statement);
    if (control === 'begin' || control === 'end-and-chain') last = undefined;
    else if (control === 'end') last = statement.kind === 'commit' ? statement : undefined;
  }
  return last;
}
