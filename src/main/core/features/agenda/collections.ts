/** How synced bodies, meetings and agenda items are written into the cache (inside the page transaction). */
import { stmt } from '../../cache/statements.js';
import { BodyKind } from '../../../../shared/domain/agenda.js';
import type { CacheDb, CollectionCaches } from '../types.js';

/** Lower-case, accents removed: "Financiën" -> "financien" (for search). */
export function normalize(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const simple = (table: string) => ({
  delete(db: CacheDb, id: string) {
    stmt(db, `DELETE FROM ${table} WHERE id = ?`).run(id);
  },
  clear(db: CacheDb) {
    db.exec(`DELETE FROM ${table}`);
  },
});

export const agendaCollections: CollectionCaches = {
  agendaBodies: {
    ...simple('agenda_bodies'),
    upsert(db, row) {
      stmt(db,
        `INSERT INTO agenda_bodies (id, name, kind_order, data) VALUES (?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind_order = excluded.kind_order, data = excluded.data`,
      ).run(row.id, row.name, BodyKind.options.indexOf(row.kind), JSON.stringify(row));
    },
  },
  agendaMeetings: {
    ...simple('agenda_meetings'),
    upsert(db, row) {
      stmt(db,
        `INSERT INTO agenda_meetings (id, body_id, planned_start, data) VALUES (?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET body_id = excluded.body_id, planned_start = excluded.planned_start, data = excluded.data`,
      ).run(row.id, row.bodyId, new Date(row.plannedStart).toISOString(), JSON.stringify(row));
    },
  },
  agendaItems: {
    ...simple('agenda_items'),
    upsert(db, row) {
      stmt(db,
        `INSERT INTO agenda_items (id, meeting_id, position, title_norm, data) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET meeting_id = excluded.meeting_id, position = excluded.position,
           title_norm = excluded.title_norm, data = excluded.data`,
      ).run(row.id, row.meetingId, row.position, normalize(`${row.number} ${row.title}`), JSON.stringify(row));
    },
  },
};
