import type { Kysely } from 'kysely';
import type { ServerMigration } from '../types.js';

export const approvalsMigrations: ServerMigration[] = [
  {
    name: '2026_11_28_011_approvals',
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('approval_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('requester_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('order_id', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('approval_requests_order').on('approval_requests').column('order_id').execute();
      await db.schema
        .createTable('approval_participants')
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('approval_participants_pk', ['request_id', 'person_id'])
        .execute();
      await db.schema.createIndex('approval_participants_person').on('approval_participants').column('person_id').execute();
    },
  },
  {
    // Absence follows approval: approved leave periods (only from/until; absences.ts).
    name: '2026_11_30_140_approval_absences',
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('approval_absences')
        .addColumn('request_id', 'text', (c) => c.primaryKey())
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('from_date', 'text', (c) => c.notNull())
        .addColumn('to_date', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('approval_absences_person').on('approval_absences').columns(['person_id', 'to_date']).execute();
    },
  },
];
