/**
 * Sign-in throttling moves from process memory into the database: counters per account and per
 * source address, updated atomically, shared by every backend process (auth/throttle.ts).
 */
import type { Kysely } from 'kysely';
import type { ServerMigration } from '../../features/types.js';

export const loginAttemptsMigration: ServerMigration = {
  name: '2026_11_30_004_login_attempts',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('login_attempts')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('window_start', 'text', (c) => c.notNull())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('login_attempts_window').on('login_attempts').column('window_start').execute();
  },
};
