import type { Kysely } from 'kysely';
import type { ServerMigration } from '../types.js';

export const ordersMigrations: ServerMigration[] = [
  {
    name: '2026_11_28_012_orders',
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('purchase_orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('requester_id', 'text', (c) => c.notNull())
        .addColumn('department_id', 'text', (c) => c.notNull())
        .addColumn('head_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('approval_id', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('purchase_orders_requester').on('purchase_orders').column('requester_id').execute();
      await db.schema.createIndex('purchase_orders_head').on('purchase_orders').column('head_id').execute();
      await db.schema
        .createTable('order_numbers')
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('last', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('order_numbers_pk', ['municipality_id', 'year'])
        .execute();
    },
  },
];
