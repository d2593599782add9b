/**
 * The usual pull: a desktop that is up to date asks again (every second, and on each live event).
 *
 * `upToDate` answers it with one statement (epoch, anything finished after the cursor, anything
 * held above the PostgreSQL horizon) instead of the page transaction, or returns null and the full
 * pull runs. On PostgreSQL it first asks a per-process memo (enableUpToDateMemo, app.ts):
 *
 *   key    visible tenants, cursor position (xid, seq), epoch (the scope version is checked first)
 *   value  "nothing after it and nothing held" (a `held` or "more" answer is never remembered)
 *   valid  while no change notification (LISTEN pop_changes, notifier.ts) arrived for any of those
 *          tenants since BEFORE the statement that established it: a per-tenant counter is read
 *          before the statement and compared at use, so a commit racing the statement invalidates.
 *
 * Every change to the log goes through recordChanges, which NOTIFYs its tenants in the same
 * transaction, delivered at commit to every backend process (each has its own notifier and memo);
 * a restore NOTIFYs '*' with its new epoch. Before using the memo a pull waits for the notifier's
 * barrier: a round trip on the LISTEN connection after which every notification of a transaction
 * committed before the pull started has arrived. So a change committed anywhere (this process, another
 * backend, `npm run admin`, psql) before a pull begins is answered by that pull, as without the
 * memo. The barrier is shared by all pulls waiting at that moment (one tiny query per batch
 * instead of three per pull). While the LISTEN connection is down or reconnecting (barrier false,
 * connection counter changed) the memo is emptied and not used.
 *
 * The barrier is only waited for when the memo holds a current entry for the key, i.e. when it
 * might answer. A pull with a cursor the memo does not know (the new cursor of a page of changes,
 * e.g. each desktop's pull after a live event, until it has been asked with once), or whose entry a
 * notification already made stale, runs the statement at once: what the database says, no memo
 * involved, so the barrier adds nothing to it. Remembering its answer needs no barrier either: the counters are read before the
 * statement, so a commit the statement did not see notifies after that read and makes the entry
 * stale (and an entry made while the LISTEN connection is down is never current once it is back:
 * the connection counter changed).
 *
 * A full pull that ends up to date (its last page, nothing held, not a sync from scratch) remembers
 * its new cursor the same way (rememberAfterPull, counters read before its transaction): the
 * desktop's next pull with it is a memo answer. A pull whose entry a notification for one of its
 * tenants made stale goes straight to the full pull: every log write NOTIFYs its tenant after the
 * row is committed, so such a cursor has a change after it and the statement would only say so
 * (or `held`, which the full pull answers too). An entry made stale by a reconnect or a restore is
 * not taken as such a sign.
 *
 * SQLite stays on the statement (an in-process primary-key read): its watcher would see another
 * process's write (`npm run admin`, an import run from a shell) only at its next poll.
 */
import { sql } from 'kysely';
import { PROTOCOL_VERSION, type PullResponse } from '../../shared/sync/protocol.js';
import type { ScopeWithVersion } from '../auth/scope.js';
import type { ServerDatabase } from '../db/open.js';
import { afterCursor, encodeCursor, type CursorData } from './cursor.js';
import type { ChangeNotifier } from './notifier.js';

/** More cursors than this remembered: the memo is emptied (desktops up to date share a handful). */
const MAX_ENTRIES = 10_000;

interface Snapshot {
  connection: number;
  all: number;
  tenants: number[];
}

class UpToDateMemo {
  private readonly generation = new Map<string, number>();
  private all = 0;
  private readonly entries = new Map<string, Snapshot>();
  private readonly unsubscribe: () => void;
  hits = 0;

  constructor(readonly notifier: ChangeNotifier) {
    this.unsubscribe = notifier.subscribe((tenants) => {
      if (tenants.has('*')) {
        this.all += 1;
        this.entries.clear();
        return;
      }
      for (const t of tenants) this.generation.set(t, (this.generation.get(t) ?? 0) + 1);
    });
  }

  snapshot(tenants: readonly string[]): Snapshot {
    return { connection: this.notifier.connection(), all: this.all, tenants: tenants.map((t) => this.generation.get(t) ?? 0) };
  }

  private current(s: Snapshot, tenants: readonly string[]): boolean {
    return s.connection === this.notifier.connection() && s.all === this.all && tenants.every((t, i) => (this.generation.get(t) ?? 0) === s.tenants[i]);
  }

  /** True when the key's entry was made stale by a notification for one of its tenants (and only that); drops it. */
  changedSince(key: string, tenants: readonly string[]): boolean {
    const s = this.entries.get(key);
    if (!s || s.connection !== this.notifier.connection() || s.all !== this.all) return false;
    if (tenants.every((t, i) => (this.generation.get(t) ?? 0) === s.tenants[i])) return false;
    this.entries.delete(key);
    return true;
  }

  /** True when the memo has an entry for the key that no notification has made stale yet (may drop it). */
  mayAnswer(key: string, tenants: readonly string[]): boolean {
    return this.lookup(key, tenants);
  }

  /** True when the key's "nothing after it" still holds (call after a successful barrier). */
  lookup(key: string, tenants: readonly string[]): boolean {
    const s = this.entries.get(key);
    if (!s) return false;
    if (this.current(s, tenants)) return true;
    this.entries.delete(key);
    return false;
  }

  remember(key: string, s: Snapshot, tenants: readonly string[]): void {
    if (!this.current(s, tenants)) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, s);
  }

  clear(): void {
    this.entries.clear();
  }

  close(): void {
    this.unsubscribe();
    this.entries.clear();
  }
}

const memos = new WeakMap<ServerDatabase, UpToDateMemo>();

/**
 * Answer up-to-date pulls on this database from memory while the notifier listens (PostgreSQL only;
 * a no-op on SQLite). Returns the function that turns it off again.
 */
export function enableUpToDateMemo(database: ServerDatabase, notifier: ChangeNotifier): () => void {
  if (database.dialect !== 'postgres') return () => undefined;
  const memo = new UpToDateMemo(notifier);
  memos.set(database, memo);
  return () => {
    memo.close();
    if (memos.get(database) === memo) memos.delete(database);
  };
}

/** How many pulls the memo answered on this database (tests, diagnostics). */
export function upToDateMemoHits(database: ServerDatabase): number {
  return memos.get(database)?.hits ?? 0;
}

/** The memo's counters, read before a full pull's transaction (rememberAfterPull); null without a memo. */
export type PullWitness = Snapshot;

export function pullWitness(database: ServerDatabase, tenants: readonly string[]): PullWitness | null {
  return memos.get(database)?.snapshot(tenants) ?? null;
}

/**
 * A full pull on PostgreSQL found nothing after `cursor` for these tenants, finished or held, in a
 * snapshot taken after `witness` was read: remember it, as the statement would have (dropped when a
 * notification for one of the tenants arrived since the witness).
 */
export function rememberAfterPull(database: ServerDatabase, cursor: CursorData, tenants: readonly string[], witness: PullWitness | null): void {
  const memo = memos.get(database);
  if (memo && witness) memo.remember(memoKey(cursor, tenants), witness, tenants);
}

function memoKey(from: CursorData, tenants: readonly string[]): string {
  return `${from.e}\n${from.x}\n${from.q}\n${tenants.join('\n')}`;
}

/**
 * One statement, so one snapshot, instead of a transaction of five. It answers only when the
 * cursor is current (same epoch and scope) and no finished change follows it: the same answer the
 * full pull gives then (`held` when committed changes wait above the horizon). Otherwise null.
 */
export async function upToDate(database: ServerDatabase, pg: boolean, scope: ScopeWithVersion, from: CursorData): Promise<PullResponse | null> {
  if (from.s !== scope.version) return null;
  const memo = pg ? memos.get(database) : undefined;
  const key = memo ? memoKey(from, scope.visibleTenants) : '';
  let snapshot: Snapshot | null = null;
  if (memo) {
    // A change was told for this cursor's tenants since it was up to date: the full pull answers.
    if (memo.changedSince(key, scope.visibleTenants)) return null;
    let listening = true;
    if (memo.mayAnswer(key, scope.visibleTenants)) {
      listening = await memo.notifier.barrier();
      if (!listening) memo.clear();
      else if (memo.lookup(key, scope.visibleTenants)) {
        memo.hits += 1;
        return answer(from, false);
      }
    }
    // Read BEFORE the statement: a notification arriving while it runs makes this snapshot stale.
    if (listening) snapshot = memo.snapshot(scope.visibleTenants);
  }
  const tenants = sql.join(scope.visibleTenants.map((t) => sql`${t}`));
  const after = afterCursor(pg, from);
  const query = pg
    ? sql<{ epoch: string; more: boolean; held: boolean }>`
        SELECT (SELECT value FROM server_meta WHERE key = 'epoch') AS epoch,
          EXISTS (SELECT 1 FROM sync_changes WHERE tenant IN (${tenants}) AND xid < pg_snapshot_xmin(pg_current_snapshot()) AND ${after}) AS more,
          EXISTS (SELECT 1 FROM sync_changes WHERE tenant IN (${tenants}) AND xid >= pg_snapshot_xmin(pg_current_snapshot()) AND ${after}) AS held`
    : sql<{ epoch: string; more: number; held: number }>`
        SELECT (SELECT value FROM server_meta WHERE key = 'epoch') AS epoch,
          EXISTS (SELECT 1 FROM sync_changes WHERE tenant IN (${tenants}) AND ${after}) AS more, 0 AS held`;
  const row = (await query.execute(database.kysely)).rows[0];
  if (!row || row.epoch !== from.e || row.more) return null;
  if (memo && snapshot && !row.held) memo.remember(key, snapshot, scope.visibleTenants);
  return answer(from, Boolean(row.held));
}

function answer(from: CursorData, held: boolean): PullResponse {
  const cursor = encodeCursor({ e: from.e, s: from.s, x: from.x, q: from.q });
  return { protocol: PROTOCOL_VERSION, reset: false, cursor, hasMore: false, remaining: 0, held, changes: [] };
}
