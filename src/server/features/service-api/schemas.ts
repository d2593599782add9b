/** What crosses the service API's boundary: the submission, the request as the source system sees it, the webhook body. */
import { z } from 'zod';
import { ApprovalStatus, ApprovalType, HttpsUrl, StepRole, StepState, type ApprovalRequest } from '../../../shared/domain/approvals.js';
import { IsoDate, IsoDateTime } from '../../../shared/domain/agenda.js';
import { Id } from '../../../shared/domain/directory.js';

/** A person of the account's municipality: by Pop Index person id, by e-mail, or by the directory source's own id (HR number, AD objectGUID). */
export const PersonRef = z.union([
  z.object({ id: Id }).strict(),
  z.object({ email: z.string().trim().toLowerCase().email().max(200) }).strict(),
  z
    .object({
      sourceId: z.string().min(1).max(200),
      /** The directory source's name ("csv", "ldap:ad"...), when the id could be ambiguous. */
      source: z.string().min(1).max(100).optional(),
    })
    .strict(),
]);
export type PersonRef = z.infer<typeof PersonRef>;

export const SubmitRequest = z
  .object({
    type: ApprovalType,
    title: z.string().trim().min(1).max(300),
    description: z.string().trim().max(5000).default(''),
    requester: PersonRef,
    /** EUR cents (an invoice of € 1.234,50 is 123450). */
    amountCents: z.number().int().min(0).max(1e13).nullable().default(null),
    dueDate: IsoDate,
    /** A link back to the source document: https only. */
    link: HttpsUrl,
    /** The source system's own reference (invoice number, dossier). */
    reference: z.string().trim().max(200).nullable().default(null),
    /** Who must decide; default: the requester's manager in the directory. */
    decider: PersonRef.nullable().default(null),
  })
  .strict();
export type SubmitRequest = z.infer<typeof SubmitRequest>;

export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{8,200}$/, 'Idempotency-Key: 8-200 visible ASCII characters (a UUID is fine)');

export const ServiceStep = z.object({
  position: z.number().int(),
  role: StepRole,
  state: StepState,
  approverName: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: IsoDateTime.nullable(),
  comment: z.string().nullable(),
});

export const ServiceRequestView = z.object({
  id: Id,
  type: ApprovalType,
  title: z.string(),
  status: ApprovalStatus,
  requester: z.object({ id: Id, name: z.string() }),
  amountCents: z.number().int().nullable(),
  dueDate: IsoDate,
  link: z.string().nullable(),
  reference: z.string().nullable(),
  createdAt: IsoDateTime,
  /** Increments with every decision. */
  version: z.number().int(),
  steps: z.array(ServiceStep),
});
export type ServiceRequestView = z.infer<typeof ServiceRequestView>;

export function requestView(r: ApprovalRequest): ServiceRequestView {
  return {
    id: r.id,
    type: r.type,
    title: r.title,
    status: r.status,
    requester: { id: r.requesterId, name: r.requesterName },
    amountCents: r.amountCents,
    dueDate: r.dueDate,
    link: r.link ?? null,
    reference: r.source?.reference ?? null,
    createdAt: r.createdAt,
    version: r.version,
    steps: r.steps.map((s) => ({
      position: s.position,
      role: s.role,
      state: s.state,
      approverName: s.approverName,
      decidedByName: s.decidedByName,
      decidedAt: s.decidedAt,
      comment: s.comment,
    })),
  };
}

export const WebhookEvent = z.enum(['request.approved', 'request.refused', 'request.sent_back']);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** The body of every webhook (signed as sent, byte for byte). */
export const WebhookBody = z.object({
  /** The delivery id, also in the Pop-Delivery-Id header: the same on every retry. */
  id: z.string(),
  event: WebhookEvent,
  occurredAt: IsoDateTime,
  request: ServiceRequestView,
});
export type WebhookBody = z.infer<typeof WebhookBody>;
