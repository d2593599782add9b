/**
 * Who decides a request, from the org chart: the shared step builder for every request that starts
 * in Pop Index (orders, leave/overtime/training/other requests) or comes from another system
 * through the service API.
 *
 *   stepFor(trx, position, role, approverId, state, options?)  one step, with the approver's deputy (Beheer)
 *   managerChain(trx, requesterId, deciderId?, options?)       the requester's manager (or the named decider)
 *   routeWaiting(trx, request, now)                            a step that becomes waiting later (after a
 *                                                              decision) during its approver's absence
 *
 * Absence follows approval: a step whose approver has an approved leave covering today (Belgian
 * day of `options.now`, default the clock) goes to the approver's deputy, with `meantForId` /
 * `meantForName` saying for whom. Without a deputy (or when the deputy is away too) it stays with
 * the approver. The requester is never the deputy of a step of their own request.
 *
 * Pure reads; writing the request is `repository.ts` (insertRequest).
 */
import type { ApprovalRequest, ApprovalStep, StepRole, StepState } from '../../../shared/domain/approvals.js';
import type { Trx } from '../types.js';
import { absentOn, brusselsDay } from './absences.js';

export interface ChainOptions {
  /** The moment the chain is built (default: now); absences are checked on its Belgian day. */
  now?: Date;
  /** Whose request it is: they are never a deputy on it. */
  requesterId?: string | null;
}

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

/**
 * One undecided step for `approverId`, with their deputy filled in; during the approver's approved
 * absence it goes to the deputy, saying for whom (`meantForId` / `meantForName`).
 */
export async function stepFor(trx: Trx, position: number, role: StepRole, approverId: string, state: StepState, options: ChainOptions = {}): Promise<ApprovalStep> {
  const approverName = await personName(trx, approverId);
  let deputy = await deputyOf(trx, approverId);
  if (deputy.deputyId !== null && deputy.deputyId === options.requesterId) deputy = { deputyId: null, deputyName: null };
  const base = { position, role, state, comment: null, decidedById: null, decidedByName: null, decidedAt: null };
  if (deputy.deputyId !== null) {
    const day = brusselsDay(options.now ?? new Date());
    if ((await absentOn(trx, approverId, day)) && !(await absentOn(trx, deputy.deputyId, day))) {
      return { ...base, approverId: deputy.deputyId, approverName: deputy.deputyName ?? deputy.deputyId, deputyId: null, deputyName: null, meantForId: approverId, meantForName: approverName, meantForReason: 'absent' };
    }
  }
  return { ...base, approverId, approverName, ...deputy };
}

/**
 * The chain of a personal request (leave, overtime, training, other, or a service-API request
 * without a named decider): one `head` step for the requester's manager in the directory, or for
 * `deciderId` when the caller names who must decide. Empty when nobody can decide (no manager):
 * the caller answers that with a clear error instead of storing a request nobody sees.
 */
export async function managerChain(trx: Trx, requesterId: string, deciderId?: string | null, options: ChainOptions = {}): Promise<ApprovalStep[]> {
  let approverId = deciderId ?? null;
  if (!approverId) {
    const me = await trx.selectFrom('people').select('manager_id').where('id', '=', requesterId).executeTakeFirst();
    approverId = me?.manager_id ?? null;
  }
  if (!approverId || approverId === requesterId) return [];
  return [await stepFor(trx, 1, 'head', approverId, 'waiting', { ...options, requesterId })];
}

/**
 * After a decision: the step that now waits, if its approver is away today by an approved leave and
 * the step has a deputy who is not, goes to that deputy (saying for whom). Steps built earlier
 * (e.g. a finance visum behind the head of department) are checked when they are reached.
 */
export async function routeWaiting(trx: Trx, request: ApprovalRequest, now: Date): Promise<ApprovalRequest> {
  const step = request.steps.find((s) => s.state === 'waiting');
  if (request.status !== 'open' || !step || !step.deputyId || step.meantForId) return request;
  const day = brusselsDay(now);
  if (!(await absentOn(trx, step.approverId, day)) || (await absentOn(trx, step.deputyId, day))) return request;
  const moved: ApprovalStep = {
    ...step,
    approverId: step.deputyId,
    approverName: step.deputyName ?? step.deputyId,
    deputyId: null,
    deputyName: null,
    meantForId: step.approverId,
    meantForName: step.approverName,
    meantForReason: 'absent',
  };
  return { ...request, steps: request.steps.map((s) => (s.position === step.position ? moved : s)) };
}

