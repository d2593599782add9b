/**
 * Absence follows approval: when a leave request is approved, its period is recorded
 * (`approval_absences`) and synced as `absences` (row id = the person) to the colleagues of the
 * person's own municipality: only from/until, never the leave type or the note.
 * `absentOn` tells the chain builder (org-chain.ts) whether an approver is away on a day.
 */
import type { ApprovalRequest } from '../../../shared/domain/approvals.js';
import type { PersonAbsence } from '../../../shared/domain/requests.js';
import { recordChange } from '../../sync/changes.js';
import type { SyncedCollection, Trx } from '../types.js';
import type { ApprovalTables } from './tables.js';

/** The calendar day in Belgium (YYYY-MM-DD) at `now`. */
export function brusselsDay(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Records the absence of an approved leave request (no-op for anything else). */
export async function recordAbsence(trx: Trx, request: ApprovalRequest, now: Date): Promise<void> {
  const d = request.details;
  if (request.status !== 'approved' || d?.kind !== 'leave') return;
  await trx
    .withTables<ApprovalTables>()
    .insertInto('approval_absences')
    .values({ request_id: request.id, municipality_id: request.municipalityId, person_id: request.requesterId, from_date: d.from, to_date: d.to, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('request_id').doNothing())
    .execute();
  await recordChange(trx, { collection: 'absences', id: request.requesterId, tenant: request.municipalityId });
}

/** Whether `personId` has an approved absence covering `day`. */
export async function absentOn(trx: Trx, personId: string, day: string): Promise<boolean> {
  const row = await trx
    .withTables<ApprovalTables>()
    .selectFrom('approval_absences')
    .select('request_id')
    .where('person_id', '=', personId)
    .where('from_date', '<=', day)
    .where('to_date', '>=', day)
    .executeTakeFirst();
  return !!row;
}

export const absences: SyncedCollection = {
  async load(ctx, ids) {
    if (ids.length === 0) return [];
    const today = brusselsDay(ctx.now);
    const rows = await ctx.trx
      .withTables<ApprovalTables>()
      .selectFrom('approval_absences')
      .select(['person_id', 'from_date', 'to_date'])
      .where('person_id', 'in', [...ids])
      .where('municipality_id', '=', ctx.scope.user.municipalityId)
      .where('to_date', '>=', today)
      .orderBy('person_id')
      .orderBy('from_date')
      .execute();
    const byPerson = new Map<string, PersonAbsence>();
    for (const r of rows) {
      const a = byPerson.get(r.person_id) ?? { id: r.person_id, periods: [] };
      if (a.periods.length < 50) a.periods.push({ from: r.from_date, until: r.to_date });
      byPerson.set(r.person_id, a);
    }
    return [...byPerson.values()].map((a) => ({ id: a.id, data: a }));
  },
};
