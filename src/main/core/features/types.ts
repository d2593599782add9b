/**
 * What a feature plugs into the desktop core: its cache tables (migrations), the synced
 * collections it keeps in them, its contract handlers and its outbox commands.
 * A feature lives in src/main/core/features/<name>/ and is listed in ./index.ts.
 *
 * Runs in plain Node: never import `electron` here or in a feature.
 */
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { EventName, MethodName } from '../../../shared/ipc/channels.js';
import type { EventPayload } from '../../../shared/ipc/contract.js';
import type { Collection, CommandResult, RowSchemas, SessionUser } from '../../../shared/sync/protocol.js';

/** A server answer that settles a command (final): applied or rejected. */
export type DecidedResult = Exclude<CommandResult, { status: 'retry' }>;
import type { Logger } from '../logging/logger.js';
import type { Handlers } from '../dispatch.js';

/** The cache: one better-sqlite3 connection (WAL), owned by the core. */
export type CacheDb = Database.Database;

/**
 * One numbered schema change of a feature's cache tables. Versions count 1, 2, 3 ... per feature
 * (the migrator records `(feature, version)`), so two features never fight over a number.
 * Additive once shipped: never edit or renumber a released migration, add the next one.
 * Each migration has a test: migrate to N-1, insert, migrate to N, assert.
 */
export interface CacheMigration {
  version: number;
  name: string;
  up(db: CacheDb): void;
}

/** A synced row after validation with `RowSchemas[collection]`. */
export type RowOf<C extends Collection> = z.output<(typeof RowSchemas)[C]>;

/**
 * How one synced collection is kept in the cache. Called inside the page transaction (together
 * with the new cursor): throw to abort the whole page, never half-apply.
 */
export interface CollectionCache<C extends Collection> {
  upsert(db: CacheDb, row: RowOf<C>): void;
  delete(db: CacheDb, id: string): void;
  /** Drop every row (server said `reset`). Never touch the outbox. */
  clear(db: CacheDb): void;
  /**
   * Optional: the upsert used while the feature's `bulk` load runs (a fresh cache's first sync):
   * the row only, with derived data (search words, secondary indexes) left to `bulk.finish`.
   */
  bulkUpsert?(db: CacheDb, row: RowOf<C>): void;
}

/**
 * A fresh cache's first sync in bulk (optional, per feature). `begin` runs in the transaction of
 * the first page (e.g. drops secondary indexes), `finish` in the transaction of the last one
 * (builds what `bulkUpsert` left out, recreates the indexes). Between them every page still
 * commits with its cursor, so a crash resumes from the last applied page, still in bulk mode.
 * Both must be idempotent over what they find (a crash may repeat the first or last page).
 */
export interface BulkLoad {
  begin(db: CacheDb): void;
  finish(db: CacheDb): void;
}

export type CollectionCaches = { [C in Collection]?: CollectionCache<C> };

/** A command as stored in the outbox. */
export interface OutboxCommand {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  createdAt: string;
  status: 'pending' | 'applied' | 'rejected';
  /** The server's answer: `result` when applied, `reason` + `message` when rejected. */
  result: Record<string, unknown> | null;
  reason: string | null;
  message: string | null;
}

/** Call the backend (online only). Throws PopError('offline' | 'unauthenticated' | 'forbidden' | ...). */
export interface BackendClient {
  request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    options: { body?: unknown; query?: Record<string, string>; schema: z.ZodType<T> },
  ): Promise<T>;
  /**
   * Optional: GET a file into `file` (written as it arrives, SHA-256 computed on the way), at most
   * `maxBytes`. Throws BackendError like `request` (404 when the server has none).
   */
  download?(path: string, options: { query?: Record<string, string>; file: string; maxBytes: number; onHeaders?(headers: Record<string, string>): void }): Promise<Download>;
}

export interface Download {
  bytes: number;
  /** SHA-256 of what was written, hex. */
  sha256: string;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
}

/** What a feature's handlers and hooks receive from the core. */
export interface FeatureContext {
  db: CacheDb;
  log: Logger;
  /** The signed-in user, or null. */
  user(): SessionUser | null;
  /** The signed-in user, or throws PopError('unauthenticated'). */
  requireUser(): SessionUser;
  online(): boolean;
  now(): Date;
  backend: BackendClient;
  /**
   * Store a command in the outbox in ONE transaction with its optimistic local effect, then
   * wake the pusher. `type` must start with "<feature name>." (e.g. "letters.reserve"): the
   * server's answer goes to that feature's `onCommandResult`.
   */
  enqueue(type: string, payload: Record<string, unknown>, localEffect?: (db: CacheDb) => void): OutboxCommand;
  /** Commands of this feature (newest first), for "pending / done / rejected" lists. */
  commands(options?: { type?: string; limit?: number }): OutboxCommand[];
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export interface CoreFeature<M extends MethodName = never> {
  /** Lower-case, e.g. "directory", "letters"; prefix of its command types. */
  name: string;
  migrations: CacheMigration[];
  collections: CollectionCaches;
  /** A fresh cache's first sync in bulk: see BulkLoad. */
  bulk?: BulkLoad;
  /** Its contract methods; the core validates input (dispatch) before calling them. */
  handlers(ctx: FeatureContext): Pick<Handlers, M>;
  /**
   * The server decided one of this feature's commands (applied or rejected; a `retry` answer
   * never reaches a feature: the command just stays pending). Runs inside the transaction that
   * stores the answer: update local rows (e.g. the letter number arrived, undo an optimistic
   * effect that was rejected). Must not call the network.
   */
  onCommandResult?(db: CacheDb, command: OutboxCommand, result: DecidedResult): void;
  /**
   * Re-apply the optimistic effect of a still-pending command after a pull page overwrote the
   * rows (same transaction as the page). Optional: without it, pending effects may be hidden
   * by a pull until the server's answer arrives.
   */
  reapplyPending?(db: CacheDb, command: OutboxCommand): void;
}

/** Identity helper that keeps the feature's method names in its type. */
export function defineFeature<M extends MethodName>(feature: CoreFeature<M>): CoreFeature<M> {
  return feature;
}

/** The method names a list of features implements. */
export type FeatureMethods<F extends readonly CoreFeature<never>[]> = MethodsOf<F[number]>;
type MethodsOf<F> = F extends CoreFeature<infer M> ? M : never;
