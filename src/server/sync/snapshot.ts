/**
 * Syncs from scratch served from a shared snapshot: many desktops starting at once (a new
 * municipality, a reinstall, a restored backup) get the same pre-serialized (and gzipped) pages.
 *
 * A collection whose rows depend only on a key of the scope declares it (`shared` in
 * features/types.ts: people, photos, municipalities, departments, budget keys). The shared
 * collections of a pull, with their keys and the visible tenants, make the view key k: every user
 * with the same k gets the same rows from them. A sync from scratch then goes in three phases:
 *
 *   1. snapshot  the shared collections' log rows up to a horizon h (SQLite: seq <= h; PostgreSQL:
 *                xid < h, the xmin when the snapshot was made, so all of them are finished), in log
 *                order, loaded as the collections' `load` gives them. These pages carry no user
 *                (cursor: view, h, log position), so they are built once per (epoch, k, h, position,
 *                limit, byte budget) and cached, LRU bounded in bytes: a JSON buffer, or (option
 *                `gzip`) only its gzip, made once in the thread pool and sent as-is. New fresh clients of the same view are given the
 *                same h for `maxAgeMs`.
 *   2. rest      the user's other collections up to h, per user, not cached.
 *   3. log       the ordinary pull (pull.ts) from h: everything stamped after h, deletes included.
 *
 * Why nothing is skipped: every log row of a shared collection at or below h is read by phase 1
 * (the pages cover the log positions one after the other), every other one by phase 2, every row
 * stamped after h by phase 3; a row re-stamped after h leaves the range of 1 and 2 and is read by 3.
 * A page may be built later than h (after an eviction, or by another process): it then holds newer
 * rows, and anything that changed after h is sent again (upserts are whole rows, deletes sent) in
 * phase 3. Tombstones at or below h are not sent: a fresh client never had those rows.
 *
 * A page evicted from the cache is rebuilt from its cursor (same rules), so a desktop resuming a
 * sync after kill -9 goes on; a cursor of another epoch, view or scope answers `reset` with an empty
 * page whose cursor starts the snapshot.
 */
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { gunzipSync, gzip } from 'node:zlib';
import { sql } from 'kysely';
import { DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, PROTOCOL_VERSION, type PullResponse } from '../../shared/sync/protocol.js';
import type { ScopeWithVersion } from '../auth/scope.js';
import type { ServerDatabase } from '../db/open.js';
import type { SyncedCollection, Trx } from '../features/types.js';
import { decodeAnyCursor, encodeCursor, isLogCursor, type CursorData, type RestCursor, type SnapshotCursor } from './cursor.js';
import { budgetCut, logHorizon, MAX_PULL_PAGE_BYTES, pull, readEpoch, toChanges, type LogRow, type PullInput } from './pull.js';

const gzipAsync = promisify(gzip);

export interface SnapshotOptions {
  /** Bytes of cached pages kept (LRU), default 256 MiB. */
  cacheBytes?: number;
  /** How long new fresh clients of a view are given the same snapshot horizon (ms), default 120 s. */
  maxAgeMs?: number;
  /**
   * Keep pages gzipped (made once per page, in the thread pool) and send them as-is to clients that
   * accept gzip. Default false (POP_SNAPSHOT_GZIP=1): with Node 20's fetch (undici 6), a thousand
   * concurrent gzip answers with requests aborted halfway left some bodies unresolved for good, and
   * the desktop reads its pages with that fetch (docs/benchmarks.md, Sync).
   */
  gzip?: boolean;
}

/** An answer of the pull route: an object to serialize, or the cached bytes of a snapshot page. */
export type PullAnswer = { page: PullResponse } | { raw: Buffer | null; gz: Buffer | null };

interface Head {
  h: string;
  /** Shared log rows up to h when the snapshot was made (progress estimate). */
  total: number;
  createdAt: number;
}

interface CachedPage {
  raw: Buffer | null;
  gz: Buffer | null;
  bytes: number;
}

/** The pages of snapshots (one per server process), and the current horizon of each view. */
export class SnapshotCache {
  /** builds: pages built; hits: pages served from memory; snapshots: horizons taken. */
  readonly stats = { builds: 0, hits: 0, snapshots: 0, evictions: 0 };
  readonly cacheBytes: number;
  readonly maxAgeMs: number;
  readonly gzip: boolean;
  private readonly pages = new Map<string, CachedPage>();
  private readonly building = new Map<string, Promise<CachedPage>>();
  private readonly heads = new Map<string, Promise<Head>>();
  private bytes = 0;

  constructor(options: SnapshotOptions = {}) {
    this.cacheBytes = options.cacheBytes ?? 256 * 1024 * 1024;
    this.maxAgeMs = options.maxAgeMs ?? 120_000;
    this.gzip = options.gzip ?? false;
  }

  /** Bytes held now. */
  get size(): number {
    return this.bytes;
  }

  /** Forget every page and horizon (as a restarted process would). */
  clear(): void {
    this.pages.clear();
    this.heads.clear();
    this.bytes = 0;
  }

  /** The horizon new fresh clients of this view start from: the current one, or a new one. */
  async head(id: string, make: () => Promise<Omit<Head, 'createdAt'>>): Promise<Head> {
    const known = this.heads.get(id);
    if (known) {
      const head = await known.catch(() => null);
      if (head && Date.now() - head.createdAt < this.maxAgeMs) return head;
      if (this.heads.get(id) !== known) return this.head(id, make);
    }
    const made = make().then((h) => ({ ...h, createdAt: Date.now() }));
    this.heads.set(id, made);
    this.stats.snapshots += 1;
    made.catch(() => {
      if (this.heads.get(id) === made) this.heads.delete(id);
    });
    return made;
  }

  /** The page cached under `id`, else built once (concurrent askers wait for the same build). */
  async page(id: string, build: () => Promise<Buffer>): Promise<CachedPage> {
    const cached = this.pages.get(id);
    if (cached) {
      this.pages.delete(id);
      this.pages.set(id, cached);
      this.stats.hits += 1;
      return cached;
    }
    const pending = this.building.get(id);
    if (pending) {
      this.stats.hits += 1;
      return pending;
    }
    const made = build().then((raw) => this.put(id, raw));
    this.building.set(id, made);
    this.stats.builds += 1;
    try {
      return await made;
    } finally {
      this.building.delete(id);
    }
  }

  private put(id: string, raw: Buffer): CachedPage {
    const entry: CachedPage = { raw, gz: null, bytes: raw.length };
    this.pages.set(id, entry);
    this.bytes += entry.bytes;
    this.evict();
    if (this.gzip) {
      void gzipAsync(raw, { level: 6 }).then(
        (gz) => {
          if (this.pages.get(id) !== entry) return;
          entry.gz = gz;
          entry.raw = null;
          this.bytes += gz.length - entry.bytes;
          entry.bytes = gz.length;
        },
        () => undefined,
      );
    }
    return entry;
  }

  private evict(): void {
    for (const [id, entry] of this.pages) {
      if (this.bytes <= this.cacheBytes) return;
      this.pages.delete(id);
      this.bytes -= entry.bytes;
      this.stats.evictions += 1;
    }
  }
}

/** The shared part of a pull's collections, or null when none is shared. */
export interface SharedView {
  key: string;
  shared: Map<string, SyncedCollection>;
  rest: Map<string, SyncedCollection>;
}

export function sharedView(collections: Map<string, SyncedCollection>, scope: ScopeWithVersion): SharedView | null {
  const shared = new Map<string, SyncedCollection>();
  const rest = new Map<string, SyncedCollection>();
  const keys: [string, string][] = [];
  for (const [name, c] of collections) {
    if (c.shared) {
      shared.set(name, c);
      keys.push([name, c.shared(scope)]);
    } else rest.set(name, c);
  }
  if (shared.size === 0) return null;
  const key = createHash('sha256').update(JSON.stringify([scope.visibleTenants, keys])).digest('base64url').slice(0, 16);
  return { key, shared, rest };
}

/**
 * One pull page (the route's handler). Without a cache, or for a view without shared collections,
 * this is `pull` (a snapshot or rest cursor then answers `reset` and starts over from the log).
 */
export async function pullWithSnapshots(
  database: ServerDatabase,
  cache: SnapshotCache | null,
  collections: Map<string, SyncedCollection>,
  scope: ScopeWithVersion,
  input: PullInput,
  now: Date,
): Promise<PullAnswer> {
  const given = input.cursor ? decodeAnyCursor(input.cursor) : null;
  const view = cache ? sharedView(collections, scope) : null;
  if (!cache || !view) {
    if (given && !isLogCursor(given)) return { page: { ...(await pull(database, collections, scope, { ...input, cursor: undefined }, now)), reset: true } };
    return { page: await pull(database, collections, scope, input, now) };
  }
  // The usual pull (an up-to-date or catching-up desktop) goes straight on; another epoch is pull's
  // `reset` (a sync from scratch from the log, rare); another scope starts over from the snapshot.
  if (given && isLogCursor(given) && given.s === scope.version) return { page: await pull(database, collections, scope, input, now) };
  const limit = Math.max(1, Math.min(MAX_PULL_LIMIT, input.limit ?? DEFAULT_PULL_LIMIT));
  const maxBytes = input.maxBytes ?? MAX_PULL_PAGE_BYTES;
  const pg = database.dialect === 'postgres';
  const epoch = await readEpoch(database.kysely);
  const start = () => snapshotStart(database, cache, view, scope, epoch);
  if (given === null) return snapshotPage(database, cache, view, scope, await start(), limit, maxBytes, now);
  const stale = given.e !== epoch || isLogCursor(given) || given.k !== view.key || (given.p === 'r' && given.s !== undefined && given.s !== scope.version);
  if (stale) {
    const first = await start();
    return { page: { protocol: PROTOCOL_VERSION, reset: true, cursor: encodeCursor(first), hasMore: true, remaining: first.n ?? 0, held: false, changes: [] } };
  }
  if (given.p === 's') return snapshotPage(database, cache, view, scope, given, limit, maxBytes, now);
  return restPage(database, pg, collections, view, scope, given, limit, maxBytes, now);
}

/** Where a sync from scratch of this view starts now: the view's current horizon (shared by its fresh clients for `maxAgeMs`). */
export async function snapshotStart(database: ServerDatabase, cache: SnapshotCache, view: SharedView, scope: ScopeWithVersion, epoch: string): Promise<SnapshotCursor> {
  const head = await cache.head(`${epoch}|${view.key}`, () => takeHorizon(database, view, scope));
  return { p: 's', e: epoch, k: view.key, h: head.h, x: '0', q: 0, n: head.total };
}

/**
 * Every phase-1 page of a view from `start`, in order, as the JSON bytes a client gets (the same
 * cached pages), then the cursor that starts phase 2: what a prebuilt image is made of (image.ts).
 */
export async function snapshotPages(
  database: ServerDatabase,
  cache: SnapshotCache,
  view: SharedView,
  scope: ScopeWithVersion,
  start: SnapshotCursor,
  now: Date,
  onPage: (json: Buffer) => Promise<void>,
): Promise<string> {
  let at = start;
  for (;;) {
    const answer = await snapshotPage(database, cache, view, scope, at, MAX_PULL_LIMIT, MAX_PULL_PAGE_BYTES, now);
    if (!('raw' in answer)) throw new Error('a snapshot page is always cached bytes');
    const json = answer.raw ?? gunzipSync(answer.gz!);
    // The page's own cursor: `protocol`, `reset`, `cursor` lead every page this file builds.
    const cursor = /^\{"protocol":\d+,"reset":false,"cursor":"([^"]+)"/.exec(json.subarray(0, 1024).toString('latin1'))?.[1];
    if (!cursor) throw new Error('a snapshot page without its cursor');
    await onPage(json);
    const next = decodeAnyCursor(cursor);
    if (isLogCursor(next) || next.p !== 's') return cursor;
    at = next;
  }
}

async function snapshotPage(
  database: ServerDatabase,
  cache: SnapshotCache,
  view: SharedView,
  scope: ScopeWithVersion,
  at: SnapshotCursor,
  limit: number,
  maxBytes: number,
  now: Date,
): Promise<PullAnswer> {
  const id = [at.e, at.k, at.h, at.x, at.q, limit, maxBytes].join('|');
  const page = await cache.page(id, async () => {
    // Loaded with this user's scope: by the `shared` contract any user of the view gets the same.
    const built = await readPhase(database, view.shared, scope, at, limit, maxBytes, now);
    const left = Math.max(0, (at.n ?? 0) - built.logRows);
    const next = built.last
      ? ({ p: 's', e: at.e, k: at.k, h: at.h, x: built.last.xid, q: built.last.seq, n: left } satisfies SnapshotCursor)
      : ({ p: 'r', e: at.e, k: at.k, h: at.h, x: '0', q: 0 } satisfies RestCursor);
    const body: PullResponse = { protocol: PROTOCOL_VERSION, reset: false, cursor: encodeCursor(next), hasMore: true, remaining: built.last ? left : 0, held: false, changes: built.changes };
    return Buffer.from(JSON.stringify(body));
  });
  return { raw: page.raw, gz: page.gz };
}

async function restPage(
  database: ServerDatabase,
  pg: boolean,
  collections: Map<string, SyncedCollection>,
  view: SharedView,
  scope: ScopeWithVersion,
  at: RestCursor,
  limit: number,
  maxBytes: number,
  now: Date,
): Promise<PullAnswer> {
  // Phase 3 starts right after h: PostgreSQL (xid, seq) > (h, 0) is xid >= h (seq starts at 1).
  const logStart: CursorData = pg ? { e: at.e, s: scope.version, x: at.h, q: 0 } : { e: at.e, s: scope.version, x: '0', q: Number(at.h) };
  const built = view.rest.size > 0 ? await readPhase(database, view.rest, scope, at, limit, maxBytes, now) : null;
  if (!built || (!built.last && built.changes.length === 0)) {
    // Nothing (more) in this phase: the log phase's first page in the same request.
    return { page: await pull(database, collections, scope, { cursor: encodeCursor(logStart), limit, maxBytes }, now) };
  }
  const left = Math.max(0, (at.n ?? 0) - built.logRows);
  const next: RestCursor | CursorData = built.last ? { p: 'r', e: at.e, k: at.k, h: at.h, s: scope.version, x: built.last.xid, q: built.last.seq, n: left } : logStart;
  return { page: { protocol: PROTOCOL_VERSION, reset: false, cursor: encodeCursor(next), hasMore: true, remaining: left, held: false, changes: built.changes } };
}

/** A snapshot's horizon and how many shared rows lie below it, in one (REPEATABLE READ) transaction. */
async function takeHorizon(database: ServerDatabase, view: SharedView, scope: ScopeWithVersion): Promise<{ h: string; total: number }> {
  const pg = database.dialect === 'postgres';
  let tx = database.kysely.transaction();
  if (pg) tx = tx.setIsolationLevel('repeatable read');
  return tx.execute(async (trx) => {
    const h = await logHorizon(trx, pg);
    const row = await phaseRows(trx, pg, [...view.shared.keys()], scope.visibleTenants, h)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return { h, total: Number(row?.n ?? 0) };
  });
}

/** Live log rows of these collections and tenants at or below the horizon (no tombstones). */
function phaseRows(trx: Trx, pg: boolean, names: readonly string[], tenants: readonly string[], h: string) {
  return trx
    .selectFrom('sync_changes')
    .select(['collection', 'row_id', 'deleted', 'seq', pg ? sql<string>`xid::text`.as('xid_text') : sql<string>`'0'`.as('xid_text')])
    .where('collection', 'in', [...names])
    .where('tenant', 'in', [...tenants])
    .where('deleted', '=', 0)
    .where(pg ? sql<boolean>`xid < ${h}::xid8` : sql<boolean>`xid = 0 AND seq <= ${Number(h)}`);
}

interface Phase {
  changes: PullResponse['changes'];
  /** The last log row read when more follow in this phase, else null. */
  last: LogRow | null;
  logRows: number;
}

/** The next page of one phase: these collections' live log rows after the cursor, up to h. */
async function readPhase(
  database: ServerDatabase,
  collections: Map<string, SyncedCollection>,
  scope: ScopeWithVersion,
  at: SnapshotCursor | RestCursor,
  limit: number,
  maxBytes: number,
  now: Date,
): Promise<Phase> {
  const pg = database.dialect === 'postgres';
  let tx = database.kysely.transaction();
  if (pg) tx = tx.setIsolationLevel('repeatable read');
  return tx.execute(async (trx) => {
    const after = pg ? sql<boolean>`(xid, seq) > (${at.x}::xid8, ${at.q})` : sql<boolean>`seq > ${at.q}`;
    const rows = await phaseRows(trx, pg, [...collections.keys()], scope.visibleTenants, at.h)
      .where(after)
      .orderBy(sql`sync_changes.xid`)
      .orderBy(sql`sync_changes.seq`)
      .limit(limit + 1)
      .execute();
    const log: LogRow[] = rows.map((r) => ({ collection: r.collection, row_id: r.row_id, deleted: r.deleted, seq: Number(r.seq), xid: r.xid_text }));
    let more = log.length > limit;
    let page = more ? log.slice(0, limit) : log;
    // As in pull.ts: primary-key lookups, not a sequential scan.
    if (pg && page.length > 0) await sql`SET LOCAL random_page_cost = 1.1`.execute(trx);
    // Every row here is at or below h: a fresh client never had the ones it may not see.
    let changes = await toChanges(trx, collections, scope, page, () => true, database.dialect, now);
    const cut = budgetCut(changes, maxBytes);
    if (cut !== null) {
      page = page.slice(0, changes[cut - 1]!.logIndex + 1);
      changes = changes.slice(0, cut);
      // More only when rows follow the cut (no empty page at the end of the phase).
      more = page.length < log.length;
    }
    return { changes: changes.map((c) => c.change), last: more ? page[page.length - 1]! : null, logRows: page.length };
  });
}

/** Whether the request's Accept-Encoding takes gzip (not `gzip;q=0`). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** The bytes to send for a cached page: gzip when accepted and made, else the JSON. */
export function pageBytes(page: { raw: Buffer | null; gz: Buffer | null }, gzipOk: boolean): { body: Buffer; gzip: boolean } {
  if (page.gz && gzipOk) return { body: page.gz, gzip: true };
  return { body: page.raw ?? gunzipSync(page.gz!), gzip: false };
}
