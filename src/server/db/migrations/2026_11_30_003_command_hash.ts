/**
 * A stored command outcome remembers WHAT it answered: a hash of (type, payload, createdAt). A
 * replay must carry the same content; a desktop restored from an older copy reuses sequence
 * numbers for new commands, and must not be answered with an older command's result (two letters
 * with one number). Rows stored before this migration have no hash and are matched as before.
 */
import type { Kysely } from 'kysely';
import type { ServerMigration } from '../../features/types.js';

export const commandHashMigration: ServerMigration = {
  name: '2026_11_30_003_command_hash',
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sync_commands').addColumn('command_hash', 'text').execute();
  },
};
