/**
 * createServer(options): the whole backend in one object. Used by cli.ts (`npm run server`), the
 * desktop's demo mode (in-process on 127.0.0.1, port 0) and the tests.
 *
 *   const server = await createServer({ dataDir: '.data/server', seed: { size: 400 } });
 *   const url = await server.listen(0, '127.0.0.1');   // "http://127.0.0.1:41234"
 *   await server.close();
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { registerAdminRoutes } from './admin/routes.js';
import { makeAuthenticate, type TokenVerifier } from './auth/hook.js';
import { oidcFromOptions, registerAuthMethodsRoute } from './auth/oidc-routes.js';
import type { OidcIssuerConfigInput } from './auth/oidc-config.js';
import { z } from 'zod';
import { allMigrations, migrateToLatest, pendingMigrations } from './db/migrator.js';
import { DEFAULT_SQLITE_FILE, openDatabase, type ServerDatabase } from './db/open.js';
import { seedIfEmpty, type SeedOptions } from './demo/seed.js';
import { serverFeatures } from './features/index.js';
import type { ServerFeature } from './features/types.js';
import { registerCoreRoutes } from './http/core-routes.js';
import { SnapshotCache, type SnapshotOptions } from './sync/snapshot.js';
import { ImageStore, type ImageOptions } from './sync/image.js';
import type { ThrottleLimits } from './auth/throttle.js';
import { installGuards } from './http/guards.js';
import { openApiDocument } from './http/openapi.js';
import { HttpError } from './http/errors.js';
import { makeRouteHelper, type RouteDoc } from './http/route.js';
import { createMetrics, serveMetrics, type Metrics } from './ops/metrics.js';
import { listSources } from './import/municipalities.js';
import { startNotifier } from './sync/notifier.js';
import { enableUpToDateMemo } from './sync/up-to-date.js';
import { registerEvents } from './sync/events.js';
import { commandMap } from './sync/push.js';
import { collectionMap } from './sync/pull.js';
import { registerUpdateRoutes } from './updates.js';
import { SERVER_VERSION } from './version.js';
import { compareVersions } from '../shared/version.js';
import { REQUEST_ID_HEADER, SYNC_EVENTS_PATH } from '../shared/sync/protocol.js';

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
  /** A pull page ends early past this many bytes of rows (photos), default MAX_PULL_PAGE_BYTES (4 MiB). */
  pullPageBytes?: number;
  /**
   * Syncs from scratch start with shared, cached snapshot pages (src/server/sync/snapshot.ts):
   * options, or a cache made by the caller (tests count its builds); false: off. Default: on, with
   * POP_SNAPSHOT_CACHE_MB (256) of pages, gzipped with POP_SNAPSHOT_GZIP=1; POP_PULL_SNAPSHOTS=0 turns it off.
   */
  pullSnapshots?: SnapshotOptions | SnapshotCache | false;
  /**
   * Prebuilt images for fresh desktops of large views (src/server/sync/image.ts): options, or a
   * store made by the caller (tests wait for its builds); false: off. Default: on when snapshots
   * are; POP_SYNC_IMAGES=0 turns it off, POP_SYNC_IMAGE_MIN_ROWS sets the smallest view (5,000).
   */
  syncImages?: ImageOptions | ImageStore | false;
  minClientVersion?: string | null;
  version?: string;
  /** Folder with update feed files served under /updates (default: env POP_UPDATES_DIR, else none). */
  updatesDir?: string | null;
  /** SSE: ping interval (ms). */
  eventsPingMs?: number;
  /**
   * Prometheus metrics at GET /metrics: true on the main port; { port, host } on a listener of its
   * own (host default 127.0.0.1); false/null: not served. Default from env: POP_METRICS_PORT (+
   * POP_METRICS_HOST) for a separate listener, else POP_METRICS=1 for the main port.
   */
  metrics?: boolean | { port: number; host?: string } | null;
  /** Folder of dated backups whose newest manifest gives pop_backup_age_seconds (default env POP_BACKUP_DIR). */
  backupDir?: string | null;
  /** close(): how long in-flight requests may take before their connections are cut (default 10 s). */
  shutdownGraceMs?: number;
  /**
   * Behind a reverse proxy: which proxy to believe for the client's address (X-Forwarded-For), as
   * Fastify's trustProxy (true, or an address/CIDR list). Default: env POP_TRUST_PROXY,
   * else none (the socket's address). The sign-in throttle counts per address.
   */
  trustProxy?: boolean | string;
  /**
   * 'apply' (default): migrate at start. 'check': only check that the schema is current and refuse
   * to start otherwise — for a backend running as a PostgreSQL role that may not change the schema
   * (docs/security.md). Default from env POP_MIGRATIONS.
   */
  migrations?: 'apply' | 'check';
  /** Sign-in throttle: failed attempts allowed per 5 minutes per account / per address. */
  loginLimits?: ThrottleLimits;
  /**
   * A local session and its scope are reused this long (ms) per token before being read again
   * (auth/session-cache.ts, default AUTH_CACHE_MS = 5 s; 0: read on every request). Also the
   * longest a session revoked or an account disabled by ANOTHER process can still be used here.
   */
  authCacheMs?: number;
  /** PostgreSQL: answer up-to-date pulls from memory while LISTEN runs (sync/up-to-date.ts). Default true. */
  pullMemo?: boolean;
}

export interface PopServer {
  app: FastifyInstance;
  db: ServerDatabase;
  /** Set once listening. */
  url: string | null;
  /** The separate metrics listener's URL (…/metrics), once listening; null when metrics share the main port or are off. */
  metricsUrl: string | null;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export async function createServer(options: ServerOptions = {}): Promise<PopServer> {
  const features = options.features ?? serverFeatures;
  // Validated before anything is opened: a bad OIDC configuration stops the start with a clear message.
  const oidc = oidcFromOptions(options.oidc, { onRefused: (reason) => app.log.info({ reason }, 'OIDC token refused') });
  const now = options.now ?? (() => new Date());
  if (options.minClientVersion && compareVersions(options.minClientVersion, options.minClientVersion) === null) {
    throw new Error(`minClientVersion (POP_MIN_CLIENT_VERSION) must be a version like 0.2.0, got "${options.minClientVersion.slice(0, 40)}"`);
  }
  const url = options.databaseUrl === undefined ? process.env.DATABASE_URL : options.databaseUrl;
  const file = options.file ?? (options.dataDir ? join(options.dataDir, 'pop-index.sqlite') : DEFAULT_SQLITE_FILE);
  let appReady = false;
  const db = await openDatabase(url ?? undefined, {
    file,
    // `app` exists once migrations ran; a drop before that only needs to not crash the process.
    onIdleError: (err) => appReady && app.log.warn({ code: (err as { code?: string }).code }, 'PostgreSQL dropped a connection'),
  });
  try {
    if ((options.migrations ?? migrationsFromEnv()) === 'apply') await migrateToLatest(db.kysely, features);
    else {
      // Runs as an application role that may not change the schema: the owner migrated before.
      const pending = await pendingMigrations(db.kysely, features);
      if (pending.length > 0) {
        throw new Error(`${pending.length} migration(s) not applied (${pending[0]}…): run "npm run admin -- db migrate" as the database owner first`);
      }
    }
    if (options.seed) await seedIfEmpty(db.kysely, features, options.seed);
  } catch (err) {
    await db.close();
    throw err;
  }
  const notifier = await startNotifier(db);
  const disableMemo = options.pullMemo === false ? () => undefined : enableUpToDateMemo(db, notifier);

  // Connections are closed by close() below: idle ones at once, busy ones when their request ends.
  const app = Fastify({
    logger: privacyLogger(options.logger),
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    forceCloseConnections: false,
    trustProxy: options.trustProxy ?? trustProxyFromEnv(process.env.POP_TRUST_PROXY),
    // The desktop's id for the call when it sends a sane one (so both logs name the same request), else ours.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers[REQUEST_ID_HEADER];
      return typeof given === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(given) ? given : randomUUID();
    },
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  appReady = true;
  let closing = false;
  let inFlight = 0;
  let drained: (() => void) | null = null;
  app.addHook('onRequest', async (_request, reply) => {
    inFlight += 1;
    reply.raw.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    });
  });
  app.decorateRequest('user', null);
  app.decorateRequest('scope', null);
  installGuards(app, options.minClientVersion ?? null);

  const authenticate = makeAuthenticate(db.kysely, [...(options.tokenVerifiers ?? []), ...(oidc ? [oidc.verifier] : [])], now, { cacheMs: options.authCacheMs });
  const docs: RouteDoc[] = [];
  const route = makeRouteHelper(app, authenticate, docs);
  const version = options.version ?? SERVER_VERSION;
  const expectedMigrations = allMigrations(features).map((m) => m.name);
  const readiness = async (): Promise<{ error: string; message: string } | null> => {
    if (closing) return { error: 'shutting_down', message: 'This process is shutting down' };
    try {
      const rows = await db.kysely.selectFrom('kysely_migration' as never).select('name' as never).execute();
      const applied = new Set(rows.map((r) => (r as { name: string }).name));
      const missing = expectedMigrations.filter((n) => !applied.has(n));
      return missing.length === 0 ? null : { error: 'migrations_pending', message: `${missing.length} migration(s) not applied` };
    } catch {
      return { error: 'database_unavailable', message: 'The database does not answer' };
    }
  };
  let events: { closeAll(): void; count(): number } | null = null;
  const metricsOption = options.metrics === undefined ? metricsFromEnv() : options.metrics;
  const metrics: Metrics | null = metricsOption
    ? createMetrics({
        liveStreams: () => events?.count() ?? 0,
        pool: () => db.poolStats?.() ?? { total: 0, idle: null, waiting: 0 },
        backupDir: options.backupDir === undefined ? (process.env.POP_BACKUP_DIR ?? null) : options.backupDir,
        ready: async () => (await readiness()) === null,
        commandTypes: new Set(commandMap(features).keys()),
        importRuns: async () =>
          (await listSources(db.kysely)).flatMap((src) =>
            src.lastRun
              ? [{ municipalityId: src.municipalityId, source: src.name, outcome: src.lastRun.outcome, finishedAt: src.lastRun.finishedAt, counts: { added: src.lastRun.added, changed: src.lastRun.changed, removed: src.lastRun.removed, unchanged: src.lastRun.unchanged, rejected: src.lastRun.rejected } }]
              : [],
          ),
        now,
      })
    : null;
  metrics?.install(app);
  if (metrics && metricsOption === true) {
    app.get('/metrics', async (_request, reply) => reply.type(metrics.contentType).send(await metrics.text()));
  }

  const snapshots = snapshotCache(options.pullSnapshots);
  const images = snapshots ? imageStore(options.syncImages, (err) => app.log.error({ err: err instanceof Error ? err.message : 'unknown' }, 'building a sync image failed')) : null;
  registerCoreRoutes({
    route,
    database: db,
    collections: collectionMap(features),
    handlers: commandMap(features),
    now,
    version,
    minClientVersion: options.minClientVersion ?? null,
    pushBodyLimit: options.pushBodyLimit ?? 1024 * 1024,
    onPush: (commands, results) => {
      // The push has committed: live streams learn of it now, not at the next SQLite poll.
      notifier.poke();
      metrics?.commands(commands, results);
    },
    pullPageBytes: options.pullPageBytes,
    snapshots,
    images,
    loginLimits: options.loginLimits,
  });
  route(
    { method: 'GET', url: '/api/v1/ready', summary: 'Readiness: the database answers and its migrations are current (no auth, no protocol header needed)', tags: ['meta'], auth: false, response: Ready, errors: { 503: 'not_ready' } },
    async () => {
      const problem = await readiness();
      if (problem) throw new HttpError(503, problem.error, problem.message);
      return { status: 'ready' as const, migrations: expectedMigrations.length };
    },
  );
  registerAuthMethodsRoute(route, { oidc, password: true });
  registerAdminRoutes(route, { db: db.kysely, now });
  events = registerEvents(app, {
    notifier,
    closing: () => closing,
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

  const liveEvents = events;
  let metricsListener: { url: string; close(): Promise<void> } | null = null;
  const server: PopServer = {
    app,
    db,
    url: null,
    metricsUrl: null,
    async listen(port = 0, host = '127.0.0.1') {
      // A region's desktops reconnect together (a restart, a network blip): Node's default
      // backlog of 511 made some of 1,000 simultaneous connects time out in the load bench.
      await app.listen({ port, host, backlog: 4096 });
      if (metrics && metricsOption && typeof metricsOption === 'object') {
        metricsListener = await serveMetrics(metrics, metricsOption.port, metricsOption.host ?? '127.0.0.1');
        server.metricsUrl = metricsListener.url;
      }
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      server.url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
      return server.url;
    },
    /**
     * Graceful: stop accepting connections, answer 503 to new requests on open keep-alive
     * connections, end the live event streams (desktops reconnect, through the proxy, to another
     * process), let the requests in flight finish (at most shutdownGraceMs), then close the database.
     */
    close() {
      closed ??= shutdown();
      return closed;
    },
  };
  let closed: Promise<void> | null = null;
  async function shutdown(): Promise<void> {
    closing = true;
    liveEvents.closeAll();
    const appClosed = app.close();
    if (inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        drained = resolve;
        timer = setTimeout(resolve, options.shutdownGraceMs ?? 10_000);
      });
      clearTimeout(timer);
    }
    app.server.closeAllConnections();
    await appClosed;
    await metricsListener?.close();
    disableMemo();
    authenticate.close();
    await notifier.close();
    images?.close();
    await images?.settled();
    await db.close();
  }
  return server;
}

const Ready = z.object({ status: z.literal('ready'), migrations: z.number().int() });

function metricsFromEnv(): ServerOptions['metrics'] {
  const port = process.env.POP_METRICS_PORT;
  if (port) {
    const n = Number(port);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`Invalid POP_METRICS_PORT: ${port}`);
    return { port: n, host: process.env.POP_METRICS_HOST || '127.0.0.1' };
  }
  return process.env.POP_METRICS === '1' || process.env.POP_METRICS === 'true';
}

function migrationsFromEnv(): 'apply' | 'check' {
  const value = process.env.POP_MIGRATIONS;
  if (value === undefined || value === '' || value === 'apply') return 'apply';
  if (value === 'check') return 'check';
  throw new Error(`POP_MIGRATIONS must be "apply" or "check", got "${value.slice(0, 20)}"`);
}

/** POP_TRUST_PROXY: "true" (any proxy) or the proxies' addresses/CIDRs ("10.0.0.5,10.0.1.0/24"). */
export function trustProxyFromEnv(value: string | undefined): boolean | string {
  if (!value) return false;
  if (value === 'true') return true;
  return value;
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

function imageStore(option: ServerOptions['syncImages'], onError: (err: unknown) => void): ImageStore | null {
  if (option instanceof ImageStore) return option;
  if (option === false || (option === undefined && process.env.POP_SYNC_IMAGES === '0')) return null;
  const minRows = Number(process.env.POP_SYNC_IMAGE_MIN_ROWS);
  return new ImageStore({ ...(Number.isFinite(minRows) && minRows >= 0 && process.env.POP_SYNC_IMAGE_MIN_ROWS ? { minRows } : {}), ...option }, onError);
}

function snapshotCache(option: ServerOptions['pullSnapshots']): SnapshotCache | null {
  if (option instanceof SnapshotCache) return option;
  if (option === false || (option === undefined && process.env.POP_PULL_SNAPSHOTS === '0')) return null;
  const mb = Number(process.env.POP_SNAPSHOT_CACHE_MB);
  return new SnapshotCache({ ...(Number.isFinite(mb) && mb > 0 ? { cacheBytes: mb * 1024 * 1024 } : {}), gzip: process.env.POP_SNAPSHOT_GZIP === '1', ...option });
}
