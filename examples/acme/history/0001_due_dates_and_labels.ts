import { relations } from 'drizzle-orm';
import { integer, jsonb, pgEnum, pgTable, serial, text, timestamp, varchar, index } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.helpers';

export const taskStatus = pgEnum('task_status', ['todo', 'doing', 'done', 'archived']);

export const organizations = pgTable('organizations', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  ...timestamps,
});

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: varchar('email', { length: 320 }).notNull(),
  displayName: text('display_name'),
  legacyAvatarUrl: text('legacy_avatar_url'),
  orgId: integer('org_id').references(() => organizations.id),
  ...timestamps,
});

export const projects = pgTable('projects', {
  id: serial('id').primaryKey(),
  orgId: integer('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  settings: jsonb('settings').default({}),
  ...timestamps,
});

export const tasks = pgTable(
  'tasks',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id').notNull(),
    assigneeId: integer('assignee_id'),
    title: text('title').notNull(),
    status: taskStatus('status').default('todo').notNull(),
    estimate: integer('estimate'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [index('tasks_status_idx').on(t.status)],
);

export const comments = pgTable('comments', {
  id: serial('id').primaryKey(),
  taskId: integer('task_id').notNull(),
  body: text('body').notNull(),
  ...timestamps,
});

export const auditEvents = pgTable('audit_events', {
  id: serial('id').primaryKey(),
  payload: jsonb('payload').notNull(),
  at: timestamp('at').defaultNow().notNull(),
});

export const labels = pgTable('labels', {
  id: serial('id').primaryKey(),
  projectId: integer('project_id').notNull().references(() => projects.id),
  name: varchar('name', { length: 64 }).notNull(),
});

export const projectRelations = relations(projects, ({ many }) => ({ tasks: many(tasks) }));
