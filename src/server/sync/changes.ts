/**
 * The change log: one row per (collection, row id), re-stamped on every change, written in the
 * SAME transaction as the change of the synced row (deletions stay as tombstones, deleted = 1).
 *
 * PostgreSQL: each stamp carries the writing transaction's id (pg_current_xact_id(), xid8) and a
 * value of the sequence `sync_change_seq`; pulls read only transactions below the snapshot's xmin,
 * ordered by (xid, seq), so a slow transaction delays a pull but is never skipped. The transaction
 * also NOTIFYs `pop_changes` with the tenant, delivered to every backend process at commit.
 * SQLite (one writer at a time): xid is 0 and seq comes from the counter row in `server_meta`.
 */
import { sql, type Transaction } from 'kysely';
import type { Collection } from '../../shared/sync/protocol.js';
import { dialectOf } from '../db/dialect.js';
import type { ServerDb } from '../db/schema.js';
import type { Trx } from '../features/types.js';

export const CHANGES_CHANNEL = 'pop_changes';
const SEQ_KEY = 'sync_seq';
const CHUNK = 1000;

export interface ChangeRecord {
  collection: Collection;
  id: string;
  /** The municipality that owns the row. */
  tenant: string;
  /** true: the row was deleted (a tombstone). */
  deleted?: boolean;
}

/** Record that a synced row changed (or was deleted). Call inside the transaction that changed it. */
export async function recordChange<DB extends ServerDb>(trx: Transaction<DB>, change: ChangeRecord): Promise<void> {
  await recordChanges(trx, [change]);
}

/** Same for many rows (batched: seeds, bulk updates). */
/** Accepts a transaction extended with a feature's tables (`trx.withTables<...>()`) too. */
export async function recordChanges<DB extends ServerDb>(anyTrx: Transaction<DB>, changes: readonly ChangeRecord[]): Promise<void> {
  if (changes.length === 0) return;
  const trx = anyTrx as unknown as Trx;
  const postgres = dialectOf(trx) === 'postgres';
  for (let start = 0; start < changes.length; start += CHUNK) {
    const chunk = changes.slice(start, start + CHUNK);
    let base = 0;
    if (!postgres) {
      const row = await trx
        .updateTable('server_meta')
        .set({ value: sql`CAST(CAST(value AS INTEGER) + ${chunk.length} AS TEXT)` })
        .where('key', '=', SEQ_KEY)
        .returning('value')
        .executeTakeFirstOrThrow();
      base = Number(row.value) - chunk.length;
    }
    await trx
      .insertInto('sync_changes')
      .values(
        chunk.map((c, i) => ({
          collection: c.collection,
          row_id: c.id,
          tenant: c.tenant,
          deleted: c.deleted ? 1 : 0,
          seq: postgres ? sql<number>`nextval('sync_change_seq')` : base + i + 1,
          xid: postgres ? sql<string>`pg_current_xact_id()` : 0,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['collection', 'row_id']).doUpdateSet((eb) => ({
          tenant: eb.ref('excluded.tenant'),
          deleted: eb.ref('excluded.deleted'),
          seq: eb.ref('excluded.seq'),
          xid: eb.ref('excluded.xid'),
        })),
      )
      .execute();
  }
  if (postgres) {
    for (const tenant of new Set(changes.map((c) => c.tenant))) {
      await sql`SELECT pg_notify(${CHANGES_CHANNEL}, ${tenant})`.execute(trx);
    }
  }
}

export { SEQ_KEY as SQLITE_SEQ_KEY };
