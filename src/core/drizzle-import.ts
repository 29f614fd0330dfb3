const DRIZZLE_ORM_SPECIFIER = /['"]drizzle-orm(?:\/[\w-]+)*['"]/;

/**
 * The text names a `drizzle-orm` module in quotes (an import or re-export). `includes` first: a plain
 * substring search is several times faster than the regex on the many files that never mention it.
 */
export function mentionsDrizzleOrm(text: string): boolean {
  return text.includes('drizzle-orm') && DRIZZLE_ORM_SPECIFIER.test(text);
}
