/**
 * Approval requests: something waits for someone's decision along a chain of steps.
 * Runs anywhere: imports only zod.
 *
 * Only the requester and the approvers of the chain ever receive a request.
 */
import { z } from 'zod';
import { Id } from './directory.js';
import { IsoDate, IsoDateTime } from './agenda.js';
import { RequestDetails } from './requests.js';

/** An absolute https:// URL without credentials (a link to another system's document). */
export const HttpsUrl = z
  .string()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' && url.username === '' && url.password === '' && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an https:// URL (no http, no user name or password in it)');

/** `other`: a generic personal request (title + description), added with "Nieuwe aanvraag". */
export const ApprovalType = z.enum(['purchase', 'order', 'leave', 'overtime', 'training', 'invoice', 'document', 'other']);
export type ApprovalType = z.infer<typeof ApprovalType>;

/** Who decides at a step: diensthoofd, financieel directeur (visum), algemeen directeur, college. */
export const StepRole = z.enum(['head', 'finance_visum', 'general_director', 'college']);
export type StepRole = z.infer<typeof StepRole>;

/** `upcoming`: not reached yet; `waiting`: the current step; the rest are decisions. */
export const StepState = z.enum(['upcoming', 'waiting', 'approved', 'refused', 'sent_back']);
export type StepState = z.infer<typeof StepState>;

export const ApprovalStep = z.object({
  position: z.number().int().min(1).max(20),
  role: StepRole,
  approverId: Id,
  approverName: z.string().max(160),
  /** A colleague who may decide in the approver's place (absence); null when none. */
  deputyId: Id.nullable(),
  deputyName: z.string().max(160).nullable(),
  state: StepState,
  comment: z.string().max(2000).nullable(),
  decidedById: Id.nullable(),
  decidedByName: z.string().max(160).nullable(),
  decidedAt: IsoDateTime.nullable(),
  /**
   * Who this step was meant for when it was moved to someone else (the approver left: a directory
   * import handed it to their deputy or manager; or the approver is away on an approved leave:
   * org-chain.ts gave it to their deputy). Absent/null when it was never moved.
   */
  meantForId: Id.nullable().optional(),
  meantForName: z.string().max(160).nullable().optional(),
  /** Why it was moved: `left` (absent/null: a directory import) or `absent` (an approved leave of the approver). */
  meantForReason: z.enum(['left', 'absent']).nullable().optional(),
});
export type ApprovalStep = z.infer<typeof ApprovalStep>;

/**
 * open: a step waits; sent_back: back with the requester; approved / refused: final;
 * withdrawn: the requester took it back before anyone decided (final; its steps stay undecided).
 * Desktops of a build before `withdrawn` and `other` quarantine such rows (they cannot parse them)
 * and keep syncing the rest: such a request is missing there until the desktop is updated.
 */
export const ApprovalStatus = z.enum(['open', 'sent_back', 'approved', 'refused', 'withdrawn']);
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

export const ApprovalRequest = z.object({
  id: Id,
  municipalityId: Id,
  type: ApprovalType,
  title: z.string().min(1).max(300),
  description: z.string().max(5000),
  requesterId: Id,
  requesterName: z.string().max(160),
  departmentId: Id.nullable(),
  /** EUR cents, where relevant. */
  amountCents: z.number().int().min(0).max(1e13).nullable(),
  dueDate: IsoDate,
  createdAt: IsoDateTime,
  status: ApprovalStatus,
  /** Increments with every decision: a decision names the version it was made on. */
  version: z.number().int().min(1),
  steps: z.array(ApprovalStep).min(1).max(20),
  /** The purchase order this request is about, if any. */
  orderId: Id.nullable(),
  /** A link back to the source document in another system (https only); absent for requests made in Pop Index. */
  link: HttpsUrl.nullable().optional(),
  /** The other system that submitted it through the service API (src/server/features/service-api); absent otherwise. */
  source: z
    .object({
      accountId: Id,
      /** The service account's name as IT registered it, e.g. "Financiën (facturen)". */
      accountName: z.string().min(1).max(100),
      /** The other system's own reference, e.g. an invoice number. */
      reference: z.string().max(200).nullable(),
    })
    .nullable()
    .optional(),
  /** What a leave / overtime / training / other request asks for (made with "Nieuwe aanvraag"). */
  details: RequestDetails.nullable().optional(),
});
export type ApprovalRequest = z.infer<typeof ApprovalRequest>;

export const Decision = z.enum(['approve', 'refuse', 'sendBack']);
export type Decision = z.infer<typeof Decision>;

/** Payload of the outbox command `approvals.decide`. */
export const DecidePayload = z
  .object({
    requestId: Id,
    /** The step the user decided on (what they saw): a different current step is a conflict. */
    stepPosition: z.number().int().min(1).max(20),
    version: z.number().int().min(1),
    decision: Decision,
    comment: z.string().trim().max(2000).default(''),
  })
  .strict();
export type DecidePayload = z.infer<typeof DecidePayload>;
