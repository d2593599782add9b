import type { Kysely } from 'kysely';
import type { ServerMigration } from '../types.js';

export const serviceApiMigrations: ServerMigration[] = [
  {
    name: '2026_12_01_110_service_api',
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('service_accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('allowed_types', 'text', (c) => c.notNull())
        .addColumn('auth_kind', 'text', (c) => c.notNull())
        .addColumn('api_key_hash', 'text')
        .addColumn('oauth_issuer', 'text')
        .addColumn('oauth_audience', 'text')
        .addColumn('oauth_client_id', 'text')
        .addColumn('webhook_url', 'text')
        .addColumn('webhook_secret', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addUniqueConstraint('service_accounts_name', ['municipality_id', 'name'])
        .execute();
      await db.schema.createIndex('service_accounts_oauth').on('service_accounts').columns(['oauth_issuer', 'oauth_client_id']).execute();
      await db.schema
        .createTable('service_requests')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('body_hash', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('service_requests_pk', ['account_id', 'idempotency_key'])
        .execute();
      await db.schema.createIndex('service_requests_request').on('service_requests').column('request_id').execute();
      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('delivered_at', 'text')
        .addColumn('failed_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['delivered_at', 'failed_at', 'next_attempt_at']).execute();
      await db.schema
        .createTable('service_api_calls')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text')
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('route', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('request_id', 'text')
        .execute();
      await db.schema.createIndex('service_api_calls_account').on('service_api_calls').columns(['account_id', 'at']).execute();
    },
  },
];
