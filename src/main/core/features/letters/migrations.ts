/**
 * Cache tables of letters. Numbered per feature; additive once shipped.
 *   1: letters (synced rows: own letters, or the whole register for the secretariat)
 *    letter_requests (which user made a reservation: the outbox command itself holds the rest;
 *    written with the command in one transaction, so one user never sees another's requests)
 */
import type { CacheMigration } from '../types.js';

export const lettersMigrations: CacheMigration[] = [
  {
    version: 1,
    name: 'letters table',
    up(db) {
      db.exec(`
        CREATE TABLE letters (
          id TEXT PRIMARY KEY,
          year INTEGER NOT NULL,
          sequence INTEGER NOT NULL,
          requested_by TEXT NOT NULL,
          status TEXT NOT NULL,
          data TEXT NOT NULL
        );
        CREATE INDEX letters_year_sequence ON letters (year, sequence);
        CREATE INDEX letters_requested_by ON letters (requested_by);
        CREATE TABLE letter_requests (
          id TEXT PRIMARY KEY,
          user_id TEXT NOT NULL
        );
      `);
    },
  },
];
