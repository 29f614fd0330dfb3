import { relations } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgEnum, pgTable, serial, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { timestamps } from './columns.helpers';

export const taskStatus = pgEnum('task_status', ['todo', 'doing', 'done']);

export const organizations = pgTable('organizations', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  ...timestamps,
});

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: varchar('email', { length: 320 }).notNull().unique(),
  displayName: text('display_name').notNull(),
  orgId: integer('org_id').references(() => organizations.id),
  ...timestamps,
});

export const projects = pgTable('projects', {
  id: serial('id').primaryKey(),
  orgId: integer('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  settings: jsonb('settings').default({}),
  slug: varchar('slug', { length: 80 }).notNull(),
  apiToken: uuid('api_token').defaultRandom(),
  ...timestamps,
}, (t) => [index('projects_org_id_idx').on(t.orgId).concurrently()]);

export const tasks = pgTable(
  'tasks',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id').notNull(),
    assigneeId: integer('assignee_id'),
    title: text('summary').notNull(),
    status: taskStatus('status').default('todo').notNull(),
    estimate: bigint('estimate', { mode: 'number' }),
    dueAt: timestamp('due_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index('tasks_status_idx').on(t.status),
    index('tasks_assignee_id_idx').on(t.assigneeId),
    check('tasks_estimate_positive', sql`${t.estimate} >= 0`),
  ],
);

export const comments = pgTable('task_comments', {
  id: serial('id').primaryKey(),
  taskId: integer('task_id').notNull().references(() => tasks.id),
  body: text('body').notNull(),
  ...timestamps,
});

export const labels = pgTable('labels', {
  id: serial('id').primaryKey(),
  projectId: integer('project_id').notNull().references(() => projects.id),
  name: varchar('name', { length: 64 }).notNull(),
  createdBy: uuid('created_by').references(() => users.id),
});

export const projectRelations = relations(projects, ({ many }) => ({ tasks: many(tasks) }));
