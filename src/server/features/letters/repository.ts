/**
 * Handing out letter numbers. `allocate` runs inside the caller's transaction: ONE atomic upsert
 * on the (municipality, year) counter row that returns the new value. On PostgreSQL the row stays
 * locked until the transaction ends, so concurrent reservations queue on it; a rolled-back
 * transaction rolls its step back too: gapless and unique. On SQLite the writer lock does the same.
 */
import { sql } from 'kysely';
import { formatLetterNumber, type Letter, type LetterDraft } from '../../../shared/domain/letters.js';
import { recordChange } from '../../sync/changes.js';
import type { SessionUser, Trx } from '../types.js';
import type { LetterTables } from './tables.js';

export type LetterRow = LetterTables['letters'];

const yearFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', year: 'numeric' });

/** The letter year is the calendar year in Belgium (a letter at 00:30 on 1 January is next year's). */
export function letterYear(now: Date): number {
  return Number(yearFormat.format(now));
}

export async function allocate(trx: Trx, municipalityId: string, year: number): Promise<number> {
  const { rows } = await sql<{ last_sequence: number | string }>`
    INSERT INTO letter_counters (municipality_id, year, last_sequence) VALUES (${municipalityId}, ${year}, 1)
    ON CONFLICT (municipality_id, year) DO UPDATE SET last_sequence = letter_counters.last_sequence + 1
    RETURNING last_sequence`.execute(trx);
  return Number(rows[0]!.last_sequence);
}

export async function findLetter(trx: Trx, id: string): Promise<LetterRow | undefined> {
  return trx.withTables<LetterTables>().selectFrom('letters').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reserve the next number for `draft` and record the change (same transaction). */
export async function reserveLetter(trx: Trx, user: SessionUser, id: string, draft: LetterDraft, now: Date): Promise<LetterRow> {
  const year = letterYear(now);
  const sequence = await allocate(trx, user.municipalityId, year);
  const row: LetterRow = {
    id,
    municipality_id: user.municipalityId,
    year,
    sequence,
    reserved_at: now.toISOString(),
    subject: draft.subject,
    recipient: draft.recipient,
    department_id: draft.departmentId,
    handling_officer: draft.handlingOfficer,
    dispatch_method: draft.dispatchMethod,
    your_reference: draft.yourReference || null,
    dossier: draft.dossier || null,
    status: 'reserved',
    requested_by: user.id,
    requested_by_name: user.displayName,
    sent_at: null,
    cancelled_at: null,
    cancel_reason: null,
    cancelled_by: null,
  };
  await trx.withTables<LetterTables>().insertInto('letters').values(row).execute();
  await recordChange(trx, { collection: 'letters', id, tenant: user.municipalityId });
  return row;
}

export async function updateLetter(trx: Trx, row: LetterRow, changes: Partial<LetterRow>): Promise<void> {
  await trx.withTables<LetterTables>().updateTable('letters').set(changes).where('id', '=', row.id).execute();
  await recordChange(trx, { collection: 'letters', id: row.id, tenant: row.municipality_id });
}

export function letterNumber(row: Pick<LetterRow, 'year' | 'sequence'>): string {
  return formatLetterNumber(Number(row.year), Number(row.sequence));
}

export function letterWire(row: LetterRow): Letter {
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    number: letterNumber(row),
    year: Number(row.year),
    sequence: Number(row.sequence),
    reservedAt: row.reserved_at,
    subject: row.subject,
    recipient: row.recipient,
    departmentId: row.department_id,
    handlingOfficer: row.handling_officer,
    dispatchMethod: row.dispatch_method as Letter['dispatchMethod'],
    yourReference: row.your_reference,
    dossier: row.dossier,
    status: row.status as Letter['status'],
    requestedBy: row.requested_by,
    requestedByName: row.requested_by_name,
    sentAt: row.sent_at,
    cancelledAt: row.cancelled_at,
    cancelReason: row.cancel_reason,
  };
}
