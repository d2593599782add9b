/**
 * One way to declare an HTTP route: zod schemas for params, query and body (validated before the
 * handler, 400 `invalid_input` with a readable message otherwise), authentication and roles, and
 * an entry in the OpenAPI document (/api/v1/openapi.json) generated from the same schemas.
 *
 *   ctx.route({ method: 'GET', url: '/api/v1/letters/export', summary: 'CSV of the register',
 *     auth: ['secretariat'], query: z.object({ year: z.coerce.number().int() }), produces: 'text/csv' },
 *     async ({ query, user, reply }) => { reply.type('text/csv'); return csv; });
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Role, SessionUser } from '../../shared/sync/protocol.js';
import type { Authenticate } from '../auth/hook.js';
import type { ScopeWithVersion } from '../auth/scope.js';
import { requireRole } from '../auth/roles.js';
import { HttpError } from './errors.js';
import { describeZodError } from '../../shared/validation.js';
import { findUnsafeText, UNSAFE_TEXT_MESSAGE } from '../../shared/format/text.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Auth = boolean | readonly Role[];

export interface RouteSpec<A extends Auth, P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType> {
  method: Method;
  url: string;
  summary: string;
  tags?: string[];
  /** false: public; true: any signed-in user; [roles]: signed in with one of these roles. */
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  /** JSON response (documented). Omit for non-JSON answers and set `produces`. */
  response?: R;
  produces?: string;
  /** Max request body in bytes (default: the server's bodyLimit). */
  bodyLimit?: number;
  /** Extra documented error statuses, e.g. { 409: 'Already decided' }. */
  errors?: Record<number, string>;
  /**
   * 'service': a route of the service API for other systems (features/service-api), with `auth: false`
   * because the handler authenticates the service account itself; documented with that scheme and
   * without the desktop's protocol header (the service API is versioned by its path).
   */
  security?: 'service';
  /** With `auth: false`: runs before the inputs are validated (a service route authenticates here, so a bad credential is 401, not 400). */
  before?: (request: FastifyRequest) => Promise<void>;
  /** Documented request headers, e.g. Idempotency-Key. */
  headers?: ReadonlyArray<{ name: string; required: boolean; description: string }>;
}

export interface RouteInput<A extends Auth, P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  user: A extends false ? SessionUser | null : SessionUser;
  scope: A extends false ? ScopeWithVersion | null : ScopeWithVersion;
  request: FastifyRequest;
  reply: FastifyReply;
}

export type RouteHelper = <
  A extends Auth,
  P extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
  B extends z.ZodType = z.ZodUnknown,
  R extends z.ZodType = z.ZodUnknown,
>(
  spec: RouteSpec<A, P, Q, B, R>,
  handler: (input: RouteInput<A, P, Q, B>) => Promise<z.input<R> | void>,
) => void;

/** What the OpenAPI generator reads. */
export interface RouteDoc {
  method: Method;
  url: string;
  summary: string;
  tags: string[];
  auth: Auth;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  produces?: string;
  errors: Record<number, string>;
  security?: 'service';
  headers?: ReadonlyArray<{ name: string; required: boolean; description: string }>;
}


export function parseOr400<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): z.output<S> {
  // Before any schema: NUL, control characters, direction overrides and broken Unicode never
  // reach a handler or the database (PostgreSQL answers NUL with an error, screens show overrides).
  const unsafe = findUnsafeText(value, where === 'body' ? 'body' : where === 'query' ? 'query' : 'path');
  if (unsafe) throw new HttpError(400, 'invalid_input', `Invalid ${where}: ${unsafe} ${UNSAFE_TEXT_MESSAGE}`);
  if (!schema) return value as z.output<S>;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, 'invalid_input', `Invalid ${where}: ${describeZodError(parsed.error, where)}`);
  return parsed.data;
}

export function makeRouteHelper(app: FastifyInstance, authenticate: Authenticate, docs: RouteDoc[]): RouteHelper {
  return (spec, handler) => {
    docs.push({
      method: spec.method,
      url: spec.url,
      summary: spec.summary,
      tags: spec.tags ?? [],
      auth: spec.auth,
      params: spec.params,
      query: spec.query,
      body: spec.body,
      response: spec.response,
      produces: spec.produces,
      errors: spec.errors ?? {},
      security: spec.security,
      headers: spec.headers,
    });
    const roles = Array.isArray(spec.auth) ? (spec.auth as readonly Role[]) : null;
    app.route({
      method: spec.method,
      url: spec.url,
      ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
      preHandler: spec.auth === false ? (spec.before ? [spec.before] : []) : [authenticate],
      handler: async (request, reply) => {
        if (roles && request.user) requireRole(request.user, ...roles);
        const input = {
          params: parseOr400(spec.params, request.params, 'path parameters'),
          query: parseOr400(spec.query, request.query, 'query'),
          body: parseOr400(spec.body, request.body ?? {}, 'body'),
          user: request.user,
          scope: request.scope,
          request,
          reply,
        } as Parameters<typeof handler>[0];
        return handler(input);
      },
    });
  };
}
