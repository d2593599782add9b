/**
 * Reading and writing purchase orders. Totals are always recomputed from the lines on write (a
 * stored order never disagrees with its lines); every write records its change in the same trx.
 */
import { PurchaseOrder, computeTotals, type OrderStatus } from '../../../shared/domain/orders.js';
import { recordChange } from '../../sync/changes.js';
import type { Trx } from '../types.js';
import type { OrderTables } from './tables.js';

export interface StoredOrder {
  order: PurchaseOrder;
  headId: string | null;
  /** The desktop whose draft save wrote last (see tables.ts). */
  draftClient: string | null;
}

export async function getOrder(trx: Trx, id: string): Promise<StoredOrder | null> {
  const row = await trx.withTables<OrderTables>().selectFrom('purchase_orders').select(['data', 'head_id', 'draft_client']).where('id', '=', id).executeTakeFirst();
  return row ? { order: PurchaseOrder.parse(JSON.parse(row.data)), headId: row.head_id, draftClient: row.draft_client } : null;
}

/** `draftClient`: set by a draft save (its client id) or kept by an upload; any other write clears it. */
export async function putOrder(trx: Trx, order: PurchaseOrder, headId: string | null, now: Date, draftClient: string | null = null): Promise<PurchaseOrder> {
  const row = PurchaseOrder.parse({ ...order, totals: computeTotals(order.lines), updatedAt: now.toISOString() });
  const values = {
    municipality_id: row.municipalityId,
    requester_id: row.requesterId,
    department_id: row.departmentId,
    head_id: headId,
    status: row.status,
    approval_id: row.approvalId,
    updated_at: row.updatedAt,
    data: JSON.stringify(row),
    draft_client: draftClient,
  };
  await trx
    .withTables<OrderTables>()
    .insertInto('purchase_orders')
    .values({ id: row.id, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
  await recordChange(trx, { collection: 'purchaseOrders', id: row.id, tenant: row.municipalityId });
  return row;
}

/** A status change with its history entry. */
export function withStatus(order: PurchaseOrder, status: OrderStatus, byName: string, comment: string | null, now: Date): PurchaseOrder {
  return { ...order, status, history: [...order.history, { status, at: now.toISOString(), byName, comment: comment || null }] };
}

export async function nextOrderNumber(trx: Trx, municipalityId: string, year: number): Promise<string> {
  const db = trx.withTables<OrderTables>();
  const current = await db.selectFrom('order_numbers').select('last').where('municipality_id', '=', municipalityId).where('year', '=', year).executeTakeFirst();
  const last = (current?.last ?? 0) + 1;
  if (current) await db.updateTable('order_numbers').set({ last }).where('municipality_id', '=', municipalityId).where('year', '=', year).execute();
  else await db.insertInto('order_numbers').values({ municipality_id: municipalityId, year, last }).execute();
  return `BB-${year}-${String(last).padStart(5, '0')}`;
}
