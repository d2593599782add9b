/** The approvals feature's tables (use `trx.withTables<ApprovalTables>()`). */
export type ApprovalTables = {
  approval_requests: {
    id: string;
    municipality_id: string;
    requester_id: string;
    status: string;
    /** Optimistic lock: a decision updates only the version it read. */
    version: number;
    order_id: string | null;
    updated_at: string;
    /** JSON: ApprovalRequest. */
    data: string;
  };
  /** Requester, approvers and deputies of the chain: the only people who receive the request. */
  approval_participants: { request_id: string; person_id: string };
  /** Approved leave periods (absences.ts): who is away from/until, never why. */
  approval_absences: { request_id: string; municipality_id: string; person_id: string; from_date: string; to_date: string; created_at: string };
};
