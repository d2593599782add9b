/**
 * Accounts and roles (Beheer, the accounts CLI, OIDC first sign-in):
 *   - admin_log: append-only log of every account change (who, when, what, before, after). The
 *     database itself refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL). On SQLite
 *     `INSERT OR REPLACE` deletes the old row without firing delete triggers, so the id is an
 *     AUTOINCREMENT key callers never set and a BEFORE INSERT trigger refuses an id that exists;
 *     on PostgreSQL the id is GENERATED ALWAYS (an explicit id is refused by PostgreSQL itself).
 *   - users.idp_roles: the roles that came from the identity provider's group claim (JSON array),
 *     so a later sign-in syncs those and keeps the roles granted in Beheer.
 *   - approval_deputies: who may decide in a person's place on approval steps (the deputy of an
 *     `ApprovalStep`: one person of the same municipality per approver).
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName, ServerMigration } from '../../features/types.js';

const REFUSAL = 'the admin log is append-only';

export const adminMigration: ServerMigration = {
  name: '2026_11_30_020_admin',
  async up(db: Kysely<unknown>, dialect: DialectName) {
    const pg = dialect === 'postgres';
    await db.schema
      .createTable('admin_log')
      .addColumn('id', pg ? 'bigint' : 'integer', (c) => (pg ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement()))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('municipality_id', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('before', 'text')
      .addColumn('after', 'text')
      .execute();
    await db.schema.createIndex('admin_log_tenant').on('admin_log').columns(['municipality_id', 'id']).execute();

    if (pg) {
      await sql`CREATE FUNCTION admin_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '${sql.raw(REFUSAL)}'; END $$`.execute(db);
      await sql`CREATE TRIGGER admin_log_append_only BEFORE UPDATE OR DELETE ON admin_log
        FOR EACH ROW EXECUTE FUNCTION admin_log_refuse()`.execute(db);
      await sql`CREATE TRIGGER admin_log_no_truncate BEFORE TRUNCATE ON admin_log
        FOR EACH STATEMENT EXECUTE FUNCTION admin_log_refuse()`.execute(db);
    } else {
      await sql`CREATE TRIGGER admin_log_no_update BEFORE UPDATE ON admin_log
        BEGIN SELECT RAISE(ABORT, '${sql.raw(REFUSAL)}'); END`.execute(db);
      await sql`CREATE TRIGGER admin_log_no_delete BEFORE DELETE ON admin_log
        BEGIN SELECT RAISE(ABORT, '${sql.raw(REFUSAL)}'); END`.execute(db);
      // INSERT OR REPLACE / REPLACE INTO with an existing id would delete that row silently.
      await sql`CREATE TRIGGER admin_log_no_replace BEFORE INSERT ON admin_log
        WHEN NEW.id IN (SELECT id FROM admin_log)
        BEGIN SELECT RAISE(ABORT, '${sql.raw(REFUSAL)}'); END`.execute(db);
    }

    await db.schema.alterTable('users').addColumn('idp_roles', 'text', (c) => c.notNull().defaultTo('[]')).execute();

    await db.schema
      .createTable('approval_deputies')
      .addColumn('person_id', 'text', (c) => c.primaryKey())
      .addColumn('municipality_id', 'text', (c) => c.notNull())
      .addColumn('deputy_id', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
};
