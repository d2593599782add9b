/**
 * `db migrate`: bring the schema up to date (run as the database owner; the CLI migrates every
 * database it opens, this command says what it did). `db grant-app ROLE` (PostgreSQL): give the
 * backend's application role exactly its rights (db/app-role.ts); run it after every migration.
 */
import { sql } from 'kysely';
import { grantAppRole } from '../../db/app-role.js';
import { pendingMigrations } from '../../db/migrator.js';
import { UsageError, type AdminCommand } from '../command.js';

export const dbMigrate: AdminCommand = {
  words: ['db', 'migrate'],
  usage: 'db migrate   (as the database owner; then start the backend with POP_MIGRATIONS=check)',
  options: {},
  async run(ctx) {
    const pending = await pendingMigrations(ctx.db.kysely);
    const applied = (await sql<{ n: number }>`SELECT count(*) AS n FROM kysely_migration`.execute(ctx.db.kysely)).rows[0]?.n ?? 0;
    ctx.out(pending.length === 0 ? `Schema is current (${applied} migrations applied).` : `${pending.length} migration(s) still pending: ${pending.join(', ')}`);
    return pending.length === 0 ? 0 : 1;
  },
};

export const dbGrantApp: AdminCommand = {
  words: ['db', 'grant-app'],
  usage: 'db grant-app ROLE   (PostgreSQL: the rights of the role the backend runs as)',
  options: {},
  positionals: true,
  async run(ctx, _values, positionals) {
    if (ctx.db.dialect !== 'postgres') throw new UsageError('db grant-app is for PostgreSQL (DATABASE_URL=postgres://…); SQLite has no roles');
    const role = positionals[0];
    if (!role || positionals.length > 1) throw new UsageError('Give exactly one role name');
    const tables = await grantAppRole(ctx.db.kysely, role);
    ctx.out(`Granted ${role} its rights on ${tables.length} tables (append-only: citizen_lookup_log, admin_log; never deleted: letters, letter_counters).`);
    return 0;
  },
};
