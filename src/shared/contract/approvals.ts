/**
 * Approvals: contract methods (renderer <-> desktop core). Lists come from the cache; a decision
 * goes through the outbox with an optimistic local effect, so it works offline and shows as
 * pending until the server answers (done, or rejected with a readable reason such as a conflict).
 */
import { z } from 'zod';
import { IsoDate } from '../domain/agenda.js';
import { ApprovalRequest, Decision } from '../domain/approvals.js';
import { Id } from '../domain/directory.js';
import { RequestDetails } from '../domain/requests.js';

/** My decision on a request as the desktop knows it. */
export const LocalDecision = z.object({
  requestId: Id,
  title: z.string(),
  /**
   * A decision on a step, or the requester's `resubmit` (a sent-back request back on the chain)
   * or `withdraw` (taken back while nobody decided).
   */
  decision: z.union([Decision, z.literal('resubmit'), z.literal('withdraw')]),
  comment: z.string(),
  /** pending: in the outbox; applied: the server recorded it; rejected: it did not (see reason). */
  status: z.enum(['pending', 'applied', 'rejected']),
  reason: z.string().nullable(),
  message: z.string().nullable(),
  decidedAt: z.string(),
});
export type LocalDecision = z.infer<typeof LocalDecision>;

export const ApprovalListItem = ApprovalRequest.extend({
  overdue: z.boolean(),
  /** true when the current step waits for me (approver or deputy) and I did not decide yet. */
  waitingForMe: z.boolean(),
  myDecision: LocalDecision.nullable(),
});
export type ApprovalListItem = z.infer<typeof ApprovalListItem>;

export const ApprovalBox = z.enum(['inbox', 'decided', 'requested']);
export type ApprovalBox = z.infer<typeof ApprovalBox>;

export const ApprovalSummary = z.object({
  pending: z.number().int().nonnegative(),
  overdue: z.number().int().nonnegative(),
  mostUrgent: z.object({ id: Id, title: z.string(), dueDate: z.string(), overdue: z.boolean() }).nullable(),
  /** My decisions the server rejected (e.g. conflict) that I have not acknowledged. */
  rejected: z.number().int().nonnegative(),
});
export type ApprovalSummary = z.infer<typeof ApprovalSummary>;

/**
 * A request I made with "Nieuwe aanvraag" as this desktop knows it: pending (in the outbox, also
 * offline), applied (the server stored it; it shows in "Mijn aanvragen" once synced) or rejected
 * (with the server's readable reason; what I typed is kept so I can correct and send it again).
 */
export const OutgoingRequest = z.object({
  id: Id,
  title: z.string(),
  details: RequestDetails,
  status: z.enum(['pending', 'applied', 'rejected']),
  reason: z.string().nullable(),
  message: z.string().nullable(),
  createdAt: z.string(),
});
export type OutgoingRequest = z.infer<typeof OutgoingRequest>;

/** A colleague away today because of an approved leave: only until when. */
export const AbsenceNote = z.object({ id: Id, until: IsoDate });
export type AbsenceNote = z.infer<typeof AbsenceNote>;
export const MAX_ABSENCES_PER_CALL = 200;

/** Event `approvals.decided`: a request of mine was decided (for the "your request was decided" notification). */
export const RequestDecided = z.object({
  requestId: Id,
  title: z.string(),
  status: z.enum(['approved', 'refused', 'sent_back']),
});
export type RequestDecided = z.infer<typeof RequestDecided>;

export const approvalsContract = {
  'approvals.list': {
    input: z.object({ box: ApprovalBox, query: z.string().trim().max(100).default('') }).strict(),
    output: z.array(ApprovalListItem),
  },
  'approvals.get': { input: z.object({ id: Id }).strict(), output: ApprovalListItem.nullable() },
  'approvals.decide': {
    input: z.object({ requestId: Id, decision: Decision, comment: z.string().trim().max(2000).default('') }).strict(),
    output: LocalDecision,
  },
  /** The requester puts a sent-back request back on the chain (outbox, like a decision). */
  'approvals.resubmit': { input: z.object({ requestId: Id }).strict(), output: LocalDecision },
  /** Counts for Home and the tray. */
  'approvals.summary': { input: z.object({}).strict(), output: ApprovalSummary },
  /** Decisions the server rejected that I have not acknowledged yet (conflicts to explain). */
  'approvals.rejections': { input: z.object({}).strict(), output: z.array(LocalDecision) },
  'approvals.acknowledge': { input: z.object({ requestId: Id }).strict(), output: z.object({ acknowledged: z.boolean() }) },
  /** A new leave / overtime / training / other request (outbox: works offline; the id is made here). */
  'approvals.create': { input: z.object({ details: RequestDetails }).strict(), output: OutgoingRequest },
  /** My new requests that are not in the synced list yet, or that the server refused (not dismissed). */
  'approvals.outgoing': { input: z.object({}).strict(), output: z.array(OutgoingRequest) },
  /** Hide a refused new request (after correcting it, or giving up). */
  'approvals.dismissOutgoing': { input: z.object({ id: Id }).strict(), output: z.object({ dismissed: z.boolean() }) },
  /** The requester takes a request back while nobody decided yet (outbox, like a decision). */
  'approvals.withdraw': { input: z.object({ requestId: Id }).strict(), output: LocalDecision },
  /** Who of these people is away today by an approved leave, and until when (card, search results). */
  'approvals.absences': { input: z.object({ ids: z.array(Id).max(MAX_ABSENCES_PER_CALL) }).strict(), output: z.array(AbsenceNote) },
} as const;
