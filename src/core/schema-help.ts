/**
 * Closing sentence for schema findings whose fix happens in the generated migration, not in the
 * schema: the schema edit itself is right, so no one should reach for a disable comment.
 */
export const FIXED_IN_THE_MIGRATION =
  'Keep the schema change: this warning goes away once `drizzle-kit generate` has written the migration, and the migration file is then checked instead.';
