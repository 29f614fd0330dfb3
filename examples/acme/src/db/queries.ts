import { eq, sql } from 'drizzle-orm';
import { tasks } from './schema';

/** Ordinary queries are never flagged. */
export function openTasksQuery(projectId: number) {
  return sql`select * from ${tasks} where ${eq(tasks.projectId, projectId)} and ${tasks.status} <> 'done'`;
}

/** `sortColumn` comes from the request's query string. */
export function sortedTasksQuery(sortColumn: string) {
  return sql`select * from ${tasks} order by ${sql.raw(sortColumn)}`;
}
