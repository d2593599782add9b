import type { Kysely } from 'kysely';
import type { ServerMigration } from '../types.js';

export const directoryMigrations: ServerMigration[] = [
  {
    name: '2026_11_28_001_directory',
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('municipalities')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('postcode', 'text', (c) => c.notNull())
        .addColumn('regional', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('email_domain', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('departments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'text')
        .execute();
      await db.schema.createIndex('departments_municipality').on('departments').column('municipality_id').execute();
      await db.schema
        .createTable('people')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('department_id', 'text', (c) => c.notNull())
        .addColumn('first_name', 'text', (c) => c.notNull())
        .addColumn('last_name', 'text', (c) => c.notNull())
        .addColumn('job_title', 'text', (c) => c.notNull())
        .addColumn('manager_id', 'text')
        .addColumn('office', 'text', (c) => c.notNull())
        .addColumn('desk_phone', 'text')
        .addColumn('mobile_phone', 'text')
        .addColumn('extension', 'text')
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('birth_month', 'integer')
        .addColumn('birth_day', 'integer')
        .addColumn('birthday_visible', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('regional_visible', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('birthday_regional', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('people_municipality').on('people').column('municipality_id').execute();
      await db.schema.createIndex('people_manager').on('people').column('manager_id').execute();
    },
  },
];
