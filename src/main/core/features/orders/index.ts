/**
 * Purchase orders in the cache (the server sends only what the user may see: own orders, the
 * department's for its head, all for finance). Lists by scope and status, one order with lines,
 * totals and history.
 */
import { PurchaseOrder, TransitionPayload } from '../../../../shared/domain/orders.js';
import type { OrderActionState, OrderSummary } from '../../../../shared/contract/orders.js';
import { PopError } from '../../../../shared/ipc/contract.js';
import type { CacheDb } from '../types.js';
import { defineFeature } from '../types.js';
import { ordersMigrations } from './migrations.js';

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

export function toSummary(o: PurchaseOrder): OrderSummary {
  return {
    id: o.id,
    number: o.number,
    description: o.description,
    status: o.status,
    requesterId: o.requesterId,
    requesterName: o.requesterName,
    departmentId: o.departmentId,
    departmentName: o.departmentName,
    totals: o.totals,
    approvalId: o.approvalId,
    updatedAt: o.updatedAt,
    supplierName: o.supplier.name,
  };
}

export const ordersFeature = defineFeature({
  name: 'orders',
  migrations: ordersMigrations,
  collections: {
    purchaseOrders: {
      upsert(db, row) {
        db.prepare(
          `INSERT INTO purchase_orders (id, status, requester_id, department_id, updated_at, data) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET status = excluded.status, requester_id = excluded.requester_id,
             department_id = excluded.department_id, updated_at = excluded.updated_at, data = excluded.data`,
        ).run(row.id, row.status, row.requesterId, row.departmentId, row.updatedAt, JSON.stringify(row));
      },
      delete(db, id) {
        db.prepare('DELETE FROM purchase_orders WHERE id = ?').run(id);
      },
      clear(db) {
        db.exec('DELETE FROM purchase_orders');
      },
    },
  },
  handlers: (ctx) => ({
    'orders.list': ({ scope, status, limit }) => {
      const personId = ctx.requireUser().personId ?? '';
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
      return (ctx.db.prepare(sql).all(...params, limit) as { data: string }[]).map((r) => toSummary(JSON.parse(r.data) as PurchaseOrder));
    },
    'orders.get': ({ id }) => {
      const row = ctx.db.prepare('SELECT data FROM purchase_orders WHERE id = ?').get(id) as { data: string } | undefined;
      return row ? { ...(JSON.parse(row.data) as PurchaseOrder), myAction: myAction(ctx.db, id, ctx.requireUser().personId) } : null;
    },
    'orders.act': ({ orderId, action, comment }) => {
      const personId = ctx.requireUser().personId;
      const row = ctx.db.prepare('SELECT status FROM purchase_orders WHERE id = ?').get(orderId) as { status: string } | undefined;
      if (!row) throw new PopError('not_found', `No purchase order ${orderId}`);
      const payload = TransitionPayload.parse({ orderId, action, fromStatus: row.status, comment });
      const pending = ctx.db.prepare("SELECT 1 FROM order_actions WHERE order_id = ? AND from_status = ? AND status = 'pending'").get(orderId, row.status);
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
  }),
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
