/** The backend's own routes: auth, me, pull, push, health. Features add theirs through `route`. */
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import {
  Health,
  IMAGE_CURSOR_HEADER,
  IMAGE_PATH,
  IMAGE_SHA256_HEADER,
  LoginRequest,
  LoginResponse,
  MAX_PULL_LIMIT,
  PROTOCOL_VERSION,
  PullResponse,
  PushRequest,
  PushResponse,
  SessionUser,
  SyncProblemsRequest,
  SyncProblemsResponse,
} from '../../shared/sync/protocol.js';
import { checkLogin, createSession, deleteSession } from '../auth/accounts.js';
import { LoginThrottle, type ThrottleLimits } from '../auth/throttle.js';
import { sql } from 'kysely';
import type { ServerDatabase } from '../db/open.js';
import type { CommandHandler, SyncedCollection } from '../features/types.js';
import { acceptsGzip, pageBytes, pullWithSnapshots, type SnapshotCache } from '../sync/snapshot.js';
import type { ImageStore } from '../sync/image.js';
import { pullView } from '../sync/view.js';
import { push } from '../sync/push.js';
import { HttpError } from './errors.js';
import type { RouteHelper } from './route.js';

export interface CoreRoutesOptions {
  route: RouteHelper;
  database: ServerDatabase;
  collections: Map<string, SyncedCollection>;
  handlers: Map<string, CommandHandler>;
  now(): Date;
  version: string;
  minClientVersion: string | null;
  /** Max bytes of a push body. */
  pushBodyLimit: number;
  /** Told every push's commands and results (the metrics). */
  onPush?(commands: PushRequest['commands'], results: Awaited<ReturnType<typeof push>>): void;
  pullPageBytes?: number;
  /** Shared snapshot pages for syncs from scratch (src/server/sync/snapshot.ts); null: off. */
  snapshots: SnapshotCache | null;
  /** Prebuilt images for fresh desktops (src/server/sync/image.ts); null: off (needs `snapshots`). */
  images?: ImageStore | null;
  /** Sign-in throttle limits (failures per 5 minutes per account / per source address). */
  loginLimits?: ThrottleLimits;
}

const PullQuery = z
  .object({
    cursor: z.string().min(1).max(500).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).optional(),
    /** The collections the desktop knows (PULL_COLLECTIONS_PARAM); absent: an older build. */
    collections: z.string().max(2000).regex(/^[A-Za-z0-9,]*$/, 'collections: names separated by commas').optional(),
  })
  .strict();

const ImageQuery = z
  .object({
    collections: z.string().max(2000).regex(/^[A-Za-z0-9,]*$/, 'collections: names separated by commas'),
    schema: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'schema: a schema hash'),
  })
  .strict();

export function registerCoreRoutes(o: CoreRoutesOptions): void {
  const { route, database } = o;
  const throttle = new LoginThrottle(database.kysely, o.now, o.loginLimits);

  route(
    { method: 'POST', url: '/api/v1/auth/login', summary: 'Sign in with a local account', tags: ['auth'], auth: false, body: LoginRequest, response: LoginResponse, errors: { 401: 'invalid_credentials', 429: 'too_many_attempts' }, bodyLimit: 4096 },
    async ({ body, reply, request }) => {
      const wait = await throttle.begin(body.username, request.ip);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new HttpError(429, 'too_many_attempts', `Too many failed sign-ins: try again in ${wait} s`);
      }
      const user = await checkLogin(database.kysely, body.username, body.password);
      if (!user) throw new HttpError(401, 'invalid_credentials', 'Unknown username or wrong password');
      await throttle.succeeded(body.username, request.ip);
      const session = await createSession(database.kysely, user.id, o.now());
      return { token: session.token, expiresAt: session.expiresAt, user };
    },
  );

  route({ method: 'POST', url: '/api/v1/auth/logout', summary: 'End the session of this token', tags: ['auth'], auth: true }, async ({ request, reply }) => {
    const token = request.headers.authorization?.slice('Bearer '.length) ?? '';
    await deleteSession(database.kysely, token);
    reply.code(204);
  });

  route(
    { method: 'POST', url: '/api/v1/auth/refresh', summary: 'Trade a valid local session for a new one (silent renewal); the old token stops working', tags: ['auth'], auth: true, response: LoginResponse },
    async ({ request, user }) => {
      const token = request.headers.authorization?.slice('Bearer '.length) ?? '';
      const fresh = await createSession(database.kysely, user.id, o.now());
      // Only local sessions can be traded; an OIDC token is renewed at its issuer.
      if (!(await deleteSession(database.kysely, token))) {
        await deleteSession(database.kysely, fresh.token);
        throw new HttpError(400, 'not_a_local_session', 'This token is renewed at its identity provider, not here');
      }
      return { token: fresh.token, expiresAt: fresh.expiresAt, user };
    },
  );

  route({ method: 'GET', url: '/api/v1/me', summary: 'The signed-in user', tags: ['auth'], auth: true, response: SessionUser }, async ({ user }) => user);

  route(
    { method: 'GET', url: '/api/v1/sync/pull', summary: 'Changes after the cursor that this user may see (one page)', tags: ['sync'], auth: true, query: PullQuery, response: PullResponse, errors: { 400: 'invalid_cursor' } },
    async ({ scope, query, request, reply }) => {
      const { collections: listed, ...page } = query;
      const view = pullView(o.collections, scope, listed);
      const answer = await pullWithSnapshots(database, o.snapshots, view.collections, view.scope, { ...page, maxBytes: o.pullPageBytes }, o.now());
      if ('page' in answer) return answer.page;
      // A snapshot page: the same bytes for every user of its view, sent as they are.
      const { body, gzip } = pageBytes(answer, acceptsGzip(request.headers['accept-encoding']));
      reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
      if (gzip) reply.header('content-encoding', 'gzip');
      reply.send(body);
    },
  );

  route(
    {
      method: 'GET',
      url: IMAGE_PATH,
      summary: `A fresh desktop's first sync: a prebuilt SQLite image of its view's shared collections, with ${IMAGE_SHA256_HEADER} and ${IMAGE_CURSOR_HEADER} (pull on from that cursor)`,
      tags: ['sync'],
      auth: true,
      query: ImageQuery,
      produces: 'application/vnd.sqlite3',
      errors: { 404: 'no_image, image_not_ready or image_schema_mismatch: pull the pages' },
    },
    async ({ scope, query, reply }) => {
      const snapshots = o.snapshots;
      if (!o.images || !snapshots) throw new HttpError(404, 'no_image', 'This server builds no images: pull the pages');
      const view = pullView(o.collections, scope, query.collections);
      const answer = await o.images.lookup(database, snapshots, view.collections, view.scope, query.schema, o.now());
      if ('none' in answer) throw new HttpError(404, answer.none, 'No image for this desktop now: pull the pages');
      const { image } = answer;
      reply
        .type('application/vnd.sqlite3')
        .header('content-length', String(image.bytes))
        .header(IMAGE_SHA256_HEADER, image.sha256)
        .header(IMAGE_CURSOR_HEADER, image.cursor)
        .header('cache-control', 'no-store');
      return reply.send(createReadStream(image.file, { highWaterMark: 1024 * 1024 }));
    },
  );

  route(
    { method: 'POST', url: '/api/v1/sync/push', summary: 'Apply outbox commands (idempotent per client id + seq)', tags: ['sync'], auth: true, body: PushRequest, response: PushResponse, bodyLimit: o.pushBodyLimit },
    async ({ scope, body, request }) => {
      const results = await push({ database, handlers: o.handlers, scope, now: o.now, log: request.log }, body);
      o.onPush?.(body.commands, results);
      return { results };
    },
  );

  route(
    { method: 'POST', url: '/api/v1/sync/problems', summary: 'Rows the desktop quarantined (failed validation): logged by collection, id and reason', tags: ['sync'], auth: true, body: SyncProblemsRequest, response: SyncProblemsResponse },
    async ({ body, user, request }) => {
      // Ids and rule names only: the reason is built by the desktop from field paths and rule messages.
      for (const p of body.problems.slice(0, 50)) request.log.warn({ collection: p.collection, id: p.id, reason: p.reason, user: user.id }, 'desktop quarantined a synced row');
      if (body.problems.length > 50) request.log.warn({ more: body.problems.length - 50, user: user.id }, 'desktop quarantined more rows');
      return { received: body.problems.length };
    },
  );

  route({ method: 'GET', url: '/api/v1/health', summary: 'Liveness and versions (no auth, no protocol header needed)', tags: ['meta'], auth: false, response: Health, errors: { 503: 'database_unavailable' } }, async () => {
    await sql`SELECT 1`.execute(database.kysely).catch(() => {
      throw new HttpError(503, 'database_unavailable', 'The database does not answer');
    });
    return { status: 'ok' as const, version: o.version, protocol: PROTOCOL_VERSION, database: database.dialect, minClientVersion: o.minClientVersion };
  });
}
