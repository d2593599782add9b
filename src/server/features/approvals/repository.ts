/**
 * Reading and writing approval requests. Every write validates the row, refreshes the participant
 * list (who may see it) and records the change in the same transaction.
 */
import { ApprovalRequest } from '../../../shared/domain/approvals.js';
import { recordChange } from '../../sync/changes.js';
import type { Trx } from '../types.js';
import { participants } from './chain.js';
import type { ApprovalTables } from './tables.js';

export async function getRequest(trx: Trx, id: string): Promise<ApprovalRequest | null> {
  const row = await trx.withTables<ApprovalTables>().selectFrom('approval_requests').select('data').where('id', '=', id).executeTakeFirst();
  return row ? ApprovalRequest.parse(JSON.parse(row.data)) : null;
}

export async function insertRequest(trx: Trx, request: ApprovalRequest, now: Date): Promise<void> {
  const row = ApprovalRequest.parse(request);
  const db = trx.withTables<ApprovalTables>();
  await db
    .insertInto('approval_requests')
    .values({
      id: row.id,
      municipality_id: row.municipalityId,
      requester_id: row.requesterId,
      status: row.status,
      version: row.version,
      order_id: row.orderId,
      updated_at: now.toISOString(),
      data: JSON.stringify(row),
    })
    .execute();
  await db.insertInto('approval_participants').values(participants(row).map((person_id) => ({ request_id: row.id, person_id }))).execute();
  await recordChange(trx, { collection: 'approvalRequests', id: row.id, tenant: row.municipalityId });
}

/**
 * Store a new state of the request, only if nobody changed it since `expectedVersion` was read.
 * Returns false when the version moved (a concurrent decision won): the caller answers "conflict".
 */
export async function updateRequest(trx: Trx, next: ApprovalRequest, expectedVersion: number, now: Date): Promise<boolean> {
  const row = ApprovalRequest.parse(next);
  const db = trx.withTables<ApprovalTables>();
  const res = await db
    .updateTable('approval_requests')
    .set({ status: row.status, version: row.version, updated_at: now.toISOString(), data: JSON.stringify(row) })
    .where('id', '=', row.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  await db.deleteFrom('approval_participants').where('request_id', '=', row.id).execute();
  await db.insertInto('approval_participants').values(participants(row).map((person_id) => ({ request_id: row.id, person_id }))).execute();
  await recordChange(trx, { collection: 'approvalRequests', id: row.id, tenant: row.municipalityId });
  return true;
}

/**
 * Puts `deputy` (null: nobody) on the waiting and upcoming steps of `approverId` in every open or
 * sent-back request (Beheer changed the approver's deputy). The version stays: a decision the
 * approver is making right now is not turned into a conflict by it.
 */
export async function applyDeputy(trx: Trx, approverId: string, deputy: { id: string; name: string } | null, now: Date): Promise<number> {
  const db = trx.withTables<ApprovalTables>();
  const rows = await db
    .selectFrom('approval_requests')
    .innerJoin('approval_participants', 'approval_participants.request_id', 'approval_requests.id')
    .select(['approval_requests.data', 'approval_requests.version'])
    .where('approval_participants.person_id', '=', approverId)
    .where('approval_requests.status', 'in', ['open', 'sent_back'])
    .execute();
  let changed = 0;
  for (const row of rows) {
    const request = ApprovalRequest.parse(JSON.parse(row.data));
    let touched = false;
    const steps = request.steps.map((s) => {
      const pending = s.state === 'waiting' || s.state === 'upcoming' || (request.status === 'sent_back' && s.state === 'sent_back');
      if (s.approverId !== approverId || !pending || s.deputyId === (deputy?.id ?? null)) return s;
      touched = true;
      return { ...s, deputyId: deputy?.id ?? null, deputyName: deputy?.name ?? null };
    });
    if (touched && (await updateRequest(trx, { ...request, steps }, row.version, now))) changed += 1;
  }
  return changed;
}
