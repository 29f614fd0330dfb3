/**
 * Ground truth for one replayed edit: the hazards in the SQL drizzle-kit actually generated,
 * as (rule, table, object) keys in our rule ids.
 */
import { isNoRewriteTypeChange } from './widening.js';
import { IDENT, QUALIFIED, readStatement, splitStatements, tableKey as tableKeyOf, unquote, type StatementFact } from './sql-statements.js';

export interface Expectation {
  ruleId: string;
  table: string;
  /** Column, index, constraint or enum name; '' for table-level hazards. */
  object: string;
  /** Other names the same hazard may be reported under (rename targets). */
  aliases: string[];
  statement: string;
  /** Debatable hazards: a matching finding is not a false positive, a missing one not a miss. */
  optional?: string;
}

export interface GroundTruth {
  expectations: Expectation[];
  /** Statements with no rule mapping that are not plain drizzle-kit output (hand edits, DML). */
  unrecognised: string[];
}

/** Baseline column types, `schema.table.column` → SQL type, for telling widenings from rewrites. */
export type BaselineTypes = Map<string, string>;

// Volatile functions: a DEFAULT calling one rewrites the table on ADD COLUMN, https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES
const VOLATILE_DEFAULT = /\bDEFAULT\b[^]*\b(gen_random_uuid|uuid_generate_v[14]|random|clock_timestamp|timeofday|nextval|uuidv7|gen_random_bytes)\s*\(/i;
const SERIAL_TYPE = /^(small|big)?serial\b/i;

export function groundTruth(sqlFiles: string[], baselineTypes: BaselineTypes): GroundTruth {
  const statements = sqlFiles.flatMap(splitStatements);
  const facts = statements.map((statement) => ({ statement, fact: readStatement(statement) }));
  const created = new Set(facts.flatMap(({ fact }) => (fact.kind === 'create-table' ? [fact.table] : [])));
  // A table created by an earlier migration of the same edit and renamed by a later one is new under both names.
  for (const { fact } of facts) if (fact.kind === 'rename-table' && created.has(fact.table)) created.add(fact.to);
  const droppedEnums = new Set(facts.flatMap(({ fact }) => (fact.kind === 'drop-enum' ? [fact.enumName] : [])));
  const recreatedEnums = new Set(facts.flatMap(({ fact }) => (fact.kind === 'create-enum' && droppedEnums.has(fact.enumName) ? [fact.enumName] : [])));
  const expectations: Expectation[] = [];
  const unrecognised: string[] = [];
  for (const { statement, fact } of facts) {
    const existing = 'table' in fact && !created.has(fact.table);
    const add = (ruleId: string, table: string, object: string, extra: Partial<Expectation> = {}) =>
      expectations.push({ ruleId, table, object, aliases: [], statement: oneLine(statement), ...extra });
    switch (fact.kind) {
      case 'drop-table':
        if (existing) add('no-drop-table', fact.table, '');
        break;
      case 'rename-table':
        if (existing) add('no-rename-table', fact.table, '', { aliases: [fact.to] });
        break;
      case 'drop-column':
        if (existing) add('no-drop-column', fact.table, fact.column);
        break;
      case 'rename-column':
        add('no-rename-column', fact.table, fact.column, { aliases: [fact.to] });
        break;
      case 'set-not-null':
        if (existing) add('no-set-not-null', fact.table, fact.column);
        break;
      case 'add-column':
        if (existing) addColumnHazards(fact, add);
        break;
      case 'set-type': {
        const from = baselineTypes.get(`${fact.table}.${fact.column}`);
        const enumDance = [...recreatedEnums].some((e) => fact.type.includes(e.split('.')[1]!)) || (/^text\b/i.test(fact.type) && recreatedEnums.size > 0);
        if (enumDance) add('no-alter-column-type', fact.table, fact.column, { optional: 'part of drizzle-kit’s enum re-creation' });
        else if (!from) add('no-alter-column-type', fact.table, fact.column, { optional: 'baseline type unknown' });
        else if (!isNoRewriteTypeChange(from, fact.type)) add('no-alter-column-type', fact.table, fact.column);
        break;
      }
      case 'create-index':
        if (!existing) break;
        if (fact.concurrently) add('no-concurrent-index-in-transaction', fact.table, fact.index);
        else add('require-concurrent-index', fact.table, fact.index);
        break;
      case 'add-constraint':
        if (!existing) break;
        if (fact.type === 'unique') add('no-add-unique-constraint', fact.table, fact.constraint);
        if ((fact.type === 'foreign-key' || fact.type === 'check') && !fact.notValid) add('require-not-valid-constraint', fact.table, fact.constraint);
        break;
      case 'drop-enum':
        if (recreatedEnums.has(fact.enumName)) add('no-remove-enum-value', fact.enumName, '');
        break;
      case 'rename-enum':
        // The schema edit made drizzle-kit ask "created or renamed?", and the linter reports that prompt on each column of the enum.
        for (const column of columnsOfType(baselineTypes, fact.enumName.split('.')[1]!)) {
          add('no-alter-column-type', column.table, column.column, { optional: 'drizzle-kit’s enum rename prompt, answered “rename”', aliases: [] });
        }
        break;
      case 'other':
        if (!isHarmlessKitStatement(fact.text)) unrecognised.push(oneLine(fact.text));
        break;
      default:
        break;
    }
  }
  expectations.push(...wrappedKeyRetypes(facts));
  return { expectations: onePerObject(expectations), unrecognised };
}

/**
 * A foreign key the migration drops, then retypes columns on both of its sides, then adds back: drizzle-kit
 * writes only the `SET DATA TYPE`s, so the key around them is a hand edit, made because drizzle-kit's SQL
 * failed on the server (the first `SET DATA TYPE` re-checks the still-present key). No type knowledge is used.
 */
function wrappedKeyRetypes(facts: { statement: string; fact: StatementFact }[]): Expectation[] {
  const found: Expectation[] = [];
  facts.forEach(({ statement, fact }, at) => {
    if (fact.kind !== 'add-constraint' || fact.type !== 'foreign-key') return;
    const key = FOREIGN_KEY.exec(statement);
    if (!key) return;
    const columns = new Set(identifiers(key[1]!).map((c) => `${fact.table}.${c}`));
    const referenced = tableKeyOf(key[2]!);
    const referencedColumns = new Set(identifiers(key[3]!).map((c) => `${referenced}.${c}`));
    const dropAt = facts.findIndex(({ fact: f }, i) => i < at && f.kind === 'other' && dropsConstraint(f.text, fact.table, fact.constraint));
    if (dropAt < 0) return;
    const between = facts.slice(dropAt + 1, at).map(({ fact: f }) => f);
    const retyped = (set: Set<string>) => between.some((f) => f.kind === 'set-type' && set.has(`${f.table}.${f.column}`));
    if (retyped(columns) && retyped(referencedColumns)) {
      found.push({ ruleId: 'no-foreign-key-type-mismatch', table: fact.table, object: fact.constraint, aliases: [], statement: oneLine(statement) });
    }
  });
  return found;
}

const FOREIGN_KEY = new RegExp(String.raw`FOREIGN KEY\s*\(([^)]*)\)\s*REFERENCES\s+(${QUALIFIED})\s*\(([^)]*)\)`, 'i');
const DROP_CONSTRAINT = new RegExp(String.raw`^ALTER TABLE (?:ONLY )?(?:IF EXISTS )?(${QUALIFIED}) DROP CONSTRAINT (?:IF EXISTS )?(${IDENT})`, 'i');

function identifiers(list: string): string[] {
  return list.split(',').map((name) => unquote(name.trim()));
}

function dropsConstraint(text: string, table: string, constraint: string): boolean {
  const m = DROP_CONSTRAINT.exec(text.trim());
  return m !== null && tableKeyOf(m[1]!) === table && unquote(m[2]!) === constraint;
}

function addColumnHazards(fact: Extract<StatementFact, { kind: 'add-column' }>, add: (ruleId: string, table: string, object: string, extra?: Partial<Expectation>) => void): void {
  const rest = fact.rest;
  const hasDefault = /\bDEFAULT\b/i.test(rest);
  const generated = /\bGENERATED\b/i.test(rest);
  const serial = SERIAL_TYPE.test(rest.trim());
  if (/\bNOT NULL\b|\bPRIMARY KEY\b/i.test(rest) && !hasDefault && !generated && !serial) add('no-add-required-column', fact.table, fact.column);
  if (VOLATILE_DEFAULT.test(rest)) add('no-volatile-default', fact.table, fact.column);
  if (serial) add('no-volatile-default', fact.table, fact.column, { optional: 'serial column: nextval() default rewrites the table' });
}

/** drizzle-kit output with no hazard in our rule set (drops of indexes/constraints, defaults, enum value adds…). */
function isHarmlessKitStatement(text: string): boolean {
  return /^(ALTER TABLE [^]* (DROP CONSTRAINT|ALTER COLUMN [^ ]+ (DROP NOT NULL|SET DEFAULT|DROP DEFAULT|DROP IDENTITY|ADD GENERATED|SET GENERATED|DROP EXPRESSION)|(ENABLE|DISABLE) ROW LEVEL SECURITY|SET SCHEMA|ALTER COLUMN)|DROP INDEX|ALTER TYPE|CREATE SCHEMA|DROP SCHEMA|CREATE SEQUENCE|DROP SEQUENCE|ALTER SEQUENCE|CREATE (OR REPLACE )?(MATERIALIZED )?VIEW|DROP (MATERIALIZED )?VIEW|CREATE POLICY|DROP POLICY|ALTER POLICY|CREATE ROLE|GRANT|CREATE EXTENSION)/i.test(
    text.trim(),
  );
}

/** Baseline columns whose type is `enumName` or an array of it. */
function columnsOfType(baselineTypes: BaselineTypes, enumName: string): { table: string; column: string }[] {
  const columns: { table: string; column: string }[] = [];
  for (const [key, type] of baselineTypes) {
    if (type.replace(/(\[\])+$/, '') !== enumName) continue;
    const at = key.lastIndexOf('.');
    columns.push({ table: key.slice(0, at), column: key.slice(at + 1) });
  }
  return columns;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 220 ? `${flat.slice(0, 217)}...` : flat;
}

/** One hazard per (rule, table, object): an edit of several migrations may add a constraint and re-create it later. */
function onePerObject(expectations: Expectation[]): Expectation[] {
  const seen = new Set<string>();
  return expectations.filter((e) => {
    const key = `${e.ruleId}\0${e.table}\0${e.object}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
