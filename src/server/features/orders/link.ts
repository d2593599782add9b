/**
 * An order's approval runs through its approval request: each decision on the chain moves the
 * linked order through the state machine (machine.ts), in the same transaction.
 *   head approves          -> approveHead   (goedgekeurd door diensthoofd)
 *   finance visum approves -> grantVisum    (visum financieel directeur)
 *   last step approves     -> approve       (goedgekeurd)
 *   refused                -> refuse        (geweigerd)
 *   sent back              -> reopen        (back to ontwerp, with the requester)
 */
import type { ApprovalStep } from '../../../shared/domain/approvals.js';
import type { OrderAction } from '../../../shared/domain/orders.js';
import type { Trx } from '../types.js';
import { transitionOrder } from './machine.js';
import { getOrder, putOrder, withStatus } from './repository.js';

export type LinkOutcome = { ok: true } | { ok: false; reason: string; message: string };

export function orderActionsFor(step: ApprovalStep, completed: boolean): OrderAction[] {
  if (step.state === 'refused') return ['refuse'];
  if (step.state === 'sent_back') return ['reopen'];
  if (step.state !== 'approved') return [];
  const actions: OrderAction[] = [];
  if (step.role === 'head') actions.push('approveHead');
  if (step.role === 'finance_visum') actions.push('grantVisum');
  if (completed) actions.push('approve');
  return actions;
}

/** The chain already checked who decided: the order machine only checks the order's own rules. */
const CHAIN_AUTHORITY = { isRequester: false, isHead: true, isFinance: true };

export async function applyDecisionToOrder(trx: Trx, orderId: string, step: ApprovalStep, completed: boolean, now: Date): Promise<LinkOutcome> {
  const stored = await getOrder(trx, orderId);
  if (!stored) return { ok: true };
  let order = stored.order;
  for (const action of orderActionsFor(step, completed)) {
    const r = transitionOrder(order, action, CHAIN_AUTHORITY);
    if (!r.ok) return { ok: false, reason: r.reason === 'illegal_transition' ? 'conflict' : r.reason, message: r.message };
    order = withStatus(order, r.to, step.decidedByName ?? '', step.comment, now);
  }
  await putOrder(trx, order, stored.headId, now);
  return { ok: true };
}

/** A sent-back request resubmitted by the requester submits the order again. */
export async function resubmitOrder(trx: Trx, orderId: string, byName: string, now: Date): Promise<LinkOutcome> {
  const stored = await getOrder(trx, orderId);
  if (!stored) return { ok: true };
  const r = transitionOrder(stored.order, 'submit', { isRequester: true, isHead: false, isFinance: false });
  if (!r.ok) return { ok: false, reason: r.reason === 'illegal_transition' ? 'conflict' : r.reason, message: r.message };
  await putOrder(trx, withStatus(stored.order, r.to, byName, null, now), stored.headId, now);
  return { ok: true };
}
