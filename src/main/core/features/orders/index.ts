/**
 * Purchase orders in the cache (the server sends only what the user may see: own orders, the
 * department's for its head, all for finance). Lists by scope and status, one order with lines,
 * totals and history.
 */
import { PurchaseOrder } from '../../../../shared/domain/orders.js';
import type { OrderSummary } from '../../../../shared/contract/orders.js';
import type { CacheMigration } from '../types.js';
import { defineFeature } from '../types.js';

const CLOSED = ['afgesloten', 'geweigerd', 'geannuleerd'];

const migrations: CacheMigration[] = [
  {
    version: 1,
    name: 'purchase orders',
    up(db) {
      db.exec(`
        CREATE TABLE purchase_orders (
          id TEXT PRIMARY KEY,
          status TEXT NOT NULL,
          requester_id TEXT NOT NULL,
          department_id TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          data TEXT NOT NULL
        );
      `);
    },
  },
];

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
  migrations,
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
      return row ? (JSON.parse(row.data) as PurchaseOrder) : null;
    },
  }),
});
