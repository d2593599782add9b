/**
 * Purchase orders (bestelbonnen): supplier, lines with VAT, BBC budget key, status with history.
 * Runs anywhere: imports only zod and shared formats.
 */
import { z } from 'zod';
import { Id } from './directory.js';
import { IsoDateTime } from './agenda.js';
import { isValidEnterpriseNumber } from '../format/enterprise-number.js';

export const VatRate = z.union([z.literal(0), z.literal(6), z.literal(12), z.literal(21)]);
export type VatRate = z.infer<typeof VatRate>;

export const ORDER_STATUSES = [
  'ontwerp',
  'ingediend',
  'goedgekeurd_diensthoofd',
  'visum_financieel_directeur',
  'goedgekeurd',
  'besteld',
  'deels_geleverd',
  'geleverd',
  'gefactureerd',
  'betaalbaar_gesteld',
  'afgesloten',
  'geweigerd',
  'geannuleerd',
] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** What moves an order from one status to the next (see src/server/features/orders/machine.ts). */
export const ORDER_ACTIONS = [
  'submit',
  'approveHead',
  'grantVisum',
  'approve',
  'placeOrder',
  'deliverPartial',
  'deliver',
  'invoice',
  'authorizePayment',
  'close',
  'refuse',
  'cancel',
  'reopen',
] as const;
export const OrderAction = z.enum(ORDER_ACTIONS);
export type OrderAction = z.infer<typeof OrderAction>;

/** Kinds of purchase; `investment` always needs the financial director's visum. */
export const OrderCategory = z.enum(['supplies', 'services', 'works', 'investment']);
export type OrderCategory = z.infer<typeof OrderCategory>;

export const EnterpriseNumber = z
  .string()
  .regex(/^[01]\d{9}$/, 'enterprise number: 10 digits expected')
  .refine(isValidEnterpriseNumber, 'enterprise number: mod-97 check fails');

export const Supplier = z.object({
  name: z.string().min(1).max(200),
  address: z.string().max(300),
  /** 10 digits, stored without dots; shown "0123.456.749". */
  enterpriseNumber: EnterpriseNumber,
});
export type Supplier = z.infer<typeof Supplier>;

export const OrderLine = z.object({
  description: z.string().min(1).max(300),
  /** Up to 3 decimals (e.g. 2.5 m³). */
  quantity: z.number().positive().max(1e6).refine((q) => Math.round(q * 1000) === q * 1000, 'quantity: at most 3 decimals'),
  unitPriceCents: z.number().int().min(0).max(1e11),
  vatRate: VatRate,
});
export type OrderLine = z.infer<typeof OrderLine>;

/** BBC budget key: action, policy item (beleidsitem, 4 digits e.g. "0119"), general account (7 digits). */
export const BudgetKey = z.object({
  action: z.string().regex(/^[A-Z0-9.]{1,20}$/),
  policyItem: z.string().regex(/^\d{4}$/),
  generalAccount: z.string().regex(/^\d{7}$/),
});
export type BudgetKey = z.infer<typeof BudgetKey>;

export const OrderTotals = z.object({
  exclCents: z.number().int(),
  vatCents: z.number().int(),
  inclCents: z.number().int(),
});
export type OrderTotals = z.infer<typeof OrderTotals>;

export const OrderHistoryEntry = z.object({
  status: OrderStatus,
  at: IsoDateTime,
  byName: z.string().max(160),
  comment: z.string().max(2000).nullable(),
});
export type OrderHistoryEntry = z.infer<typeof OrderHistoryEntry>;

/** "BB-2026-00042". */
export const OrderNumber = z.string().regex(/^BB-\d{4}-\d{5}$/, 'order number like BB-2026-00042 expected');

export const PurchaseOrder = z.object({
  id: Id,
  municipalityId: Id,
  number: OrderNumber,
  description: z.string().min(1).max(500),
  category: OrderCategory,
  supplier: Supplier,
  lines: z.array(OrderLine).min(1).max(200),
  totals: OrderTotals,
  budgetKey: BudgetKey,
  commitmentNumber: z.string().max(40).nullable(),
  requesterId: Id,
  requesterName: z.string().max(160),
  departmentId: Id,
  departmentName: z.string().max(160),
  status: OrderStatus,
  history: z.array(OrderHistoryEntry).max(100),
  /** The approval request driving its approval, if any. */
  approvalId: Id.nullable(),
  updatedAt: IsoDateTime,
});
export type PurchaseOrder = z.infer<typeof PurchaseOrder>;

/** Payload of the outbox command `orders.transition`. */
export const TransitionPayload = z
  .object({
    orderId: Id,
    action: OrderAction,
    /** The status the user saw: a different status on the server is a conflict. */
    fromStatus: OrderStatus,
    comment: z.string().trim().max(2000).default(''),
  })
  .strict();
export type TransitionPayload = z.infer<typeof TransitionPayload>;

/** Below this (excl. VAT) a purchase is of "limited value"; at or above it the visum is required. */
export const VISUM_THRESHOLD_CENTS = 3_000_000;

/** Line total excl. VAT in cents, rounded half away from zero. */
export function lineExclCents(line: Pick<OrderLine, 'quantity' | 'unitPriceCents'>): number {
  return Math.round((Math.round(line.quantity * 1000) * line.unitPriceCents) / 1000);
}

/** Totals: VAT is computed per line (as on Belgian invoices) and summed. */
export function computeTotals(lines: readonly Pick<OrderLine, 'quantity' | 'unitPriceCents' | 'vatRate'>[]): OrderTotals {
  let exclCents = 0;
  let vatCents = 0;
  for (const line of lines) {
    const excl = lineExclCents(line);
    exclCents += excl;
    vatCents += Math.round((excl * line.vatRate) / 100);
  }
  return { exclCents, vatCents, inclCents: exclCents + vatCents };
}

/** Whether the financial director's visum is required: amount at/above the threshold, or the category. */
export function needsVisum(order: { totals: Pick<OrderTotals, 'exclCents'>; category: OrderCategory }): boolean {
  return order.totals.exclCents >= VISUM_THRESHOLD_CENTS || order.category === 'investment';
}
