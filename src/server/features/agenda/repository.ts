/**
 * Writing agenda rows: every write records its change in the same transaction (sync change log).
 * Rows are validated with the shared schemas before they are stored: nothing malformed gets in.
 */
import { AgendaItem, GoverningBody, Meeting } from '../../../shared/domain/agenda.js';
import { recordChange, recordChanges } from '../../sync/changes.js';
import type { Trx } from '../types.js';
import type { AgendaTables } from './tables.js';

export async function putBody(trx: Trx, body: GoverningBody): Promise<void> {
  const row = GoverningBody.parse(body);
  await trx
    .withTables<AgendaTables>()
    .insertInto('agenda_bodies')
    .values({ id: row.id, municipality_id: row.municipalityId, data: JSON.stringify(row) })
    .onConflict((oc) => oc.column('id').doUpdateSet({ data: JSON.stringify(row) }))
    .execute();
  await recordChange(trx, { collection: 'agendaBodies', id: row.id, tenant: row.municipalityId });
}

export async function putMeeting(trx: Trx, meeting: Meeting): Promise<void> {
  const row = Meeting.parse(meeting);
  const values = { body_id: row.bodyId, municipality_id: row.municipalityId, planned_start: row.plannedStart, status: row.status, data: JSON.stringify(row) };
  await trx
    .withTables<AgendaTables>()
    .insertInto('agenda_meetings')
    .values({ id: row.id, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
  await recordChange(trx, { collection: 'agendaMeetings', id: row.id, tenant: row.municipalityId });
}

export async function putItem(trx: Trx, item: AgendaItem, meeting: { bodyId: string; municipalityId: string }): Promise<void> {
  const row = AgendaItem.parse(item);
  const values = {
    meeting_id: row.meetingId,
    body_id: meeting.bodyId,
    municipality_id: meeting.municipalityId,
    visibility: row.visibility,
    department_id: row.departmentId,
    position: row.position,
    data: JSON.stringify(row),
  };
  await trx
    .withTables<AgendaTables>()
    .insertInto('agenda_items')
    .values({ id: row.id, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
  await recordChange(trx, { collection: 'agendaItems', id: row.id, tenant: meeting.municipalityId });
}

/** Many items of one meeting at once (imports): one upsert per 200 rows and one batch of change records. */
export async function putItems(trx: Trx, items: readonly AgendaItem[], meeting: { bodyId: string; municipalityId: string }): Promise<void> {
  const rows = items.map((item) => {
    const row = AgendaItem.parse(item);
    return {
      id: row.id,
      meeting_id: row.meetingId,
      body_id: meeting.bodyId,
      municipality_id: meeting.municipalityId,
      visibility: row.visibility,
      department_id: row.departmentId,
      position: row.position,
      data: JSON.stringify(row),
    };
  });
  const db = trx.withTables<AgendaTables>();
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('agenda_items')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          meeting_id: eb.ref('excluded.meeting_id'),
          body_id: eb.ref('excluded.body_id'),
          municipality_id: eb.ref('excluded.municipality_id'),
          visibility: eb.ref('excluded.visibility'),
          department_id: eb.ref('excluded.department_id'),
          position: eb.ref('excluded.position'),
          data: eb.ref('excluded.data'),
        })),
      )
      .execute();
  }
  await recordChanges(trx, rows.map((r) => ({ collection: 'agendaItems' as const, id: r.id, tenant: meeting.municipalityId })));
}

/** The next item number of a body for a year: "2026_GR_00134". Never handed out twice. */
export async function nextItemNumber(trx: Trx, body: Pick<GoverningBody, 'id' | 'abbreviation'>, year: number): Promise<string> {
  const db = trx.withTables<AgendaTables>();
  const current = await db.selectFrom('agenda_numbers').select('last').where('body_id', '=', body.id).where('year', '=', year).executeTakeFirst();
  const last = (current?.last ?? 0) + 1;
  if (current) await db.updateTable('agenda_numbers').set({ last }).where('body_id', '=', body.id).where('year', '=', year).execute();
  else await db.insertInto('agenda_numbers').values({ body_id: body.id, year, last }).execute();
  return `${year}_${body.abbreviation}_${String(last).padStart(5, '0')}`;
}

export async function getMeeting(trx: Trx, id: string): Promise<Meeting | null> {
  const row = await trx.withTables<AgendaTables>().selectFrom('agenda_meetings').select('data').where('id', '=', id).executeTakeFirst();
  return row ? Meeting.parse(JSON.parse(row.data)) : null;
}

export async function getBody(trx: Trx, id: string): Promise<GoverningBody | null> {
  const row = await trx.withTables<AgendaTables>().selectFrom('agenda_bodies').select('data').where('id', '=', id).executeTakeFirst();
  return row ? GoverningBody.parse(JSON.parse(row.data)) : null;
}
