import { timestamp } from 'drizzle-orm/pg-core';

/** Audit columns shared by every table. */
export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).$onUpdate(() => new Date()),
};
