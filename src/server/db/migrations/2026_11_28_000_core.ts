/**
 * Core tables: server meta (epoch, SQLite change counter), accounts, sessions, the sync change
 * log and the stored results of pushed commands.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { ServerMigration } from '../../features/types.js';

export const coreMigration: ServerMigration = {
  name: '2026_11_28_000_core',
  async up(db: Kysely<unknown>, dialect) {
    const pg = dialect === 'postgres';
    await db.schema
      .createTable('server_meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    await sql`INSERT INTO server_meta (key, value) VALUES ('epoch', ${randomUUID()}), ('sync_seq', '0')`.execute(db);

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('municipality_id', 'text', (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text')
      .addColumn('person_id', 'text')
      .addColumn('roles', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('scope_generation', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('users_person').on('users').column('person_id').execute();

    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

    if (pg) await sql`CREATE SEQUENCE sync_change_seq`.execute(db);
    await db.schema
      .createTable('sync_changes')
      .addColumn('collection', 'text', (c) => c.notNull())
      .addColumn('row_id', 'text', (c) => c.notNull())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('seq', pg ? 'bigint' : 'integer', (c) => c.notNull())
      .addColumn('xid', pg ? sql`xid8` : 'integer', (c) => c.notNull().defaultTo(pg ? sql`pg_current_xact_id()` : 0))
      .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('sync_changes_pk', ['collection', 'row_id'])
      .execute();
    await db.schema.createIndex('sync_changes_order').on('sync_changes').columns(['xid', 'seq']).execute();
    await db.schema.createIndex('sync_changes_tenant_order').on('sync_changes').columns(['tenant', 'xid', 'seq']).execute();

    await db.schema
      .createTable('sync_commands')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sync_commands_pk', ['user_id', 'client_id', 'seq'])
      .execute();
  },
};
