/**
 * Purchase orders in the cache (the server sends only what the user may see: own orders, the
 * department's for its head, all for finance) merged with my draft saves in the outbox (views.ts).
 * Lists by scope and status, one order with lines, totals and history; drafts are made and edited
 * offline (`orders.saveDraft`, client-made UUID; the server gives the BB-number); finance's queue;
 * budget keys (synced `budgetKeys`); supplier suggestions from the orders I can see; attachments
 * online through the backend.
 */
import { stmt } from '../../cache/statements.js';
import { randomUUID } from 'node:crypto';
import {
  ATTACHMENT_MAX_BYTES,
  AttachmentContent,
  FINANCE_STEPS,
  OrderAttachment,
  PublishedBudgetKey,
  SaveDraftPayload,
  TransitionPayload,
  needsVisum,
  sniffAttachmentType,
  type Supplier,
} from '../../../../shared/domain/orders.js';
import type { FinanceQueueItem, OrderActionState, OrderSummary } from '../../../../shared/contract/orders.js';
import { PopError } from '../../../../shared/ipc/contract.js';
import type { CacheDb } from '../types.js';
import { defineFeature } from '../types.js';
import { ordersMigrations } from './migrations.js';
import { cachedOrder, latestDrafts, orderView, parseCached, SAVE_DRAFT, toSummary } from './views.js';

interface ActionRow {
  action: OrderActionState['action'];
  from_status: OrderActionState['fromStatus'];
  status: OrderActionState['status'];
  reason: string | null;
  message: string | null;
  at: string;
}

function myAction(db: CacheDb, orderId: string, personId: string | null): OrderActionState | null {
  const r = db.prepare('SELECT * FROM order_actions WHERE order_id = ? AND person_id = ? ORDER BY at DESC LIMIT 1').get(orderId, personId) as ActionRow | undefined;
  return r ? { action: r.action, fromStatus: r.from_status, status: r.status, reason: r.reason, message: r.message, at: r.at } : null;
}

const CLOSED = ['afgesloten', 'geweigerd', 'geannuleerd'];

export { toSummary };

export const ordersFeature = defineFeature({
  name: 'orders',
  migrations: ordersMigrations,
  collections: {
    purchaseOrders: {
      upsert(db, row) {
        stmt(db,
          `INSERT INTO purchase_orders (id, status, requester_id, department_id, updated_at, data) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET status = excluded.status, requester_id = excluded.requester_id,
             department_id = excluded.department_id, updated_at = excluded.updated_at, data = excluded.data`,
        ).run(row.id, row.status, row.requesterId, row.departmentId, row.updatedAt, JSON.stringify(row));
      },
      delete(db, id) {
        stmt(db, 'DELETE FROM purchase_orders WHERE id = ?').run(id);
      },
      clear(db) {
        db.exec('DELETE FROM purchase_orders');
      },
    },
    budgetKeys: {
      upsert(db, row) {
        stmt(db,
          `INSERT INTO order_budget_keys (id, active, label, data) VALUES (?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET active = excluded.active, label = excluded.label, data = excluded.data`,
        ).run(row.id, row.active ? 1 : 0, row.label, JSON.stringify(row));
      },
      delete(db, id) {
        stmt(db, 'DELETE FROM order_budget_keys WHERE id = ?').run(id);
      },
      clear(db) {
        db.exec('DELETE FROM order_budget_keys');
      },
    },
  },
  handlers: (ctx) => {
    const drafts = () => latestDrafts(ctx.db, ctx.commands({ type: SAVE_DRAFT, limit: 1000 }));

    function detail(id: string) {
      const user = ctx.requireUser();
      const view = orderView(ctx.db, user, cachedOrder(ctx.db, id), drafts().get(id));
      return view ? { ...view, myAction: myAction(ctx.db, id, user.personId) } : null;
    }

    return {
      'orders.list': ({ scope, status, limit }) => {
        const user = ctx.requireUser();
        const personId = user.personId ?? '';
        const dept = (ctx.db.prepare('SELECT department_id FROM dir_people WHERE id = ?').get(personId) as { department_id: string } | undefined)?.department_id ?? '';
        const where: string[] = [];
        const params: (string | number)[] = [];
        if (scope === 'mine') {
          where.push('requester_id = ?');
          params.push(personId);
        } else if (scope === 'department') {
          where.push('department_id = ?');
          params.push(dept);
        }
        if (status === 'open') {
          where.push(`status NOT IN (${CLOSED.map(() => '?').join(', ')})`);
          params.push(...CLOSED);
        } else if (status) {
          where.push('status = ?');
          params.push(status);
        }
        const sql = `SELECT data FROM purchase_orders ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY updated_at DESC, id LIMIT ?`;
        const local = drafts();
        const rows = (ctx.db.prepare(sql).all(...params, limit) as { data: string }[]).map((r) => parseCached(r.data));
        const out: OrderSummary[] = [];
        // my drafts the server has not sent back yet (new ones first: they have no number yet)
        if (!status || status === 'open' || status === 'ontwerp') {
          for (const d of local.values()) {
            if (cachedOrder(ctx.db, d.orderId)) continue;
            const view = orderView(ctx.db, user, null, d);
            if (view && (scope !== 'department' || view.departmentId === dept)) out.push(toSummary(view));
          }
        }
        for (const o of rows) out.push(toSummary(orderView(ctx.db, user, o, local.get(o.id))!));
        return out.slice(0, limit);
      },
      'orders.get': ({ id }) => detail(id),
      'orders.act': ({ orderId, action, comment }) => {
        const personId = ctx.requireUser().personId;
        const view = detail(orderId);
        if (!view) throw new PopError('not_found', `No purchase order ${orderId}`);
        if (view.draftState?.status === 'rejected' && !view.number) throw new PopError('conflict', 'This draft was refused by the server: save it again first');
        const payload = TransitionPayload.parse({ orderId, action, fromStatus: view.status, comment });
        const pending = ctx.db.prepare("SELECT 1 FROM order_actions WHERE order_id = ? AND from_status = ? AND status = 'pending'").get(orderId, view.status);
        if (pending) throw new PopError('conflict', 'An action on this order is still waiting to be sent');
        ctx.enqueue('orders.transition', payload, (db) => {
          db.prepare(
            `INSERT INTO order_actions (order_id, from_status, person_id, action, status, reason, message, at) VALUES (?, ?, ?, ?, 'pending', NULL, NULL, ?)
             ON CONFLICT(order_id, from_status) DO UPDATE SET person_id = excluded.person_id, action = excluded.action,
               status = 'pending', reason = NULL, message = NULL, at = excluded.at`,
          ).run(orderId, payload.fromStatus, personId, action, ctx.now().toISOString());
        });
        return myAction(ctx.db, orderId, personId)!;
      },
      'orders.saveDraft': ({ orderId, draft }) => {
        const user = ctx.requireUser();
        if (!user.personId) throw new PopError('forbidden', 'Your account is not linked to a staff member');
        const id = orderId ?? randomUUID();
        const cached = orderId ? cachedOrder(ctx.db, orderId) : null;
        if (orderId) {
          const view = detail(orderId);
          if (!view) throw new PopError('not_found', `No purchase order ${orderId}`);
          if (!view.editable) throw new PopError('conflict', 'Only your own draft can be edited');
          const act = myAction(ctx.db, orderId, user.personId);
          if (act?.status === 'pending' && act.fromStatus === 'ontwerp') throw new PopError('conflict', 'This draft is being submitted');
        }
        // The copy I edited: the server's (pulled) one; my own saves still on their way build on it.
        const payload = SaveDraftPayload.parse({ orderId: id, baseUpdatedAt: cached?.updatedAt ?? null, draft });
        ctx.enqueue(SAVE_DRAFT, payload);
        return detail(id)!;
      },
      'orders.discardDraft': ({ orderId }) => {
        ctx.requireUser();
        const view = detail(orderId);
        // only a new draft the server refused: it exists nowhere but here (a saved draft is cancelled instead)
        if (!view || view.number || view.draftState?.status !== 'rejected') throw new PopError('conflict', 'Only a refused new draft can be thrown away');
        ctx.db.prepare('INSERT OR IGNORE INTO order_discarded (order_id, at) VALUES (?, ?)').run(orderId, ctx.now().toISOString());
        return { ok: true as const };
      },
      'orders.budgetKeys': () => {
        ctx.requireUser();
        const rows = ctx.db.prepare('SELECT data FROM order_budget_keys WHERE active = 1 ORDER BY label, id').all() as { data: string }[];
        return rows.map((r) => PublishedBudgetKey.parse(JSON.parse(r.data)));
      },
      'orders.suppliers': ({ query, limit }) => {
        ctx.requireUser();
        const q = query.toLocaleLowerCase('nl-BE');
        const digits = query.replace(/[\s.]/g, '').replace(/^BE/i, '');
        const rows = ctx.db.prepare('SELECT data FROM purchase_orders ORDER BY updated_at DESC').all() as { data: string }[];
        const seen = new Map<string, Supplier>();
        for (const r of rows) {
          const s = parseCached(r.data).supplier;
          if (seen.has(s.enterpriseNumber)) continue;
          const hit = !q || s.name.toLocaleLowerCase('nl-BE').split(/\s+/).some((w) => w.startsWith(q)) || s.name.toLocaleLowerCase('nl-BE').startsWith(q) || (digits.length >= 2 && s.enterpriseNumber.startsWith(digits));
          if (hit) seen.set(s.enterpriseNumber, s);
          if (seen.size >= limit) break;
        }
        return [...seen.values()];
      },
      'orders.financeQueue': () => {
        const user = ctx.requireUser();
        if (!user.roles.includes('finance')) throw new PopError('forbidden', 'The finance queue is for finance');
        const rows = ctx.db.prepare("SELECT data FROM purchase_orders WHERE status IN ('goedgekeurd_diensthoofd', 'geleverd', 'gefactureerd', 'betaalbaar_gesteld') ORDER BY updated_at, id").all() as { data: string }[];
        const out: FinanceQueueItem[] = [];
        for (const r of rows) {
          const o = parseCached(r.data);
          const step = o.status === 'goedgekeurd_diensthoofd' ? (needsVisum(o) ? 'grantVisum' : null) : FINANCE_STEPS[o.status];
          if (step === 'grantVisum' || step === 'invoice' || step === 'authorizePayment' || step === 'close') out.push({ ...toSummary({ ...o, draftState: null, editable: false }), financeAction: step });
        }
        return out;
      },
      'orders.attach': async ({ orderId, filename, contentBase64 }) => {
        ctx.requireUser();
        const view = detail(orderId);
        if (!view?.number || (view.draftState?.status === 'pending' && !cachedOrder(ctx.db, orderId))) throw new PopError('conflict', 'Save the order (online) before adding attachments');
        const bytes = Buffer.from(contentBase64, 'base64');
        if (bytes.length > ATTACHMENT_MAX_BYTES) throw new PopError('invalid_input', 'The attachment is too large');
        if (!sniffAttachmentType(bytes)) throw new PopError('invalid_input', 'Only PDF, PNG and JPEG files can be attached');
        return ctx.backend.request('POST', `/api/v1/orders/${encodeURIComponent(orderId)}/attachments`, { body: { filename, contentBase64 }, schema: OrderAttachment });
      },
      'orders.attachment': ({ orderId, attachmentId }) => {
        ctx.requireUser();
        return ctx.backend.request('GET', `/api/v1/orders/${encodeURIComponent(orderId)}/attachments/${encodeURIComponent(attachmentId)}`, { schema: AttachmentContent });
      },
    };
  },
  onCommandResult(db, command, result) {
    const payload = TransitionPayload.safeParse(command.payload);
    if (command.type !== 'orders.transition' || !payload.success) return;
    db.prepare('UPDATE order_actions SET status = ?, reason = ?, message = ? WHERE order_id = ? AND from_status = ?').run(
      result.status === 'applied' ? 'applied' : 'rejected',
      result.status === 'rejected' ? result.reason : null,
      result.status === 'rejected' ? result.message : null,
      payload.data.orderId,
      payload.data.fromStatus,
    );
  },
});

