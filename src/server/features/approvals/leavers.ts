/**
 * A directory import removed people (leavers): every step still to be decided by one of them moves
 * to the step's deputy, or else to the leaver's nearest remaining manager. The step keeps who it
 * was meant for (`meantForId` / `meantForName`). A leaver who was only a deputy is taken off.
 * Requests are written through `updateRequest` (new version, participants, sync change).
 */
import type { ApprovalRequest, ApprovalStep } from '../../../shared/domain/approvals.js';
import type { PeopleRemovedContext } from '../types.js';
import { getRequest, updateRequest } from './repository.js';
import type { ApprovalTables } from './tables.js';

const PENDING: ReadonlySet<ApprovalStep['state']> = new Set(['waiting', 'upcoming', 'sent_back']);

export async function moveApprovalsOfLeavers(ctx: PeopleRemovedContext): Promise<void> {
  const { trx, removed, now, municipalityId } = ctx;
  if (removed.length === 0) return;
  const gone = new Map(removed.map((r) => [r.personId, r]));
  const ids = new Set<string>();
  const all = [...gone.keys()];
  for (let i = 0; i < all.length; i += 400) {
    const rows = await trx
      .withTables<ApprovalTables>()
      .selectFrom('approval_requests as r')
      .innerJoin('approval_participants as p', 'p.request_id', 'r.id')
      .select('r.id')
      .where('r.municipality_id', '=', municipalityId)
      .where('r.status', 'in', ['open', 'sent_back'])
      .where('p.person_id', 'in', all.slice(i, i + 400))
      .execute();
    for (const r of rows) ids.add(r.id);
  }
  for (const id of [...ids].sort()) {
    const request = await getRequest(trx, id);
    if (!request) continue;
    let touched = false;
    const steps = request.steps.map((step): ApprovalStep => {
      if (!PENDING.has(step.state)) return step;
      const leaver = gone.get(step.approverId);
      if (leaver) {
        const deputyStays = step.deputyId !== null && !gone.has(step.deputyId);
        const toId = deputyStays ? step.deputyId! : leaver.successorId;
        const toName = deputyStays ? (step.deputyName ?? '') : (leaver.successorName ?? '');
        if (!toId) {
          ctx.warn(`request ${id}: step ${step.position} has no deputy or manager to take over; it stays with the removed person`);
          return step;
        }
        touched = true;
        return {
          ...step,
          approverId: toId,
          approverName: toName,
          deputyId: null,
          deputyName: null,
          meantForId: step.meantForId ?? leaver.personId,
          meantForName: step.meantForName ?? leaver.name,
        };
      }
      if (step.deputyId !== null && gone.has(step.deputyId)) {
        touched = true;
        return { ...step, deputyId: null, deputyName: null };
      }
      return step;
    });
    if (!touched) continue;
    const next: ApprovalRequest = { ...request, steps, version: request.version + 1 };
    await updateRequest(trx, next, request.version, now);
  }
}
