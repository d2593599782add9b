/**
 * Webhooks: the source system learns the outcome of its request.
 *
 *   queueOutcome(trx, request, now)   called by approvals.decide in the decision's transaction: a
 *                                     durable delivery row (no decision without its webhook, no
 *                                     webhook without its decision)
 *   deliverDue(db, options)           one pass of the worker: claims due deliveries, signs, POSTs,
 *                                     records the outcome; tests call it directly with their clock
 *   startDeliveryWorker(db, options)  the loop in the server process (started and stopped with the app)
 *
 * Each POST carries `Pop-Delivery-Id` (the same on every retry: receivers drop repeats),
 * `Pop-Event`, `Pop-Timestamp` (Unix seconds of this attempt) and
 * `Pop-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>" with the account's webhook secret>`.
 * A 2xx answer is delivered; anything else (or no answer within 10 s) is retried with exponential
 * backoff and jitter (`retryDelayMs`): 16 attempts spread over about 39 to 48 hours, then `failed_at`.
 * At least once: a process that dies between the POST and recording it sends it again after the claim's lease.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { backoffDelay } from '../../../shared/backoff.js';
import type { ApprovalRequest } from '../../../shared/domain/approvals.js';
import type { Db, Trx } from '../types.js';
import { requestView, type WebhookBody, type WebhookEvent } from './schemas.js';
import type { ServiceTables } from './tables.js';

export const MAX_ATTEMPTS = 16;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 6 * 3600_000;
/** A claimed delivery is not picked up by another worker for this long (longer than the POST's timeout). */
const LEASE_MS = 2 * 60_000;
const POST_TIMEOUT_MS = 10_000;

const EVENTS: Partial<Record<ApprovalRequest['status'], WebhookEvent>> = { approved: 'request.approved', refused: 'request.refused', sent_back: 'request.sent_back' };

/** Delay after the `failures`-th failed attempt: 30 s doubling up to 6 h, times a jitter in [1, 1.25) (never shorter, so the schedule spans at least 38.5 h). */
export function retryDelayMs(failures: number, random: () => number = Math.random): number {
  return backoffDelay(failures, { initialMs: BASE_DELAY_MS, maxMs: MAX_DELAY_MS, jitter: [1, 1.25] }, random);
}

/** Header value of the signature of `body` sent at `timestamp` (Unix seconds). */
export function signature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Queues the webhook of a decision, in the decision's transaction, when the request came through
 * the service API, its account has a webhook URL, and the decision ended a step the source system
 * cares about (approved, refused, sent back). Returns the delivery id, or null when nothing is sent.
 */
export async function queueOutcome(trx: Trx, request: ApprovalRequest, now: Date): Promise<string | null> {
  const event = EVENTS[request.status];
  if (!request.source || !event) return null;
  const t = trx.withTables<ServiceTables>();
  const account = await t.selectFrom('service_accounts').select(['id', 'webhook_url', 'revoked_at']).where('id', '=', request.source.accountId).executeTakeFirst();
  if (!account || !account.webhook_url || account.revoked_at) return null;
  const id = randomUUID();
  const body: WebhookBody = { id, event, occurredAt: now.toISOString(), request: requestView(request) };
  await t
    .insertInto('webhook_deliveries')
    .values({
      id,
      account_id: account.id,
      request_id: request.id,
      event,
      body: JSON.stringify(body),
      attempts: 0,
      next_attempt_at: now.toISOString(),
      delivered_at: null,
      failed_at: null,
      last_error: null,
      created_at: now.toISOString(),
    })
    .execute();
  return id;
}

export interface DeliveryOptions {
  now(): Date;
  /** Default: global fetch. */
  fetch?: typeof fetch;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
  log?: FastifyBaseLogger;
  /** Deliveries per pass (default 20). */
  batch?: number;
}

export interface DeliveryPass {
  delivered: number;
  retried: number;
  failed: number;
}

function describeFailure(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout';
    const code = (err as { cause?: { code?: unknown } }).cause?.code;
    if (typeof code === 'string') return code.slice(0, 40);
    return err.name.slice(0, 40);
  }
  return 'error';
}

/** One pass: every due delivery (up to `batch`) is claimed, sent once and its outcome recorded. */
export async function deliverDue(db: Db, options: DeliveryOptions): Promise<DeliveryPass> {
  const t = db.withTables<ServiceTables>();
  const send = options.fetch ?? fetch;
  const pass: DeliveryPass = { delivered: 0, retried: 0, failed: 0 };
  const startedAt = options.now();
  const due = await t
    .selectFrom('webhook_deliveries')
    .innerJoin('service_accounts', 'service_accounts.id', 'webhook_deliveries.account_id')
    .select(['webhook_deliveries.id', 'webhook_deliveries.event', 'webhook_deliveries.body', 'webhook_deliveries.attempts', 'webhook_deliveries.next_attempt_at', 'service_accounts.webhook_url', 'service_accounts.webhook_secret', 'service_accounts.revoked_at'])
    .where('webhook_deliveries.delivered_at', 'is', null)
    .where('webhook_deliveries.failed_at', 'is', null)
    .where('webhook_deliveries.next_attempt_at', '<=', startedAt.toISOString())
    .orderBy('webhook_deliveries.next_attempt_at')
    .limit(options.batch ?? 20)
    .execute();
  for (const d of due) {
    const now = options.now();
    // Claim: only one worker (of several processes on PostgreSQL) sends this attempt.
    const claim = await t
      .updateTable('webhook_deliveries')
      .set({ next_attempt_at: new Date(now.getTime() + LEASE_MS).toISOString() })
      .where('id', '=', d.id)
      .where('next_attempt_at', '=', d.next_attempt_at)
      .where('delivered_at', 'is', null)
      .where('failed_at', 'is', null)
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) continue;
    if (d.revoked_at || !d.webhook_url) {
      await t.updateTable('webhook_deliveries').set({ failed_at: now.toISOString(), last_error: d.revoked_at ? 'account revoked' : 'no webhook URL' }).where('id', '=', d.id).execute();
      pass.failed += 1;
      continue;
    }
    const timestamp = Math.floor(now.getTime() / 1000);
    let error: string | null = null;
    try {
      const res = await send(d.webhook_url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'PopIndex-Webhooks/1',
          'pop-delivery-id': d.id,
          'pop-event': d.event,
          'pop-timestamp': String(timestamp),
          'pop-signature': signature(d.webhook_secret, timestamp, d.body),
        },
        body: d.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(POST_TIMEOUT_MS),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}`;
    } catch (err) {
      error = describeFailure(err);
    }
    const attempts = d.attempts + 1;
    const after = options.now();
    if (error === null) {
      await t.updateTable('webhook_deliveries').set({ attempts, delivered_at: after.toISOString(), last_error: null }).where('id', '=', d.id).execute();
      pass.delivered += 1;
    } else if (attempts >= MAX_ATTEMPTS) {
      await t.updateTable('webhook_deliveries').set({ attempts, failed_at: after.toISOString(), last_error: error }).where('id', '=', d.id).execute();
      pass.failed += 1;
      options.log?.warn({ delivery: d.id, attempts, error }, 'webhook given up');
    } else {
      const next = new Date(after.getTime() + retryDelayMs(attempts, options.random)).toISOString();
      await t.updateTable('webhook_deliveries').set({ attempts, next_attempt_at: next, last_error: error }).where('id', '=', d.id).execute();
      pass.retried += 1;
      options.log?.info({ delivery: d.id, attempts, error }, 'webhook will be retried');
    }
  }
  return pass;
}

export interface WorkerOptions extends DeliveryOptions {
  /** Pause between passes (default 5 s). */
  intervalMs?: number;
  /** Schedules the next pass (default setTimeout); tests pass their own to drive the loop by hand. */
  schedule?(run: () => void, ms: number): () => void;
}

export interface DeliveryWorker {
  /** Stops scheduling and waits for a pass in progress. */
  stop(): Promise<void>;
}

export function startDeliveryWorker(db: Db, options: WorkerOptions): DeliveryWorker {
  const schedule =
    options.schedule ??
    ((run: () => void, ms: number) => {
      const timer = setTimeout(run, ms);
      timer.unref();
      return () => clearTimeout(timer);
    });
  let stopped = false;
  let cancel: (() => void) | null = null;
  let running: Promise<void> | null = null;
  const tick = () => {
    cancel = null;
    if (stopped) return;
    running = deliverDue(db, options)
      .then(
        () => undefined,
        (err: unknown) => options.log?.warn({ err: { name: err instanceof Error ? err.name : 'error', code: (err as { code?: string }).code } }, 'webhook pass failed'),
      )
      .finally(() => {
        running = null;
        if (!stopped) cancel = schedule(tick, options.intervalMs ?? 5000);
      });
  };
  cancel = schedule(tick, 0);
  return {
    async stop() {
      stopped = true;
      cancel?.();
      await running;
    },
  };
}
