/** The orders feature's tables (use `trx.withTables<OrderTables>()`). */
export type OrderTables = {
  /** Per municipality: the visum threshold its council set (EUR cents excl. VAT); no row = the default. */
  orders_settings: { municipality_id: string; visum_threshold_cents: number; updated_at: string };
  purchase_orders: {
    id: string;
    municipality_id: string;
    requester_id: string;
    department_id: string;
    /** Head of the department at the time of the order: approves it and sees it. */
    head_id: string | null;
    status: string;
    approval_id: string | null;
    updated_at: string;
    /** JSON: PurchaseOrder. */
    data: string;
    /** Client id of the desktop whose `orders.saveDraft` wrote last (null after any other write): its
     *  next offline edits build on its own earlier ones, so they are not stale (migration 120). */
    draft_client: string | null;
  };
  /** Per year, the last order number handed out ("BB-2026-00042" -> 42). */
  order_numbers: { municipality_id: string; year: number; last: number };
  /** Budget keys finance published (`npm run admin -- budget-keys import`); synced as `budgetKeys`. */
  budget_keys: {
    id: string;
    municipality_id: string;
    action: string;
    policy_item: string;
    general_account: string;
    label: string;
    /** 0/1: withdrawn keys stay (old orders refer to them) but cannot be chosen. */
    active: number;
    updated_at: string;
  };
  /** An order's files: content as base64 text (portable, like person photos); metadata also in the order's data. */
  order_attachments: {
    id: string;
    order_id: string;
    municipality_id: string;
    filename: string;
    mime_type: string;
    size_bytes: number;
    content_base64: string;
    uploaded_by: string;
    uploaded_at: string;
  };
};
