/**
 * Purchase orders: contract methods (renderer <-> desktop core), read from the cache.
 */
import { z } from 'zod';
import { Id } from '../domain/directory.js';
import {
  AttachmentContent,
  AttachmentUpload,
  DraftSupplier,
  OrderAction,
  OrderAttachment,
  OrderDraft,
  OrderNumber,
  OrderStatus,
  PublishedBudgetKey,
  PurchaseOrder,
} from '../domain/orders.js';

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
}).extend({
  supplierName: z.string(),
  /** null while a new draft waits in the outbox for the server's BB-number. */
  number: OrderNumber.nullable(),
  /** A draft save of mine still waiting to be sent, or refused by the server. */
  draftState: z.enum(['pending', 'rejected']).nullable(),
});
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

/** My latest draft save of this order when it is not (yet) the server's copy. */
export const DraftState = z.object({
  status: z.enum(['pending', 'rejected']),
  /** The server's refusal (nl-BE), when rejected. */
  message: z.string().nullable(),
  /** What I typed: shown again in the form after a refusal, so nothing is lost. */
  draft: OrderDraft,
});
export type DraftState = z.infer<typeof DraftState>;

export const OrderDetail = PurchaseOrder.extend({
  number: OrderNumber.nullable(),
  myAction: OrderActionState.nullable(),
  draftState: DraftState.nullable(),
  /** Whether I may edit it as a draft (my own, status ontwerp). */
  editable: z.boolean(),
});
export type OrderDetail = z.infer<typeof OrderDetail>;

/** One order waiting for finance and the step finance takes (`grantVisum` happens in Goedkeuringen). */
export const FinanceQueueItem = OrderSummary.extend({ financeAction: z.enum(['grantVisum', 'invoice', 'authorizePayment', 'close']) });
export type FinanceQueueItem = z.infer<typeof FinanceQueueItem>;

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
  /** Create (no orderId) or update my draft through the outbox; offline it waits, the server gives the BB-number. */
  'orders.saveDraft': {
    input: z.object({ orderId: Id.optional(), draft: OrderDraft }).strict(),
    output: OrderDetail,
  },
  /** Throw away a new draft the server refused (it was never stored there); a saved draft is cancelled instead. */
  'orders.discardDraft': { input: z.object({ orderId: Id }).strict(), output: z.object({ ok: z.literal(true) }) },
  /** The budget keys finance published for my municipality (active only), from the cache. */
  'orders.budgetKeys': { input: z.object({}).strict(), output: z.array(PublishedBudgetKey) },
  /** Suppliers of the orders I can see, newest first, whose name or enterprise number starts with `query`. */
  'orders.suppliers': {
    input: z.object({ query: z.string().trim().max(100).default(''), limit: z.number().int().min(1).max(50).default(10) }).strict(),
    output: z.array(DraftSupplier),
  },
  /** Finance: what waits for finance (the visum, invoiced, payable, closed), oldest first. */
  'orders.financeQueue': { input: z.object({}).strict(), output: z.array(FinanceQueueItem) },
  /** Attach a file to a saved order (online only): PDF, PNG or JPEG up to 10 MB. */
  'orders.attach': { input: AttachmentUpload.extend({ orderId: Id }).strict(), output: OrderAttachment },
  /** Download an attachment (online only). */
  'orders.attachment': { input: z.object({ orderId: Id, attachmentId: Id }).strict(), output: AttachmentContent },
} as const;
