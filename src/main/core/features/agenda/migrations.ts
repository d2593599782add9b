/** Cache tables of the agenda feature. Numbered per feature; additive once shipped. */
import type { CacheMigration } from '../types.js';

export const agendaMigrations: CacheMigration[] = [
  {
    version: 1,
    name: 'agenda tables',
    up(db) {
      db.exec(`
        CREATE TABLE agenda_bodies (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          kind_order INTEGER NOT NULL,
          data TEXT NOT NULL
        );
        CREATE TABLE agenda_meetings (
          id TEXT PRIMARY KEY,
          body_id TEXT NOT NULL,
          planned_start TEXT NOT NULL,
          data TEXT NOT NULL
        );
        CREATE INDEX agenda_meetings_start ON agenda_meetings(planned_start);
        CREATE TABLE agenda_items (
          id TEXT PRIMARY KEY,
          meeting_id TEXT NOT NULL,
          position INTEGER NOT NULL,
          title_norm TEXT NOT NULL,
          data TEXT NOT NULL
        );
        CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);
      `);
    },
  },
];
