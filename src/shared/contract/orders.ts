/**
 * Purchase orders: contract methods (renderer <-> desktop core), read from the cache.
 */
import { z } from 'zod';
import { Id } from '../domain/directory.js';
import { OrderStatus, PurchaseOrder } from '../domain/orders.js';

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
  'orders.get': { input: z.object({ id: Id }).strict(), output: PurchaseOrder.nullable() },
} as const;
