/**
 * createCore(options): the desktop core, ready for a host (Electron shell, web harness, tests).
 *
 *   const core = createCore({ dataDir, backend: { demo: true }, secretStore });
 *   await core.start();
 *   const handlers = { ...core.handlers, ...desktopHandlers };   // -> dispatch(handlers, ...)
 *   core.on('sync.status', (s) => ...);
 *   await core.stop();
 */
import { join } from 'node:path';
import type { EventName } from '../../shared/ipc/channels.js';
import type { EventPayload } from '../../shared/ipc/contract.js';
import { authHandlers, type AuthMethod } from './auth/handlers.js';
import { createOidcSession, type OidcOptions } from './auth/oidc-session.js';
import { isCorruption, isUnwritable, markCorrupt, openCacheResilient } from './cache/resilient.js';
import { migrateCache } from './cache/migrate.js';
import { featureContext } from './context.js';
import { coreHandlers, type CoreMethod } from './core-handlers.js';
import { startDemoBackend, DEMO_LOGIN, type DemoBackend } from './demo.js';
import type { Handlers } from './dispatch.js';
import { createEventBus } from './events.js';
import { features as registry, type CoreFeatureMethods } from './features/index.js';
import type { CacheDb, CoreFeature } from './features/types.js';
import type { LinkPolicy } from './links.js';
import { silentLogger, type Logger } from './logging/logger.js';
import type { SecretStore } from './session/secret-store.js';
import { createSession } from './session/session.js';
import { createSyncEngine } from './sync/engine.js';
import { createHttpClient } from './sync/http.js';
import { startLive, type Live } from './sync/live.js';
import { abandonPending } from './sync/outbox.js';
import { clearSynced } from './sync/pull.js';
import { cacheMigrationSets, removeImageLeftovers } from './sync/image.js';

export interface CoreOptions {
  dataDir: string;
  /** A real backend, or the embedded demo backend started in-process. */
  backend: { url: string } | { demo: true };
  secretStore: SecretStore;
  log?: Logger;
  /** Opens an already validated external link (Electron shell.openExternal, or nothing in tests). */
  openExternal?(url: string): Promise<void> | void;
  linkPolicy?: LinkPolicy;
  now?(): Date;
  version?: string;
  shell?: 'electron' | 'web';
  /** Poll interval in ms (default 60 s). */
  pollMs?: number;
  /** Listen to the backend's live event stream (default true). */
  live?: boolean;
  pageLimit?: number;
  /** better-sqlite3 built for another ABI (Electron during `npm start`). */
  nativeBinding?: string;
  /** Municipality sign-in (src/main/core/auth): openExternal defaults to the one above. */
  oidc?: OidcOptions;
}

export type CoreHandlers = Pick<Handlers, CoreMethod | CoreFeatureMethods | AuthMethod>;

export interface Core {
  handlers: CoreHandlers;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** For tests and diagnostics inside main (never sent to the renderer). */
  db: CacheDb;
}

export function createCore(options: CoreOptions): Core {
  const log = (options.log ?? silentLogger).scope('core');
  const now = options.now ?? (() => new Date());
  const demo = 'demo' in options.backend;
  let backendUrl = 'url' in options.backend ? options.backend.url : '';
  let demoBackend: DemoBackend | null = null;
  let live: Live | null = null;
  const features = registry as readonly CoreFeature<never>[];

  const cacheFile = join(options.dataDir, 'cache.sqlite');
  // A damaged cache is rebuilt (the outbox kept), an unwritable folder still shows what it can.
  const opened = openCacheResilient(cacheFile, (d) => migrateCache(d, cacheMigrationSets(features)), {
    nativeBinding: options.nativeBinding,
    log,
    now,
  });
  const db = opened.db;
  // A first sync's image download cut off by a kill: it is staff data, not left lying in the folder.
  removeImageLeftovers(cacheFile);

  const bus = createEventBus((event) => log.warn('event listener failed', { event }));
  let online = false;
  const backend = createHttpClient({
    baseUrl: () => backendUrl,
    clientVersion: options.version,
    token: () => session.token(),
    reachability: (reachable) => {
      online = reachable;
      engine.setOnline(reachable);
    },
  });
  const session = createSession(db, backend, options.secretStore, (userChanged) => {
    if (userChanged) {
      db.transaction(() => {
        clearSynced(db, features);
        abandonPending(db, 'signed_out', 'Another user signed in before this was sent', now());
      })();
      bus.emit('data.changed', { collections: ['*'] });
    }
    bus.emit('sync.status', engine.status());
    bus.emit('session.changed', { signedIn: session.user() !== null, user: session.user(), demo });
    live?.poke();
  });
  const engine = createSyncEngine({
    db,
    backend,
    features,
    session,
    log: log.scope('sync'),
    now,
    pollMs: options.pollMs,
    pageLimit: options.pageLimit,
    onStatus: (status) => bus.emit('sync.status', status),
    onChanged: (collections) => bus.emit('data.changed', { collections }),
    notice: opened.notice,
    dataDir: options.dataDir,
    onStorageError: (err) => {
      if (isUnwritable(err)) return 'unwritable';
      if (!isCorruption(err)) return null;
      log.error('cache corruption found while running: rebuilt at the next start', {});
      markCorrupt(cacheFile);
      return 'corrupt';
    },
  });

  const deps = { db, log, session, backend, bus, now, online: () => online, commandQueued: () => engine.kick() };
  const featureHandlers = Object.assign({}, ...features.map((f) => f.handlers(featureContext(f, deps)))) as Pick<Handlers, CoreFeatureMethods>;
  const oidc = createOidcSession({
    ...options.oidc,
    session,
    secrets: options.secretStore,
    backend,
    baseUrl: () => backendUrl,
    log,
    openExternal: options.oidc?.openExternal ?? options.openExternal,
    signedIn: () => engine.kick(),
  });
  const ownHandlers = coreHandlers({
    version: options.version ?? '0.1.0',
    shell: options.shell ?? 'web',
    demo,
    backendUrl: () => (demo ? null : backendUrl),
    session,
    engine,
    log,
    linkPolicy: options.linkPolicy ?? { httpsHosts: [] },
    openExternal: options.openExternal,
  });
  const handlers: CoreHandlers = { ...featureHandlers, ...ownHandlers, ...authHandlers(oidc, ownHandlers) };

  return {
    handlers,
    db,
    on: (event, listener) => bus.on(event, listener),
    async start() {
      if (demo) {
        demoBackend = await startDemoBackend(join(options.dataDir, 'demo-backend'), log.scope('demo'));
        backendUrl = demoBackend.url;
      }
      await session.restore();
      oidc.start().catch((err: unknown) => log.warn('municipality session not restored', { error: err instanceof Error ? err.name : typeof err }));
      if (demo && !session.token()) {
        try {
          await session.signIn(DEMO_LOGIN.username, DEMO_LOGIN.password);
        } catch (err) {
          log.error('demo sign-in failed', { error: err instanceof Error ? err.message : typeof err });
        }
      }
      engine.start();
      if (options.live !== false) {
        live = startLive({
          baseUrl: backendUrl,
          token: () => session.token(),
          onEvent: () => engine.kick(),
          // The stream dropping is the first sign the backend is gone: check now (the status turns
          // offline within a request's time, not at the next poll).
          onConnected: (connected) => {
            if (!connected) engine.kick();
          },
        });
      }
    },
    async stop() {
      oidc.stop();
      live?.stop();
      await engine.stop();
      await demoBackend?.stop();
      db.close();
    },
  };
}

export { createMemorySecretStore, type SecretStore } from './session/secret-store.js';
