import type { Kysely } from 'kysely';
import type { ServerMigration } from '../types.js';

export const agendaMigrations: ServerMigration[] = [
  {
    name: '2026_11_28_010_agenda',
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('agenda_bodies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('agenda_body_members')
        .addColumn('body_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('agenda_body_members_pk', ['body_id', 'person_id'])
        .execute();
      await db.schema.createIndex('agenda_body_members_person').on('agenda_body_members').column('person_id').execute();
      await db.schema
        .createTable('agenda_meetings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('body_id', 'text', (c) => c.notNull())
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('planned_start', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('agenda_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('meeting_id', 'text', (c) => c.notNull())
        .addColumn('body_id', 'text', (c) => c.notNull())
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('visibility', 'text', (c) => c.notNull())
        .addColumn('department_id', 'text')
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('agenda_items_meeting').on('agenda_items').column('meeting_id').execute();
      await db.schema
        .createTable('agenda_numbers')
        .addColumn('body_id', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('last', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('agenda_numbers_pk', ['body_id', 'year'])
        .execute();
    },
  },
];
