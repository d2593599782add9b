/**
 * Approvals: contract methods (renderer <-> desktop core). Lists come from the cache; a decision
 * goes through the outbox with an optimistic local effect, so it works offline and shows as
 * pending until the server answers (done, or rejected with a readable reason such as a conflict).
 */
import { z } from 'zod';
import { ApprovalRequest, Decision } from '../domain/approvals.js';
import { Id } from '../domain/directory.js';

/** My decision on a request as the desktop knows it. */
export const LocalDecision = z.object({
  requestId: Id,
  title: z.string(),
  /** A decision on a step, or `resubmit`: the requester put a sent-back request back on the chain. */
  decision: z.union([Decision, z.literal('resubmit')]),
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
} as const;
