/**
 * Runs sync: push the outbox, then pull until done. One run at a time (a request during a run
 * queues exactly one more). Triggers: start, an interval, `sync.now`, a live event from the server,
 * a new outbox command. After a network failure it retries with backoff (shared/backoff.ts: 1 s doubling to 60 s, with
 * jitter),
 * which is also how it notices the backend is back. Keeps the SyncStatus and emits it on change.
 */
import { Backoff } from '../../../shared/backoff.js';
import type { SyncStatus } from '../../../shared/ipc/contract.js';
import { Health, SyncProblemsResponse, type SyncProblem } from '../../../shared/sync/protocol.js';
import type { BackendClient, CacheDb, CoreFeature } from '../features/types.js';
import type { Logger } from '../logging/logger.js';
import type { Session } from '../session/session.js';
import { BackendError } from './http.js';
import { pendingCount, pushOutbox } from './outbox.js';
import { pullAll } from './pull.js';
import { getState } from './state.js';

export interface SyncEngineOptions {
  db: CacheDb;
  backend: BackendClient;
  features: readonly CoreFeature<never>[];
  session: Session;
  log: Logger;
  now(): Date;
  /** Poll interval (the live stream makes most polls unnecessary). Default 60 s. */
  pollMs?: number;
  pageLimit?: number;
  onStatus(status: SyncStatus): void;
  onChanged(collections: string[]): void;
  /** The data folder (named in notices). */
  dataDir?: string;
  /** A notice about the local copy (rebuilt, unwritable), shown with the status. */
  notice?: SyncStatus['notice'];
  /** Told about an error that is not the network's: what it meant for the cache's storage, if anything. */
  onStorageError?(err: unknown): 'corrupt' | 'unwritable' | null;
}

export interface SyncEngine {
  status(): SyncStatus;
  /** Run a sync now (or after the running one) and return the status after it. */
  syncNow(): Promise<SyncStatus>;
  /** Ask for a sync soon without waiting (live event, new command). */
  kick(): void;
  setOnline(online: boolean): void;
  start(): void;
  stop(): Promise<void>;
}

export function createSyncEngine(o: SyncEngineOptions): SyncEngine {
  let online = false;
  let syncing = false;
  let progress: SyncStatus['progress'] = null;
  let error: SyncStatus['error'] = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let interval: NodeJS.Timeout | null = null;
  let retry: NodeJS.Timeout | null = null;
  // After a network failure: 1 s doubling to 60 s, jittered. `held` pages: 25 ms doubling to 5 s.
  const backoff = new Backoff({ initialMs: 1000, maxMs: 60_000 });
  let heldTimer: NodeJS.Timeout | null = null;
  const heldBackoff = new Backoff({ initialMs: 25, maxMs: 5_000, jitter: [0.8, 1.2] });
  let last = '';
  let notice: SyncStatus['notice'] = o.notice ?? null;

  function status(): SyncStatus {
    return {
      online,
      syncing,
      lastSyncAt: getState(o.db, 'last_sync_at'),
      ready: getState(o.db, 'ready') === '1',
      progress,
      error,
      pendingCommands: pendingCount(o.db),
      notice,
    };
  }

  function publish(): void {
    const current = status();
    const key = JSON.stringify(current);
    if (key === last) return;
    last = key;
    o.onStatus(current);
  }

  /**
   * The server said committed changes wait above its visibility horizon (an older transaction is
   * still open): pull again soon, 25 ms doubling to 5 s, until it says they are through (a held pull of
   * an up-to-date desktop is one statement on the server).
   */
  function scheduleHeld(held: boolean): void {
    if (!held) {
      heldBackoff.reset();
      return;
    }
    if (stopped || heldTimer) return;
    heldTimer = setTimeout(() => {
      heldTimer = null;
      void syncNow();
    }, heldBackoff.next());
  }

  function scheduleRetry(): void {
    if (stopped || retry) return;
    // Jitter: after a server restart a whole municipality must not come back in the same second.
    retry = setTimeout(() => {
      retry = null;
      void syncNow();
    }, backoff.next());
  }

  /** Rows skipped by the pull: logged by id and reason, and told to the server (best effort). */
  function reportQuarantined(problems: SyncProblem[]): void {
    for (const p of problems.slice(0, 20)) o.log.warn('sync row quarantined', { collection: p.collection, id: p.id, reason: p.reason });
    void o.backend
      .request('POST', '/api/v1/sync/problems', { body: { problems }, schema: SyncProblemsResponse })
      .catch((err: unknown) => o.log.warn('could not report quarantined rows', { reason: err instanceof BackendError ? err.reason : 'internal' }));
  }

  async function runOnce(): Promise<void> {
    if (!o.session.token()) {
      // Signed out: only learn whether the backend is reachable.
      try {
        await o.backend.request('GET', '/api/v1/health', { schema: Health });
      } catch (err) {
        if (err instanceof BackendError && err.reason === 'offline') scheduleRetry();
      }
      return;
    }
    syncing = true;
    publish();
    try {
      // A push the server refuses (not a network or session problem) must not stop the pull.
      let pushError: BackendError | null = null;
      try {
        await pushOutbox(o.db, o.backend, o.features, o.now);
      } catch (err) {
        if (!(err instanceof BackendError) || err.reason === 'offline' || err.reason === 'unauthenticated') throw err;
        pushError = err;
      }
      const { changed, held } = await pullAll(o.db, o.backend, o.features, {
        now: o.now,
        limit: o.pageLimit,
        onProgress(p) {
          progress = p;
          publish();
        },
        onQuarantine: reportQuarantined,
        onImage(outcome) {
          if (outcome.taken) o.log.info('first sync from the server image', { tables: outcome.tables, rows: outcome.rows, bytes: outcome.bytes });
          else o.log.info('first sync from pages', { reason: outcome.reason });
        },
      });
      // Commands enqueued during the pull go out now rather than at the next poll.
      if (!pushError && pendingCount(o.db) > 0) await pushOutbox(o.db, o.backend, o.features, o.now);
      error = pushError ? { code: pushError.reason, message: `Sending queued actions failed: ${pushError.message}` } : null;
      if (pushError) scheduleRetry();
      else backoff.reset();
      if (changed.size > 0) o.onChanged([...changed]);
      scheduleHeld(held);
    } catch (err) {
      // What the error meant for the cache's storage (asked once: it may mark the cache for rebuild).
      const storage = err instanceof BackendError ? null : (o.onStorageError?.(err) ?? null);
      if (err instanceof BackendError) {
        error = { code: err.reason, message: err.message };
        if (err.reason === 'offline' || err.reason === 'server_error') scheduleRetry();
        if (err.reason === 'unauthenticated') {
          error = { code: 'unauthenticated', message: 'The session has expired: sign in again.' };
          await o.session.expired();
        }
        o.log.warn('sync failed', { reason: err.reason, status: err.status, requestId: err.requestId });
      } else if (storage === 'corrupt') {
        error = { code: 'cache_corrupt', message: 'The local copy is damaged: it is rebuilt at the next start' };
        notice = { code: 'cache_corrupt', folder: o.dataDir ?? '', kept: pendingCount(o.db) };
      } else if (storage === 'unwritable') {
        // A full or read-only data folder: what was stored stays readable; the page was not applied.
        error = { code: 'data_folder_unwritable', message: 'The data folder cannot be written' };
        notice = { code: 'data_folder_unwritable', folder: o.dataDir ?? '', kept: pendingCount(o.db) };
        scheduleRetry();
      } else {
        error = { code: 'internal', message: 'Sync failed unexpectedly' };
        o.log.error('sync failed', { error: err instanceof Error ? err.name : typeof err });
      }
    } finally {
      syncing = false;
      progress = null;
      publish();
    }
  }

  function syncNow(): Promise<SyncStatus> {
    if (running) {
      again = true;
      return running.then(() => (running ? running.then(status) : status()));
    }
    running = (async () => {
      do {
        again = false;
        await runOnce();
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running.then(status);
  }

  return {
    status,
    syncNow,
    kick() {
      if (!stopped) void syncNow();
    },
    setOnline(value) {
      if (value === online) return;
      online = value;
      if (value) {
        backoff.reset();
        if (error?.code === 'offline') error = null;
      }
      publish();
    },
    start() {
      stopped = false;
      interval = setInterval(() => void syncNow(), o.pollMs ?? 60_000);
      interval.unref();
      void syncNow();
    },
    async stop() {
      stopped = true;
      if (interval) clearInterval(interval);
      if (retry) clearTimeout(retry);
      if (heldTimer) clearTimeout(heldTimer);
      interval = retry = heldTimer = null;
      await running;
    },
  };
}
