/**
 * Order commands (from the desktop outbox):
 *   orders.transition  move an order through its status flow (machine.ts) as the user's rights
 *                      allow; the status the user saw differs -> `conflict`; illegal -> refused
 *                      with a clear message. Approval steps go through the linked approval request.
 *                      Submitting creates that request: head of department, then (when needed)
 *                      the financial director's visum. The head of the department's own order
 *                      counts as approved by the head at once (no step asking them to approve
 *                      themselves): it goes straight to the visum, or is approved when none is needed.
 *   orders.saveDraft   create (client-made id; the server gives the BB-number, per municipality and
 *                      year) or update a draft: only the requester, only while `ontwerp`, only with a
 *                      budget key finance published; an edit based on an older copy than the
 *                      server's is a `conflict` unless the newer copy came from this same desktop.
 */
import type { ApprovalRequest, ApprovalStep } from '../../../shared/domain/approvals.js';
import { SaveDraftPayload, TransitionPayload, needsVisum, type OrderAction, type PurchaseOrder } from '../../../shared/domain/orders.js';
import { applied, defineCommand, reject } from '../define.js';
import type { CommandHandler, Trx } from '../types.js';
import { resubmit } from '../approvals/chain.js';
import { stepFor } from '../approvals/org-chain.js';
import { visumThresholdOf } from './settings.js';
import { getRequest, insertRequest, updateRequest } from '../approvals/repository.js';
import { STATUS_NL, transitionOrder } from './machine.js';
import { activeBudgetKey } from './budget-keys.js';
import { getOrder, nextOrderNumber, putOrder, withStatus } from './repository.js';

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
      // The municipality's visum threshold in force now goes with the order (its rules stay put).
      if (payload.action === 'submit') order = { ...order, visumThresholdCents: await visumThresholdOf(trx, order.municipalityId) };
      const r = transitionOrder(order, payload.action, actor);
      if (!r.ok) return reject(r.reason, r.message);
      order = withStatus(order, r.to, user.displayName, payload.comment, now);
      if (payload.action === 'submit') {
        const ownHead = stored.headId !== null && stored.headId === order.requesterId;
        if (ownHead) order = withStatus(order, 'goedgekeurd_diensthoofd', user.displayName, 'Aangevraagd door het diensthoofd zelf.', now);
        order = { ...order, approvalId: await submitApproval(trx, order, stored.headId, user.displayName, now) };
        // Nobody else needs to decide (own order, no visum needed): approved at once.
        if (ownHead && order.status === 'goedgekeurd_diensthoofd' && !needsVisum(order)) order = withStatus(order, 'goedgekeurd', user.displayName, null, now);
      }
      const saved = await putOrder(trx, order, stored.headId, now);
      return applied({ orderId: saved.id, status: saved.status, approvalId: saved.approvalId });
    },
  }),
  'orders.saveDraft': defineCommand({
    payload: SaveDraftPayload,
    async handle({ trx, user, payload, now, clientId }) {
      const { orderId, baseUpdatedAt, draft } = payload;
      const personId = user.personId;
      if (!personId) return reject('no_person', 'Uw account is niet gekoppeld aan een medewerker: u kunt geen bestelbon opmaken.');
      const key = await activeBudgetKey(trx, user.municipalityId, draft.budgetKey);
      if (!key) return reject('unknown_budget_key', 'Deze budgetsleutel is niet (meer) gepubliceerd door financiën. Kies een andere budgetsleutel.');
      const fields = { ...draft, budgetKey: { action: key.action, policyItem: key.policyItem, generalAccount: key.generalAccount } };
      const stored = await getOrder(trx, orderId);
      if (!stored) {
        if (baseUpdatedAt !== null) return reject('not_found', 'Deze bestelbon bestaat niet (meer).');
        const me = await trx.selectFrom('people').select(['department_id']).where('id', '=', personId).executeTakeFirst();
        if (!me) return reject('no_person', 'Uw account is niet gekoppeld aan een medewerker: u kunt geen bestelbon opmaken.');
        const department = await trx.selectFrom('departments').select(['name']).where('id', '=', me.department_id).executeTakeFirst();
        const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric' }).format(now));
        const order: PurchaseOrder = {
          id: orderId,
          municipalityId: user.municipalityId,
          number: await nextOrderNumber(trx, user.municipalityId, year),
          ...fields,
          totals: { exclCents: 0, vatCents: 0, inclCents: 0 },
          commitmentNumber: null,
          requesterId: personId,
          requesterName: user.displayName,
          departmentId: me.department_id,
          departmentName: department?.name ?? '',
          status: 'ontwerp',
          history: [{ status: 'ontwerp', at: now.toISOString(), byName: user.displayName, comment: null }],
          approvalId: null,
          updatedAt: now.toISOString(),
          attachments: [],
        };
        const saved = await putOrder(trx, order, await departmentHead(trx, personId), now, clientId);
        return applied({ orderId: saved.id, number: saved.number, updatedAt: saved.updatedAt });
      }
      const order = stored.order;
      if (order.municipalityId !== user.municipalityId) return reject('not_found', 'Deze bestelbon bestaat niet (meer).');
      if (order.requesterId !== personId) return reject('forbidden', 'Alleen wie de bestelbon opmaakte, kan het ontwerp wijzigen.');
      if (order.status !== 'ontwerp') {
        return reject('not_editable', `Bestelbon ${order.number} heeft intussen de status "${STATUS_NL[order.status]}" en kan niet meer gewijzigd worden.`);
      }
      if (baseUpdatedAt !== order.updatedAt && stored.draftClient !== clientId) {
        const last = order.history.at(-1);
        return reject('conflict', `Bestelbon ${order.number} werd intussen elders gewijzigd${last ? ` (door ${last.byName})` : ''}. Open hem opnieuw en breng uw wijziging opnieuw aan.`);
      }
      const saved = await putOrder(trx, { ...order, ...fields }, stored.headId, now, clientId);
      return applied({ orderId: saved.id, number: saved.number, updatedAt: saved.updatedAt });
    },
  }),
};

/**
 * Head of a person's department: walk up the managers while they are in the same department (the
 * first one whose manager works elsewhere, or has none). A head is their own department's head.
 */
export async function departmentHead(trx: Trx, personId: string): Promise<string | null> {
  let current = await trx.selectFrom('people').select(['id', 'department_id', 'manager_id']).where('id', '=', personId).executeTakeFirst();
  if (!current) return null;
  const department = current.department_id;
  for (let i = 0; i < 50 && current.manager_id; i++) {
    const manager = await trx.selectFrom('people').select(['id', 'department_id', 'manager_id']).where('id', '=', current.manager_id).executeTakeFirst();
    if (!manager || manager.department_id !== department) break;
    current = manager;
  }
  return current.id;
}
