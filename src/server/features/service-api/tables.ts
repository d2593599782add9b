/** The service API's tables (use `trx.withTables<ServiceTables>()`); created by `migrations.ts`. */
export type ServiceTables = {
  /** Another system allowed to submit approval requests for one municipality (managed by IT). */
  service_accounts: {
    id: string;
    municipality_id: string;
    /** Unique per municipality, e.g. "finance-invoices"; shown to staff as the request's source. */
    name: string;
    /** JSON array of ApprovalType this account may submit. */
    allowed_types: string;
    /** "api_key" or "oauth" (client credentials through the municipality's identity provider). */
    auth_kind: string;
    /** sha256 (hex) of the API key; the key itself is shown once and never stored. */
    api_key_hash: string | null;
    oauth_issuer: string | null;
    oauth_audience: string | null;
    oauth_client_id: string | null;
    /** Where decisions are announced (https; http only on loopback, for tests); null: no webhook. */
    webhook_url: string | null;
    /** HMAC-SHA256 key of the webhooks (must be kept to sign: see README "Secrets"). */
    webhook_secret: string;
    created_at: string;
    revoked_at: string | null;
  };
  /** Idempotency: one row per (account, Idempotency-Key), written with the request it created. */
  service_requests: {
    account_id: string;
    idempotency_key: string;
    /** sha256 of the submitted body: the same key with another body is refused. */
    body_hash: string;
    request_id: string;
    created_at: string;
  };
  /** Durable webhook outbox: written in the decision's transaction, delivered at least once. */
  webhook_deliveries: {
    /** Also the `Pop-Delivery-Id` header: the same id on every retry (receivers drop repeats). */
    id: string;
    account_id: string;
    request_id: string;
    event: string;
    /** The exact JSON body that is signed and sent. */
    body: string;
    attempts: number;
    next_attempt_at: string;
    delivered_at: string | null;
    /** Set when the retries are exhausted (or the account was revoked); IT can see it. */
    failed_at: string | null;
    /** Last failure without personal data: "HTTP 500", "ECONNREFUSED", "timeout". */
    last_error: string | null;
    created_at: string;
  };
  /** Every call of the service API: who (the account), what (route, status, error code), never the body. */
  service_api_calls: {
    id: string;
    at: string;
    account_id: string | null;
    method: string;
    route: string;
    status: number;
    error: string | null;
    request_id: string | null;
  };
};
