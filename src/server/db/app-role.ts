/**
 * PostgreSQL: the backend runs as an APPLICATION role, the schema belongs to an OWNER role that
 * runs the migrations (`npm run admin -- db migrate`). A table's owner may disable its triggers;
 * the application role is no owner, so the append-only guards hold even against the backend's own
 * connection, and on top of the triggers it simply has no right to change those tables:
 *
 *   append-only (lookup log, admin log)   SELECT, INSERT
 *   never deleted (letters, counters)     SELECT, INSERT, UPDATE
 *   migration bookkeeping                 SELECT
 *   everything else                       SELECT, INSERT, UPDATE, DELETE
 *
 * `grantAppRole` is run by the owner after every migration (new tables need their grants).
 */
import { sql, type Kysely } from 'kysely';
import type { ServerDb } from './schema.js';

export const APPEND_ONLY_TABLES = ['citizen_lookup_log', 'admin_log'] as const;
export const NO_DELETE_TABLES = ['letters', 'letter_counters'] as const;
export const READ_ONLY_TABLES = ['kysely_migration', 'kysely_migration_lock'] as const;

const ROLE = /^[a-z_][a-z0-9_]{0,62}$/;

/** What `grantAppRole` gives per table, for docs and tests. */
export function privilegesFor(table: string): string[] {
  if ((APPEND_ONLY_TABLES as readonly string[]).includes(table)) return ['SELECT', 'INSERT'];
  if ((NO_DELETE_TABLES as readonly string[]).includes(table)) return ['SELECT', 'INSERT', 'UPDATE'];
  if ((READ_ONLY_TABLES as readonly string[]).includes(table)) return ['SELECT'];
  return ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];
}

/** Grants the application role exactly its privileges on every table of the schema; returns the tables. */
export async function grantAppRole(db: Kysely<ServerDb>, role: string): Promise<string[]> {
  if (!ROLE.test(role)) throw new Error(`Not a plain role name: ${role.slice(0, 64)} (lower-case letters, digits, _)`);
  const exists = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = ${role}`.execute(db);
  if (exists.rows[0]?.n !== 1) throw new Error(`PostgreSQL has no role "${role}": create it first (CREATE ROLE ${role} LOGIN PASSWORD '…')`);
  const r = sql.id(role);
  const tables = (await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`.execute(db)).rows.map((t) => t.tablename);
  await db.transaction().execute(async (trx) => {
    await sql`GRANT USAGE ON SCHEMA public TO ${r}`.execute(trx);
    for (const table of tables) {
      const t = sql.id(table);
      await sql`REVOKE ALL ON ${t} FROM ${r}`.execute(trx);
      await sql`GRANT ${sql.raw(privilegesFor(table).join(', '))} ON ${t} TO ${r}`.execute(trx);
    }
    await sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`.execute(trx);
  });
  return tables;
}
