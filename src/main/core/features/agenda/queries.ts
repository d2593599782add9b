/** Reading meetings from the cache: upcoming list, one meeting with its ordered items, title search. */
import type { AgendaItem, GoverningBody, Meeting } from '../../../../shared/domain/agenda.js';
import type { AgendaSearchHit, MeetingDetail, MeetingSummary } from '../../../../shared/contract/agenda.js';
import type { MethodParsedInput } from '../../../../shared/ipc/contract.js';
import type { CacheDb } from '../types.js';
import { normalize } from './collections.js';

interface MeetingRow {
  data: string;
  body: string | null;
  items: number;
}

function summary(row: MeetingRow): MeetingSummary | null {
  if (!row.body) return null; // a meeting of a body we do not have (yet): skip
  const meeting = JSON.parse(row.data) as Meeting;
  const body = JSON.parse(row.body) as GoverningBody;
  return { ...meeting, bodyName: body.name, bodyKind: body.kind, itemCount: row.items };
}

/** Local midnight of a YYYY-MM-DD day, or of today. */
function dayStart(now: Date, from?: string): Date {
  if (from) {
    const [y, m, d] = from.split('-').map(Number) as [number, number, number];
    return new Date(y, m - 1, d);
  }
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

export function upcomingMeetings(db: CacheDb, now: Date, input: MethodParsedInput<'agenda.upcoming'>): MeetingSummary[] {
  const start = dayStart(now, input.from);
  const end = new Date(start.getTime() + input.days * 86_400_000);
  const rows = db
    .prepare(
      `SELECT m.data, b.data AS body, (SELECT COUNT(*) FROM agenda_items i WHERE i.meeting_id = m.id) AS items
       FROM agenda_meetings m LEFT JOIN agenda_bodies b ON b.id = m.body_id
       WHERE m.planned_start >= ? AND m.planned_start < ? AND (? IS NULL OR m.body_id = ?)
       ORDER BY m.planned_start, b.kind_order LIMIT ?`,
    )
    .all(start.toISOString(), end.toISOString(), input.bodyId ?? null, input.bodyId ?? null, input.limit) as MeetingRow[];
  return rows.map(summary).filter((m): m is MeetingSummary => m !== null);
}

export function meetingDetail(db: CacheDb, id: string): MeetingDetail | null {
  const row = db
    .prepare(
      `SELECT m.data, b.data AS body, (SELECT COUNT(*) FROM agenda_items i WHERE i.meeting_id = m.id) AS items
       FROM agenda_meetings m LEFT JOIN agenda_bodies b ON b.id = m.body_id WHERE m.id = ?`,
    )
    .get(id) as MeetingRow | undefined;
  const meeting = row ? summary(row) : null;
  if (!row || !meeting) return null;
  const items = (db.prepare('SELECT data FROM agenda_items WHERE meeting_id = ? ORDER BY position').all(id) as { data: string }[]).map(
    (r) => JSON.parse(r.data) as AgendaItem,
  );
  const deptName = db.prepare('SELECT name FROM dir_departments WHERE id = ?');
  return {
    meeting,
    body: JSON.parse(row.body!) as GoverningBody,
    items: items.map((item) => ({
      ...item,
      departmentName: item.departmentId ? ((deptName.get(item.departmentId) as { name: string } | undefined)?.name ?? null) : null,
    })),
  };
}

export function searchItems(db: CacheDb, input: MethodParsedInput<'agenda.search'>): AgendaSearchHit[] {
  const words = normalize(input.query).split(/\s+/).filter(Boolean).slice(0, 5);
  if (words.length === 0) return [];
  const like = words.map(() => `i.title_norm LIKE ? ESCAPE '\\'`).join(' AND ');
  const params = words.map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const rows = db
    .prepare(
      `SELECT i.data, m.planned_start AS start, m.data AS meeting, b.name AS bodyName
       FROM agenda_items i JOIN agenda_meetings m ON m.id = i.meeting_id JOIN agenda_bodies b ON b.id = m.body_id
       WHERE ${like} AND (? IS NULL OR m.body_id = ?)
       ORDER BY m.planned_start DESC, i.position LIMIT ?`,
    )
    .all(...params, input.bodyId ?? null, input.bodyId ?? null, input.limit) as { data: string; meeting: string; bodyName: string }[];
  return rows.map((r) => {
    const item = JSON.parse(r.data) as AgendaItem;
    const meeting = JSON.parse(r.meeting) as Meeting;
    return { itemId: item.id, number: item.number, title: item.title, visibility: item.visibility, meetingId: item.meetingId, plannedStart: meeting.plannedStart, bodyName: r.bodyName };
  });
}
