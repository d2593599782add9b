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
  {
    // Drafts made in the app, published budget keys, attachments.
    name: '2026_11_30_120_orders_drafts',
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('purchase_orders').addColumn('draft_client', 'text').execute();
      await db.schema
        .createTable('budget_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('policy_item', 'text', (c) => c.notNull())
        .addColumn('general_account', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('budget_keys_municipality').on('budget_keys').column('municipality_id').execute();
      await db.schema
        .createTable('order_attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('mime_type', 'text', (c) => c.notNull())
        .addColumn('size_bytes', 'integer', (c) => c.notNull())
        .addColumn('content_base64', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('order_attachments_order').on('order_attachments').column('order_id').execute();
    },
  },
  {
    // The council's visum threshold per municipality (absent: the legal default, EUR 30,000 excl. VAT).
    name: '2026_11_30_122_orders_visum_threshold',
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('orders_settings')
        .addColumn('municipality_id', 'text', (c) => c.primaryKey())
        .addColumn('visum_threshold_cents', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
];
