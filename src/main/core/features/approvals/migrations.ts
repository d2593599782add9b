/**
 * Cache tables of the approvals feature. Numbered per feature; additive once shipped.
 *   approval_requests   synced rows (as the server sent them)
 *   approval_decisions  my decisions as the desktop knows them: written with the outbox command
 *                       (pending), updated from the server's answer (applied / rejected); a pull
 *                       never touches them, so a pending decision survives any pull or restart.
 *   2: approval_decisions.person_id: whose decision it is (another user signing in on this PC never
 *      sees them; rows from before carry NULL and are shown to nobody).
 *   3: approval_absences (synced `absences`: when a colleague is away, never why) and
 *      approval_outgoing (my new requests as this desktop knows them: written with the outbox
 *      command `approvals.create`, settled by the server's answer; what I typed stays there).
 */
import type { CacheMigration } from '../types.js';

export const approvalsMigrations: CacheMigration[] = [
  {
    version: 1,
    name: 'approval tables',
    up(db) {
      db.exec(`
        CREATE TABLE approval_requests (
          id TEXT PRIMARY KEY,
          due_date TEXT NOT NULL,
          data TEXT NOT NULL
        );
        CREATE TABLE approval_decisions (
          request_id TEXT NOT NULL,
          version INTEGER NOT NULL,
          title TEXT NOT NULL,
          decision TEXT NOT NULL,
          comment TEXT NOT NULL,
          status TEXT NOT NULL,
          reason TEXT,
          message TEXT,
          decided_at TEXT NOT NULL,
          acknowledged INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (request_id, version)
        );
      `);
    },
  },
  {
    version: 2,
    name: 'approval decisions per person',
    up(db) {
      db.exec('ALTER TABLE approval_decisions ADD COLUMN person_id TEXT');
    },
  },
  {
    version: 3,
    name: 'absences and new requests',
    up(db) {
      db.exec(`
        CREATE TABLE approval_absences (
          person_id TEXT PRIMARY KEY,
          data TEXT NOT NULL
        );
        CREATE TABLE approval_outgoing (
          id TEXT PRIMARY KEY,
          person_id TEXT NOT NULL,
          title TEXT NOT NULL,
          details TEXT NOT NULL,
          status TEXT NOT NULL,
          reason TEXT,
          message TEXT,
          created_at TEXT NOT NULL,
          dismissed INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX approval_outgoing_person ON approval_outgoing (person_id, created_at);
      `);
    },
  },
];
