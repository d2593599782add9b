/** The orders feature's tables (use `trx.withTables<OrderTables>()`). */
export type OrderTables = {
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
  };
  /** Per year, the last order number handed out ("BB-2026-00042" -> 42). */
  order_numbers: { municipality_id: string; year: number; last: number };
};
