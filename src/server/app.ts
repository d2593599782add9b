/**
 * createServer(options): the whole backend in one object. Used by cli.ts (`npm run server`), the
 * desktop's demo mode (in-process on 127.0.0.1, port 0) and the tests.
 *
 *   const server = await createServer({ dataDir: '.data/server', seed: { size: 400 } });
 *   const url = await server.listen(0, '127.0.0.1');   // "http://127.0.0.1:41234"
 *   await server.close();
 */
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { registerAdminRoutes } from './admin/routes.js';
import { makeAuthenticate, type TokenVerifier } from './auth/hook.js';
import { oidcFromOptions, registerAuthMethodsRoute } from './auth/oidc-routes.js';
import type { OidcIssuerConfigInput } from './auth/oidc-config.js';
import { migrateToLatest } from './db/migrator.js';
import { DEFAULT_SQLITE_FILE, openDatabase, type ServerDatabase } from './db/open.js';
import { seedIfEmpty, type SeedOptions } from './demo/seed.js';
import { serverFeatures } from './features/index.js';
import type { ServerFeature } from './features/types.js';
import { registerCoreRoutes } from './http/core-routes.js';
import { installGuards } from './http/guards.js';
import { openApiDocument } from './http/openapi.js';
import { makeRouteHelper, type RouteDoc } from './http/route.js';
import { startNotifier } from './sync/notifier.js';
import { registerEvents } from './sync/events.js';
import { commandMap } from './sync/push.js';
import { collectionMap } from './sync/pull.js';
import { registerUpdateRoutes } from './updates.js';
import { SERVER_VERSION } from './version.js';
import { SYNC_EVENTS_PATH } from '../shared/sync/protocol.js';

export interface ServerOptions {
  /** postgres://... for PostgreSQL; otherwise SQLite. Default: process.env.DATABASE_URL. */
  databaseUrl?: string | null;
  /** SQLite: folder of the database file (default .data/server). */
  dataDir?: string;
  /** SQLite: explicit file (wins over dataDir); ':memory:' for a throw-away database. */
  file?: string;
  /** Seed the demo data when the database is empty (false: never). */
  seed?: SeedOptions | false;
  features?: ServerFeature[];
  /** Extra bearer-token checks after local sessions (the OIDC verifier). */
  tokenVerifiers?: TokenVerifier[];
  /** OpenID Connect issuers whose access tokens are accepted (src/server/auth/oidc*.ts). Default: from OIDC_* env; null: none. */
  oidc?: OidcIssuerConfigInput[] | null;
  now?: () => Date;
  /** Fastify logger options (default: off). Never logs bodies, query strings or headers. */
  logger?: FastifyServerOptions['logger'];
  /** Default max request body (bytes), default 256 KiB; push allows `pushBodyLimit` (1 MiB). */
  bodyLimit?: number;
  pushBodyLimit?: number;
  minClientVersion?: string | null;
  version?: string;
  /** Folder with update feed files served under /updates (default: env POP_UPDATES_DIR, else none). */
  updatesDir?: string | null;
  /** SSE: ping interval (ms). */
  eventsPingMs?: number;
}

export interface PopServer {
  app: FastifyInstance;
  db: ServerDatabase;
  /** Set once listening. */
  url: string | null;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export async function createServer(options: ServerOptions = {}): Promise<PopServer> {
  const features = options.features ?? serverFeatures;
  // Validated before anything is opened: a bad OIDC configuration stops the start with a clear message.
  const oidc = oidcFromOptions(options.oidc, { onRefused: (reason) => app.log.info({ reason }, 'OIDC token refused') });
  const now = options.now ?? (() => new Date());
  const url = options.databaseUrl === undefined ? process.env.DATABASE_URL : options.databaseUrl;
  const file = options.file ?? (options.dataDir ? join(options.dataDir, 'pop-index.sqlite') : DEFAULT_SQLITE_FILE);
  let appReady = false;
  const db = await openDatabase(url ?? undefined, {
    file,
    // `app` exists once migrations ran; a drop before that only needs to not crash the process.
    onIdleError: (err) => appReady && app.log.warn({ code: (err as { code?: string }).code }, 'PostgreSQL dropped an idle connection'),
  });
  try {
    await migrateToLatest(db.kysely, features);
    if (options.seed) await seedIfEmpty(db.kysely, features, options.seed);
  } catch (err) {
    await db.close();
    throw err;
  }
  const notifier = await startNotifier(db);

  const app = Fastify({ logger: privacyLogger(options.logger), bodyLimit: options.bodyLimit ?? 256 * 1024, forceCloseConnections: true });
  appReady = true;
  app.decorateRequest('user', null);
  app.decorateRequest('scope', null);
  installGuards(app, options.minClientVersion ?? null);

  const authenticate = makeAuthenticate(db.kysely, [...(options.tokenVerifiers ?? []), ...(oidc ? [oidc.verifier] : [])], now);
  const docs: RouteDoc[] = [];
  const route = makeRouteHelper(app, authenticate, docs);
  const version = options.version ?? SERVER_VERSION;

  registerCoreRoutes({
    route,
    database: db,
    collections: collectionMap(features),
    handlers: commandMap(features),
    now,
    version,
    minClientVersion: options.minClientVersion ?? null,
    pushBodyLimit: options.pushBodyLimit ?? 1024 * 1024,
  });
  registerAuthMethodsRoute(route, { oidc, password: true });
  registerAdminRoutes(route, { db: db.kysely, now });
  const events = registerEvents(app, {
    notifier,
    authenticate,
    pingMs: options.eventsPingMs,
    stillValid: async (request) => authenticate(request, undefined as never).then(() => true, () => false),
  });
  docs.push({ method: 'GET', url: SYNC_EVENTS_PATH, summary: 'Server-sent events: "changes" available for this user', tags: ['sync'], auth: true, produces: 'text/event-stream', errors: {} });
  for (const feature of features) {
    await feature.routes?.(app, { db: db.kysely, dialect: db.dialect, authenticate, route, now, log: app.log.child({ feature: feature.name }) });
  }
  await registerUpdateRoutes(app, { dir: options.updatesDir === undefined ? (process.env.POP_UPDATES_DIR ?? null) : options.updatesDir });
  app.get('/api/v1/openapi.json', async () => openApiDocument(docs, version));

  const server: PopServer = {
    app,
    db,
    url: null,
    async listen(port = 0, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      server.url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
      return server.url;
    },
    async close() {
      events.closeAll();
      await app.close();
      await notifier.close();
      await db.close();
    },
  };
  return server;
}

/**
 * Request logs carry method, path and status only: a query string may hold personal data (a
 * citizen's name in a lookup) and headers hold tokens.
 */
function privacyLogger(logger: ServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base = typeof logger === 'object' ? logger : {};
  return {
    ...base,
    serializers: {
      req: (req: { method?: string; url?: string; id?: string }) => ({ id: req.id, method: req.method, path: (req.url ?? '').split('?')[0] }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
