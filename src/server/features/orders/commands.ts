/**
 * Order commands (from the desktop outbox):
 *   orders.transition  move an order through its status flow (machine.ts) as the user's rights
 *                      allow; the status the user saw differs -> `conflict`; illegal -> refused
 *                      with a clear message. Approval steps go through the linked approval request.
 *                      Submitting creates that request: head of department, then (when needed)
 *                      the financial director's visum.
 */
import type { ApprovalRequest, ApprovalStep } from '../../../shared/domain/approvals.js';
import { TransitionPayload, needsVisum, type OrderAction, type PurchaseOrder } from '../../../shared/domain/orders.js';
import { applied, defineCommand, reject } from '../define.js';
import type { CommandHandler, Trx } from '../types.js';
import { resubmit } from '../approvals/chain.js';
import { stepFor } from '../approvals/org-chain.js';
import { getRequest, insertRequest, updateRequest } from '../approvals/store.js';
import { STATUS_NL, transitionOrder } from './machine.js';
import { getOrder, putOrder, withStatus } from './store.js';

const CHAIN_ACTIONS: readonly OrderAction[] = ['approveHead', 'grantVisum', 'approve', 'refuse', 'reopen'];

/** The financial director of a municipality: the person of an account with the `finance` role. */
export async function financeDirector(trx: Trx, municipalityId: string): Promise<string | null> {
  const rows = await trx.selectFrom('users').select(['person_id', 'roles']).where('municipality_id', '=', municipalityId).orderBy('username').execute();
  return rows.find((r) => r.person_id && r.roles.includes('"finance"'))?.person_id ?? null;
}

export async function approvalChainFor(trx: Trx, order: PurchaseOrder, headId: string | null): Promise<ApprovalStep[]> {
  const steps: ApprovalStep[] = [];
  if (headId && headId !== order.requesterId) {
    steps.push(await stepFor(trx, 1, 'head', headId, 'waiting'));
  }
  const fd = needsVisum(order) ? await financeDirector(trx, order.municipalityId) : null;
  if (fd) {
    steps.push(await stepFor(trx, steps.length + 1, 'finance_visum', fd, steps.length ? 'upcoming' : 'waiting'));
  }
  return steps;
}

async function submitApproval(trx: Trx, order: PurchaseOrder, headId: string | null, byName: string, now: Date): Promise<string | null> {
  const existing = order.approvalId ? await getRequest(trx, order.approvalId) : null;
  if (existing && existing.status === 'sent_back') {
    const r = resubmit(existing, { personId: order.requesterId, name: byName });
    if (r.ok) await updateRequest(trx, r.request, existing.version, now);
    return existing.id;
  }
  const steps = await approvalChainFor(trx, order, headId);
  if (steps.length === 0) return order.approvalId;
  const request: ApprovalRequest = {
    id: `apr-${order.id}-${now.getTime().toString(36)}`,
    municipalityId: order.municipalityId,
    type: 'order',
    title: `Bestelbon ${order.number}: ${order.description}`.slice(0, 300),
    description: `${order.supplier.name} — ${order.lines.length} lijn(en)`,
    requesterId: order.requesterId,
    requesterName: order.requesterName,
    departmentId: order.departmentId,
    amountCents: order.totals.inclCents,
    dueDate: new Date(now.getTime() + 7 * 86_400_000).toISOString().slice(0, 10),
    createdAt: now.toISOString(),
    status: 'open',
    version: 1,
    steps,
    orderId: order.id,
  };
  await insertRequest(trx, request, now);
  return request.id;
}

export const ordersCommands: Record<string, CommandHandler> = {
  'orders.transition': defineCommand({
    payload: TransitionPayload,
    async handle({ trx, user, payload, now }) {
      const stored = await getOrder(trx, payload.orderId);
      const personId = user.personId;
      const isFinance = user.roles.includes('finance');
      const actor = {
        isRequester: !!stored && stored.order.requesterId === personId,
        isHead: !!stored && stored.headId !== null && stored.headId === personId,
        isFinance,
      };
      if (!stored || stored.order.municipalityId !== user.municipalityId || !(actor.isRequester || actor.isHead || actor.isFinance)) {
        return reject('not_found', 'Deze bestelling bestaat niet (meer) of is niet voor u bestemd.');
      }
      let order = stored.order;
      if (order.status !== payload.fromStatus) {
        const last = order.history.at(-1);
        return reject('conflict', `Deze bestelling kreeg intussen de status "${STATUS_NL[order.status]}"${last ? ` (door ${last.byName})` : ''}. Uw actie werd niet uitgevoerd.`);
      }
      if (CHAIN_ACTIONS.includes(payload.action) && order.approvalId) {
        const approval = await getRequest(trx, order.approvalId);
        if (approval && approval.status === 'open') {
          return reject('use_approval', 'Over deze bestelling wordt beslist via haar aanvraag in Goedkeuringen.');
        }
      }
      const r = transitionOrder(order, payload.action, actor);
      if (!r.ok) return reject(r.reason, r.message);
      order = withStatus(order, r.to, user.displayName, payload.comment, now);
      if (payload.action === 'submit') order = { ...order, approvalId: await submitApproval(trx, order, stored.headId, user.displayName, now) };
      const saved = await putOrder(trx, order, stored.headId, now);
      return applied({ orderId: saved.id, status: saved.status, approvalId: saved.approvalId });
    },
  }),
};
