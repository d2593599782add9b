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

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export const AttachmentType = z.enum(ATTACHMENT_TYPES);
export type AttachmentType = z.infer<typeof AttachmentType>;

/** The type a file really is, from its first bytes (never from its name or declared type). */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | null {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  return null;
}

export const AttachmentName = z
  .string()
  .trim()
  .min(1, 'Een bijlage heeft een bestandsnaam.')
  .max(200, 'De bestandsnaam is te lang (max. 200 tekens).')
  .refine((n) => !/[\\/]/.test(n), 'Een bestandsnaam mag geen / of \\ bevatten.');

export const OrderAttachment = z.object({
  id: Id,
  filename: z.string().max(200),
  mimeType: AttachmentType,
  sizeBytes: z.number().int().min(1).max(ATTACHMENT_MAX_BYTES),
  uploadedAt: IsoDateTime,
  uploadedByName: z.string().max(160),
});
export type OrderAttachment = z.infer<typeof OrderAttachment>;

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
  /**
   * The visum threshold (EUR cents excl. VAT) of the municipality when the order was submitted, as
   * its council set it; absent: the legal default VISUM_THRESHOLD_CENTS. Kept on the order so a later
   * change of the threshold does not change the rules of an order already under way.
   */
  visumThresholdCents: z.number().int().min(0).max(1e13).nullable().optional(),
  updatedAt: IsoDateTime,
  /** Where the goods go ("Grote Markt 1, 8970 Poperinge"); empty for services. Added later: older rows lack it. */
  deliveryAddress: z.string().max(300).default(''),
  /** Files kept on the backend (metadata only here; the content is downloaded on demand). */
  attachments: z.array(OrderAttachment).max(20).default([]),
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

/** The threshold that applies to an order: the one recorded at submission, else the default. */
export function visumThreshold(order: { visumThresholdCents?: number | null }): number {
  return order.visumThresholdCents ?? VISUM_THRESHOLD_CENTS;
}

/** Whether the financial director's visum is required: amount at/above the threshold, or the category. */
export function needsVisum(order: { totals: Pick<OrderTotals, 'exclCents'>; category: OrderCategory; visumThresholdCents?: number | null }): boolean {
  return order.totals.exclCents >= visumThreshold(order) || order.category === 'investment';
}

// ---------------------------------------------------------------------------------------------
// Drafts made in the app (outbox command `orders.saveDraft`), budget keys, attachments.

/** Messages of the draft's fields are nl-BE: a refused command shows them to the user. */
export const DraftSupplier = z.object({
  name: z.string().trim().min(1, 'Vul de naam van de leverancier in.').max(200, 'De naam van de leverancier is te lang (max. 200 tekens).'),
  address: z.string().trim().min(1, 'Vul het adres van de leverancier in.').max(300, 'Het adres is te lang (max. 300 tekens).'),
  enterpriseNumber: z
    .string()
    .regex(/^[01]\d{9}$/, 'Een ondernemingsnummer heeft 10 cijfers en begint met 0 of 1.')
    .refine(isValidEnterpriseNumber, 'Dit ondernemingsnummer klopt niet (controlegetal mod 97).'),
});

export const DraftLine = z.object({
  description: z.string().trim().min(1, 'Vul een omschrijving van de lijn in.').max(300, 'De omschrijving is te lang (max. 300 tekens).'),
  quantity: z
    .number({ message: 'Het aantal moet een getal zijn.' })
    .positive('Het aantal moet groter dan 0 zijn.')
    .max(1e6, 'Het aantal is te groot.')
    .refine((q) => Math.round(q * 1000) === q * 1000, 'Het aantal heeft hoogstens 3 decimalen.'),
  unitPriceCents: z.number({ message: 'De eenheidsprijs moet een bedrag zijn.' }).int('De eenheidsprijs is in hele centen.').min(0, 'De eenheidsprijs kan niet negatief zijn.').max(1e11, 'De eenheidsprijs is te groot.'),
  vatRate: z.union([z.literal(0), z.literal(6), z.literal(12), z.literal(21)], { message: 'Kies een btw-tarief: 0, 6, 12 of 21 %.' }),
});

export const DraftBudgetKey = z.object({
  action: z.string().regex(/^[A-Z0-9.]{1,20}$/, 'Kies een budgetsleutel.'),
  policyItem: z.string().regex(/^\d{4}$/, 'Kies een budgetsleutel.'),
  generalAccount: z.string().regex(/^\d{7}$/, 'Kies een budgetsleutel.'),
});

/** What the requester fills in; the server adds number, requester, department, status and totals. */
export const OrderDraft = z
  .object({
    description: z.string().trim().min(1, 'Vul een omschrijving in.').max(500, 'De omschrijving is te lang (max. 500 tekens).'),
    category: OrderCategory,
    supplier: DraftSupplier,
    lines: z.array(DraftLine).min(1, 'Een bestelbon heeft minstens één lijn.').max(200, 'Een bestelbon heeft hoogstens 200 lijnen.'),
    budgetKey: DraftBudgetKey,
    deliveryAddress: z.string().trim().max(300, 'Het leveringsadres is te lang (max. 300 tekens).').default(''),
  })
  .strict();
export type OrderDraft = z.infer<typeof OrderDraft>;

/** Payload of the outbox command `orders.saveDraft` (create or update a draft). */
export const SaveDraftPayload = z
  .object({
    /** Made by the client (UUID) so an offline draft has its id before the server saw it. */
    orderId: Id,
    /** `updatedAt` of the server's copy the user edited; null for a new draft. */
    baseUpdatedAt: IsoDateTime.nullable(),
    draft: OrderDraft,
  })
  .strict();
export type SaveDraftPayload = z.infer<typeof SaveDraftPayload>;

export const SaveDraftResult = z.object({ orderId: Id, number: OrderNumber, updatedAt: IsoDateTime });
export type SaveDraftResult = z.infer<typeof SaveDraftResult>;

/** A budget key finance published for the municipality (synced as `budgetKeys`). */
export const PublishedBudgetKey = BudgetKey.extend({
  id: Id,
  municipalityId: Id,
  /** "Aankoop kantoormateriaal". */
  label: z.string().min(1).max(200),
  active: z.boolean(),
});
export type PublishedBudgetKey = z.infer<typeof PublishedBudgetKey>;

export function budgetKeyId(municipalityId: string, key: BudgetKey): string {
  return `${municipalityId}:${key.action}:${key.policyItem}:${key.generalAccount}`;
}

/** Upload body (JSON): the file's bytes in base64. */
export const AttachmentUpload = z
  .object({
    filename: AttachmentName,
    contentBase64: z.string().max(Math.ceil((ATTACHMENT_MAX_BYTES * 4) / 3) + 8192).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'De inhoud is geen geldige base64.'),
  })
  .strict();
export type AttachmentUpload = z.infer<typeof AttachmentUpload>;

export const AttachmentContent = z.object({ id: Id, filename: z.string(), mimeType: AttachmentType, contentBase64: z.string() });
export type AttachmentContent = z.infer<typeof AttachmentContent>;

/** The steps finance takes itself (outside the approval chain), per status. */
export const FINANCE_STEPS: Partial<Record<OrderStatus, OrderAction>> = {
  geleverd: 'invoice',
  gefactureerd: 'authorizePayment',
  betaalbaar_gesteld: 'close',
};
