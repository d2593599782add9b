/**
 * Citizens: the (fictional) population register and the append-only lookup log. The log is
 * protected by the database itself: triggers refuse every UPDATE and DELETE on SQLite and
 * PostgreSQL (and TRUNCATE on PostgreSQL), whoever connects.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName, ServerMigration } from '../types.js';

const REFUSAL = 'the citizen lookup log is append-only';

export const citizensMigrations: ServerMigration[] = [
  {
    name: '2026_11_28_021_citizens',
    async up(db: Kysely<unknown>, dialect: DialectName) {
      const pg = dialect === 'postgres';
      await db.schema
        .createTable('citizens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('national_number', 'text', (c) => c.notNull().unique())
        .addColumn('last_name', 'text', (c) => c.notNull())
        .addColumn('first_names', 'text', (c) => c.notNull())
        .addColumn('last_name_norm', 'text', (c) => c.notNull())
        .addColumn('first_names_norm', 'text', (c) => c.notNull())
        .addColumn('birth_date', 'text')
        .addColumn('birth_place', 'text', (c) => c.notNull())
        .addColumn('sex', 'text', (c) => c.notNull())
        .addColumn('nationality', 'text', (c) => c.notNull())
        .addColumn('street', 'text', (c) => c.notNull())
        .addColumn('street_norm', 'text', (c) => c.notNull())
        .addColumn('house_number', 'text', (c) => c.notNull())
        .addColumn('box', 'text')
        .addColumn('postcode', 'text', (c) => c.notNull())
        .addColumn('locality', 'text', (c) => c.notNull())
        .addColumn('civil_status', 'text', (c) => c.notNull())
        .addColumn('household_id', 'text', (c) => c.notNull())
        .addColumn('household_relation', 'text', (c) => c.notNull())
        .addColumn('occupation', 'text')
        .addColumn('death_date', 'text')
        .execute();
      await db.schema.createIndex('citizens_name').on('citizens').columns(['municipality_id', 'last_name_norm']).execute();
      await db.schema.createIndex('citizens_street').on('citizens').columns(['municipality_id', 'street_norm']).execute();
      await db.schema.createIndex('citizens_household').on('citizens').column('household_id').execute();

      await db.schema
        .createTable('citizen_lookup_log')
        .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('municipality_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull().check(sql`action IN ('search', 'view')`))
        .addColumn('query', 'text')
        .addColumn('citizen_ids', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('dossier', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('citizen_lookup_log_user_at').on('citizen_lookup_log').columns(['user_id', 'at']).execute();
      await db.schema.createIndex('citizen_lookup_log_tenant_at').on('citizen_lookup_log').columns(['municipality_id', 'at']).execute();

      if (pg) {
        await sql`CREATE FUNCTION citizen_lookup_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION '${sql.raw(REFUSAL)}'; END $$`.execute(db);
        await sql`CREATE TRIGGER citizen_lookup_log_append_only BEFORE UPDATE OR DELETE ON citizen_lookup_log
          FOR EACH ROW EXECUTE FUNCTION citizen_lookup_log_refuse()`.execute(db);
        await sql`CREATE TRIGGER citizen_lookup_log_no_truncate BEFORE TRUNCATE ON citizen_lookup_log
          FOR EACH STATEMENT EXECUTE FUNCTION citizen_lookup_log_refuse()`.execute(db);
      } else {
        await sql`CREATE TRIGGER citizen_lookup_log_no_update BEFORE UPDATE ON citizen_lookup_log
          BEGIN SELECT RAISE(ABORT, '${sql.raw(REFUSAL)}'); END`.execute(db);
        await sql`CREATE TRIGGER citizen_lookup_log_no_delete BEFORE DELETE ON citizen_lookup_log
          BEGIN SELECT RAISE(ABORT, '${sql.raw(REFUSAL)}'); END`.execute(db);
      }
    },
  },
  {
    // SQLite's REPLACE / INSERT OR REPLACE deletes the old row without firing DELETE triggers
    // (recursive_triggers is off by default): an insert under an existing id is refused itself.
    // (PostgreSQL has no REPLACE; its INSERT … ON CONFLICT DO UPDATE fires the UPDATE trigger.)
    name: '2026_11_30_121_citizens_log_no_replace',
    async up(db, dialect) {
      if (dialect === 'postgres') return;
      await sql`CREATE TRIGGER citizen_lookup_log_no_replace BEFORE INSERT ON citizen_lookup_log
        WHEN EXISTS (SELECT 1 FROM citizen_lookup_log WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, '${sql.raw(REFUSAL)}'); END`.execute(db);
    },
  },
];
