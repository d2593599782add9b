/**
 * The service API for other systems (issue 10): `POST /api/v1/requests` and
 * `GET /api/v1/requests/:id`, authenticated as a service account (API key or OAuth 2.0 client
 * credentials), decisions announced by signed webhooks from a durable outbox. See README.md and
 * docs/service-api.md.
 *
 *   serviceApiFeature                      the default (worker on, real clock and fetch)
 *   createServiceApiFeature({ worker })    tests: `worker: false` and drive `deliverDue` by hand,
 *                                          or pass `schedule` to drive the loop itself
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../../http/errors.js';
import type { ServerFeature } from '../types.js';
import { makeServiceAuthenticator, type ServiceCaller } from './auth.js';
import { serviceApiMigrations } from './migrations.js';
import { IdempotencyKey, requestView, ServiceRequestView, SubmitRequest } from './schemas.js';
import { findSubmitted, submit } from './submit.js';
import type { ServiceTables } from './tables.js';
import { startDeliveryWorker, type WorkerOptions } from './webhooks.js';

export interface ServiceApiOptions {
  /** false: no delivery loop in this process (tests drive `deliverDue`). Default: on, every 5 s. */
  worker?: false | Omit<WorkerOptions, 'now' | 'log'>;
}

const SERVICE_ROUTE = /^\/api\/v1\/requests(\/|$)/;
const IdParams = z.object({ id: z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'not a request id') }).strict();

export function createServiceApiFeature(options: ServiceApiOptions = {}): ServerFeature {
  return {
    name: 'service-api',
    migrations: serviceApiMigrations,
    collections: {},
    commands: {},
    async routes(app, ctx) {
      const authenticate = makeServiceAuthenticator(ctx.db, { now: ctx.now });
      const callers = new WeakMap<FastifyRequest, { caller: ServiceCaller | null; error: string | null; requestId: string | null }>();
      const note = (request: FastifyRequest) => {
        let n = callers.get(request);
        if (!n) callers.set(request, (n = { caller: null, error: null, requestId: null }));
        return n;
      };
      // Runs before the inputs are validated: a bad credential is 401 whatever the body.
      const before = async (request: FastifyRequest): Promise<void> => {
        note(request).caller = await authenticate(request.headers.authorization);
      };
      const who = (request: FastifyRequest): ServiceCaller => {
        const caller = callers.get(request)?.caller;
        if (!caller) throw new HttpError(401, 'unauthenticated', 'Send a service account credential');
        return caller;
      };

      // Every call is logged (a log line and a `service_api_calls` row): account, route pattern,
      // status, error code, the request id. Never the body, the query, a name or a credential.
      app.addHook('onSend', async (request, reply, payload) => {
        if (!SERVICE_ROUTE.test(request.url.split('?')[0]!) || reply.statusCode < 400 || typeof payload !== 'string') return payload;
        try {
          const code = (JSON.parse(payload) as { error?: unknown }).error;
          if (typeof code === 'string') note(request).error = code.slice(0, 60);
        } catch {
          /* not JSON: no code to note */
        }
        return payload;
      });
      app.addHook('onResponse', async (request, reply) => {
        if (!SERVICE_ROUTE.test(request.url.split('?')[0]!)) return;
        const n = callers.get(request);
        const line = { account: n?.caller?.accountId ?? null, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, error: n?.error ?? null, requestId: n?.requestId ?? null };
        ctx.log.info({ serviceCall: line }, 'service API call');
        try {
          await ctx.db
            .withTables<ServiceTables>()
            .insertInto('service_api_calls')
            .values({ id: randomUUID(), at: ctx.now().toISOString(), account_id: line.account, method: request.method, route: line.route.slice(0, 100), status: line.status, error: line.error, request_id: line.requestId })
            .execute();
        } catch (err) {
          ctx.log.warn({ err: { code: (err as { code?: string }).code } }, 'service API call not recorded');
        }
      });

      ctx.route(
        {
          method: 'POST',
          url: '/api/v1/requests',
          summary: 'Submit a request for approval from another system (service account; Idempotency-Key required). 201 created, 200 when the key was used before with the same body',
          tags: ['service-api'],
          auth: false,
          security: 'service',
          before,
          headers: [{ name: 'Idempotency-Key', required: true, description: 'Unique per request of this account (8-200 visible ASCII characters, e.g. a UUID): sending it again returns the same request, never a second one' }],
          body: SubmitRequest,
          response: ServiceRequestView,
          errors: {
            403: 'type_not_allowed: the account may not submit this request type',
            409: 'busy: the same Idempotency-Key is being processed',
            422: 'unknown_requester, unknown_decider, no_decider (no one can decide), idempotency_key_reused (the key was used with another body)',
            503: 'identity_provider_unreachable, unavailable',
          },
        },
        async ({ request, body, reply }) => {
          const caller = who(request);
          const header = request.headers['idempotency-key'];
          if (typeof header !== 'string') throw new HttpError(400, 'invalid_input', 'Send an Idempotency-Key header (e.g. a UUID): the same key returns the same request, never a second one');
          const key = IdempotencyKey.safeParse(header);
          if (!key.success) throw new HttpError(400, 'invalid_input', key.error.issues[0]?.message ?? 'Invalid Idempotency-Key');
          const done = await submit(ctx.db, caller, key.data, body, ctx.now());
          note(request).requestId = done.request.id;
          reply.code(done.created ? 201 : 200).header('location', `/api/v1/requests/${done.request.id}`);
          if (!done.created) reply.header('idempotent-replayed', 'true');
          return requestView(done.request);
        },
      );

      ctx.route(
        {
          method: 'GET',
          url: '/api/v1/requests/:id',
          summary: 'A request this service account submitted: status and steps (service account)',
          tags: ['service-api'],
          auth: false,
          security: 'service',
          before,
          params: IdParams,
          response: ServiceRequestView,
          errors: { 404: 'not_found: no such request of this account' },
        },
        async ({ request, params }) => {
          const caller = who(request);
          note(request).requestId = params.id;
          const found = await findSubmitted(ctx.db, caller, params.id);
          if (!found) throw new HttpError(404, 'not_found', 'No request with this id was submitted by this service account');
          return requestView(found);
        },
      );

      if (options.worker !== false) {
        const worker = startDeliveryWorker(ctx.db, { ...options.worker, now: ctx.now, log: ctx.log });
        // Stopped by app.close() (PopServer.close), before the database closes.
        app.addHook('onClose', async () => worker.stop());
      }
    },
  };
}

export const serviceApiFeature: ServerFeature = createServiceApiFeature();
