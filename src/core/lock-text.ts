/**
 * Sentence fragments built from the lock catalogue, so messages never restate lock modes by hand.
 */
import { LOCK_FACTS, type StatementKind, type TableLock } from '../migration/lock-catalogue.js';

export function lockOf(kind: StatementKind): string {
  return LOCK_FACTS[kind].lock;
}

/** "an `ACCESS EXCLUSIVE` lock", "a `SHARE` lock", "no lock". */
export function aLock(lock: TableLock | string): string {
  if (lock === 'none') return 'no lock';
  return `${/^[AEIOU]/.test(lock) ? 'an' : 'a'} \`${lock}\` lock`;
}

/** "an `ACCESS EXCLUSIVE` lock on `users` that blocks every read and write"; "no lock on `users`, so reads and writes continue". */
export function lockPhrase(kind: StatementKind, table: string): string {
  const fact = LOCK_FACTS[kind];
  if (fact.lock === 'none') return `no lock on \`${table}\`, so reads and writes continue`;
  return `${aLock(fact.lock)} on \`${table}\` that ${blocksPhrase(kind)}`;
}

export function blocksPhrase(kind: StatementKind): string {
  const fact = LOCK_FACTS[kind];
  if (fact.blocksReads && fact.blocksWrites) return 'blocks every read and write';
  if (fact.blocksWrites) return 'blocks every insert, update and delete';
  return 'lets reads and writes continue';
}

/** " while it rewrites the whole table" / " while it reads the whole table" / "" */
export function workPhrase(kind: StatementKind): string {
  const fact = LOCK_FACTS[kind];
  if (fact.rewrites) return ' while it rewrites the whole table';
  if (fact.scans) return ' while it reads the whole table';
  return '';
}

export function failsWhen(kind: StatementKind): string | undefined {
  return LOCK_FACTS[kind].failsWhen;
}

/** " It fails if the table has any row." or "" when the catalogue names no failing rows. */
export function failsSentence(kind: StatementKind): string {
  const when = LOCK_FACTS[kind].failsWhen;
  return when ? ` It fails if ${when}.` : '';
}
