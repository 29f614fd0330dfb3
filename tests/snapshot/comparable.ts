import type { SchemaModel } from '../../src/core/schema-model.js';

/**
 * A plain, kit-neutral view of a model for comparing the 0.31 and 1.0 baselines of the same schema.
 * It maps away ONLY the documented differences between the two drizzle-kit lines:
 * - default constraint names (`_unique`/`_fk`/`_pk` vs `_key`/`_fkey`/`_pkey`): FKs, uniques and the
 *   composite PK are compared without their names;
 * - 0.31 qualifies columns with the table name in index `where` and check text, 1.0 does not;
 * - type spacing (`numeric(10, 2)` vs `numeric(10,2)`, `timestamp (3) with time zone` vs `timestamp(3) with time zone`);
 * - 0.31 casts json defaults (`'{}'::jsonb`), 1.0 does not;
 * - 1.0 records whether an index or constraint name was written out (`nameExplicit`), 0.31 does not.
 */
export function comparable(model: SchemaModel) {
  const tables = [...model.tables.entries()].sort(([a], [b]) => a.localeCompare(b));
  return {
    partial: model.partial,
    enums: Object.fromEntries([...model.enums.entries()].sort(([a], [b]) => a.localeCompare(b))),
    tables: Object.fromEntries(
      tables.map(([key, t]) => {
        const unqualify = (sql: string) => sql.replaceAll(`"${t.name}".`, '');
        return [
          key,
          {
            schema: t.schema,
            name: t.name,
            columns: Object.fromEntries(
              [...t.columns.entries()].map(([k, c]) => [
                k,
                { ...c, type: c.type.replace(/,\s+/g, ',').replace(/ \(/g, '('), default: c.default?.replace(/::jsonb?$/, '') },
              ]),
            ),
            indexes: Object.fromEntries([...t.indexes.entries()].map(([k, { nameExplicit: _explicit, ...i }]) => [k, { ...i, where: i.where && unqualify(i.where) }])),
            checks: Object.fromEntries([...t.checkConstraints.entries()].map(([k, c]) => [k, unqualify(c.expression)])),
            foreignKeys: [...t.foreignKeys.values()].map(({ name: _name, nameExplicit: _explicit, ...fk }) => JSON.stringify(fk)).sort(),
            uniques: [...t.uniqueConstraints.values()].map(({ name: _name, nameExplicit: _explicit, ...u }) => JSON.stringify(u)).sort(),
            primaryKey: t.primaryKey?.columns,
          },
        ];
      }),
    ),
  };
}
