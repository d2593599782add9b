/**
 * Who decides a request, from the org chart: the shared step builder for every request that starts
 * in Pop Index (orders, leave/overtime/training/other requests) or comes from another system
 * through the service API.
 *
 *   stepFor(trx, position, role, approverId, state)  one step, with the approver's deputy (Beheer)
 *   managerChain(trx, requesterId, deciderId?)       the requester's manager (or the named decider)
 *
 * Pure reads; writing the request is `store.ts` (insertRequest).
 */
import type { ApprovalStep, StepRole, StepState } from '../../../shared/domain/approvals.js';
import type { Trx } from '../types.js';

/** "First Last" of a person, or the id when they are gone (a step keeps showing something). */
export async function personName(trx: Trx, id: string): Promise<string> {
  const p = await trx.selectFrom('people').select(['first_name', 'last_name']).where('id', '=', id).executeTakeFirst();
  return p ? `${p.first_name} ${p.last_name}`.trim() : id;
}

/** The approver's deputy as set in Beheer (`approval_deputies`), for a new step. */
export async function deputyOf(trx: Trx, approverId: string): Promise<{ deputyId: string | null; deputyName: string | null }> {
  const row = await trx.selectFrom('approval_deputies').select('deputy_id').where('person_id', '=', approverId).executeTakeFirst();
  return row ? { deputyId: row.deputy_id, deputyName: await personName(trx, row.deputy_id) } : { deputyId: null, deputyName: null };
}

/** One undecided step for `approverId`, with their deputy filled in. */
export async function stepFor(trx: Trx, position: number, role: StepRole, approverId: string, state: StepState): Promise<ApprovalStep> {
  return {
    position,
    role,
    approverId,
    approverName: await personName(trx, approverId),
    ...(await deputyOf(trx, approverId)),
    state,
    comment: null,
    decidedById: null,
    decidedByName: null,
    decidedAt: null,
  };
}

/**
 * The chain of a personal request (leave, overtime, training, other, or a service-API request
 * without a named decider): one `head` step for the requester's manager in the directory, or for
 * `deciderId` when the caller names who must decide. Empty when nobody can decide (no manager):
 * the caller answers that with a clear error instead of storing a request nobody sees.
 */
export async function managerChain(trx: Trx, requesterId: string, deciderId?: string | null): Promise<ApprovalStep[]> {
  let approverId = deciderId ?? null;
  if (!approverId) {
    const me = await trx.selectFrom('people').select('manager_id').where('id', '=', requesterId).executeTakeFirst();
    approverId = me?.manager_id ?? null;
  }
  if (!approverId || approverId === requesterId) return [];
  return [await stepFor(trx, 1, 'head', approverId, 'waiting')];
}
