/**
 * The core's own cache tables (feature name "core"). Numbered, additive once shipped.
 *   1: key/value state (client id, sync cursor, last sync time) and the outbox
 */
import type { CacheMigration } from '../features/types.js';

export const coreMigrations: CacheMigration[] = [
  {
    version: 1,
    name: 'state and outbox',
    up(db) {
      db.exec(`
        CREATE TABLE core_state (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
        CREATE TABLE core_outbox (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          type TEXT NOT NULL,
          payload TEXT NOT NULL,
          created_at TEXT NOT NULL,
          status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'rejected')),
          result TEXT,
          reason TEXT,
          message TEXT,
          attempts INTEGER NOT NULL DEFAULT 0,
          answered_at TEXT
        );
        CREATE INDEX core_outbox_status ON core_outbox(status, seq);
      `);
    },
  },
];
