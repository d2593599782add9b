/**
 * Purchase orders: contract methods (renderer <-> desktop core), read from the cache.
 */
import { z } from 'zod';
import { Id } from '../domain/directory.js';
import { OrderAction, OrderStatus, PurchaseOrder } from '../domain/orders.js';

export const OrderScope = z.enum(['mine', 'department', 'all']);
export type OrderScope = z.infer<typeof OrderScope>;

export const OrderSummary = PurchaseOrder.pick({
  id: true,
  number: true,
  description: true,
  status: true,
  requesterId: true,
  requesterName: true,
  departmentId: true,
  departmentName: true,
  totals: true,
  approvalId: true,
  updatedAt: true,
}).extend({ supplierName: z.string() });
export type OrderSummary = z.infer<typeof OrderSummary>;

/** My latest action on an order as the desktop knows it (outbox: pending, then applied / rejected). */
export const OrderActionState = z.object({
  action: OrderAction,
  fromStatus: OrderStatus,
  status: z.enum(['pending', 'applied', 'rejected']),
  reason: z.string().nullable(),
  message: z.string().nullable(),
  at: z.string(),
});
export type OrderActionState = z.infer<typeof OrderActionState>;

export const OrderDetail = PurchaseOrder.extend({ myAction: OrderActionState.nullable() });
export type OrderDetail = z.infer<typeof OrderDetail>;

export const ordersContract = {
  'orders.list': {
    input: z
      .object({
        scope: OrderScope.default('mine'),
        /** A status, or "open" for everything not closed, refused or cancelled. */
        status: z.union([OrderStatus, z.literal('open')]).optional(),
        limit: z.number().int().min(1).max(500).default(200),
      })
      .strict(),
    output: z.array(OrderSummary),
  },
  'orders.get': { input: z.object({ id: Id }).strict(), output: OrderDetail.nullable() },
  /** Move an order on (e.g. delivered) through the outbox; the server checks the status flow and rights. */
  'orders.act': {
    input: z.object({ orderId: Id, action: OrderAction, comment: z.string().trim().max(2000).default('') }).strict(),
    output: OrderActionState,
  },
} as const;
