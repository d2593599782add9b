/**
 * Pull: the changes after the cursor that this user may see, one page at a time.
 *
 * Reads the change log (only tenants in scope.visibleTenants), asks each collection's `load` for
 * the rows as the user may see them, and sends the rest as deletes. On PostgreSQL the page is read
 * in one REPEATABLE READ transaction and only contains transactions below the snapshot's xmin,
 * ordered by (xid, seq): a slow writer delays a pull but is never skipped; the last page says `held`
 * when committed changes wait above that horizon, and the client pulls again. On SQLite the seq alone.
 *
 * A page also ends early once its rows pass `maxBytes` (default MAX_PULL_PAGE_BYTES; photos are
 * ~2-20 KB each, people rows ~0.5 KB): the cursor then stops at the last row sent and `hasMore` is
 * true, so no page grows to tens of megabytes and the people pages of a first sync stay as they are.
 */
import { sql } from 'kysely';
import { DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, PROTOCOL_VERSION, type Change, type Collection, type PullResponse } from '../../shared/sync/protocol.js';
import type { ServerDatabase } from '../db/open.js';
import type { ScopeWithVersion } from '../auth/scope.js';
import type { ServerFeature, SyncedCollection, Trx } from '../features/types.js';
import { SQLITE_SEQ_KEY } from './changes.js';
import { afterCursor, decodeCursor, encodeCursor, type CursorData } from './cursor.js';
import { pullWitness, rememberAfterPull, upToDate } from './up-to-date.js';

export interface LogRow {
  collection: string;
  row_id: string;
  deleted: number;
  xid: string;
  seq: number;
}

export function collectionMap(features: readonly ServerFeature[]): Map<string, SyncedCollection> {
  const map = new Map<string, SyncedCollection>();
  for (const f of features) {
    for (const [name, c] of Object.entries(f.collections)) {
      if (!c) continue;
      if (map.has(name)) throw new Error(`Collection ${name} is claimed by two features`);
      map.set(name, c);
    }
  }
  return map;
}

export async function readEpoch(db: ServerDatabase['kysely'] | Trx): Promise<string> {
  const row = await db.selectFrom('server_meta').select('value').where('key', '=', 'epoch').executeTakeFirstOrThrow();
  return row.value;
}

export interface PullInput {
  cursor?: string;
  limit?: number;
  /** Byte budget of a page's rows (server option, not a query parameter). */
  maxBytes?: number;
}

/** Default byte budget of one pull page (the JSON of its changes); at least one change is always sent. */
export const MAX_PULL_PAGE_BYTES = 4 * 1024 * 1024;

export async function pull(
  database: ServerDatabase,
  collections: Map<string, SyncedCollection>,
  scope: ScopeWithVersion,
  input: PullInput,
  now: Date,
): Promise<PullResponse> {
  const limit = Math.max(1, Math.min(MAX_PULL_LIMIT, input.limit ?? DEFAULT_PULL_LIMIT));
  const given = input.cursor ? decodeCursor(input.cursor) : null;
  const pg = database.dialect === 'postgres';
  if (given) {
    const quick = await upToDate(database, pg, scope, given);
    if (quick) return quick;
  }
  // Read before the transaction's snapshot: a commit it does not see notifies after this.
  let remembered: CursorData | null = null;
  const witness = pg && given !== null ? pullWitness(database, scope.visibleTenants) : null;
  let tx = database.kysely.transaction();
  if (pg) tx = tx.setIsolationLevel('repeatable read');
  const response: PullResponse = await tx.execute(async (trx): Promise<PullResponse> => {
    // PostgreSQL, a cursor of the user's current scope (the usual pull: a desktop after a live
    // event, or the next page): the log rows after it come with the epoch and `held` in ONE
    // statement (three round trips before). They were read assuming the epoch did not change; when
    // it did (a restore) they are dropped and the pull starts from scratch as below.
    let epoch: string;
    let rows: LogRow[] | null = null;
    let heldAfterGiven: boolean | null = null;
    if (pg && given !== null && given.s === scope.version) {
      const read = await readLogWithMeta(trx, scope.visibleTenants, given, given.f ?? null, limit + 1);
      // No row: no epoch either (asked once more; nothing after the cursor is still the answer).
      epoch = read.meta?.epoch ?? (await readEpoch(trx));
      if (epoch === given.e) {
        rows = read.rows;
        heldAfterGiven = read.meta?.held ?? null;
      }
    } else epoch = await readEpoch(trx);
    const reset = given !== null && (given.e !== epoch || given.s !== scope.version);
    const from: CursorData | null = given && !reset ? given : null;
    // A client syncing from scratch needs no deletes of rows it never had: every tombstone written
    // before its first page (SQLite: seq <= f; PostgreSQL: xid below that page's xmin f). A row it
    // did receive can only be deleted later, by a stamp after f, and that delete is sent.
    const freshFrom = from === null ? await logHorizon(trx, pg) : from.f ?? null;
    rows ??= await readLog(trx, pg, scope.visibleTenants, from, freshFrom, limit + 1);
    let hasMore = rows.length > limit;
    let page = hasMore ? rows.slice(0, limit) : rows;
    // A page looks up to 2,000 rows by primary key: with the default cost the planner prefers a
    // sequential scan of the whole table (measured 3-5x slower at 100,000 people). Not needed (one
    // round trip less) for a page with few rows to load: the planner takes the primary key for
    // those anyway (EXPLAIN at 100,000 people: index scan up to 200 ids, bitmap at 500, sequential
    // at 2,000), e.g. the usual pull of a desktop after a live event.
    if (pg && page.filter((r) => !r.deleted).length > SMALL_PAGE_ROWS) await sql`SET LOCAL random_page_cost = 1.1`.execute(trx);
    let changes = await toChanges(trx, collections, scope, page, freshFrom === null ? () => false : (r) => beforeHorizon(pg, r, freshFrom), database.dialect, now);
    const cut = budgetCut(changes, input.maxBytes ?? MAX_PULL_PAGE_BYTES);
    if (cut !== null) {
      // Stop after the change that filled the budget: its log row is where the next page starts.
      page = page.slice(0, changes[cut - 1]!.logIndex + 1);
      changes = changes.slice(0, cut);
      hasMore = true;
    }
    const last = page[page.length - 1];
    const next: CursorData = last
      ? { e: epoch, s: scope.version, x: String(last.xid), q: Number(last.seq) }
      : { e: epoch, s: scope.version, x: from?.x ?? '0', q: from?.q ?? 0 };
    // The count of what is left is made once per sync and carried in the cursor (an estimate for
    // the progress bar), not repeated on every page.
    const estimate = from?.n !== undefined ? from.n - page.length : 0;
    const remaining = !hasMore ? 0 : estimate > 0 ? estimate : await countAfter(trx, pg, scope.visibleTenants, next, freshFrom);
    if (hasMore) {
      if (freshFrom !== null) next.f = freshFrom;
      next.n = remaining;
    }
    // Held after the given cursor is held after `next` when the page is the last one: every row of
    // the page is below the horizon, every held row above it, so after both cursors.
    const held = !hasMore && pg ? (heldAfterGiven ?? (await heldAboveHorizon(trx, scope.visibleTenants, next))) : false;
    // Up to date at this snapshot (and not a sync from scratch, whose pull leaves old tombstones
    // out): the desktop's next pull with this cursor can be a memo answer (up-to-date.ts).
    if (pg && !hasMore && !held && freshFrom === null) remembered = next;
    return { protocol: PROTOCOL_VERSION, reset, cursor: encodeCursor(next), hasMore, remaining, held, changes: changes.map((c) => c.change) };
  });
  // After the commit: a failed transaction remembers nothing.
  if (remembered) rememberAfterPull(database, remembered, scope.visibleTenants, witness);
  return response;
}

/** Rows to load up to which a page keeps the planner's default cost (see pull). */
const SMALL_PAGE_ROWS = 100;

/** Where a sync from scratch starts: SQLite the last seq given out, PostgreSQL the snapshot's xmin. */
export async function logHorizon(trx: Trx, pg: boolean): Promise<string> {
  if (pg) {
    const { rows } = await sql<{ f: string }>`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS f`.execute(trx);
    return rows[0]!.f;
  }
  const row = await trx.selectFrom('server_meta').select('value').where('key', '=', SQLITE_SEQ_KEY).executeTakeFirst();
  return String(Number(row?.value ?? 0));
}

/** Whether a log row was stamped before a fresh sync's horizon (see logHorizon). */
function beforeHorizon(pg: boolean, r: LogRow, horizon: string): boolean {
  return pg ? BigInt(r.xid) < BigInt(horizon) : r.seq <= Number(horizon);
}

/** Leaves out the tombstones before a fresh sync's horizon. */
function notOldTombstone(pg: boolean, horizon: string | null) {
  if (horizon === null) return sql<boolean>`1 = 1`;
  return pg ? sql<boolean>`(deleted = 0 OR xid >= ${horizon}::xid8)` : sql<boolean>`(deleted = 0 OR seq > ${Number(horizon)})`;
}

async function readLog(trx: Trx, pg: boolean, tenants: readonly string[], from: CursorData | null, freshFrom: string | null, take: number): Promise<LogRow[]> {
  const finished = pg ? sql<boolean>`xid < pg_snapshot_xmin(pg_current_snapshot())` : sql<boolean>`1 = 1`;
  const q = trx
    .selectFrom('sync_changes')
    .select(['collection', 'row_id', 'deleted', 'seq', pg ? sql<string>`xid::text`.as('xid_text') : sql<string>`'0'`.as('xid_text')])
    .where('tenant', 'in', tenants)
    .where(finished)
    .where(afterCursor(pg, from))
    .where(notOldTombstone(pg, freshFrom));
  const rows = await q.orderBy(sql`sync_changes.xid`).orderBy(sql`sync_changes.seq`).limit(take).execute();
  return rows.map((r) => ({ collection: r.collection, row_id: r.row_id, deleted: r.deleted, seq: Number(r.seq), xid: r.xid_text }));
}

/**
 * readLog on PostgreSQL from a cursor, with the server epoch and whether committed changes after the
 * cursor wait above the horizon (heldAboveHorizon) as columns of every row: one statement. `meta`
 * is null when no row follows the cursor.
 */
async function readLogWithMeta(
  trx: Trx,
  tenants: readonly string[],
  from: CursorData,
  freshFrom: string | null,
  take: number,
): Promise<{ rows: LogRow[]; meta: { epoch: string; held: boolean } | null }> {
  const inTenants = sql.join(tenants.map((t) => sql`${t}`));
  const rows = await trx
    .selectFrom('sync_changes')
    .select([
      'collection',
      'row_id',
      'deleted',
      'seq',
      sql<string>`xid::text`.as('xid_text'),
      sql<string>`(SELECT value FROM server_meta WHERE key = 'epoch')`.as('epoch'),
      sql<boolean>`EXISTS (SELECT 1 FROM sync_changes h WHERE h.tenant IN (${inTenants}) AND h.xid >= pg_snapshot_xmin(pg_current_snapshot()) AND (h.xid, h.seq) > (${from.x}::xid8, ${from.q}))`.as('held'),
    ])
    .where('tenant', 'in', tenants)
    .where(sql<boolean>`xid < pg_snapshot_xmin(pg_current_snapshot())`)
    .where(afterCursor(true, from))
    .where(notOldTombstone(true, freshFrom))
    .orderBy(sql`sync_changes.xid`)
    .orderBy(sql`sync_changes.seq`)
    .limit(take)
    .execute();
  const first = rows[0];
  return {
    rows: rows.map((r) => ({ collection: r.collection, row_id: r.row_id, deleted: r.deleted, seq: Number(r.seq), xid: r.xid_text })),
    meta: first ? { epoch: first.epoch, held: Boolean(first.held) } : null,
  };
}

/**
 * Committed changes (visible to this snapshot) that the page left out because their transaction is
 * not below the snapshot's xmin yet: an older transaction still runs. The client comes back for them.
 */
async function heldAboveHorizon(trx: Trx, tenants: readonly string[], from: CursorData): Promise<boolean> {
  const row = await trx
    .selectFrom('sync_changes')
    .select('seq')
    .where('tenant', 'in', tenants)
    .where(sql<boolean>`xid >= pg_snapshot_xmin(pg_current_snapshot())`)
    .where(afterCursor(true, from))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

async function countAfter(trx: Trx, pg: boolean, tenants: readonly string[], from: CursorData, freshFrom: string | null): Promise<number> {
  const finished = pg ? sql<boolean>`xid < pg_snapshot_xmin(pg_current_snapshot())` : sql<boolean>`1 = 1`;
  const row = await trx
    .selectFrom('sync_changes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant', 'in', tenants)
    .where(finished)
    .where(afterCursor(pg, from))
    .where(notOldTombstone(pg, freshFrom))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function toChanges(
  trx: Trx,
  collections: Map<string, SyncedCollection>,
  scope: ScopeWithVersion,
  page: readonly LogRow[],
  /** The client cannot have this row (fresh sync, stamped before it started): no delete needed. */
  neverHad: (r: LogRow) => boolean,
  dialect: ServerDatabase['dialect'],
  now: Date,
): Promise<PageChange[]> {
  const wanted = new Map<string, string[]>();
  for (const r of page) {
    if (r.deleted || !collections.has(r.collection)) continue;
    const ids = wanted.get(r.collection) ?? [];
    ids.push(r.row_id);
    wanted.set(r.collection, ids);
  }
  const loaded = new Map<string, Map<string, Record<string, unknown>>>();
  for (const [name, ids] of wanted) {
    const rows = await collections.get(name)!.load({ trx, scope, dialect, now }, ids);
    loaded.set(name, new Map(rows.map((w) => [w.id, w.data])));
  }
  const changes: PageChange[] = [];
  page.forEach((r, logIndex) => {
    // A collection no feature serves any more (or not yet known to this protocol) is skipped.
    if (!collections.has(r.collection)) return;
    const collection = r.collection as Collection;
    const data = loaded.get(r.collection)?.get(r.row_id);
    if (data) changes.push({ change: { op: 'upsert', collection, id: r.row_id, data }, logIndex });
    else if (!neverHad(r)) changes.push({ change: { op: 'delete', collection, id: r.row_id }, logIndex });
  });
  return changes;
}

/** A change of the page and the index of its row in the page's log rows. */
export interface PageChange {
  change: Change;
  logIndex: number;
}

/**
 * How many changes fit the byte budget (at least one), or null when all do. Measured as JSON; a
 * delete is ~60 bytes, a people row ~0.5 KB, a photo 2-20 KB.
 */
export function budgetCut(changes: readonly PageChange[], maxBytes: number): number | null {
  // Almost every page fits: measure it whole once (a page of people is ~1 MB), change by change only when not.
  if (JSON.stringify(changes.map((c) => c.change)).length <= maxBytes) return null;
  let bytes = 0;
  for (let i = 0; i < changes.length; i++) {
    bytes += JSON.stringify(changes[i]!.change).length;
    if (bytes > maxBytes && i > 0) return i;
    if (bytes >= maxBytes) return i + 1 < changes.length ? i + 1 : null;
  }
  return null;
}
