/**
 * Sentence fragments built from the lock catalogue, so messages never restate lock modes by hand.
 */
import { LOCK_FACTS, type StatementKind } from '../migration/lock-catalogue.js';

export function lockOf(kind: StatementKind): string {
  return LOCK_FACTS[kind].lock;
}

/** "an `ACCESS EXCLUSIVE` lock on `users` that blocks every read and write" */
export function lockPhrase(kind: StatementKind, table: string): string {
  const fact = LOCK_FACTS[kind];
  const article = /^[AEIOU]/.test(fact.lock) ? 'an' : 'a';
  return `${article} \`${fact.lock}\` lock on \`${table}\` that ${blocksPhrase(kind)}`;
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
