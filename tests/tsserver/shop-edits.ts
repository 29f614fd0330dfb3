/** Edits of the shop fixture's schema.ts that make several rules fire; each must apply. */
export function replaceOnce(text: string, search: string, replacement: string): string {
  const at = text.indexOf(search);
  if (at < 0 || text.indexOf(search, at + 1) >= 0) throw new Error(`Fixture changed: expected exactly one ${JSON.stringify(search)}`);
  return text.slice(0, at) + replacement + text.slice(at + search.length);
}

/** Drops `users.name`, widens `orders.total` (a rewrite), makes `orders.note` NOT NULL, adds a plain index. */
export function editShopSchema(text: string): string {
  let edited = replaceOnce(text, "    name: text('name'),\n", '');
  edited = replaceOnce(edited, "numeric('total', { precision: 10, scale: 2 })", "numeric('total', { precision: 12, scale: 4 })");
  edited = replaceOnce(edited, "note: text('note').default(sql`''`),", "note: text('note').default(sql`''`).notNull(),");
  edited = replaceOnce(edited, "index('orders_user_id_idx').on(t.user_id),", "index('orders_user_id_idx').on(t.user_id),\n    index('orders_note_idx').on(t.note),");
  return edited;
}

export const EXPECTED_RULES = ['no-alter-column-type', 'no-drop-column', 'no-set-not-null', 'require-concurrent-index'];
